/*
 * object.h — the object model shared by every interpreter module.
 *
 * Design overview
 * ---------------
 * A Python value is an `sp_val`: either a pointer to a heap object (whose first
 * member is an `sp_object` header naming its type) or a *tagged small int*: an
 * integer in [SP_SMALL_MIN, SP_SMALL_MAX] stored in the pointer itself with the low
 * bit set, so int arithmetic in loops allocates nothing. Always ask for a value's
 * type with sp_typeof(v); never dereference a value before checking sp_is_small(v).
 *
 * Memory is managed by a tracing mark-sweep collector (gc.h): there is no reference
 * counting. C code may hold values in locals freely; the collector scans the C stack
 * conservatively and the VM's stacks precisely. Objects referenced only from raw
 * malloc'd memory (not from the stack or another object) must be registered as roots.
 *
 * Errors follow one convention everywhere: a function that can fail returns NULL
 * (for sp_val results) or -1 (for int results) with an exception set by
 * sp_err_set*(); success returns a value / 0 and leaves the error state untouched.
 * "borrows" / "returns new" annotations are about who may keep a value, not about
 * counts: with a tracing GC every returned value is simply live while reachable.
 *
 * Types are objects too (type `type`). Built-in types are static `sp_type` structs
 * filled in at start-up; user classes are heap types whose slots dispatch to dunder
 * methods. Binary operator slots receive (a, b) in source order and are tried on
 * type(a) then type(b); they return sp_NotImplemented when they cannot handle the
 * pair (CPython's protocol).
 *
 * Invariants
 *  1. sp_typeof(v) is never NULL for a live value.
 *  2. A tagged small int is never stored as a heap sp_int: ints that fit are tagged.
 *  3. Strings are immutable, NUL-terminated UTF-8; `len` counts code points.
 *  4. Interned strings are unique per content: pointer equality implies and is
 *     implied by content equality among interned strings.
 *  5. sp_state.exc is non-NULL exactly while an exception is being propagated.
 */
#ifndef SP_OBJECT_H
#define SP_OBJECT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sandpiper.h"

typedef struct sp_object sp_object;
typedef struct sp_type sp_type;
typedef sp_object *sp_val;

/* Every heap object starts with this header. */
struct sp_object {
    sp_type *type;
    uint32_t gc;  /* collector bits (colour, static flag); owned by gc.c */
    uint32_t aux; /* free for the type's own use (e.g. string flags) */
};

/* Keep v (and so everything only it references) alive up to this point. The
 * collector scans the C stack conservatively, but an optimizing compiler may drop a
 * temporary container as soon as only a pointer into its raw buffer is still used
 * (e.g. list->items); an allocation in between could then free the buffer. */
#define SP_KEEP_ALIVE(v) __asm__ volatile("" : : "g"(v) : "memory")

/* On the definition of a static or global variable that every run writes (the
 * heap's state, counters, the VM's registers and profile state...): all of
 * them sit together in one section, so a run forked from the prepared fork
 * server copies one or two pages of them instead of one per variable (each
 * page written is a copy-on-write fault, ~1-2 us each in a guest). */
#ifndef SP_RUN_STATE /* -DSP_RUN_STATE= to compare */
#define SP_RUN_STATE __attribute__((section("sp_run_state")))
#endif

/* ---- tagged small ints ------------------------------------------------------ */

#define SP_SMALL_MAX (((int64_t)1 << 62) - 1)
#define SP_SMALL_MIN (-((int64_t)1 << 62))

static inline bool sp_is_small(sp_val v)
{
    return ((uintptr_t)v & 1u) != 0;
}
static inline int64_t sp_small_value(sp_val v)
{
    return (int64_t)(intptr_t)v >> 1;
}
static inline bool sp_small_fits(int64_t i)
{
    return i >= SP_SMALL_MIN && i <= SP_SMALL_MAX;
}
/* Precondition: sp_small_fits(i). Use sp_int_from_i64() when unsure. */
static inline sp_val sp_small(int64_t i)
{
    return (sp_val)(uintptr_t)(((uint64_t)i << 1) | 1u);
}

