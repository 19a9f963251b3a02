/*
 * obj_type.h — extra entry points of the runtime core (obj_type.c, obj_none.c,
 * obj_exc.c, obj_module.c) beyond object.h.
 */
#ifndef SP_OBJ_TYPE_H
#define SP_OBJ_TYPE_H

#include "object.h"

/* Ready every static type of the runtime core (object, type, None..., descriptors,
 * the exception hierarchy, module) and preallocate the MemoryError instance.
 * Call once per run, after sp_gc_init and before any other module's init. */
int sp_runtime_init(void);

/* `class` statement / type(name, bases, ns): build a heap type. `bases` is a tuple
 * (may be empty: object), `ns` the class namespace dict (copied). Calls __set_name__
 * and the parent's __init_subclass__. Returns new or NULL. `metatype` variant picks the
 * metaclass explicitly (NULL: most derived metaclass of the bases). */
sp_val sp_type_new_class(sp_val name, sp_val bases, sp_val ns);
sp_val sp_type_new_class_meta(sp_type *metatype, sp_val name, sp_val bases, sp_val ns,
                              sp_val kwnames_kwargs);

/* Bumped by every type creation, sp_type_ready and type attribute assignment or
 * deletion. Together with a type's own dict version it validates memoised MRO
 * look-ups in O(1) (sp_type_lookup's cache, the VM's attribute caches). */
extern uint64_t sp_type_epoch;

/* A type's attribute dict. A static type's dict is built on first use (obj_type.c,
 * "lazy dicts of static types"): read it only through here. NULL with MemoryError
 * set if it could not be built; NULL without error for a type that has none. */
sp_val sp_type_attr_dict_slow(sp_type *t);
static inline sp_val sp_type_attr_dict(sp_type *t)
{
    return t->dict ? t->dict : sp_type_attr_dict_slow(t);
}
/* Build the dicts of these static types now (the interpreter's preparation does so
 * for the types most programs use). 0 or -1 (MemoryError). */
int sp_type_materialize_dicts(sp_type *const *types, size_t n);

/* For the VM's CALL of a class: the Python function __init__ of t when calling
 * t (whose metatype is exactly type) is exactly "make a plain instance with
 * object.__new__, then call that function with it", as type_call would do;
 * else NULL (call t through sp_call). */
sp_val sp_type_inline_init(sp_type *t);

/* super(type, obj) — the VM supplies __class__ and the first argument for super(). */
sp_val sp_super_new(sp_type *type, sp_val obj);

/* Call the special method `name` (interned "__x__") of type(self), looked up on the
 * type (not the instance) like CPython's special lookups. *found = false (and NULL
 * returned without error) when the type has no such attribute. */
sp_val sp_call_special(sp_val self, sp_val name, sp_val const *args, size_t nargs, bool *found);

/* Look up `name` on type(obj) and bind it (descr_get) like obj.name without the
 * instance dict. NULL without error if absent. */
sp_val sp_lookup_special(sp_val obj, const char *name);

/* Getter/setter of `__dict__` for types with a dict_offset (for getset tables). */
sp_val sp_object_get_dict(sp_val self);
int sp_object_set_dict(sp_val self, sp_val value);

/* A method of a built-in type reached through the type (str.lower); the VM calls
 * def->fn itself when self is exactly of type owner (method_descr_call's check
 * then holds). */
typedef struct sp_method_descr {
    sp_object ob;
    const sp_method_def *def;
    sp_type *owner;
} sp_method_descr;

/* d's function on self = args[0], which the caller found to be an instance of
 * d->owner, under the recursion guard: the descriptor's call once self passed. */
static inline sp_val sp_method_descr_invoke(const sp_method_descr *d, sp_val const *args,
                                            size_t nargs, sp_val kwnames)
{
    if (sp_recursion_enter() < 0) return NULL;
    sp_val r = d->def->fn(args[0], args + 1, nargs - 1, kwnames);
    sp_recursion_leave();
    return r;
}

/* The builtin-method descriptor and bound objects. */
extern sp_type sp_type_method_descr, sp_type_classmethod_descr, sp_type_getset_descr,
    sp_type_member_descr, sp_type_slot_wrapper, sp_type_method_wrapper, sp_type_mappingproxy;

/* The most derived of meta and the metaclasses of bases (a tuple), or NULL with CPython's
 * "metaclass conflict" TypeError. */
sp_type *sp_type_calculate_metaclass(sp_type *meta, sp_val bases);

/* Recursion guard with CPython's message suffix (e.g. " in comparison"). */
int sp_recursion_enter_msg(const char *where);

/* One step of an iterator for next(): like t->iternext, but a StopIteration raised by
 * the iterator (a user __next__'s StopIteration(7), a generator's return value) stays
 * set, so next() can propagate it with its value. NULL without error: exhausted. */
sp_val sp_iter_next_keep_stop(sp_val it);

/* The sequence-protocol iterator made by sp_iter for types with only __getitem__. */
extern sp_type sp_type_seqiter;

/* Per-module init functions of the runtime core (called by sp_runtime_init). */
int sp_none_init(void);
int sp_exc_init(void);
int sp_module_type_init(void);

/* Exceptions with attributes (obj_exc.c). */
sp_val sp_exc_stop_iteration_value(sp_val exc); /* StopIteration.value (None if none) */
sp_val sp_exc_system_exit_code(sp_val exc);     /* SystemExit.code (None if none) */
/* Raise SyntaxError/IndentationError with location (filename/text may be NULL). */
void *sp_err_syntax(sp_type *type, const char *msg, const char *filename, int lineno, int offset,
                    const char *text, int end_lineno, int end_offset);
/* Make an exception instance from a type (calls it) or validate an instance
 * (for `raise X` / `raise X()`); NULL + TypeError if neither. */
sp_val sp_exc_normalize(sp_val type_or_value);

/* The exception types of CPython 3.11 not listed in object.h. */
extern sp_type sp_exc_BaseExceptionGroup, sp_exc_ExceptionGroup, sp_exc_BlockingIOError,
    sp_exc_ChildProcessError, sp_exc_ConnectionError, sp_exc_BrokenPipeError,
    sp_exc_ConnectionAbortedError, sp_exc_ConnectionRefusedError, sp_exc_ConnectionResetError,
    sp_exc_FileExistsError, sp_exc_InterruptedError, sp_exc_IsADirectoryError,
    sp_exc_NotADirectoryError, sp_exc_ProcessLookupError, sp_exc_TimeoutError,
    sp_exc_UnicodeTranslateError, sp_exc_BytesWarning, sp_exc_EncodingWarning, sp_exc_FutureWarning,
    sp_exc_ImportWarning, sp_exc_PendingDeprecationWarning, sp_exc_ResourceWarning,
    sp_exc_SyntaxWarning, sp_exc_UnicodeWarning;

/* Put every built-in exception (and the EnvironmentError/IOError aliases) in dict. */
int sp_exc_add_to_dict(sp_val dict);

/* Modules (obj_module.c). sp_import consults sp_st.modules then the registry. */
sp_val sp_module_dict(sp_val module);

#endif