/* ---- slots ------------------------------------------------------------------ */

typedef enum sp_binop {
    SP_OP_ADD,
    SP_OP_SUB,
    SP_OP_MUL,
    SP_OP_MATMUL,
    SP_OP_TRUEDIV,
    SP_OP_FLOORDIV,
    SP_OP_MOD,
    SP_OP_POW,
    SP_OP_LSHIFT,
    SP_OP_RSHIFT,
    SP_OP_AND,
    SP_OP_OR,
    SP_OP_XOR,
    SP_OP__COUNT
} sp_binop;

typedef enum sp_cmpop { SP_CMP_LT, SP_CMP_LE, SP_CMP_EQ, SP_CMP_NE, SP_CMP_GT, SP_CMP_GE } sp_cmpop;

typedef sp_val (*sp_unaryfn)(sp_val a);
typedef sp_val (*sp_binaryfn)(sp_val a, sp_val b);
/* Vectorcall convention: args[0..nargs) positional, then one value per name in
 * kwnames (a tuple of str, or NULL when there are no keywords). args is borrowed. */
typedef sp_val (*sp_callfn)(sp_val callable, sp_val const *args, size_t nargs, sp_val kwnames);
/* A C function exposed to Python; `self` is the bound object (or module/NULL). */
typedef sp_val (*sp_cfunc)(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames);

/* Type flags */
#define SP_TF_BASETYPE (1u << 0) /* may be subclassed */
#define SP_TF_HEAPTYPE (1u << 1) /* created by a class statement / type() */
#define SP_TF_INT_SUB (1u << 8)  /* fast isinstance checks */
#define SP_TF_STR_SUB (1u << 9)
#define SP_TF_LIST_SUB (1u << 10)
#define SP_TF_TUPLE_SUB (1u << 11)
#define SP_TF_DICT_SUB (1u << 12)
#define SP_TF_EXC_SUB (1u << 13) /* subclass of BaseException */
#define SP_TF_TYPE_SUB (1u << 14)

struct sp_type {
    sp_object ob;
    const char *name;   /* e.g. "int"; for heap types points into name_obj */
    sp_type *base;      /* the solid base (object for most) */
    sp_val bases;       /* tuple of types */
    sp_val mro;         /* tuple of types, C3 order, starting with this type */
    sp_val dict;        /* attribute dict: methods, descriptors, class attributes */
    sp_val name_obj;    /* str, __name__ */
    sp_val qualname;    /* str, __qualname__ (NULL: same as name) */
    sp_val module_name; /* str or NULL ("builtins") */
    uint32_t flags;
    size_t basic_size;  /* bytes of an instance */
    size_t dict_offset; /* offset of an instance's __dict__ pointer, 0 if none */

    /* collector */
    void (*trace)(sp_val self);    /* call sp_gc_mark() on every referenced value */
    void (*finalize)(sp_val self); /* release raw buffers (sp_mem_free); no allocation */

    /* construction: type(...) calls new then init */
    sp_val (*tp_new)(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames);
    int (*tp_init)(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames);

    /* basic protocol; NULL means "not supported" (the generic layer raises) */
    sp_unaryfn repr;
    sp_unaryfn str;
    int (*hash)(sp_val self, int64_t *out);                 /* 0 / -1 */
    sp_val (*richcompare)(sp_val a, sp_val b, sp_cmpop op); /* may return sp_NotImplemented */
    int (*truthy)(sp_val self);                             /* 1 / 0 / -1 */
    sp_val (*getattr)(sp_val self, sp_val name);            /* name: interned str */
    int (*setattr)(sp_val self, sp_val name, sp_val value); /* value NULL: delete */
    sp_callfn call;
    sp_unaryfn iter;
    sp_unaryfn iternext; /* NULL result with no exception set: exhausted */

    /* numbers */
    sp_binaryfn binop[SP_OP__COUNT];
    sp_binaryfn inplace[SP_OP__COUNT]; /* optional; falls back to binop */
    sp_unaryfn neg, pos, invert, abs;
    sp_unaryfn index; /* __index__: returns an int */

    /* containers */
    int64_t (*len)(sp_val self); /* -1 on error */
    sp_val (*getitem)(sp_val self, sp_val key);
    int (*setitem)(sp_val self, sp_val key, sp_val value); /* value NULL: delete */
    int (*contains)(sp_val self, sp_val item);             /* 1 / 0 / -1 */

    /* descriptors */
    sp_val (*descr_get)(sp_val descr, sp_val obj, sp_val type); /* obj NULL: via class */
    int (*descr_set)(sp_val descr, sp_val obj, sp_val value);   /* value NULL: delete */

    void *extra; /* owner-defined (e.g. heap-type slot cache) */
};

/* Tables used to fill a built-in type's dict at start-up. */
#define SP_METH_STATIC (1u << 0)
#define SP_METH_CLASS (1u << 1)
typedef struct sp_method_def {
    const char *name;
    sp_cfunc fn;
    uint32_t flags;
} sp_method_def;

typedef struct sp_getset_def {
    const char *name;
    sp_val (*get)(sp_val self);
    int (*set)(sp_val self, sp_val value); /* NULL: read-only */
} sp_getset_def;

/* ---- built-in types (static objects, defined by their obj_*.c module) ---------- */

extern sp_type sp_type_object, sp_type_type, sp_type_none, sp_type_notimplemented, sp_type_ellipsis,
    sp_type_bool, sp_type_int, sp_type_float, sp_type_complex, sp_type_str, sp_type_bytes,
    sp_type_bytearray, sp_type_list, sp_type_tuple, sp_type_dict, sp_type_set, sp_type_frozenset,
    sp_type_range, sp_type_slice, sp_type_module, sp_type_function, sp_type_builtin, sp_type_method,
    sp_type_code, sp_type_cell, sp_type_generator, sp_type_property, sp_type_staticmethod,
    sp_type_classmethod, sp_type_super, sp_type_traceback, sp_type_base_exception;

/* Singletons (static objects, not in the collected heap). */
extern sp_object sp_None_obj, sp_NotImplemented_obj, sp_Ellipsis_obj;
extern sp_object sp_True_obj, sp_False_obj;
#define sp_None (&sp_None_obj)
#define sp_NotImplemented (&sp_NotImplemented_obj)
#define sp_Ellipsis (&sp_Ellipsis_obj)
#define sp_True (&sp_True_obj)
#define sp_False (&sp_False_obj)

static inline sp_val sp_bool(bool b)
{
    return b ? sp_True : sp_False;
}

static inline sp_type *sp_typeof(sp_val v)
{
    return sp_is_small(v) ? &sp_type_int : v->type;
}

/* ---- concrete layouts other modules may read directly ---------------------------- */

typedef struct sp_str {
    sp_object ob; /* ob.aux: bit0 ascii, bit1 interned, bit2 builder (+ capacity, obj_str.h) */
    int64_t hash; /* -1: not computed yet */
    size_t len;   /* code points */
    size_t size;  /* bytes, excluding the NUL */
    char data[];  /* UTF-8, NUL-terminated */
} sp_str;
#define SP_STR_ASCII 1u
#define SP_STR_INTERNED 2u
#define SP_STR_BUILDER 4u /* see sp_str_iadd in obj_str.h: never outside that pattern */

typedef struct sp_float {
    sp_object ob;
    double value;
} sp_float;

typedef struct sp_list {
    sp_object ob;
    size_t len, cap;
    sp_val *items; /* raw buffer from sp_mem_alloc */
} sp_list;

typedef struct sp_tuple {
    sp_object ob;
    size_t len;
    sp_val items[];
} sp_tuple;

/* Insertion-ordered hash table (compact layout). `version` changes whenever a key
 * is added or removed or the table is rebuilt, so a cached slot pointer obtained by
 * sp_dict_slot() stays valid while the version is unchanged. Other fields are
 * private to obj_dict.c. */
typedef struct sp_dict {
    sp_object ob;
    size_t len;
    uint64_t version;
    void *impl;
} sp_dict;

typedef struct sp_module {
    sp_object ob;
    sp_val name; /* str */
    sp_val dict;
} sp_module;

/* A built-in function or a built-in method bound to `self`. */
typedef struct sp_builtin {
    sp_object ob;
    const sp_method_def *def;
    sp_val self; /* NULL for plain functions */
    sp_val module_name;
} sp_builtin;

/* Exceptions: every instance of BaseException (and subclasses) has this prefix. */
typedef struct sp_exc {
    sp_object ob;
    sp_val dict;      /* instance __dict__ (NULL until needed) */
    sp_val args;      /* tuple */
    sp_val traceback; /* sp_traceback chain (innermost last) or NULL */
    sp_val cause;     /* __cause__ or NULL */
    sp_val context;   /* __context__ or NULL */
    bool suppress_context;
    sp_val extra; /* type-specific: StopIteration.value, SystemExit.code, SyntaxError info */
} sp_exc;

/* One traceback entry: where an exception passed through. */
typedef struct sp_traceback {
    sp_object ob;
    sp_val next; /* towards the innermost frame */
    sp_val code; /* code object of the frame */
    int line;
} sp_traceback;

/* ---- exception types (static sp_type objects, obj_exc.c) ------------------------ */

extern sp_type sp_exc_BaseException, sp_exc_Exception, sp_exc_SystemExit, sp_exc_KeyboardInterrupt,
    sp_exc_GeneratorExit, sp_exc_StopIteration, sp_exc_StopAsyncIteration, sp_exc_ArithmeticError,
    sp_exc_ZeroDivisionError, sp_exc_OverflowError, sp_exc_FloatingPointError,
    sp_exc_AssertionError, sp_exc_AttributeError, sp_exc_BufferError, sp_exc_EOFError,
    sp_exc_ImportError, sp_exc_ModuleNotFoundError, sp_exc_LookupError, sp_exc_IndexError,
    sp_exc_KeyError, sp_exc_MemoryError, sp_exc_NameError, sp_exc_UnboundLocalError, sp_exc_OSError,
    sp_exc_PermissionError, sp_exc_FileNotFoundError, sp_exc_ReferenceError, sp_exc_RuntimeError,
    sp_exc_NotImplementedError, sp_exc_RecursionError, sp_exc_SyntaxError, sp_exc_IndentationError,
    sp_exc_TabError, sp_exc_SystemError, sp_exc_TypeError, sp_exc_ValueError, sp_exc_UnicodeError,
    sp_exc_UnicodeDecodeError, sp_exc_UnicodeEncodeError, sp_exc_Warning, sp_exc_UserWarning,
    sp_exc_DeprecationWarning, sp_exc_RuntimeWarning;

/* ---- interpreter-wide state (one interpreter per process) ------------------------- */

typedef struct sp_state {
    sp_val exc;          /* exception being raised, or NULL (invariant 5) */
    sp_val handled_exc;  /* innermost exception being handled (sys.exc_info) */
    int recursion_limit; /* sys.getrecursionlimit() */
    int depth;           /* current Python + C recursion depth */
    char *stack_limit;   /* C stack address past which we raise RecursionError */
    sp_val builtins;     /* dict of the builtins module */
    sp_val modules;      /* dict: sys.modules */
    sp_val main_module;
    sp_val sys_module;
    sp_val argv; /* list of str */
    int fd_in, fd_out, fd_err;
    uint64_t instr_budget; /* 0: unlimited */
    sp_stats *stats;       /* counters of the current run */
    const sp_run_options *opts;
    bool memory_exceeded; /* the budget was hit (status MEMORY_EXCEEDED) */
    bool instr_exceeded;  /* the instruction budget was hit */
} sp_state;

extern sp_state sp_st;

/* ---- generic protocol (object.c) --------------------------------------------------- */

sp_val sp_repr(sp_val v);   /* returns new str */
sp_val sp_str_of(sp_val v); /* str(v) */
sp_val sp_ascii(sp_val v);
sp_val sp_format(sp_val v, sp_val spec); /* format(v, spec) */
int sp_hash(sp_val v, int64_t *out);
int sp_truthy(sp_val v);
sp_val sp_binary_op(sp_binop op, sp_val a, sp_val b);
sp_val sp_inplace_op(sp_binop op, sp_val a, sp_val b);
sp_val sp_pow3(sp_val base, sp_val exp, sp_val mod); /* pow(b, e, m) */
sp_val sp_neg(sp_val v);
sp_val sp_pos(sp_val v);
sp_val sp_invert(sp_val v);
sp_val sp_abs(sp_val v);
sp_val sp_compare(sp_val a, sp_val b, sp_cmpop op);   /* rich result */
int sp_compare_bool(sp_val a, sp_val b, sp_cmpop op); /* 1 / 0 / -1 */
/* a op b answered without the generic protocol when both are small ints, exact strs
 * or exact floats (whose ordering cannot be overridden) below the recursion limit:
 * 1 / 0, or SP_CMP_UNKNOWN for anything else. Lives with list.sort's fast paths
 * (obj_list.c); sp_compare_bool asks it first. */
#define SP_CMP_UNKNOWN (-2)
int sp_compare_scalars(sp_val a, sp_val b, sp_cmpop op);
int sp_eq(sp_val a, sp_val b);              /* identity shortcut, then == */
sp_val sp_getattr(sp_val obj, sp_val name); /* name: str (interned or not) */
sp_val sp_getattr_cstr(sp_val obj, const char *name);
sp_val sp_getattr_opt(sp_val obj, sp_val name); /* NULL, no error, if missing */
int sp_setattr(sp_val obj, sp_val name, sp_val value);
int sp_delattr(sp_val obj, sp_val name);
sp_val sp_generic_getattr(sp_val obj, sp_val name); /* object.__getattribute__ */
int sp_generic_setattr(sp_val obj, sp_val name, sp_val value);
sp_val sp_call(sp_val callable, sp_val const *args, size_t nargs, sp_val kwnames);
/* What sp_call makes of r, the result of callable's own function: r, or, when that
 * returned NULL without setting an exception, NULL with a SystemError. For code that
 * calls a type's function itself (the VM's call fast paths). */
sp_val sp_call_null_result(sp_val callable);
static inline sp_val sp_call_result(sp_val callable, sp_val r)
{
    return r ? r : sp_call_null_result(callable);
}
sp_val sp_call0(sp_val callable);
sp_val sp_call1(sp_val callable, sp_val a);
sp_val sp_call2(sp_val callable, sp_val a, sp_val b);
sp_val sp_call_method(sp_val obj, const char *name, sp_val const *args, size_t nargs);
sp_val sp_iter(sp_val v);
sp_val sp_next(sp_val it); /* NULL: exhausted (no error) or error (sp_err_occurred) */
int64_t sp_len(sp_val v);
sp_val sp_getitem(sp_val obj, sp_val key);
int sp_setitem(sp_val obj, sp_val key, sp_val value);
int sp_delitem(sp_val obj, sp_val key);
int sp_contains(sp_val container, sp_val item); /* `item in container` */
int64_t sp_index(sp_val v, bool *overflow);     /* __index__ to a C integer */
sp_val sp_index_int(sp_val v);                  /* __index__, as an int object */
bool sp_is_subtype(sp_type *a, sp_type *b);
bool sp_isinstance(sp_val obj, sp_type *t);
int sp_isinstance_of(sp_val obj, sp_val cls_or_tuple); /* builtin isinstance() */
const char *sp_type_name(sp_val v);                    /* borrowed C string */
sp_val sp_type_lookup(sp_type *t, sp_val name);        /* walk the MRO; NULL if absent, no error */
sp_val sp_list_from_iterable(sp_val it);
sp_val sp_tuple_from_iterable(sp_val it);

/* Recursion guard for C code that may recurse (repr of nested containers,
 * comparisons, calls). Raises RecursionError past the limit or near the C stack end.
 * Inline: the common case (well within both) is a few instructions; the rest,
 * and the error, is sp_recursion_enter_msg's (obj_type.h). */
int sp_recursion_enter_slow(void);
static inline int sp_recursion_enter(void)
{
    char *frame = (char *)__builtin_frame_address(0);
    int limit = sp_st.recursion_limit > 0 ? sp_st.recursion_limit : 1000;
    if (__builtin_expect(sp_st.depth < limit && !(sp_st.stack_limit && frame < sp_st.stack_limit),
                         1)) {
        sp_st.depth++;
        return 0;
    }
    return sp_recursion_enter_slow();
}
static inline void sp_recursion_leave(void)
{
    sp_st.depth--;
}

/* ---- errors (obj_exc.c) ---------------------------------------------------------------- */

/* printf-like; also %R (repr of an sp_val) and %S (str of an sp_val), %T (type name of an sp_val)
 */
void *sp_err_set(sp_type *type, const char *fmt,
                 ...); /* returns NULL for `return sp_err_set(...)` */
void *sp_err_set_str(sp_type *type, sp_val message);
void *sp_err_set_value(sp_val exc); /* raise an instance */
void *sp_err_no_memory(void);       /* raise the preallocated MemoryError */
bool sp_err_occurred(void);
bool sp_err_matches(sp_type *type); /* current exception is an instance of type */
sp_val sp_err_fetch(void);          /* take the current exception, clearing it */
void sp_err_restore(sp_val exc);    /* re-raise a fetched exception (NULL: clear) */
void sp_err_clear(void);
sp_val sp_exc_new(sp_type *type, sp_val const *args, size_t nargs);
sp_val sp_exc_str(sp_val exc);              /* str(exc) */
sp_val sp_str_format(const char *fmt, ...); /* same directives as sp_err_set */
sp_val sp_str_vformat(const char *fmt, va_list ap);

/* ---- constructors and accessors (each in its obj_*.c) -------------------------------- */

/* int (obj_int.c) */
sp_val sp_int_from_i64(int64_t i);
sp_val sp_int_from_u64(uint64_t u);
sp_val sp_int_from_double(double d);                          /* truncates; errors on inf/nan */
sp_val sp_int_from_string(const char *s, size_t n, int base); /* int("..", base) rules */
int sp_int_to_i64(sp_val v, int64_t *out);                    /* -1 + OverflowError if too big */
double sp_int_to_double(sp_val v);                            /* -1.0 + OverflowError on error */
sp_val sp_int_to_string(sp_val v, int base);                  /* "0x" etc. NOT added; sign kept */
bool sp_int_check(sp_val v);                                  /* int or subclass (bool too) */
int sp_int_sign(sp_val v);

/* float (obj_float.c) */
sp_val sp_float_new(double d);
double sp_float_as_double(sp_val v); /* float, int, or __float__; -1.0 + error */
sp_val sp_float_repr_str(double d);  /* CPython's repr: shortest round-trip */

/* str (obj_str.c) */
sp_val sp_str_new(const char *utf8, size_t nbytes); /* copies; must be valid UTF-8 */
sp_val sp_str_from_cstr(const char *s);
sp_val sp_str_intern(const char *s); /* interned, lives forever */
sp_val sp_str_intern_val(sp_val s);  /* intern an existing str */
sp_val sp_str_concat(sp_val a, sp_val b);
const char *sp_str_cstr(sp_val s); /* borrowed */
bool sp_str_check(sp_val v);
bool sp_str_eq(sp_val a, sp_val b);
bool sp_str_eq_cstr(sp_val a, const char *s);
int64_t sp_str_hash(sp_val s);

/* Growable byte buffer for building strings (raw memory, budgeted). */
typedef struct sp_buf {
    char *data;
    size_t len, cap;
} sp_buf;
void sp_buf_init(sp_buf *b);
int sp_buf_grow(sp_buf *b, size_t extra); /* room for extra more bytes and the NUL */
/* Append n bytes (inline: formatting appends many short pieces, and the room is
 * usually there). */
static inline int sp_buf_append(sp_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap && sp_buf_grow(b, n) < 0) return -1;
    if (n) __builtin_memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}
int sp_buf_append_cstr(sp_buf *b, const char *s);
static inline int sp_buf_append_char(sp_buf *b, char c)
{
    if (b->len + 2 > b->cap && sp_buf_grow(b, 1) < 0) return -1;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return 0;
}
int sp_buf_append_val_str(sp_buf *b, sp_val s); /* append a str object's bytes */
sp_val sp_buf_to_str(sp_buf *b);                /* consumes b's contents */
void sp_buf_free(sp_buf *b);

/* list (obj_list.c) */
sp_val sp_list_new(size_t capacity); /* empty */
int sp_list_append(sp_val list, sp_val v);
/* list[start:stop:step] and list[start:stop:step] = value (value NULL: del) with the
 * bounds already unpacked (obj_slice.h: sp_slice_unpack's results, not adjusted). */
sp_val sp_list_slice_unpacked(sp_val list, int64_t start, int64_t stop, int64_t step);
int sp_list_ass_slice_unpacked(sp_val list, int64_t start, int64_t stop, int64_t step,
                               sp_val value);
int sp_list_extend(sp_val list, sp_val iterable);
int sp_list_sort(sp_val list, sp_val key, bool reverse); /* stable; key may be NULL */

/* tuple (obj_tuple.c) */
sp_val sp_tuple_new(size_t n); /* items zeroed (NULL); fill them all before use */
sp_val sp_tuple_pack(size_t n, ...);
extern sp_val sp_empty_tuple;

/* dict (obj_dict.c) */
sp_val sp_dict_new(void);
sp_val sp_dict_get(sp_val d, sp_val key); /* borrowed or NULL; NULL+error only if hashing failed */
sp_val sp_dict_get_cstr(sp_val d, const char *key);
int sp_dict_set(sp_val d, sp_val key, sp_val value);
int sp_dict_set_cstr(sp_val d, const char *key, sp_val value);
int sp_dict_del(sp_val d, sp_val key);                                /* -1 + KeyError if absent */
bool sp_dict_next(sp_val d, size_t *pos, sp_val *key, sp_val *value); /* pos starts at 0 */
sp_val *sp_dict_slot(sp_val d, sp_val key); /* value slot of an existing str key, or NULL */
sp_val sp_dict_copy(sp_val d);
int sp_dict_update(sp_val d, sp_val other); /* dict or iterable of pairs */

/* set (obj_set.c) */
sp_val sp_set_new(sp_type *type); /* set or frozenset */
int sp_set_add(sp_val s, sp_val key);
int sp_set_contains(sp_val s, sp_val key);

/* range, slice (obj_range.c, obj_slice.c) */
sp_val sp_range_new(int64_t start, int64_t stop, int64_t step);
sp_val sp_slice_new(sp_val start, sp_val stop, sp_val step);
/* Resolve a slice against a length (CPython's PySlice_GetIndicesEx). */
int sp_slice_indices(sp_val slice, int64_t length, int64_t *start, int64_t *stop, int64_t *step,
                     int64_t *slicelen);

/* types, functions, modules (obj_type.c, obj_module.c) */
int sp_type_ready(sp_type *t, const sp_method_def *methods, const sp_getset_def *getsets);
sp_val sp_builtin_new(const sp_method_def *def, sp_val self, sp_val module_name);
sp_val sp_module_new(const char *name);
int sp_module_add(sp_val module, const char *name, sp_val value);
int sp_module_add_functions(sp_val module, const sp_method_def *defs);
sp_val sp_import(sp_val name); /* import a module by dotted name */
typedef sp_val (*sp_module_init)(void);
/* Built-in module registry (modules.c): name -> init function. */
sp_val sp_module_find_builtin(const char *name);

/* Argument parsing with CPython's error messages (args.c).
 * Format: one char per parameter, '|' starts optional ones, '$' starts keyword-only.
 *   'O' any value (sp_val*)   'i' int64_t via __index__   'd' double   'p' truthiness (bool*)
 *   'U' str (sp_val*)
 * `names` lists every parameter name (NULL-terminated), used for keywords and messages.
 * Optional parameters that were not given are left untouched. */
int sp_parse_args(const char *fname, sp_val const *args, size_t nargs, sp_val kwnames,
                  const char *format, const char *const *names, ...);
int sp_no_kwargs(const char *fname, sp_val kwnames);
int sp_check_nargs(const char *fname, size_t nargs, size_t min, size_t max);

#endif
