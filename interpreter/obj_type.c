/*
 * obj_type.c — `type` and `object`, descriptors, user classes, super, property,
 * staticmethod and classmethod.
 *
 * Design overview
 * ---------------
 * Static (built-in) types are readied by sp_type_ready: NULL slots are inherited from
 * the base, the dict is filled from the type's method/getset tables with descriptor
 * objects, and every slot the type defines itself gets a "slot wrapper" under its
 * dunder name (so `object.__init__`, `int.__add__`, `super().__repr__()` work). The
 * dict is built on first use (sp_type_attr_dict): most programs touch a handful of
 * the ~140 built-in types. The type is registered with the collector, which marks its
 * heap fields.
 *
 * Heap types (class statements, type(name, bases, ns)) are sp_gc_new'd sp_type
 * structs. Their instances have the solid base's layout plus a __dict__ pointer. Each
 * slot either stays inherited from the nearest static type of the MRO or, when a
 * class of the MRO defines the dunder, points to a dispatcher that looks the dunder
 * up on type(self) and calls it. Assigning a dunder on a heap type re-computes its
 * slots.
 *
 * Attribute lookup follows CPython: data descriptors on the type, then the instance
 * dict, then non-data descriptors / plain class attributes.
 *
 * Invariants
 *  1. After sp_type_ready(t): t->mro (starting with t) and t->bases are set, t->dict
 *     is set or pending (TF_DICT_PENDING, built by sp_type_attr_dict), and every NULL
 *     slot of t that its base defines has been inherited (hash and richcompare are
 *     inherited together, as in CPython).
 *  2. A slot wrapper stores its owner type and calls the owner's C slot, never
 *     type(self)'s, so a dispatcher can delegate to it without looping.
 *  3. A heap type's dict_offset is non-zero unless it derives from `type`, from a
 *     variable-size built-in (str, tuple, bytes), whose items follow the header (its
 *     instances' dicts are then side dicts, TF_SIDE_DICT), or its __slots__ leave
 *     "__dict__" out.
 *  4. The attribute cache never returns an entry older than the last change to any
 *     type (epoch) or to the looked-up type's own dict (version).
 */
#include "gc.h"
#include "obj_dict.h"
#include "obj_int.h"
#include "obj_iter.h"
#include "obj_str.h"
#include "obj_type.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static sp_val type_repr(sp_val self);
extern sp_type sp_type_mappingproxy;
static sp_val d_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames);
static sp_val type_tp_new(sp_type *meta, sp_val const *args, size_t nargs, sp_val kwnames);
static int register_class(sp_type *t);

/* ---- small helpers ----------------------------------------------------------------- */

static sp_tuple *TUP(sp_val v)
{
    return (sp_tuple *)v;
}

static sp_val istr(const char *s)
{
    return sp_str_intern(s);
}

static bool is_type(sp_val v)
{
    return !sp_is_small(v) && sp_is_subtype(v->type, &sp_type_type);
}

static size_t nkw(sp_val kwnames)
{
    return kwnames ? TUP(kwnames)->len : 0;
}

/* The qualified name shown by reprs: "int" or "__main__.Foo". */
static sp_val type_display_name(sp_type *t)
{
    sp_val qn = t->qualname ? t->qualname : t->name_obj;
    if (!qn) qn = istr(t->name);
    sp_val mod = t->module_name;
    if (mod && sp_str_check(mod) && !sp_str_eq_cstr(mod, "builtins"))
        return sp_str_format("%U.%U", mod, qn);
    return qn;
}

/* ---- subtype checks, MRO lookup ---------------------------------------------------- */

bool sp_is_subtype(sp_type *a, sp_type *b)
{
    if (a == b) return true;
    if (a->mro) {
        sp_tuple *m = TUP(a->mro);
        for (size_t i = 0; i < m->len; i++)
            if ((sp_type *)m->items[i] == b) return true;
        return false;
    }
    for (sp_type *t = a->base; t; t = t->base)
        if (t == b) return true;
    return b == &sp_type_object;
}

bool sp_isinstance(sp_val obj, sp_type *t)
{
    sp_type *ot = sp_typeof(obj);
    return ot == t || sp_is_subtype(ot, t);
}

/* Attribute cache for sp_type_lookup (CPython's type attribute cache, simplified).
 * An entry is valid while the global type epoch is unchanged (bumped by every type
 * creation, sp_type_ready and type attribute assignment) and the type's own dict
 * has the same version. Only interned names are cached: they live for the whole
 * run, so a name pointer is never reused for different text. Absent names are
 * cached too (value NULL): most instance attribute lookups miss on the type. */
/* A static type whose dict is not built yet (see "lazy dicts of static types"). */
#define TF_DICT_PENDING (1u << 25)
static sp_val dict_to_search(sp_type *c, sp_val name, bool *failed);

/* 512 entries (20 KiB): the VM's inline caches serve attribute access, so this one
 * sees mostly special-method look-ups; a small table also means few pages for a
 * forked run to touch (each a fault; 4,096 entries spread a run's first dozen
 * look-ups over a dozen pages). */
#define MCACHE_BITS 9
typedef struct mcache_entry {
    sp_type *type;
    sp_val name;
    sp_val value;
    uint64_t epoch, dict_version;
} mcache_entry;
static mcache_entry mcache[1u << MCACHE_BITS];
SP_RUN_STATE static uint64_t mcache_run;
SP_RUN_STATE uint64_t sp_type_epoch = 1;

static void types_changed(void)
{
    sp_type_epoch++;
}

static sp_val lookup_uncached(sp_type *t, sp_val name)
{
    bool failed = false;
    if (!t->mro) {
        for (sp_type *c = t; c; c = c->base) {
            sp_val d = dict_to_search(c, name, &failed);
            if (failed) return NULL; /* MemoryError set */
            sp_val v = d ? sp_dict_get(d, name) : NULL;
            if (v) return v;
        }
        return NULL;
    }
    sp_tuple *m = TUP(t->mro);
    for (size_t i = 0; i < m->len; i++) {
        sp_val d = dict_to_search((sp_type *)m->items[i], name, &failed);
        if (failed) return NULL; /* building a pending dict failed: MemoryError set */
        if (!d) continue;
        sp_val v = sp_dict_get(d, name);
        if (v) return v;
    }
    /* names are str: hashing cannot fail, so no error is set unless building a static
     * type's dict ran out of memory */
    return NULL;
}

sp_val sp_type_lookup(sp_type *t, sp_val name)
{
    bool lazy = !t->dict && (t->flags & TF_DICT_PENDING);
    if ((!t->dict && !lazy) || !(name->aux & SP_STR_INTERNED) || sp_typeof(name) != &sp_type_str)
        return lookup_uncached(t, name);
    if (mcache_run != sp_gc_run_id()) {
        /* Entries of an older heap hold an older epoch (it only grows), so they can
         * never match: no need to clear the 160 KiB table, which would dirty all of its
         * pages (each a copy-on-write fault in a forked run). */
        types_changed();
        mcache_run = sp_gc_run_id();
    }
    /* Fibonacci hashing of both addresses: the table is small, so spread well. */
    uint64_t h = ((uint64_t)(uintptr_t)t ^ ((uint64_t)(uintptr_t)name * 0x9E3779B97F4A7C15ull)) *
                 0xC2B2AE3D27D4EB4Full;
    mcache_entry *e = &mcache[h >> (64 - MCACHE_BITS)];
    /* A pending dict counts as version 0: building it gives the dict a new version,
     * which retires the entry (harmlessly: building changes no answer). */
    uint64_t dv = lazy ? 0 : ((sp_dict *)t->dict)->version;
    if (e->type == t && e->name == name && e->epoch == sp_type_epoch && e->dict_version == dv)
        return e->value;
    sp_val v = lookup_uncached(t, name);
    if (!v && sp_err_occurred()) return NULL; /* not cached: building a dict failed */
    if (lazy && t->dict) dv = ((sp_dict *)t->dict)->version; /* built just now */
    e->type = t;
    e->name = name;
    e->value = v;
    e->epoch = sp_type_epoch;
    e->dict_version = dv;
    return v;
}

const char *sp_type_name(sp_val v)
{
    return sp_typeof(v)->name;
}

/* ---- built-in functions and method descriptors ------------------------------------- */

typedef sp_method_descr method_descr;

typedef struct getset_descr {
    sp_object ob;
    const sp_getset_def *def;
    sp_type *owner;
} getset_descr;

static void builtin_trace(sp_val self)
{
    sp_builtin *b = (sp_builtin *)self;
    sp_gc_mark(b->self);
    sp_gc_mark(b->module_name);
}

sp_val sp_builtin_new(const sp_method_def *def, sp_val self, sp_val module_name)
{
    sp_builtin *b = sp_gc_new(&sp_type_builtin, sizeof(sp_builtin));
    if (!b) return NULL;
    b->def = def;
    b->self = self;
    b->module_name = module_name;
    return &b->ob;
}

static sp_val builtin_call(sp_val callable, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_builtin *b = (sp_builtin *)callable;
    if (sp_recursion_enter() < 0) return NULL;
    sp_val r = b->def->fn(b->self, args, nargs, kwnames);
    sp_recursion_leave();
    return r;
}

static sp_val builtin_repr(sp_val self)
{
    sp_builtin *b = (sp_builtin *)self;
    if (!b->self || sp_typeof(b->self) == &sp_type_module)
        return sp_str_format("<built-in function %s>", b->def->name);
    return sp_str_format("<built-in method %s of %s object at %p>", b->def->name,
                         sp_type_name(b->self), (void *)b->self);
}

static sp_val builtin_get_name(sp_val self)
{
    return sp_str_from_cstr(((sp_builtin *)self)->def->name);
}
static sp_val builtin_get_self(sp_val self)
{
    sp_builtin *b = (sp_builtin *)self;
    return b->self ? b->self : sp_None;
}
static sp_val builtin_get_module(sp_val self)
{
    sp_builtin *b = (sp_builtin *)self;
    return b->module_name ? b->module_name : sp_None;
}
static const sp_getset_def builtin_getsets[] = {
    {"__name__", builtin_get_name, NULL},
    {"__qualname__", builtin_get_name, NULL},
    {"__self__", builtin_get_self, NULL},
    {"__module__", builtin_get_module, NULL},
    {NULL, NULL, NULL},
};

static int identity_hash(sp_val self, int64_t *out)
{
    uintptr_t p = (uintptr_t)self;
    *out = (int64_t)((p >> 4) | (p << 60));
    if (*out == -1) *out = -2;
    return 0;
}

sp_type sp_type_builtin = {
    .ob = {&sp_type_type, 0, 0},
    .name = "builtin_function_or_method",
    .basic_size = sizeof(sp_builtin),
    .trace = builtin_trace,
    .call = builtin_call,
    .repr = builtin_repr,
};

static void descr_trace(sp_val self)
{
    sp_gc_mark(&((method_descr *)self)->owner->ob);
}

static sp_val method_descr_get(sp_val descr, sp_val obj, sp_val type)
{
    method_descr *d = (method_descr *)descr;
    if (!obj) return descr;
    return sp_builtin_new(d->def, obj, NULL);
}

static int check_descr_self(const char *name, sp_type *owner, sp_val self)
{
    if (!sp_isinstance(self, owner)) {
        sp_err_set(&sp_exc_TypeError,
                   "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", name,
                   owner->name, sp_type_name(self));
        return -1;
    }
    return 0;
}

static sp_val method_descr_call(sp_val callable, sp_val const *args, size_t nargs, sp_val kwnames)
{
    method_descr *d = (method_descr *)callable;
    if (nargs < 1)
        return sp_err_set(&sp_exc_TypeError, "unbound method %s.%s() needs an argument",
                          d->owner->name, d->def->name);
    if (check_descr_self(d->def->name, d->owner, args[0]) < 0) return NULL;
    return sp_method_descr_invoke(d, args, nargs, kwnames);
}

static sp_val method_descr_repr(sp_val self)
{
    method_descr *d = (method_descr *)self;
    return sp_str_format("<method '%s' of '%s' objects>", d->def->name, d->owner->name);
}

sp_type sp_type_method_descr = {
    .ob = {&sp_type_type, 0, 0},
    .name = "method_descriptor",
    .basic_size = sizeof(method_descr),
    .trace = descr_trace,
    .call = method_descr_call,
    .repr = method_descr_repr,
    .descr_get = method_descr_get,
};

/* A SP_METH_CLASS method: binds the class whether reached via class or instance. */
static sp_val classmethod_descr_get(sp_val descr, sp_val obj, sp_val type)
{
    method_descr *d = (method_descr *)descr;
    sp_val cls = type ? type : &sp_typeof(obj)->ob;
    return sp_builtin_new(d->def, cls, NULL);
}

static sp_val classmethod_descr_call(sp_val callable, sp_val const *args, size_t nargs,
                                     sp_val kwnames)
{
    method_descr *d = (method_descr *)callable;
    if (nargs < 1 || !is_type(args[0]))
        return sp_err_set(&sp_exc_TypeError, "descriptor '%s' of '%s' object needs a type",
                          d->def->name, d->owner->name);
    return d->def->fn(args[0], args + 1, nargs - 1, kwnames);
}

sp_type sp_type_classmethod_descr = {
    .ob = {&sp_type_type, 0, 0},
    .name = "classmethod_descriptor",
    .basic_size = sizeof(method_descr),
    .trace = descr_trace,
    .call = classmethod_descr_call,
    .repr = method_descr_repr,
    .descr_get = classmethod_descr_get,
};

static sp_val getset_get(sp_val descr, sp_val obj, sp_val type)
{
    getset_descr *d = (getset_descr *)descr;
    if (!obj) return descr;
    if (check_descr_self(d->def->name, d->owner, obj) < 0) return NULL;
    return d->def->get(obj);
}

static int getset_set(sp_val descr, sp_val obj, sp_val value)
{
    getset_descr *d = (getset_descr *)descr;
    if (!d->def->set) {
        sp_err_set(&sp_exc_AttributeError, "attribute '%s' of '%s' objects is not writable",
                   d->def->name, d->owner->name);
        return -1;
    }
    if (check_descr_self(d->def->name, d->owner, obj) < 0) return -1;
    return d->def->set(obj, value);
}

static sp_val getset_repr(sp_val self)
{
    getset_descr *d = (getset_descr *)self;
    return sp_str_format("<attribute '%s' of '%s' objects>", d->def->name, d->owner->name);
}

sp_type sp_type_getset_descr = {
    .ob = {&sp_type_type, 0, 0},
    .name = "getset_descriptor",
    .basic_size = sizeof(getset_descr),
    .trace = descr_trace,
    .repr = getset_repr,
    .descr_get = getset_get,
    .descr_set = getset_set,
};

/* ---- slot wrappers ------------------------------------------------------------------ */

typedef enum slot_id {
    SL_REPR,
    SL_STR,
    SL_HASH,
    SL_LT,
    SL_LE,
    SL_EQ,
    SL_NE,
    SL_GT,
    SL_GE,
    SL_BOOL,
    SL_GETATTRIBUTE,
    SL_SETATTR,
    SL_DELATTR,
    SL_CALL,
    SL_ITER,
    SL_NEXT,
    SL_LEN,
    SL_GETITEM,
    SL_SETITEM,
    SL_DELITEM,
    SL_CONTAINS,
    SL_INIT,
    SL_GET,
    SL_SET,
    SL_DELETE,
    SL_NEG,
    SL_POS,
    SL_INVERT,
    SL_ABS,
    SL_INDEX,
    SL_BINOP,                             /* + op: __add__ ... */
    SL_RBINOP = SL_BINOP + SP_OP__COUNT,  /* + op: __radd__ ... */
    SL_IBINOP = SL_RBINOP + SP_OP__COUNT, /* + op: __iadd__ ... */
    SL__COUNT = SL_IBINOP + SP_OP__COUNT
} slot_id;

static const char *const slot_names_fixed[SL_BINOP] = {
    "__repr__",    "__str__",     "__hash__",     "__lt__",     "__le__",           "__eq__",
    "__ne__",      "__gt__",      "__ge__",       "__bool__",   "__getattribute__", "__setattr__",
    "__delattr__", "__call__",    "__iter__",     "__next__",   "__len__",          "__getitem__",
    "__setitem__", "__delitem__", "__contains__", "__init__",   "__get__",          "__set__",
    "__delete__",  "__neg__",     "__pos__",      "__invert__", "__abs__",          "__index__",
};

static sp_val slot_name_cache[SL__COUNT]; /* interned, reset per run */

/* __add__ ..., __radd__ ..., __iadd__ ... in sp_binop order: spelled out, so no run
 * builds (or, forked, writes) them. */
#define BINOP_NAMES(p)                                                                             \
    "__" p "add__", "__" p "sub__", "__" p "mul__", "__" p "matmul__", "__" p "truediv__",         \
        "__" p "floordiv__", "__" p "mod__", "__" p "pow__", "__" p "lshift__", "__" p "rshift__", \
        "__" p "and__", "__" p "or__", "__" p "xor__"
static const char *const slot_names_binop[3 * SP_OP__COUNT] = {
    BINOP_NAMES(""),
    BINOP_NAMES("r"),
    BINOP_NAMES("i"),
};
#undef BINOP_NAMES
_Static_assert(SP_OP__COUNT == 13, "slot_names_binop spells the 13 operators of sp_binop");

static const char *slot_cname(int id)
{
    if (id < SL_BINOP) return slot_names_fixed[id];
    return slot_names_binop[id - SL_BINOP];
}

static sp_val slot_name(int id)
{
    static uint64_t cache_run;
    if (cache_run != sp_gc_run_id()) { /* interned strings of an older heap are gone */
        memset(slot_name_cache, 0, sizeof slot_name_cache);
        cache_run = sp_gc_run_id();
    }
    if (!slot_name_cache[id]) slot_name_cache[id] = istr(slot_cname(id));
    return slot_name_cache[id];
}

/* Does static type t define the C slot behind `id` itself (not just inherit it)? */
static void *slot_ptr(sp_type *t, int id)
{
    switch (id) {
    case SL_REPR:
        return (void *)t->repr;
    case SL_STR:
        return (void *)t->str;
    case SL_HASH:
        return (void *)t->hash;
    case SL_LT:
    case SL_LE:
    case SL_EQ:
    case SL_NE:
    case SL_GT:
    case SL_GE:
        return (void *)t->richcompare;
    case SL_BOOL:
        /* Sized built-ins keep a truthy slot only for speed: like CPython they show no
           __bool__ (range is the exception), so a Python base's __bool__ is found. */
        return t->len && t != &sp_type_range ? NULL : (void *)t->truthy;
    case SL_GETATTRIBUTE:
        return (void *)t->getattr;
    case SL_SETATTR:
    case SL_DELATTR:
        return (void *)t->setattr;
    case SL_CALL:
        return (void *)t->call;
    case SL_ITER:
        return (void *)t->iter;
    case SL_NEXT:
        return (void *)t->iternext;
    case SL_LEN:
        return (void *)t->len;
    case SL_GETITEM:
        return (void *)t->getitem;
    case SL_SETITEM:
    case SL_DELITEM:
        return (void *)t->setitem;
    case SL_CONTAINS:
        return (void *)t->contains;
    case SL_INIT:
        return (void *)t->tp_init;
    case SL_GET:
        return (void *)t->descr_get;
    case SL_SET:
    case SL_DELETE:
        return (void *)t->descr_set;
    case SL_NEG:
        return (void *)t->neg;
    case SL_POS:
        return (void *)t->pos;
    case SL_INVERT:
        return (void *)t->invert;
    case SL_ABS:
        return (void *)t->abs;
    case SL_INDEX:
        return (void *)t->index;
    default:
        if (id < SL_RBINOP) return (void *)t->binop[id - SL_BINOP];
        if (id < SL_IBINOP) return (void *)t->binop[id - SL_RBINOP];
        return (void *)t->inplace[id - SL_IBINOP];
    }
}

typedef struct slot_wrapper {
    sp_object ob;
    sp_type *owner;
    int id;
    sp_val self; /* bound form (method-wrapper) only */
} slot_wrapper;

static void slot_wrapper_trace(sp_val self)
{
    slot_wrapper *w = (slot_wrapper *)self;
    sp_gc_mark(&w->owner->ob);
    sp_gc_mark(w->self);
}

static sp_val slot_wrapper_get(sp_val descr, sp_val obj, sp_val type)
{
    slot_wrapper *w = (slot_wrapper *)descr;
    if (!obj) return descr;
    slot_wrapper *b = sp_gc_new(&sp_type_method_wrapper, sizeof(slot_wrapper));
    if (!b) return NULL;
    b->owner = w->owner;
    b->id = w->id;
    b->self = obj;
    return &b->ob;
}

static sp_val need_args(slot_wrapper *w, size_t nargs, size_t n)
{
    if (nargs != n)
        return sp_err_set(&sp_exc_TypeError, "expected %d argument%s, got %d", (int)n,
                          n == 1 ? "" : "s", (int)nargs);
    return sp_None;
}

static sp_val int_result(int rc, sp_val yes)
{
    if (rc < 0) return NULL;
    return rc ? yes : sp_None;
}

/* Call owner's C slot `w->id` on self (invariant 2). */
static sp_val call_slot(slot_wrapper *w, sp_val self, sp_val const *args, size_t nargs,
                        sp_val kwnames)
{
    sp_type *t = w->owner;
    int id = w->id;
    assert(slot_ptr(t, id) != NULL); /* only defined slots get wrappers */
    if (id != SL_CALL && id != SL_INIT && nkw(kwnames))
        return sp_err_set(&sp_exc_TypeError, "wrapper %s() takes no keyword arguments",
                          slot_cname(id));
    bool unary = id == SL_REPR || id == SL_STR || id == SL_HASH || id == SL_BOOL || id == SL_ITER ||
                 id == SL_NEXT || id == SL_LEN || (id >= SL_NEG && id <= SL_INDEX);
    if (unary && !need_args(w, nargs, 0)) return NULL;
    switch (id) {
    case SL_REPR:
        return t->repr(self);
    case SL_STR:
        return t->str(self);
    case SL_HASH: {
        int64_t h;
        if (t->hash(self, &h) < 0) return NULL;
        return sp_int_from_i64(h);
    }
    case SL_LT:
    case SL_LE:
    case SL_EQ:
    case SL_NE:
    case SL_GT:
    case SL_GE:
        if (!need_args(w, nargs, 1)) return NULL;
        return t->richcompare(self, args[0], (sp_cmpop)(id - SL_LT));
    case SL_BOOL: {
        int r = t->truthy(self);
        return r < 0 ? NULL : sp_bool(r);
    }
    case SL_GETATTRIBUTE:
        if (!need_args(w, nargs, 1)) return NULL;
        if (!sp_str_check(args[0]))
            return sp_err_set(&sp_exc_TypeError, "attribute name must be string, not '%s'",
                              sp_type_name(args[0]));
        return t->getattr(self, args[0]);
    case SL_SETATTR:
        if (!need_args(w, nargs, 2)) return NULL;
        if (!sp_str_check(args[0]))
            return sp_err_set(&sp_exc_TypeError, "attribute name must be string, not '%s'",
                              sp_type_name(args[0]));
        return int_result(t->setattr(self, args[0], args[1]) < 0 ? -1 : 0, sp_None);
    case SL_DELATTR:
        if (!need_args(w, nargs, 1)) return NULL;
        return int_result(t->setattr(self, args[0], NULL) < 0 ? -1 : 0, sp_None);
    case SL_CALL:
        return t->call(self, args, nargs, kwnames);
    case SL_ITER:
        return t->iter(self);
    case SL_NEXT: {
        sp_val r = t->iternext(self);
        if (!r && !sp_err_occurred()) sp_err_set_value(&sp_exc_StopIteration.ob);
        return r;
    }
    case SL_LEN: {
        int64_t n = t->len(self);
        return n < 0 ? NULL : sp_int_from_i64(n);
    }
    case SL_GETITEM:
        if (!need_args(w, nargs, 1)) return NULL;
        return t->getitem(self, args[0]);
    case SL_SETITEM:
        if (!need_args(w, nargs, 2)) return NULL;
        return int_result(t->setitem(self, args[0], args[1]) < 0 ? -1 : 0, sp_None);
    case SL_DELITEM:
        if (!need_args(w, nargs, 1)) return NULL;
        return int_result(t->setitem(self, args[0], NULL) < 0 ? -1 : 0, sp_None);
    case SL_CONTAINS: {
        if (!need_args(w, nargs, 1)) return NULL;
        int r = t->contains(self, args[0]);
        return r < 0 ? NULL : sp_bool(r);
    }
    case SL_INIT:
        return int_result(t->tp_init(self, args, nargs, kwnames) < 0 ? -1 : 0, sp_None);
    case SL_GET:
        if (nargs < 1 || nargs > 2)
            return sp_err_set(&sp_exc_TypeError, "expected 1 or 2 arguments, got %d", (int)nargs);
        return t->descr_get(self, args[0] == sp_None ? NULL : args[0],
                            nargs > 1 && args[1] != sp_None ? args[1] : NULL);
    case SL_SET:
        if (!need_args(w, nargs, 2)) return NULL;
        return int_result(t->descr_set(self, args[0], args[1]) < 0 ? -1 : 0, sp_None);
    case SL_DELETE:
        if (!need_args(w, nargs, 1)) return NULL;
        return int_result(t->descr_set(self, args[0], NULL) < 0 ? -1 : 0, sp_None);
    case SL_NEG:
        return t->neg(self);
    case SL_POS:
        return t->pos(self);
    case SL_INVERT:
        return t->invert(self);
    case SL_ABS:
        return t->abs(self);
    case SL_INDEX:
        return t->index(self);
    default:
        if (nargs < 1 || nargs > 2 ||
            (nargs == 2 && id != SL_BINOP + SP_OP_POW && id != SL_RBINOP + SP_OP_POW))
            return sp_err_set(&sp_exc_TypeError, "expected 1 argument, got %d", (int)nargs);
        if (nargs == 2 && args[1] != sp_None) {
            if (id == SL_BINOP + SP_OP_POW) return sp_pow3(self, args[0], args[1]);
            return sp_pow3(args[0], self, args[1]);
        }
        if (id < SL_RBINOP) return t->binop[id - SL_BINOP](self, args[0]);
        if (id < SL_IBINOP) return t->binop[id - SL_RBINOP](args[0], self);
        return t->inplace[id - SL_IBINOP](self, args[0]);
    }
}

static sp_val slot_wrapper_call(sp_val callable, sp_val const *args, size_t nargs, sp_val kwnames)
{
    slot_wrapper *w = (slot_wrapper *)callable;
    if (w->self) return call_slot(w, w->self, args, nargs, kwnames);
    if (nargs < 1)
        return sp_err_set(&sp_exc_TypeError, "descriptor '%s' of '%s' object needs an argument",
                          slot_cname(w->id), w->owner->name);
    if (!sp_isinstance(args[0], w->owner))
        return sp_err_set(&sp_exc_TypeError,
                          "descriptor '%s' requires a '%s' object but received a '%s'",
                          slot_cname(w->id), w->owner->name, sp_type_name(args[0]));
    return call_slot(w, args[0], args + 1, nargs - 1, kwnames);
}

static sp_val slot_wrapper_repr(sp_val self)
{
    slot_wrapper *w = (slot_wrapper *)self;
    if (w->self)
        return sp_str_format("<method-wrapper '%s' of %s object at %p>", slot_cname(w->id),
                             sp_type_name(w->self), (void *)w->self);
    return sp_str_format("<slot wrapper '%s' of '%s' objects>", slot_cname(w->id), w->owner->name);
}

sp_type sp_type_slot_wrapper = {
    .ob = {&sp_type_type, 0, 0},
    .name = "wrapper_descriptor",
    .basic_size = sizeof(slot_wrapper),
    .trace = slot_wrapper_trace,
    .call = slot_wrapper_call,
    .repr = slot_wrapper_repr,
    .descr_get = slot_wrapper_get,
};

sp_type sp_type_method_wrapper = {
    .ob = {&sp_type_type, 0, 0},
    .name = "method-wrapper",
    .basic_size = sizeof(slot_wrapper),
    .trace = slot_wrapper_trace,
    .call = slot_wrapper_call,
    .repr = slot_wrapper_repr,
};

/* type.__new__-style wrapper: X.__new__(cls, *args) calls X's C tp_new. */
typedef struct new_wrapper {
    sp_object ob;
    sp_type *owner;
} new_wrapper;

static sp_val new_wrapper_call(sp_val callable, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_type *owner = ((new_wrapper *)callable)->owner;
    if (nargs < 1)
        return sp_err_set(&sp_exc_TypeError, "%s.__new__(): not enough arguments", owner->name);
    if (!is_type(args[0]))
        return sp_err_set(&sp_exc_TypeError, "%s.__new__(X): X is not a type object (%s)",
                          owner->name, sp_type_name(args[0]));
    sp_type *sub = (sp_type *)args[0];
    if (!sp_is_subtype(sub, owner))
        return sp_err_set(&sp_exc_TypeError, "%s.__new__(%s): %s is not a subtype of %s",
                          owner->name, sub->name, sub->name, owner->name);
    /* CPython's tp_new_wrapper: the nearest base whose __new__ is C code must be the
     * owner's, or the object would miss the layout that base's new sets up. */
    sp_type *staticbase = sub;
    while (staticbase && staticbase->tp_new == d_new)
        staticbase = staticbase->base;
    if (staticbase && staticbase->tp_new != owner->tp_new)
        return sp_err_set(&sp_exc_TypeError, "%s.__new__(%s) is not safe, use %s.__new__()",
                          owner->name, sub->name, staticbase->name);
    return owner->tp_new(sub, args + 1, nargs - 1, kwnames);
}

static sp_val new_wrapper_repr(sp_val self)
{
    sp_type *owner = ((new_wrapper *)self)->owner;
    return sp_str_format("<built-in method __new__ of type object at %p>", (void *)owner);
}

static sp_type sp_type_new_wrapper = {
    .ob = {&sp_type_type, 0, 0},
    .name = "builtin_function_or_method",
    .basic_size = sizeof(new_wrapper), /* owner is always static: nothing to trace */
    .call = new_wrapper_call,
    .repr = new_wrapper_repr,
};

/* Slot ids whose wrapper a static type's dict gets (a bit per id, see wrapper_mask). */
typedef struct slot_mask {
    uint64_t bits[(SL__COUNT + 63) / 64];
} slot_mask;

/* The C slot fields of sp_type behind the slot ids (all but SL_BOOL, slot_ptr's
 * special case), each with the ids it serves: wrapper_mask runs for every type
 * readied, so it compares each field once instead of calling slot_ptr per id. */
typedef struct slot_field {
    uint16_t offset;
    slot_mask ids;
} slot_field;
static slot_field slot_fields[SL__COUNT];
static int nslot_fields;

static void init_slot_fields(void)
{
    if (nslot_fields) return;
    static const uint16_t fixed[SL_BINOP] = {
        [SL_REPR] = offsetof(sp_type, repr),
        [SL_STR] = offsetof(sp_type, str),
        [SL_HASH] = offsetof(sp_type, hash),
        [SL_LT] = offsetof(sp_type, richcompare),
        [SL_LE] = offsetof(sp_type, richcompare),
        [SL_EQ] = offsetof(sp_type, richcompare),
        [SL_NE] = offsetof(sp_type, richcompare),
        [SL_GT] = offsetof(sp_type, richcompare),
        [SL_GE] = offsetof(sp_type, richcompare),
        [SL_BOOL] = 0, /* see slot_ptr */
        [SL_GETATTRIBUTE] = offsetof(sp_type, getattr),
        [SL_SETATTR] = offsetof(sp_type, setattr),
        [SL_DELATTR] = offsetof(sp_type, setattr),
        [SL_CALL] = offsetof(sp_type, call),
        [SL_ITER] = offsetof(sp_type, iter),
        [SL_NEXT] = offsetof(sp_type, iternext),
        [SL_LEN] = offsetof(sp_type, len),
        [SL_GETITEM] = offsetof(sp_type, getitem),
        [SL_SETITEM] = offsetof(sp_type, setitem),
        [SL_DELITEM] = offsetof(sp_type, setitem),
        [SL_CONTAINS] = offsetof(sp_type, contains),
        [SL_INIT] = offsetof(sp_type, tp_init),
        [SL_GET] = offsetof(sp_type, descr_get),
        [SL_SET] = offsetof(sp_type, descr_set),
        [SL_DELETE] = offsetof(sp_type, descr_set),
        [SL_NEG] = offsetof(sp_type, neg),
        [SL_POS] = offsetof(sp_type, pos),
        [SL_INVERT] = offsetof(sp_type, invert),
        [SL_ABS] = offsetof(sp_type, abs),
        [SL_INDEX] = offsetof(sp_type, index),
    };
    uint16_t off[SL__COUNT];
    for (int id = 0; id < SL_BINOP; id++)
        off[id] = fixed[id];
    for (int op = 0; op < SP_OP__COUNT; op++) {
        off[SL_BINOP + op] = (uint16_t)(offsetof(sp_type, binop) + op * sizeof(void *));
        off[SL_RBINOP + op] = off[SL_BINOP + op];
        off[SL_IBINOP + op] = (uint16_t)(offsetof(sp_type, inplace) + op * sizeof(void *));
    }
    int8_t field_at[sizeof(sp_type) / sizeof(void *)]; /* word index -> field, or -1 */
    memset(field_at, -1, sizeof field_at);
    int n = 0;
    for (int id = 0; id < SL__COUNT; id++) {
        if (id == SL_BOOL) continue;
        int8_t *f = &field_at[off[id] / sizeof(void *)];
        if (*f < 0) {
            *f = (int8_t)n;
            slot_fields[n++].offset = off[id];
        }
        slot_fields[*f].ids.bits[id / 64] |= (uint64_t)1 << (id % 64);
    }
    nslot_fields = n;
}

static inline void *slot_at(const sp_type *t, uint16_t offset)
{
    void *p;
    memcpy(&p, (const char *)t + offset, sizeof p); /* a function pointer's bits */
    return p;
}

/* Which slots t defines itself (not inherited unchanged from its base), so its dict
 * shows a wrapper for them: what slot_ptr() says for each id. Taken when the type is
 * readied: the dict may be built later, but from the slots of that moment. */
static slot_mask wrapper_mask(sp_type *t)
{
    init_slot_fields();
    slot_mask m = {{0}};
    sp_type *b = t->base;
    /* Every field behind a slot id lies in [tp_init, descr_set]: a type whose fields there
     * all equal its base's (after inheriting: most exceptions) defines no slot itself
     * (SL_BOOL's rule depends on truthy and len alone, also in the range). */
    const size_t lo = offsetof(sp_type, tp_init),
                 hi = offsetof(sp_type, descr_set) + sizeof(void *);
    if (b && t != &sp_type_range && memcmp((char *)t + lo, (char *)b + lo, hi - lo) == 0) {
#ifndef NDEBUG
        for (int id = 0; id < SL__COUNT; id++)
            assert(!slot_ptr(t, id) || slot_ptr(b, id) == slot_ptr(t, id));
#endif
        return m;
    }
    for (int f = 0; f < nslot_fields; f++) {
        void *mine = slot_at(t, slot_fields[f].offset);
        if (!mine || (b && slot_at(b, slot_fields[f].offset) == mine)) continue;
        for (size_t w = 0; w < sizeof m.bits / sizeof m.bits[0]; w++)
            m.bits[w] |= slot_fields[f].ids.bits[w];
    }
    void *mine = slot_ptr(t, SL_BOOL);
    if (mine && (!b || slot_ptr(b, SL_BOOL) != mine))
        m.bits[SL_BOOL / 64] |= (uint64_t)1 << SL_BOOL;
    if (t->hash == NULL || t->hash == sp_unhashable)
        m.bits[SL_HASH / 64] &= ~((uint64_t)1 << (SL_HASH % 64));
#ifndef NDEBUG
    for (int id = 0; id < SL__COUNT; id++) { /* the same answer as slot_ptr per id */
        void *p = slot_ptr(t, id);
        bool want = p && (!b || slot_ptr(b, id) != p) &&
                    !(id == SL_HASH && (t->hash == NULL || t->hash == sp_unhashable));
        assert(want == ((m.bits[id / 64] >> (id % 64)) & 1));
    }
#endif
    return m;
}

static int add_slot_wrappers(sp_type *t, const slot_mask *m, bool want_new)
{
    for (int id = 0; id < SL__COUNT; id++) {
        if (!(m->bits[id / 64] & ((uint64_t)1 << (id % 64)))) continue;
        sp_val name = slot_name(id);
        if (!name) return -1;
        if (sp_dict_get(t->dict, name)) continue; /* an explicit method wins */
        slot_wrapper *w = sp_gc_new(&sp_type_slot_wrapper, sizeof(slot_wrapper));
        if (!w || sp_dict_set(t->dict, name, &w->ob) < 0) return -1;
        w->owner = t;
        w->id = id;
    }
    if (want_new && !sp_dict_get_cstr(t->dict, "__new__")) {
        new_wrapper *w = sp_gc_new(&sp_type_new_wrapper, sizeof(new_wrapper));
        if (!w || sp_dict_set_cstr(t->dict, "__new__", &w->ob) < 0) return -1;
        w->owner = t;
    }
    return 0;
}

/* ---- sp_type_ready --------------------------------------------------------------------- */

#define INHERIT(f)                                                                                 \
    do {                                                                                           \
        if (!t->f) t->f = b->f;                                                                    \
    } while (0)

static void inherit_slots(sp_type *t, sp_type *b)
{
    INHERIT(trace);
    INHERIT(finalize);
    /* Like CPython, a static type deriving directly from object without its own
     * tp_new cannot be instantiated from Python (iterators, descriptors, ...). */
    if (!(b == &sp_type_object && !(t->flags & SP_TF_HEAPTYPE))) INHERIT(tp_new);
    INHERIT(tp_init);
    INHERIT(repr);
    INHERIT(str);
    if (!t->hash && !t->richcompare) {
        t->hash = b->hash;
        t->richcompare = b->richcompare;
    }
    INHERIT(truthy);
    INHERIT(getattr);
    INHERIT(setattr);
    INHERIT(call);
    INHERIT(iter);
    INHERIT(iternext);
    for (int i = 0; i < SP_OP__COUNT; i++) {
        INHERIT(binop[i]);
        INHERIT(inplace[i]);
    }
    INHERIT(neg);
    INHERIT(pos);
    INHERIT(invert);
    INHERIT(abs);
    INHERIT(index);
    INHERIT(len);
    INHERIT(getitem);
    INHERIT(setitem);
    INHERIT(contains);
    INHERIT(descr_get);
    INHERIT(descr_set);
    if (!t->basic_size) t->basic_size = b->basic_size;
    if (!t->dict_offset) t->dict_offset = b->dict_offset;
    t->flags |= b->flags & (SP_TF_INT_SUB | SP_TF_STR_SUB | SP_TF_LIST_SUB | SP_TF_TUPLE_SUB |
                            SP_TF_DICT_SUB | SP_TF_EXC_SUB | SP_TF_TYPE_SUB);
}

static sp_val mro_from_base_chain(sp_type *t)
{
    size_t n = 0;
    for (sp_type *c = t; c; c = c->base)
        n++;
    sp_val m = sp_tuple_new(n);
    if (!m) return NULL;
    size_t i = 0;
    for (sp_type *c = t; c; c = c->base)
        TUP(m)->items[i++] = &c->ob;
    return m;
}

static int add_method_defs(sp_type *t, const sp_method_def *methods)
{
    for (const sp_method_def *m = methods; m && m->name; m++) {
        sp_val v;
        if (m->flags & SP_METH_STATIC) {
            v = sp_builtin_new(m, NULL, NULL);
        } else {
            sp_type *dt =
                (m->flags & SP_METH_CLASS) ? &sp_type_classmethod_descr : &sp_type_method_descr;
            method_descr *d = sp_gc_new(dt, sizeof(method_descr));
            if (d) {
                d->def = m;
                d->owner = t;
            }
            v = (sp_val)d;
        }
        if (!v || sp_dict_set_cstr(t->dict, m->name, v) < 0) return -1;
    }
    return 0;
}

static int add_getset_defs(sp_type *t, const sp_getset_def *getsets)
{
    for (const sp_getset_def *g = getsets; g && g->name; g++) {
        getset_descr *d = sp_gc_new(&sp_type_getset_descr, sizeof(getset_descr));
        if (!d) return -1;
        d->def = g;
        d->owner = t;
        if (sp_dict_set_cstr(t->dict, g->name, &d->ob) < 0) return -1;
    }
    return 0;
}

/* ---- lazy dicts of static types ----------------------------------------------------
 * Most built-in types' dicts are never read by a given program, and building them all
 * (~1,300 descriptors, names and dict entries) was most of the interpreter's start-up.
 * So sp_type_ready sets a static type's slots, bases and MRO at once but only records
 * how to fill its dict; the dict is built on the first sp_type_attr_dict() of the type.
 * Every reader of a static type's dict goes through sp_type_attr_dict() (obj_type.c,
 * builtins.c); the VM's inline attribute caches fall back to sp_type_lookup() when a
 * dict on the MRO is NULL, and the collector marks a NULL dict as nothing.
 *
 * Invariants
 *  1. For a type readied in this run: TF_DICT_PENDING set <=> t->dict == NULL and
 *     `pending` holds t's record; the dict built from it equals what an eager build
 *     at sp_type_ready would have made (the slot-wrapper set is taken at that time).
 *     (A type readied only by an older run keeps the flag but has no record: it has
 *     no dict in this heap.)
 *  2. Building a dict changes no lookup result (it only makes visible what the type
 *     already has), so it bumps neither sp_type_epoch nor any dict version.
 *  3. The records belong to one run (sp_gc_run_id), like the types' dicts: a new run
 *     readies every type again. */

typedef struct pending_dict {
    sp_type *t;
    const sp_method_def *methods;
    const sp_getset_def *getsets;
    slot_mask wrappers;
    bool new_wrapper; /* a __new__ wrapper unless a method of that name exists */
} pending_dict;

#define PENDING_MAX 512    /* records per run; beyond it types are built eagerly */
#define PENDING_SLOTS 1024 /* open-addressing index: type -> record + 1 */

static struct {
    uint64_t run;
    pending_dict *recs; /* malloc'd: bookkeeping outside the budgeted heap */
    size_t n, cap;
    uint16_t index[PENDING_SLOTS];
} pending;

static size_t pending_slot(const sp_type *t)
{
    return (size_t)(((uintptr_t)t >> 4) * 0x9E3779B97F4A7C15ull >> 54) & (PENDING_SLOTS - 1);
}

/* The record of t, or NULL. */
static pending_dict *pending_find(const sp_type *t)
{
    if (pending.run != sp_gc_run_id()) return NULL;
    for (size_t j = pending_slot(t);; j = (j + 1) & (PENDING_SLOTS - 1)) {
        uint16_t k = pending.index[j];
        if (!k) return NULL;
        if (pending.recs[k - 1].t == t) return &pending.recs[k - 1];
    }
}

/* Remember how to build t's dict; false if the record cannot be stored (the caller
 * then builds the dict at once). */
static bool pending_add(const pending_dict *rec)
{
    if (pending.run != sp_gc_run_id()) {
        pending.run = sp_gc_run_id();
        pending.n = 0;
        memset(pending.index, 0, sizeof pending.index);
    }
    pending_dict *old = pending_find(rec->t); /* readied again */
    if (old) {
        *old = *rec;
        return true;
    }
    if (pending.n == PENDING_MAX) return false;
    if (pending.n == pending.cap) {
        size_t ncap = pending.cap ? pending.cap * 2 : 256;
        pending_dict *nr = realloc(pending.recs, ncap * sizeof *nr);
        if (!nr) return false;
        pending.recs = nr;
        pending.cap = ncap;
    }
    size_t j = pending_slot(rec->t);
    while (pending.index[j])
        j = (j + 1) & (PENDING_SLOTS - 1);
    pending.recs[pending.n++] = *rec;
    pending.index[j] = (uint16_t)pending.n;
    return true;
}

/* Would the dict built from rec have the key `name` (a str)? Answers a failed look-up
 * without building the dict: the keys are exactly those fill_static_dict stores. */
static bool pending_has_name(const pending_dict *rec, sp_val name)
{
    for (const sp_method_def *m = rec->methods; m && m->name; m++)
        if (sp_str_eq_cstr(name, m->name)) return true;
    for (const sp_getset_def *g = rec->getsets; g && g->name; g++)
        if (sp_str_eq_cstr(name, g->name)) return true;
    const sp_str *s = (const sp_str *)name;
    if (s->size < 4 || s->data[0] != '_' || s->data[1] != '_') return false; /* no dunder */
    if (sp_str_eq_cstr(name, "__doc__")) return true;
    if (rec->new_wrapper && sp_str_eq_cstr(name, "__new__")) return true;
    const sp_type *t = rec->t;
    if ((!t->hash || t->hash == sp_unhashable) && sp_str_eq_cstr(name, "__hash__")) return true;
    for (int id = 0; id < SL__COUNT; id++)
        if ((rec->wrappers.bits[id / 64] >> (id % 64) & 1) && sp_str_eq_cstr(name, slot_cname(id)))
            return true;
    return false;
}

/* Fill t->dict (new, empty) from its record. */
static int fill_static_dict(sp_type *t, const pending_dict *rec)
{
    if (add_method_defs(t, rec->methods) < 0 || add_getset_defs(t, rec->getsets) < 0 ||
        add_slot_wrappers(t, &rec->wrappers, rec->new_wrapper) < 0)
        return -1;
    if ((!t->hash || t->hash == sp_unhashable) &&
        sp_dict_set_cstr(t->dict, "__hash__", sp_None) < 0)
        return -1;
    if (!sp_dict_get_cstr(t->dict, "__doc__") && sp_dict_set_cstr(t->dict, "__doc__", sp_None) < 0)
        return -1;
    return 0;
}

sp_val sp_type_attr_dict_slow(sp_type *t)
{
    if (t->dict || !(t->flags & TF_DICT_PENDING)) return t->dict;
    pending_dict *found = pending_find(t);
    if (!found) return NULL;   /* readied by an older run only: no dict in this heap */
    pending_dict rec = *found; /* filling may ready other types and move the records */
    sp_val d = sp_dict_new();
    if (!d) return NULL;
    t->dict = d; /* reachable from now on (the static type registry marks it) */
    if (fill_static_dict(t, &rec) < 0) {
        t->dict = NULL; /* still pending: a later access tries again */
        return NULL;
    }
    t->flags &= ~TF_DICT_PENDING;
#ifndef NDEBUG
    size_t pos = 0; /* a miss answered from the record must be a real miss */
    sp_val k, v;
    while (sp_dict_next(d, &pos, &k, &v))
        assert(pending_has_name(&rec, k));
#endif
    return d;
}

/* The dict of MRO member c to search for `name`, or NULL to skip c: c has no dict, or
 * c's dict is pending and would not have the name (so a miss builds nothing), or
 * building it failed (*failed set, MemoryError raised). */
static sp_val dict_to_search(sp_type *c, sp_val name, bool *failed)
{
    if (c->dict || !(c->flags & TF_DICT_PENDING)) return c->dict;
    pending_dict *rec = pending_find(c);
    if (rec && sp_typeof(name) == &sp_type_str && !pending_has_name(rec, name)) return NULL;
    sp_val d = sp_type_attr_dict_slow(c);
    if (!d) *failed = true;
    return d;
}

int sp_type_materialize_dicts(sp_type *const *types, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!sp_type_attr_dict(types[i]) && (types[i]->flags & TF_DICT_PENDING)) return -1;
    return 0;
}

/* The __bases__ tuple (base,) of a static type. Most static types derive from object:
 * they share one tuple per run (immutable, so no one can tell). */
static sp_val bases_of(sp_type *base)
{
    static sp_val object_bases;
    static uint64_t object_bases_run;
    if (base != &sp_type_object) return sp_tuple_pack(1, &base->ob);
    if (object_bases_run != sp_gc_run_id() || !object_bases) {
        object_bases = sp_tuple_pack(1, &base->ob); /* kept alive by every type using it */
        if (!object_bases) return NULL;
        object_bases_run = sp_gc_run_id();
    }
    return object_bases;
}

int sp_type_ready(sp_type *t, const sp_method_def *methods, const sp_getset_def *getsets)
{
    if (!t->ob.type) t->ob.type = &sp_type_type;
    if (!t->base && t != &sp_type_object) t->base = &sp_type_object;
    sp_gc_add_static_type(t);
    if (t->base) inherit_slots(t, t->base);
    t->name_obj = NULL; /* interned on demand (type_get_name), or by the builtins module */
    t->bases = t->base ? bases_of(t->base) : sp_empty_tuple;
    t->mro = NULL;
    t->dict = NULL;
    t->flags &= ~TF_DICT_PENDING;
    sp_val mro = mro_from_base_chain(t);
    if (!t->bases || !mro) return -1;
    t->mro = mro;
    sp_type *b = t->base;
    pending_dict rec = {
        .t = t,
        .methods = methods,
        .getsets = getsets,
        .wrappers = wrapper_mask(t),
        .new_wrapper = t->tp_new && (!b || b->tp_new != t->tp_new),
    };
    if (pending_add(&rec)) {
        t->flags |= TF_DICT_PENDING;
    } else {
        t->dict = sp_dict_new();
        if (!t->dict || fill_static_dict(t, &rec) < 0) return -1;
    }
    types_changed();
    assert(TUP(t->mro)->items[0] == &t->ob); /* invariant 1 */
    return 0;
}

/* ---- generic attribute access --------------------------------------------------------- */

/* ---- side dicts: instance __dict__ of subclasses of variable-size built-ins ----------------
 * str, tuple and bytes keep their items right after the header, so their subclasses have no
 * room for a dict pointer at a fixed offset (CPython puts it after the items; our built-ins
 * allocate exactly). Such classes carry TF_SIDE_DICT and their instances' dicts live in this
 * table, keyed by the instance's address.
 * Invariants:
 *  1. An entry's key is a live instance of a TF_SIDE_DICT class: the class's finalize hook
 *     removes the entry when the instance dies (before its memory is reused).
 *  2. The table is not a GC root: an instance's trace hook marks its own dict.
 *  3. cells[i] is a raw one-value buffer that never moves, so callers may keep the pointer
 *     across allocations (and so across collections and table growth).
 *  4. The table belongs to one run (sp_gc_run_id): a new run starts from an empty table. */
#define TF_SIDE_DICT (1u << 24)
#define SIDE_TOMB ((sp_val)(uintptr_t)1) /* a removed key; never a heap address */

static struct {
    uint64_t run;
    size_t cap, used; /* used counts tombstones too */
    sp_val *keys;
    sp_val **cells;
} side;

static size_t side_hash(sp_val obj)
{
    return (size_t)(((uintptr_t)obj >> 4) * 0x9E3779B97F4A7C15ull);
}

static void side_check_run(void)
{
    if (side.run != sp_gc_run_id()) { /* the old run's buffers went with its heap */
        memset(&side, 0, sizeof side);
        side.run = sp_gc_run_id();
    }
}

/* Index of obj's entry, or of the free place where it would go (cap must be non-zero). */
static size_t side_find(sp_val obj, bool *found)
{
    size_t mask = side.cap - 1, i = side_hash(obj) & mask, free_at = SIZE_MAX;
    for (;; i = (i + 1) & mask) {
        sp_val k = side.keys[i];
        if (k == obj) {
            *found = true;
            return i;
        }
        if (k == SIDE_TOMB && free_at == SIZE_MAX) free_at = i;
        if (!k) {
            *found = false;
            return free_at != SIZE_MAX ? free_at : i;
        }
    }
}

static int side_grow(void)
{
    /* sized from the live entries, so tombstones left by dead instances are dropped
       instead of doubling the table */
    size_t live_now = 0;
    for (size_t i = 0; i < side.cap; i++)
        live_now += side.keys[i] && side.keys[i] != SIDE_TOMB;
    size_t ncap = 64;
    while (ncap < (live_now + 1) * 2)
        ncap *= 2;
    sp_val *keys = sp_mem_calloc(ncap, sizeof(sp_val));
    if (!keys) return -1;
    sp_val **cells = sp_mem_calloc(ncap, sizeof(sp_val *));
    if (!cells) {
        sp_mem_free(keys, ncap * sizeof(sp_val));
        return -1;
    }
    size_t ocap = side.cap, live = 0;
    sp_val *okeys = side.keys;
    sp_val **ocells = side.cells;
    side.keys = keys;
    side.cells = cells;
    side.cap = ncap;
    for (size_t i = 0; i < ocap; i++) {
        if (!okeys[i] || okeys[i] == SIDE_TOMB) continue;
        bool found;
        size_t j = side_find(okeys[i], &found);
        keys[j] = okeys[i];
        cells[j] = ocells[i];
        live++;
    }
    side.used = live;
    if (ocap) {
        sp_mem_free(okeys, ocap * sizeof(sp_val));
        sp_mem_free(ocells, ocap * sizeof(sp_val *));
    }
    return 0;
}

/* obj's dict cell; NULL when it has none yet (create false) or on MemoryError (create true). */
static sp_val *side_cell(sp_val obj, bool create)
{
    side_check_run();
    bool found = false;
    size_t i = side.cap ? side_find(obj, &found) : 0;
    if (found) return side.cells[i];
    if (!create) return NULL;
    sp_val *cell = sp_mem_calloc(1, sizeof(sp_val));
    if (!cell) return NULL;
    if ((side.used + 1) * 4 > side.cap * 3) {
        if (side_grow() < 0) {
            sp_mem_free(cell, sizeof(sp_val));
            return NULL;
        }
    }
    i = side_find(obj, &found);
    if (!side.keys[i]) side.used++;
    side.keys[i] = obj;
    side.cells[i] = cell;
    return cell;
}

/* The finalize hook of TF_SIDE_DICT classes: drop the entry, then the built-in's own hook. */
static void side_finalize(sp_val self)
{
    if (side.run == sp_gc_run_id() && side.cap) {
        bool found;
        size_t i = side_find(self, &found);
        if (found) {
            sp_mem_free(side.cells[i], sizeof(sp_val));
            side.keys[i] = SIDE_TOMB;
            side.cells[i] = NULL;
        }
    }
    sp_type *s = self->type;
    while (s->flags & SP_TF_HEAPTYPE)
        s = s->base;
    if (s->finalize) s->finalize(self);
}

/* Where obj's __dict__ pointer lives, or NULL when its class has no instance dicts. For a
 * side dict that does not exist yet, `create` makes the (empty) cell; otherwise a shared
 * empty cell is returned, which callers only read. */
static sp_val *dict_slot(sp_val obj, bool create)
{
    static sp_val no_dict_yet;
    if (sp_is_small(obj)) return NULL;
    if (obj->type->flags & TF_SIDE_DICT) {
        sp_val *cell = side_cell(obj, create);
        if (cell || create) return cell;
        no_dict_yet = NULL;
        return &no_dict_yet;
    }
    size_t off = obj->type->dict_offset;
    return off ? (sp_val *)((char *)obj + off) : NULL;
}

static sp_val *instance_dict_slot(sp_val obj)
{
    return dict_slot(obj, false);
}

static void *no_attribute(sp_val obj, sp_val name)
{
    return sp_err_set(&sp_exc_AttributeError, "'%s' object has no attribute '%U'",
                      sp_type_name(obj), name);
}

sp_val sp_generic_getattr(sp_val obj, sp_val name)
{
    sp_type *t = sp_typeof(obj);
    sp_val descr = sp_type_lookup(t, name);
    sp_type *dt = descr ? sp_typeof(descr) : NULL;
    if (descr && dt->descr_set && dt->descr_get) return dt->descr_get(descr, obj, &t->ob);
    sp_val *dslot = instance_dict_slot(obj);
    if (dslot && *dslot) {
        sp_val v = sp_dict_get(*dslot, name);
        if (v) return v;
        if (sp_err_occurred()) return NULL;
    }
    if (descr) {
        if (dt->descr_get) return dt->descr_get(descr, obj, &t->ob);
        return descr;
    }
    return no_attribute(obj, name);
}

int sp_generic_setattr(sp_val obj, sp_val name, sp_val value)
{
    sp_type *t = sp_typeof(obj);
    sp_val descr = sp_type_lookup(t, name);
    if (descr && sp_typeof(descr)->descr_set) return sp_typeof(descr)->descr_set(descr, obj, value);
    sp_val *dslot = dict_slot(obj, value != NULL);
    if (!dslot && sp_err_occurred()) return -1; /* no memory for a side dict */
    if (!dslot) {
        if (descr)
            sp_err_set(&sp_exc_AttributeError, "'%s' object attribute '%U' is read-only", t->name,
                       name);
        else
            no_attribute(obj, name);
        return -1;
    }
    if (!value) {
        if (!*dslot || !sp_dict_get(*dslot, name)) {
            no_attribute(obj, name);
            return -1;
        }
        return sp_dict_del(*dslot, name);
    }
    if (!*dslot) {
        *dslot = sp_dict_new();
        if (!*dslot) return -1;
    }
    return sp_dict_set(*dslot, name, value);
}

/* ---- object --------------------------------------------------------------------------- */

static int object_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames);

static sp_val object_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    bool excess = nargs || nkw(kwnames);
    if (excess) {
        if (type->tp_new != object_new)
            return sp_err_set(
                &sp_exc_TypeError,
                "object.__new__() takes exactly one argument (the type to instantiate)");
        if (type->tp_init == object_init)
            return sp_err_set(&sp_exc_TypeError, "%s() takes no arguments", type->name);
    }
    if (type->flags & SP_TF_TYPE_SUB)
        return sp_err_set(&sp_exc_TypeError, "object.__new__(%s) is not safe, use type.__new__()",
                          type->name);
    return sp_gc_new(type, type->basic_size);
}

static int object_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (nargs || nkw(kwnames)) {
        sp_type *type = sp_typeof(self);
        if (type->tp_init != object_init) {
            sp_err_set(&sp_exc_TypeError,
                       "object.__init__() takes exactly one argument (the instance to initialize)");
            return -1;
        }
        if (type->tp_new == object_new) {
            sp_err_set(&sp_exc_TypeError, "%s() takes no arguments", type->name);
            return -1;
        }
    }
    return 0;
}

static sp_val object_repr(sp_val self)
{
    sp_val name = type_display_name(sp_typeof(self));
    if (!name) return NULL;
    return sp_str_format("<%U object at %p>", name, (void *)self);
}

static sp_val object_str(sp_val self)
{
    return sp_repr(self);
}

static sp_val object_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    switch (op) {
    case SP_CMP_EQ:
        return a == b ? sp_True : sp_NotImplemented;
    case SP_CMP_NE: {
        /* By default, __ne__ delegates to __eq__ and inverts the result. */
        sp_type *t = sp_typeof(a);
        if (!t->richcompare) return sp_NotImplemented;
        sp_val r = t->richcompare(a, b, SP_CMP_EQ);
        if (!r || r == sp_NotImplemented) return r;
        int v = sp_truthy(r);
        return v < 0 ? NULL : sp_bool(!v);
    }
    default:
        return sp_NotImplemented;
    }
}

static sp_val object_getattr(sp_val self, sp_val name)
{
    return sp_generic_getattr(self, name);
}

static int object_setattr(sp_val self, sp_val name, sp_val value)
{
    return sp_generic_setattr(self, name, value);
}

static sp_val object_get_class(sp_val self)
{
    return &sp_typeof(self)->ob;
}

static int object_set_class(sp_val self, sp_val value)
{
    if (!value) {
        sp_err_set(&sp_exc_TypeError, "can't delete __class__ attribute");
        return -1;
    }
    if (!is_type(value)) {
        sp_err_set(&sp_exc_TypeError, "__class__ must be set to a class, not '%s' object",
                   sp_type_name(value));
        return -1;
    }
    sp_type *old = sp_typeof(self), *nt = (sp_type *)value;
    if (!(old->flags & SP_TF_HEAPTYPE) || !(nt->flags & SP_TF_HEAPTYPE)) {
        sp_err_set(
            &sp_exc_TypeError,
            "__class__ assignment only supported for mutable types or ModuleType subclasses");
        return -1;
    }
    if (old->basic_size != nt->basic_size || old->dict_offset != nt->dict_offset ||
        old->trace != nt->trace) {
        sp_err_set(&sp_exc_TypeError, "__class__ assignment: '%s' object layout differs from '%s'",
                   nt->name, old->name);
        return -1;
    }
    self->type = nt;
    return 0;
}

sp_val sp_object_get_dict(sp_val self)
{
    sp_val *slot = dict_slot(self, true);
    if (!slot) return sp_err_occurred() ? NULL : no_attribute(self, istr("__dict__"));
    if (!*slot) *slot = sp_dict_new();
    return *slot;
}

int sp_object_set_dict(sp_val self, sp_val value)
{
    sp_val *slot = instance_dict_slot(self);
    if (!slot) {
        no_attribute(self, istr("__dict__"));
        return -1;
    }
    if (!value || !sp_isinstance(value, &sp_type_dict)) {
        sp_err_set(&sp_exc_TypeError, "__dict__ must be set to a dictionary, not a '%s'",
                   value ? sp_type_name(value) : "NoneType");
        return -1;
    }
    if (!(slot = dict_slot(self, true))) return -1;
    *slot = value;
    return 0;
}

static const sp_getset_def object_getsets[] = {
    {"__class__", object_get_class, object_set_class},
    {NULL, NULL, NULL},
};

/* __dict__ and __weakref__ live in the dict of each class that introduces an instance
 * dict (like CPython), so built-in instances do not show them. */
static sp_val no_weakref(sp_val self)
{
    return sp_None;
}
static const sp_getset_def instance_dict_getset[] = {
    {"__dict__", sp_object_get_dict, sp_object_set_dict},
    {"__weakref__", no_weakref, NULL},
    {NULL, NULL, NULL},
};

static sp_val object_format(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("__format__", kwnames) < 0 || sp_check_nargs("__format__", nargs, 1, 1) < 0)
        return NULL;
    if (!sp_str_check(args[0]))
        return sp_err_set(&sp_exc_TypeError, "__format__() argument must be str, not %s",
                          sp_type_name(args[0]));
    if (((sp_str *)args[0])->len > 0)
        return sp_err_set(&sp_exc_TypeError, "unsupported format string passed to %s.__format__",
                          sp_type_name(self));
    return sp_str_of(self);
}

static sp_val object_init_subclass(sp_val cls, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (nargs || nkw(kwnames))
        return sp_err_set(&sp_exc_TypeError, "%s.__init_subclass__() takes no keyword arguments",
                          "object");
    return sp_None;
}

static sp_val object_subclasshook(sp_val cls, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_NotImplemented;
}

static int add_names(sp_val set, sp_val dict)
{
    size_t pos = 0;
    sp_val k, v;
    while (sp_dict_next(dict, &pos, &k, &v))
        if (sp_set_add(set, k) < 0) return -1;
    return 0;
}

static sp_val object_dir(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_check_nargs("__dir__", nargs, 0, 0) < 0) return NULL;
    sp_val set = sp_set_new(&sp_type_set);
    if (!set) return NULL;
    sp_val *dslot = instance_dict_slot(self);
    if (dslot && *dslot && add_names(set, *dslot) < 0) return NULL;
    sp_type *t = is_type(self) ? (sp_type *)self : sp_typeof(self);
    sp_tuple *m = TUP(t->mro);
    for (size_t i = 0; m && i < m->len; i++) {
        sp_val d = sp_type_attr_dict((sp_type *)m->items[i]);
        if (!d) {
            if (sp_err_occurred()) return NULL;
            continue;
        }
        if (add_names(set, d) < 0) return NULL;
    }
    return sp_list_from_iterable(set);
}

static sp_val object_reduce_ex(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_err_set(&sp_exc_TypeError, "cannot pickle '%s' object", sp_type_name(self));
}

static sp_val object_getstate(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_check_nargs("__getstate__", nargs, 0, 0) < 0) return NULL;
    sp_val *slot = instance_dict_slot(self);
    if (!slot || !*slot || ((sp_dict *)*slot)->len == 0) return sp_None;
    return sp_dict_copy(*slot);
}

static sp_val object_sizeof(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_int_from_i64((int64_t)(sp_is_small(self) ? 28 : sp_typeof(self)->basic_size));
}

static const sp_method_def object_methods[] = {
    {"__format__", object_format, 0},
    {"__init_subclass__", object_init_subclass, SP_METH_CLASS},
    {"__subclasshook__", object_subclasshook, SP_METH_CLASS},
    {"__dir__", object_dir, 0},
    {"__reduce_ex__", object_reduce_ex, 0},
    {"__reduce__", object_reduce_ex, 0},
    {"__sizeof__", object_sizeof, 0},
    {"__getstate__", object_getstate, 0},
    {NULL, NULL, 0},
};

sp_type sp_type_object = {
    .ob = {&sp_type_type, 0, 0},
    .name = "object",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(sp_object),
    .tp_new = object_new,
    .tp_init = object_init,
    .repr = object_repr,
    .str = object_str,
    .hash = identity_hash,
    .richcompare = object_richcompare,
    .getattr = object_getattr,
    .setattr = object_setattr,
};

/* ---- heap types: slot dispatchers ------------------------------------------------------ */

/* First static type on t's base chain: where non-overridden slots come from. */
static sp_type *static_base(sp_type *t)
{
    while (t->flags & SP_TF_HEAPTYPE)
        t = t->base;
    return t;
}

/* Does the MRO lookup of `name` on t find a heap class's definition (so the slot needs a
 * dispatcher) rather than a static class's? Static classes that do not define `name`
 * themselves are looked through, as CPython's lookup does: in class N(int, E), E's
 * __contains__ and __str__ win over the ones int merely inherits from object. */
static bool heap_defines(sp_type *t, sp_val name)
{
    sp_tuple *m = TUP(t->mro);
    for (size_t i = 0; i < m->len; i++) {
        sp_type *c = (sp_type *)m->items[i];
        sp_val d = sp_type_attr_dict(c);
        if (d && sp_dict_get(d, name)) return (c->flags & SP_TF_HEAPTYPE) != 0;
    }
    return false;
}

sp_val sp_call_special(sp_val self, sp_val name, sp_val const *args, size_t nargs, bool *found)
{
    sp_type *t = sp_typeof(self);
    sp_val f = sp_type_lookup(t, name);
    *found = f != NULL;
    if (!f) return NULL;
    sp_type *ft = sp_typeof(f);
    if (ft == &sp_type_function || ft == &sp_type_method_descr || ft == &sp_type_slot_wrapper) {
        sp_val stackbuf[8];
        sp_val *argv = nargs + 1 <= 8 ? stackbuf : sp_mem_alloc((nargs + 1) * sizeof(sp_val));
        if (!argv) return NULL;
        argv[0] = self;
        for (size_t i = 0; i < nargs; i++)
            argv[i + 1] = args[i];
        sp_val r = sp_call(f, argv, nargs + 1, NULL);
        if (argv != stackbuf) sp_mem_free(argv, (nargs + 1) * sizeof(sp_val));
        return r;
    }
    if (ft->descr_get) {
        f = ft->descr_get(f, self, &t->ob);
        if (!f) return NULL;
    }
    return sp_call(f, args, nargs, NULL);
}

sp_val sp_lookup_special(sp_val obj, const char *name)
{
    sp_type *t = sp_typeof(obj);
    sp_val f = sp_type_lookup(t, istr(name));
    if (!f) return NULL;
    if (sp_typeof(f)->descr_get) return sp_typeof(f)->descr_get(f, obj, &t->ob);
    return f;
}

static sp_val call_dunder(sp_val self, int id, sp_val const *args, size_t nargs)
{
    bool found;
    sp_val r = sp_call_special(self, slot_name(id), args, nargs, &found);
    if (!found && !sp_err_occurred()) return no_attribute(self, slot_name(id));
    return r;
}

static sp_val d_repr(sp_val self)
{
    sp_val r = call_dunder(self, SL_REPR, NULL, 0);
    if (r && !sp_str_check(r))
        return sp_err_set(&sp_exc_TypeError, "__repr__ returned non-string (type %s)",
                          sp_type_name(r));
    return r;
}

static sp_val d_str(sp_val self)
{
    sp_val r = call_dunder(self, SL_STR, NULL, 0);
    if (r && !sp_str_check(r))
        return sp_err_set(&sp_exc_TypeError, "__str__ returned non-string (type %s)",
                          sp_type_name(r));
    return r;
}

static int d_hash(sp_val self, int64_t *out)
{
    sp_val f = sp_type_lookup(sp_typeof(self), slot_name(SL_HASH));
    if (f == sp_None || !f) {
        sp_err_set(&sp_exc_TypeError, "unhashable type: '%s'", sp_type_name(self));
        return -1;
    }
    sp_val r = call_dunder(self, SL_HASH, NULL, 0);
    if (!r) return -1;
    if (!sp_int_check(r)) {
        sp_err_set(&sp_exc_TypeError, "__hash__ method should return an integer");
        return -1;
    }
    /* CPython's slot_tp_hash: the value itself when it fits a Py_hash_t, else the
     * int hash of it (so hash(obj) == hash(obj.data) for `return hash(self.data)`). */
    if (sp_is_small(r)) {
        *out = sp_small_value(r);
    } else if (sp_int_to_i64(r, out) < 0) {
        sp_err_clear();
        *out = sp_int_hash(r);
    }
    if (*out == -1) *out = -2;
    return 0;
}

static sp_val d_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    bool found;
    sp_val r = sp_call_special(a, slot_name(SL_LT + (int)op), &b, 1, &found);
    if (!found && !sp_err_occurred()) return sp_NotImplemented;
    return r;
}

static int d_truthy(sp_val self)
{
    bool found;
    sp_val r = sp_call_special(self, slot_name(SL_BOOL), NULL, 0, &found);
    if (found) {
        if (!r) return -1;
        if (r != sp_True && r != sp_False) {
            sp_err_set(&sp_exc_TypeError, "__bool__ should return bool, returned %s",
                       sp_type_name(r));
            return -1;
        }
        return r == sp_True;
    }
    if (sp_err_occurred()) return -1;
    sp_type *t = sp_typeof(self);
    if (t->len) {
        int64_t n = t->len(self);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

static sp_val d_getattr(sp_val self, sp_val name)
{
    sp_type *t = sp_typeof(self);
    sp_val r;
    if (heap_defines(t, slot_name(SL_GETATTRIBUTE)))
        r = call_dunder(self, SL_GETATTRIBUTE, &name, 1);
    else
        r = static_base(t)->getattr(self, name);
    if (r || !sp_err_matches(&sp_exc_AttributeError)) return r;
    sp_val ga = sp_type_lookup(t, istr("__getattr__"));
    if (!ga) return NULL;
    sp_err_clear();
    bool found;
    return sp_call_special(self, istr("__getattr__"), &name, 1, &found);
}

static int d_setattr(sp_val self, sp_val name, sp_val value)
{
    sp_val r;
    if (value) {
        sp_val args[2] = {name, value};
        r = call_dunder(self, SL_SETATTR, args, 2);
    } else {
        r = call_dunder(self, SL_DELATTR, &name, 1);
    }
    return r ? 0 : -1;
}

static sp_val d_call(sp_val callable, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_val f = sp_type_lookup(sp_typeof(callable), slot_name(SL_CALL));
    if (!f)
        return sp_err_set(&sp_exc_TypeError, "'%s' object is not callable", sp_type_name(callable));
    size_t total = nargs + nkw(kwnames);
    sp_val *argv = sp_mem_alloc((total + 1) * sizeof(sp_val));
    if (!argv) return NULL;
    argv[0] = callable;
    if (total) memcpy(argv + 1, args, total * sizeof(sp_val));
    sp_val r;
    if (sp_typeof(f)->descr_get && sp_typeof(f) != &sp_type_function) {
        sp_val bound = sp_typeof(f)->descr_get(f, callable, &sp_typeof(callable)->ob);
        r = bound ? sp_call(bound, args, nargs, kwnames) : NULL;
    } else {
        r = sp_call(f, argv, nargs + 1, kwnames);
    }
    sp_mem_free(argv, (total + 1) * sizeof(sp_val));
    return r;
}

static sp_val d_iter(sp_val self)
{
    sp_val f = sp_type_lookup(sp_typeof(self), slot_name(SL_ITER));
    if (f == sp_None)
        return sp_err_set(&sp_exc_TypeError, "'%s' object is not iterable", sp_type_name(self));
    return call_dunder(self, SL_ITER, NULL, 0);
}

static sp_val d_iternext(sp_val self)
{
    sp_val r = call_dunder(self, SL_NEXT, NULL, 0);
    if (!r && sp_err_matches(&sp_exc_StopIteration))
        sp_err_clear(); /* exhausted: NULL without error (object.h) */
    return r;
}

sp_val sp_iter_next_keep_stop(sp_val it)
{
    sp_type *t = sp_typeof(it);
    if (t->iternext == d_iternext) return call_dunder(it, SL_NEXT, NULL, 0);
    return t->iternext(it);
}

static int64_t d_len(sp_val self)
{
    sp_val r = call_dunder(self, SL_LEN, NULL, 0);
    if (!r) return -1;
    if (!sp_int_check(r) && !sp_typeof(r)->index) {
        sp_err_set(&sp_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                   sp_type_name(r));
        return -1;
    }
    bool overflow = false;
    int64_t n = sp_index(r, &overflow);
    if (n == -1 && sp_err_occurred()) return -1;
    if (overflow || n < 0) {
        if (!overflow || sp_int_sign(r) < 0) {
            sp_err_set(&sp_exc_ValueError, "__len__() should return >= 0");
            return -1;
        }
        sp_err_set(&sp_exc_OverflowError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    return n;
}

static sp_val d_getitem(sp_val self, sp_val key)
{
    return call_dunder(self, SL_GETITEM, &key, 1);
}

static int d_setitem(sp_val self, sp_val key, sp_val value)
{
    sp_val r;
    if (value) {
        sp_val args[2] = {key, value};
        r = call_dunder(self, SL_SETITEM, args, 2);
    } else {
        r = call_dunder(self, SL_DELITEM, &key, 1);
    }
    return r ? 0 : -1;
}

static int d_contains(sp_val self, sp_val item)
{
    bool found;
    sp_val r = sp_call_special(self, slot_name(SL_CONTAINS), &item, 1, &found);
    if (found || sp_err_occurred()) return r ? sp_truthy(r) : -1;
    /* No __contains__: iterate (like CPython's _PySequence_IterSearch). */
    sp_val it = sp_iter(self);
    if (!it) return -1;
    for (;;) {
        sp_val v = sp_next(it);
        if (!v) return sp_err_occurred() ? -1 : 0;
        int eq = sp_eq(v, item);
        if (eq != 0) return eq;
    }
}

static int d_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_type *t = sp_typeof(self);
    sp_val f = sp_type_lookup(t, slot_name(SL_INIT));
    if (!f) {
        no_attribute(self, slot_name(SL_INIT));
        return -1;
    }
    size_t total = nargs + nkw(kwnames);
    sp_val stackbuf[8];
    sp_val *argv = total + 1 <= 8 ? stackbuf : sp_mem_alloc((total + 1) * sizeof(sp_val));
    if (!argv) return -1;
    argv[0] = self;
    if (total) memcpy(argv + 1, args, total * sizeof(sp_val));
    sp_val r;
    sp_type *ft = sp_typeof(f);
    if (ft != &sp_type_function && ft != &sp_type_slot_wrapper && ft != &sp_type_method_descr &&
        ft->descr_get) {
        sp_val bound = ft->descr_get(f, self, &t->ob);
        r = bound ? sp_call(bound, args, nargs, kwnames) : NULL;
    } else {
        r = sp_call(f, argv, nargs + 1, kwnames);
    }
    if (argv != stackbuf) sp_mem_free(argv, (total + 1) * sizeof(sp_val));
    if (!r) return -1;
    if (r != sp_None) {
        sp_err_set(&sp_exc_TypeError, "__init__() should return None, not '%s'", sp_type_name(r));
        return -1;
    }
    return 0;
}

static sp_val d_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_val f = sp_type_lookup(type, istr("__new__"));
    if (!f) return sp_err_set(&sp_exc_TypeError, "cannot create '%s' instances", type->name);
    if (sp_typeof(f)->descr_get) {
        f = sp_typeof(f)->descr_get(f, NULL, &type->ob);
        if (!f) return NULL;
    }
    size_t total = nargs + nkw(kwnames);
    sp_val *argv = sp_mem_alloc((total + 1) * sizeof(sp_val));
    if (!argv) return NULL;
    argv[0] = &type->ob;
    if (total) memcpy(argv + 1, args, total * sizeof(sp_val));
    sp_val r = sp_call(f, argv, nargs + 1, kwnames);
    sp_mem_free(argv, (total + 1) * sizeof(sp_val));
    return r;
}

static sp_val d_descr_get(sp_val descr, sp_val obj, sp_val type)
{
    sp_val args[2] = {obj ? obj : sp_None, type ? type : sp_None};
    return call_dunder(descr, SL_GET, args, 2);
}

static int d_descr_set(sp_val descr, sp_val obj, sp_val value)
{
    sp_val r;
    if (value) {
        sp_val args[2] = {obj, value};
        r = call_dunder(descr, SL_SET, args, 2);
    } else {
        r = call_dunder(descr, SL_DELETE, &obj, 1);
    }
    return r ? 0 : -1;
}

#define UNARY_DISPATCH(fn, ID)                                                                     \
    static sp_val fn(sp_val self)                                                                  \
    {                                                                                              \
        return call_dunder(self, ID, NULL, 0);                                                     \
    }
UNARY_DISPATCH(d_neg, SL_NEG)
UNARY_DISPATCH(d_pos, SL_POS)
UNARY_DISPATCH(d_invert, SL_INVERT)
UNARY_DISPATCH(d_abs, SL_ABS)

static sp_val d_index(sp_val self)
{
    sp_val r = call_dunder(self, SL_INDEX, NULL, 0);
    if (r && !sp_int_check(r))
        return sp_err_set(&sp_exc_TypeError, "__index__ returned non-int (type %s)",
                          sp_type_name(r));
    return r;
}

/* Binary operators: CPython's SLOT1BINFULL. One dispatcher per operator serves both
 * operand positions; the generic layer calls it once when both types share it. */
static sp_val binop_dispatch(sp_binop op, sp_binaryfn self_fn, sp_val a, sp_val b)
{
    sp_type *ta = sp_typeof(a), *tb = sp_typeof(b);
    bool a_here = ta->binop[op] == self_fn;
    bool do_other = ta != tb && tb->binop[op] == self_fn;
    sp_val r;
    if (a_here) {
        if (do_other && sp_is_subtype(tb, ta) && heap_defines(tb, slot_name(SL_RBINOP + op))) {
            bool found;
            r = sp_call_special(b, slot_name(SL_RBINOP + op), &a, 1, &found);
            if (!found && !sp_err_occurred()) r = sp_NotImplemented;
            if (r != sp_NotImplemented) return r;
            do_other = false;
        }
        if (heap_defines(ta, slot_name(SL_BINOP + op))) {
            bool found;
            r = sp_call_special(a, slot_name(SL_BINOP + op), &b, 1, &found);
        } else {
            sp_binaryfn base = static_base(ta)->binop[op];
            r = base ? base(a, b) : sp_NotImplemented;
        }
        if (r != sp_NotImplemented || ta == tb) return r;
    }
    if (do_other || (!a_here && tb->binop[op] == self_fn)) {
        if (heap_defines(tb, slot_name(SL_RBINOP + op))) {
            bool found;
            return sp_call_special(b, slot_name(SL_RBINOP + op), &a, 1, &found);
        }
        sp_binaryfn base = static_base(tb)->binop[op];
        return base ? base(a, b) : sp_NotImplemented;
    }
    return sp_NotImplemented;
}

#define BINOP_DISPATCH(OP, fn)                                                                     \
    static sp_val fn(sp_val a, sp_val b)                                                           \
    {                                                                                              \
        return binop_dispatch(OP, fn, a, b);                                                       \
    }                                                                                              \
    static sp_val fn##_i(sp_val a, sp_val b)                                                       \
    {                                                                                              \
        bool found;                                                                                \
        sp_val r = sp_call_special(a, slot_name(SL_IBINOP + OP), &b, 1, &found);                   \
        if (!found && !sp_err_occurred()) return sp_NotImplemented;                                \
        return r;                                                                                  \
    }
BINOP_DISPATCH(SP_OP_ADD, d_add)
BINOP_DISPATCH(SP_OP_SUB, d_sub)
BINOP_DISPATCH(SP_OP_MUL, d_mul)
BINOP_DISPATCH(SP_OP_MATMUL, d_matmul)
BINOP_DISPATCH(SP_OP_TRUEDIV, d_truediv)
BINOP_DISPATCH(SP_OP_FLOORDIV, d_floordiv)
BINOP_DISPATCH(SP_OP_MOD, d_mod)
BINOP_DISPATCH(SP_OP_POW, d_pow)
BINOP_DISPATCH(SP_OP_LSHIFT, d_lshift)
BINOP_DISPATCH(SP_OP_RSHIFT, d_rshift)
BINOP_DISPATCH(SP_OP_AND, d_and)
BINOP_DISPATCH(SP_OP_OR, d_or)
BINOP_DISPATCH(SP_OP_XOR, d_xor)

static const sp_binaryfn binop_dispatchers[SP_OP__COUNT] = {
    d_add, d_sub,    d_mul,    d_matmul, d_truediv, d_floordiv, d_mod,
    d_pow, d_lshift, d_rshift, d_and,    d_or,      d_xor,
};
static const sp_binaryfn inplace_dispatchers[SP_OP__COUNT] = {
    d_add_i, d_sub_i,    d_mul_i,    d_matmul_i, d_truediv_i, d_floordiv_i, d_mod_i,
    d_pow_i, d_lshift_i, d_rshift_i, d_and_i,    d_or_i,      d_xor_i,
};

static bool defines(sp_type *t, const char *name)
{
    return heap_defines(t, istr(name));
}

static bool defines_id(sp_type *t, int id)
{
    return heap_defines(t, slot_name(id));
}

/* Recompute every slot of heap type t (class creation, dunder assignment). */
static void update_slots(sp_type *t)
{
    sp_type *s = static_base(t);
#define PICK(field, cond, disp) t->field = (cond) ? (disp) : s->field
    PICK(repr, defines_id(t, SL_REPR), d_repr);
    PICK(str, defines_id(t, SL_STR), d_str);
    bool any_cmp = false;
    for (int id = SL_LT; id <= SL_GE; id++)
        any_cmp |= defines_id(t, id);
    PICK(richcompare, any_cmp, d_richcompare);
    sp_val h = sp_type_lookup(t, slot_name(SL_HASH));
    if (h == sp_None)
        t->hash = NULL;
    else
        PICK(hash, defines_id(t, SL_HASH), d_hash);
    PICK(truthy, defines_id(t, SL_BOOL) || defines_id(t, SL_LEN), d_truthy);
    PICK(getattr, defines_id(t, SL_GETATTRIBUTE) || defines(t, "__getattr__"), d_getattr);
    PICK(setattr, defines_id(t, SL_SETATTR) || defines_id(t, SL_DELATTR), d_setattr);
    PICK(call, defines_id(t, SL_CALL), d_call);
    PICK(iter, defines_id(t, SL_ITER), d_iter);
    PICK(iternext, defines_id(t, SL_NEXT), d_iternext);
    PICK(len, defines_id(t, SL_LEN), d_len);
    PICK(getitem, defines_id(t, SL_GETITEM), d_getitem);
    PICK(setitem, defines_id(t, SL_SETITEM) || defines_id(t, SL_DELITEM), d_setitem);
    PICK(contains, defines_id(t, SL_CONTAINS), d_contains);
    PICK(tp_init, defines_id(t, SL_INIT), d_init);
    PICK(tp_new, defines(t, "__new__"), d_new);
    PICK(descr_get, defines_id(t, SL_GET), d_descr_get);
    PICK(descr_set, defines_id(t, SL_SET) || defines_id(t, SL_DELETE), d_descr_set);
    PICK(neg, defines_id(t, SL_NEG), d_neg);
    PICK(pos, defines_id(t, SL_POS), d_pos);
    PICK(invert, defines_id(t, SL_INVERT), d_invert);
    PICK(abs, defines_id(t, SL_ABS), d_abs);
    PICK(index, defines_id(t, SL_INDEX), d_index);
    for (int op = 0; op < SP_OP__COUNT; op++) {
        PICK(binop[op], defines_id(t, SL_BINOP + op) || defines_id(t, SL_RBINOP + op),
             binop_dispatchers[op]);
        PICK(inplace[op], defines_id(t, SL_IBINOP + op), inplace_dispatchers[op]);
    }
#undef PICK
    if (t->tp_new == NULL) t->tp_new = s->tp_new;
}

/* ---- heap types: creation ------------------------------------------------------------- */

/* __slots__: a heap type's `extra` encodes where its own slot values live in an
 * instance (offset << 16 | count); subclasses append theirs after it. */
#define SLOTS_MAX 0xffffu
static size_t slots_offset(sp_type *t)
{
    return (t->flags & SP_TF_HEAPTYPE) ? (uintptr_t)t->extra >> 16 : 0;
}
static size_t slots_count(sp_type *t)
{
    return (t->flags & SP_TF_HEAPTYPE) ? (uintptr_t)t->extra & SLOTS_MAX : 0;
}

typedef struct member_descr {
    sp_object ob;
    sp_type *owner;
    sp_val name;
    size_t offset;
} member_descr;

static void member_trace(sp_val self)
{
    member_descr *m = (member_descr *)self;
    sp_gc_mark(&m->owner->ob);
    sp_gc_mark(m->name);
}

static sp_val member_get(sp_val descr, sp_val obj, sp_val type)
{
    member_descr *m = (member_descr *)descr;
    if (!obj) return descr;
    if (check_descr_self(sp_str_cstr(m->name), m->owner, obj) < 0) return NULL;
    sp_val v = *(sp_val *)((char *)obj + m->offset);
    return v ? v : no_attribute(obj, m->name);
}

static int member_set(sp_val descr, sp_val obj, sp_val value)
{
    member_descr *m = (member_descr *)descr;
    if (check_descr_self(sp_str_cstr(m->name), m->owner, obj) < 0) return -1;
    sp_val *slot = (sp_val *)((char *)obj + m->offset);
    if (!value && !*slot) {
        no_attribute(obj, m->name);
        return -1;
    }
    *slot = value;
    return 0;
}

static sp_val member_repr(sp_val self)
{
    member_descr *m = (member_descr *)self;
    return sp_str_format("<member %R of '%s' objects>", m->name, m->owner->name);
}

sp_type sp_type_member_descr = {
    .ob = {&sp_type_type, 0, 0},
    .name = "member_descriptor",
    .basic_size = sizeof(member_descr),
    .trace = member_trace,
    .repr = member_repr,
    .descr_get = member_get,
    .descr_set = member_set,
};

static void heap_instance_trace(sp_val self)
{
    sp_type *t = self->type;
    sp_type *s = static_base(t);
    if (s->trace) s->trace(self);
    for (sp_type *c = t; c->flags & SP_TF_HEAPTYPE; c = c->base)
        sp_gc_mark_array((sp_val *)((char *)self + slots_offset(c)), slots_count(c));
    if (t->dict_offset && t->dict_offset != s->dict_offset)
        sp_gc_mark(*(sp_val *)((char *)self + t->dict_offset));
    if (t->flags & TF_SIDE_DICT) {
        sp_val *cell = side_cell(self, false); /* no allocation: a lookup */
        if (cell) sp_gc_mark(*cell);
    }
}

/* Private names in __slots__ are mangled like attribute names: __x -> _Cls__x. */
static sp_val mangle(sp_val cls_name, sp_val name)
{
    const char *n = sp_str_cstr(name), *c = sp_str_cstr(cls_name);
    size_t len = strlen(n);
    if (len < 3 || n[0] != '_' || n[1] != '_' || (n[len - 1] == '_' && n[len - 2] == '_'))
        return name;
    while (*c == '_')
        c++;
    if (!*c) return name;
    return sp_str_format("_%s%s", c, n);
}

/* Parse ns["__slots__"]: the (mangled) slot names, and whether "__dict__" is listed.
 * Returns a list, or sp_None when the class has no __slots__, or NULL on error. */
static sp_val parse_slots(sp_val name, sp_val ns, bool *wants_dict)
{
    sp_val slots = sp_dict_get_cstr(ns, "__slots__");
    *wants_dict = true;
    if (!slots) return sp_None;
    *wants_dict = false;
    sp_val items = sp_str_check(slots) ? sp_tuple_pack(1, slots) : sp_tuple_from_iterable(slots);
    sp_val out = items ? sp_list_new(0) : NULL;
    if (!out) return NULL;
    for (size_t i = 0; i < TUP(items)->len; i++) {
        sp_val s = TUP(items)->items[i];
        if (!sp_str_check(s))
            return sp_err_set(&sp_exc_TypeError, "__slots__ items must be strings, not '%s'",
                              sp_type_name(s));
        if (sp_str_eq_cstr(s, "__dict__")) {
            *wants_dict = true;
            continue;
        }
        if (sp_str_eq_cstr(s, "__weakref__")) continue;
        if (sp_dict_get(ns, s))
            return sp_err_set(&sp_exc_ValueError, "%R in __slots__ conflicts with class variable",
                              s);
        sp_val m = mangle(name, s);
        if (!m || sp_list_append(out, sp_str_intern_val(m)) < 0) return NULL;
    }
    if (((sp_list *)out)->len > SLOTS_MAX)
        return sp_err_set(&sp_exc_TypeError, "too many __slots__");
    return out;
}

static void type_trace(sp_val self)
{
    sp_type *t = (sp_type *)self;
    if (t->base) sp_gc_mark(&t->base->ob);
    sp_gc_mark(t->bases);
    sp_gc_mark(t->mro);
    sp_gc_mark(t->dict);
    sp_gc_mark(t->name_obj);
    sp_gc_mark(t->qualname);
    sp_gc_mark(t->module_name);
}

/* The "solid" base: the most derived static layout (CPython's solid_base). */
static sp_type *solid_base(sp_type *t)
{
    while (t->flags & SP_TF_HEAPTYPE) {
        if (slots_count(t)) return t; /* its slots are layout no sibling base can share */
        t = t->base;
    }
    while (t->base && t->base->basic_size == t->basic_size && t->base->trace == t->trace)
        t = t->base;
    return t;
}

static sp_type *best_base(sp_val bases)
{
    sp_type *winner = NULL, *base = NULL;
    for (size_t i = 0; i < TUP(bases)->len; i++) {
        sp_type *b = (sp_type *)TUP(bases)->items[i];
        sp_type *candidate = solid_base(b);
        if (!winner) {
            winner = candidate;
            base = b;
        } else if (sp_is_subtype(winner, candidate)) {
            /* keep */
        } else if (sp_is_subtype(candidate, winner)) {
            winner = candidate;
            base = b;
        } else {
            return sp_err_set(&sp_exc_TypeError, "multiple bases have instance lay-out conflict");
        }
    }
    return base;
}

/* C3 linearisation of bases' MROs. Returns a tuple starting with t. */
static sp_val c3_mro(sp_type *t, sp_val bases)
{
    size_t nb = TUP(bases)->len;
    size_t nseq = nb + 1;
    sp_val seqs = sp_list_new(nseq);
    if (!seqs) return NULL;
    /* a failed copy (MemoryError) must not be appended as NULL and dereferenced below */
    for (size_t i = 0; i < nb; i++) {
        sp_val m = sp_list_from_iterable(((sp_type *)TUP(bases)->items[i])->mro);
        if (!m || sp_list_append(seqs, m) < 0) return NULL;
    }
    sp_val own = sp_list_from_iterable(bases);
    if (!own || sp_list_append(seqs, own) < 0) return NULL;
    sp_val result = sp_list_new(8);
    if (!result || sp_list_append(result, &t->ob) < 0) return NULL;
    size_t *heads = sp_mem_calloc(nseq, sizeof(size_t));
    if (!heads) return NULL;
    sp_list *sl = (sp_list *)seqs;
    for (;;) {
        bool empty = true;
        sp_val cand = NULL;
        for (size_t i = 0; i < nseq && !cand; i++) {
            sp_list *s = (sp_list *)sl->items[i];
            if (heads[i] >= s->len) continue;
            empty = false;
            sp_val c = s->items[heads[i]];
            bool in_tail = false;
            for (size_t j = 0; j < nseq && !in_tail; j++) {
                sp_list *o = (sp_list *)sl->items[j];
                for (size_t k = heads[j] + 1; k < o->len; k++)
                    if (o->items[k] == c) {
                        in_tail = true;
                        break;
                    }
            }
            if (!in_tail) cand = c;
        }
        if (empty) break;
        if (!cand) {
            /* CPython names the head of every unfinished sequence, once each, in
             * sequence order. */
            sp_val names = sp_list_new(nseq);
            for (size_t i = 0; names && i < nseq; i++) {
                sp_list *sq = (sp_list *)sl->items[i];
                if (heads[i] >= sq->len) continue;
                sp_val head = sq->items[heads[i]];
                bool seen = false;
                for (size_t j = 0; j < ((sp_list *)names)->len; j++)
                    seen |= ((sp_list *)names)->items[j] == head;
                if (!seen && sp_list_append(names, head) < 0) names = NULL;
            }
            sp_mem_free(heads, nseq * sizeof(size_t));
            if (!names) return NULL;
            sp_buf b;
            sp_buf_init(&b);
            int rc = sp_buf_append_cstr(&b, "Cannot create a consistent method resolution\n"
                                            "order (MRO) for bases");
            sp_list *nl = (sp_list *)names;
            for (size_t i = 0; i < nl->len && rc == 0; i++) {
                rc = sp_buf_append_cstr(&b, i ? ", " : " ");
                if (rc == 0) rc = sp_buf_append_cstr(&b, ((sp_type *)nl->items[i])->name);
            }
            sp_val msg = rc == 0 ? sp_buf_to_str(&b) : NULL;
            if (rc < 0) sp_buf_free(&b);
            if (msg) sp_err_set_str(&sp_exc_TypeError, msg);
            return NULL;
        }
        if (sp_list_append(result, cand) < 0) {
            sp_mem_free(heads, nseq * sizeof(size_t));
            return NULL;
        }
        for (size_t i = 0; i < nseq; i++) {
            sp_list *s = (sp_list *)sl->items[i];
            if (heads[i] < s->len && s->items[heads[i]] == cand) heads[i]++;
        }
    }
    sp_mem_free(heads, nseq * sizeof(size_t));
    return sp_tuple_from_iterable(result);
}

static sp_type *calculate_metaclass(sp_type *meta, sp_val bases)
{
    sp_type *winner = meta;
    for (size_t i = 0; i < TUP(bases)->len; i++) {
        sp_type *bt = sp_typeof(TUP(bases)->items[i]);
        if (sp_is_subtype(winner, bt)) continue;
        if (sp_is_subtype(bt, winner)) {
            winner = bt;
            continue;
        }
        return sp_err_set(&sp_exc_TypeError,
                          "metaclass conflict: the metaclass of a derived class must be a "
                          "(non-strict) subclass of the metaclasses of all its bases");
    }
    return winner;
}

sp_type *sp_type_calculate_metaclass(sp_type *meta, sp_val bases)
{
    return calculate_metaclass(meta, bases);
}

/* Functions named __new__ / __init_subclass__ / __class_getitem__ are implicitly
 * static / class methods. */
static int wrap_implicit(sp_val dict, const char *name, sp_type *wrapper)
{
    sp_val f = sp_dict_get_cstr(dict, name);
    if (!f || sp_typeof(f) != &sp_type_function) return 0;
    sp_val w = sp_call1(&wrapper->ob, f);
    return w ? sp_dict_set_cstr(dict, name, w) : -1;
}

static int call_set_names(sp_type *t)
{
    sp_val items = sp_list_new(0);
    size_t pos = 0;
    sp_val k, v;
    if (!items) return -1;
    while (sp_dict_next(t->dict, &pos, &k, &v))
        if (sp_list_append(items, sp_tuple_pack(2, k, v)) < 0) return -1;
    sp_list *l = (sp_list *)items;
    for (size_t i = 0; i < l->len; i++) {
        sp_val key = TUP(l->items[i])->items[0], val = TUP(l->items[i])->items[1];
        sp_val f = sp_lookup_special(val, "__set_name__");
        if (!f) {
            if (sp_err_occurred()) return -1;
            continue;
        }
        if (!sp_call2(f, &t->ob, key)) {
            return -1;
        }
    }
    return 0;
}

static int call_init_subclass(sp_type *t, sp_val kwargs_names_values)
{
    /* super(t, t).__init_subclass__(**kwargs) */
    sp_val sup = sp_super_new(t, &t->ob);
    if (!sup) return -1;
    sp_val f = sp_getattr_cstr(sup, "__init_subclass__");
    if (!f) return -1;
    sp_val r;
    if (kwargs_names_values) { /* tuple (kwnames, values-tuple) */
        sp_val names = TUP(kwargs_names_values)->items[0];
        sp_val vals = TUP(kwargs_names_values)->items[1];
        r = sp_call(f, TUP(vals)->items, 0, TUP(names)->len ? names : NULL);
    } else {
        r = sp_call0(f);
    }
    return r ? 0 : -1;
}

sp_val sp_type_new_class_meta(sp_type *metatype, sp_val name, sp_val bases, sp_val ns,
                              sp_val kwargs)
{
    if (!sp_str_check(name))
        return sp_err_set(&sp_exc_TypeError, "type.__new__() argument 1 must be str, not %s",
                          sp_type_name(name));
    if (!sp_isinstance(bases, &sp_type_tuple))
        return sp_err_set(&sp_exc_TypeError, "type.__new__() argument 2 must be tuple, not %s",
                          sp_type_name(bases));
    if (!sp_isinstance(ns, &sp_type_dict))
        return sp_err_set(&sp_exc_TypeError, "type.__new__() argument 3 must be dict, not %s",
                          sp_type_name(ns));
    if (TUP(bases)->len == 0) {
        bases = sp_tuple_pack(1, &sp_type_object.ob);
        if (!bases) return NULL;
    }
    sp_type *requested = metatype ? metatype : &sp_type_type;
    metatype = calculate_metaclass(requested, bases);
    if (!metatype) return NULL;
    if (metatype != requested && metatype->tp_new != type_tp_new) {
        /* A base's metaclass is more derived and has its own __new__: let it build
         * the class (CPython's type_new does the same). */
        sp_val args[3] = {name, bases, ns};
        if (!kwargs) return sp_call(&metatype->ob, args, 3, NULL);
        sp_val names = TUP(kwargs)->items[0], vals = TUP(kwargs)->items[1];
        size_t nk = TUP(names)->len;
        sp_val *argv = sp_mem_alloc((3 + nk) * sizeof(sp_val));
        if (!argv) return NULL;
        memcpy(argv, args, sizeof args);
        for (size_t i = 0; i < nk; i++)
            argv[3 + i] = TUP(vals)->items[i];
        sp_val r = sp_call(&metatype->ob, argv, 3, names);
        sp_mem_free(argv, (3 + nk) * sizeof(sp_val));
        return r;
    }
    for (size_t i = 0; i < TUP(bases)->len; i++) {
        sp_val b = TUP(bases)->items[i];
        if (!is_type(b)) return sp_err_set(&sp_exc_TypeError, "bases must be types");
        if (!(((sp_type *)b)->flags & SP_TF_BASETYPE))
            return sp_err_set(&sp_exc_TypeError, "type '%s' is not an acceptable base type",
                              ((sp_type *)b)->name);
        for (size_t j = 0; j < i; j++)
            if (TUP(bases)->items[j] == b)
                return sp_err_set(&sp_exc_TypeError, "duplicate base class %s",
                                  ((sp_type *)b)->name);
    }
    sp_type *base = best_base(bases);
    if (!base) return NULL;

    size_t tsize = metatype->basic_size > sizeof(sp_type) ? metatype->basic_size : sizeof(sp_type);
    sp_type *t = sp_gc_new(metatype, tsize);
    if (!t) return NULL;
    /* Start from a copy of the base's slots, then fix identity and layout fields. */
    size_t hdr = sizeof(sp_object);
    memcpy((char *)t + hdr, (char *)base + hdr, sizeof(sp_type) - hdr);
    t->base = base;
    t->bases = bases;
    t->name_obj = name;
    t->name = sp_str_cstr(name);
    t->flags = (base->flags & ~SP_TF_HEAPTYPE) | SP_TF_HEAPTYPE | SP_TF_BASETYPE;
    for (size_t i = 0; i < TUP(bases)->len; i++)
        t->flags |= ((sp_type *)TUP(bases)->items[i])->flags &
                    (SP_TF_INT_SUB | SP_TF_STR_SUB | SP_TF_LIST_SUB | SP_TF_TUPLE_SUB |
                     SP_TF_DICT_SUB | SP_TF_EXC_SUB | SP_TF_TYPE_SUB);
    t->extra = NULL;
    t->dict = NULL;
    t->mro = NULL;
    t->qualname = NULL;
    t->module_name = NULL;
    /* Variable-size layouts (str, tuple, bytes) keep their items right after the
     * header: their subclasses get no instance dict rather than an overlapping one. */
    sp_type *sb = static_base(base);
    bool var_sized =
        (t->flags & (SP_TF_STR_SUB | SP_TF_TUPLE_SUB)) || sp_is_subtype(sb, &sp_type_bytes);
    bool wants_dict;
    sp_val slots = parse_slots(name, ns, &wants_dict);
    if (!slots) return NULL;
    size_t nslots = slots == sp_None ? 0 : ((sp_list *)slots)->len;
    if (nslots && (var_sized || (t->flags & SP_TF_TYPE_SUB)))
        return sp_err_set(&sp_exc_TypeError, "nonempty __slots__ not supported for subtype of '%s'",
                          sb->name);
    size_t size = base->basic_size;
    if (nslots) {
        size_t off = (size + 7) & ~(size_t)7;
        t->extra = (void *)(((uintptr_t)off << 16) | nslots);
        size = off + nslots * sizeof(sp_val);
    }
    if (!(t->flags & SP_TF_TYPE_SUB) && !base->dict_offset && !var_sized && wants_dict) {
        t->dict_offset = (size + 7) & ~(size_t)7;
        size = t->dict_offset + sizeof(sp_val);
    }
    bool new_side_dict = var_sized && wants_dict && !(t->flags & TF_SIDE_DICT);
    if (new_side_dict) {
        t->flags |= TF_SIDE_DICT;
        t->finalize = side_finalize;
    }
    t->basic_size = size;
    t->trace = (t->flags & SP_TF_TYPE_SUB) ? type_trace : heap_instance_trace;
    assert(t->dict_offset || (t->flags & TF_SIDE_DICT) || !wants_dict ||
           (t->flags & SP_TF_TYPE_SUB)); /* inv. 3 */

    t->dict = sp_dict_copy(ns);
    if (!t->dict) return NULL;
    sp_val qn = sp_dict_get_cstr(t->dict, "__qualname__");
    if (qn) {
        if (!sp_str_check(qn))
            return sp_err_set(&sp_exc_TypeError, "type __qualname__ must be a str, not %s",
                              sp_type_name(qn));
        t->qualname = qn;
        if (sp_dict_del(t->dict, istr("__qualname__")) < 0) return NULL;
    }
    sp_val mod = sp_dict_get_cstr(t->dict, "__module__");
    if (!mod) {
        mod = istr("__main__");
        if (sp_st.main_module) {
            sp_val g = sp_dict_get_cstr(((sp_module *)sp_st.main_module)->dict, "__name__");
            if (g) mod = g;
        }
        if (sp_dict_set_cstr(t->dict, "__module__", mod) < 0) return NULL;
    }
    t->module_name = mod;
    if (((t->dict_offset && !base->dict_offset) || new_side_dict) &&
        add_getset_defs(t, instance_dict_getset) < 0)
        return NULL;
    for (size_t i = 0; i < nslots; i++) {
        member_descr *m = sp_gc_new(&sp_type_member_descr, sizeof(member_descr));
        if (!m) return NULL;
        m->owner = t;
        m->name = ((sp_list *)slots)->items[i];
        m->offset = slots_offset(t) + i * sizeof(sp_val);
        if (sp_dict_set(t->dict, m->name, &m->ob) < 0) return NULL;
    }
    if (!sp_dict_get_cstr(t->dict, "__doc__") && sp_dict_set_cstr(t->dict, "__doc__", sp_None) < 0)
        return NULL;
    if (sp_dict_get_cstr(t->dict, "__eq__") && !sp_dict_get_cstr(t->dict, "__hash__") &&
        sp_dict_set_cstr(t->dict, "__hash__", sp_None) < 0)
        return NULL;
    if (wrap_implicit(t->dict, "__new__", &sp_type_staticmethod) < 0 ||
        wrap_implicit(t->dict, "__init_subclass__", &sp_type_classmethod) < 0 ||
        wrap_implicit(t->dict, "__class_getitem__", &sp_type_classmethod) < 0)
        return NULL;

    t->mro = c3_mro(t, bases);
    if (!t->mro) return NULL;
    types_changed(); /* t may reuse the address of a dead type still in the cache */
    update_slots(t);
    if (register_class(t) < 0) return NULL;
    if (call_set_names(t) < 0 || call_init_subclass(t, kwargs) < 0) return NULL;
    return &t->ob;
}

/* Every class built by a class statement or type(name, bases, ns), in creation order, so
 * type.__subclasses__() can find them. The list is a GC root: classes stay alive for the run
 * (CPython holds them weakly; a sandboxed run is short enough for this to be harmless). */
SP_RUN_STATE static sp_val all_classes;

static int register_class(sp_type *t)
{
    if (!all_classes) {
        all_classes = sp_list_new(0);
        if (!all_classes) return -1;
        sp_gc_root(&all_classes);
    }
    return sp_list_append(all_classes, &t->ob);
}

static sp_val type_subclasses(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_check_nargs("__subclasses__", nargs, 0, 0) < 0) return NULL;
    sp_val out = sp_list_new(0);
    if (!out || !all_classes) return out;
    sp_list *l = (sp_list *)all_classes;
    for (size_t i = 0; i < l->len; i++) {
        sp_tuple *bases = (sp_tuple *)((sp_type *)l->items[i])->bases;
        for (size_t j = 0; j < bases->len; j++)
            if (bases->items[j] == self) {
                if (sp_list_append(out, l->items[i]) < 0) return NULL;
                break;
            }
    }
    return out;
}

sp_val sp_type_new_class(sp_val name, sp_val bases, sp_val ns)
{
    return sp_type_new_class_meta(NULL, name, bases, ns, NULL);
}

/* ---- type ------------------------------------------------------------------------------ */

static sp_val type_repr(sp_val self)
{
    sp_val n = type_display_name((sp_type *)self);
    return n ? sp_str_format("<class '%U'>", n) : NULL;
}

static sp_val type_call(sp_val callable, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_type *t = (sp_type *)callable;
    if (t == &sp_type_type && nargs == 1 && !nkw(kwnames)) return &sp_typeof(args[0])->ob;
    if (!t->tp_new) return sp_err_set(&sp_exc_TypeError, "cannot create '%s' instances", t->name);
    /* Counted like CPython's tp_call path, so recursion through __init__ stops at
     * the same depth. */
    if (sp_recursion_enter_msg(" while calling a Python object") < 0) return NULL;
    sp_val obj = t->tp_new(t, args, nargs, kwnames);
    if (obj && sp_isinstance(obj, t)) {
        sp_type *ot = sp_typeof(obj);
        if (ot->tp_init && ot->tp_init(obj, args, nargs, kwnames) < 0) obj = NULL;
    }
    sp_recursion_leave();
    return obj;
}

sp_val sp_type_inline_init(sp_type *t)
{
    if (t->tp_new != object_new || t->tp_init != d_init || (t->flags & SP_TF_TYPE_SUB)) return NULL;
    sp_val f = sp_type_lookup(t, slot_name(SL_INIT));
    return f && !sp_is_small(f) && f->type == &sp_type_function ? f : NULL;
}

static sp_val type_tp_new(sp_type *meta, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (nargs == 1 && !nkw(kwnames) && meta == &sp_type_type) return &sp_typeof(args[0])->ob;
    if (nargs != 3) return sp_err_set(&sp_exc_TypeError, "type() takes 1 or 3 arguments");
    sp_val kw = NULL;
    if (nkw(kwnames)) {
        sp_val vals = sp_tuple_new(nkw(kwnames));
        if (!vals) return NULL;
        for (size_t i = 0; i < nkw(kwnames); i++)
            TUP(vals)->items[i] = args[nargs + i];
        kw = sp_tuple_pack(2, kwnames, vals);
        if (!kw) return NULL;
    }
    return sp_type_new_class_meta(meta, args[0], args[1], args[2], kw);
}

static int type_tp_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (nargs != 1 && nargs != 3) {
        sp_err_set(&sp_exc_TypeError, "type.__init__() takes 1 or 3 arguments");
        return -1;
    }
    return 0;
}

/* type.__getattribute__: metatype data descriptors, then the type's own MRO, then
 * metatype non-data descriptors. */
static sp_val type_getattr(sp_val self, sp_val name)
{
    sp_type *t = (sp_type *)self;
    sp_type *meta = sp_typeof(self);
    sp_val meta_attr = sp_type_lookup(meta, name);
    sp_type *mt = meta_attr ? sp_typeof(meta_attr) : NULL;
    if (meta_attr && mt->descr_set && mt->descr_get)
        return mt->descr_get(meta_attr, self, &meta->ob);
    sp_val attr = sp_type_lookup(t, name);
    if (attr) {
        sp_type *at = sp_typeof(attr);
        if (at->descr_get) return at->descr_get(attr, NULL, self);
        return attr;
    }
    if (meta_attr) {
        if (mt->descr_get) return mt->descr_get(meta_attr, self, &meta->ob);
        return meta_attr;
    }
    return sp_err_set(&sp_exc_AttributeError, "type object '%s' has no attribute '%U'", t->name,
                      name);
}

static bool is_dunder(sp_val name)
{
    const char *s = sp_str_cstr(name);
    size_t n = strlen(s);
    return n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' && s[n - 2] == '_';
}

static int type_setattr(sp_val self, sp_val name, sp_val value)
{
    sp_type *t = (sp_type *)self;
    if (!(t->flags & SP_TF_HEAPTYPE)) {
        sp_err_set(&sp_exc_TypeError, "cannot set '%U' attribute of immutable type '%s'", name,
                   t->name);
        return -1;
    }
    sp_type *meta = sp_typeof(self);
    sp_val meta_attr = sp_type_lookup(meta, name);
    if (meta_attr && sp_typeof(meta_attr)->descr_set)
        return sp_typeof(meta_attr)->descr_set(meta_attr, self, value);
    int rc;
    types_changed();
    if (value) {
        rc = sp_dict_set(t->dict, name, value);
    } else {
        if (!sp_dict_get(t->dict, name)) {
            sp_err_set(&sp_exc_AttributeError, "type object '%s' has no attribute '%U'", t->name,
                       name);
            return -1;
        }
        rc = sp_dict_del(t->dict, name);
    }
    if (rc == 0 && is_dunder(name))
        update_slots(t); /* subclasses keep their slots: a known simplification */
    return rc;
}

static sp_val type_get_name(sp_val self)
{
    sp_type *t = (sp_type *)self;
    return t->name_obj ? t->name_obj : istr(t->name);
}
static int type_set_name(sp_val self, sp_val v)
{
    sp_type *t = (sp_type *)self;
    if (!(t->flags & SP_TF_HEAPTYPE)) {
        sp_err_set(&sp_exc_TypeError, "cannot set '__name__' attribute of immutable type '%s'",
                   t->name);
        return -1;
    }
    if (!v || !sp_str_check(v)) {
        sp_err_set(&sp_exc_TypeError, "can only assign string to %s.__name__, not '%s'", t->name,
                   v ? sp_type_name(v) : "NoneType");
        return -1;
    }
    t->name_obj = v;
    t->name = sp_str_cstr(v);
    return 0;
}
static sp_val type_get_qualname(sp_val self)
{
    sp_type *t = (sp_type *)self;
    return t->qualname ? t->qualname : type_get_name(self);
}
static int type_set_qualname(sp_val self, sp_val v)
{
    sp_type *t = (sp_type *)self;
    if (!(t->flags & SP_TF_HEAPTYPE) || !v || !sp_str_check(v)) {
        sp_err_set(&sp_exc_TypeError, "can only assign string to %s.__qualname__", t->name);
        return -1;
    }
    t->qualname = v;
    return 0;
}
static sp_val type_get_module(sp_val self)
{
    sp_type *t = (sp_type *)self;
    if (t->flags & SP_TF_HEAPTYPE) {
        sp_val m = sp_dict_get_cstr(t->dict, "__module__");
        if (m) return m;
    }
    return t->module_name ? t->module_name : istr("builtins");
}
static int type_set_module(sp_val self, sp_val v)
{
    sp_type *t = (sp_type *)self;
    if (!(t->flags & SP_TF_HEAPTYPE)) {
        sp_err_set(&sp_exc_TypeError, "cannot set '__module__' attribute of immutable type '%s'",
                   t->name);
        return -1;
    }
    t->module_name = v;
    return sp_dict_set_cstr(t->dict, "__module__", v ? v : sp_None);
}
static sp_val type_get_bases(sp_val self)
{
    return ((sp_type *)self)->bases;
}
static sp_val type_get_base(sp_val self)
{
    sp_type *t = (sp_type *)self;
    return t->base ? &t->base->ob : sp_None;
}
static sp_val type_get_mro(sp_val self)
{
    return ((sp_type *)self)->mro;
}
/* mappingproxy: the read-only view `C.__dict__` returns (writes must go through
 * type.__setattr__ so slots and the attribute cache stay right). */
typedef struct mappingproxy {
    sp_object ob;
    sp_val dict;
} mappingproxy;

static void mp_trace(sp_val self)
{
    sp_gc_mark(((mappingproxy *)self)->dict);
}
static sp_val mp_dict(sp_val self)
{
    return ((mappingproxy *)self)->dict;
}
static sp_val mp_repr(sp_val self)
{
    return sp_str_format("mappingproxy(%R)", mp_dict(self));
}
static sp_val mp_str(sp_val self)
{
    return sp_str_of(mp_dict(self));
}
static sp_val mp_getitem(sp_val self, sp_val key)
{
    return sp_getitem(mp_dict(self), key);
}
static int64_t mp_len(sp_val self)
{
    return sp_len(mp_dict(self));
}
static sp_val mp_iter(sp_val self)
{
    return sp_iter(mp_dict(self));
}
static int mp_contains(sp_val self, sp_val key)
{
    return sp_contains(mp_dict(self), key);
}
static sp_val mp_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (sp_typeof(b) == &sp_type_mappingproxy) b = mp_dict(b);
    return sp_compare(mp_dict(a), b, op);
}

#define MP_FORWARD(fn, name)                                                                       \
    static sp_val fn(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)                \
    {                                                                                              \
        if (sp_no_kwargs(name, kwnames) < 0) return NULL;                                          \
        return sp_call_method(mp_dict(self), name, args, nargs);                                   \
    }
MP_FORWARD(mp_keys, "keys")
MP_FORWARD(mp_values, "values")
MP_FORWARD(mp_items, "items")
MP_FORWARD(mp_get, "get")
MP_FORWARD(mp_copy, "copy")

static const sp_method_def mp_methods[] = {
    {"keys", mp_keys, 0}, {"values", mp_values, 0}, {"items", mp_items, 0},
    {"get", mp_get, 0},   {"copy", mp_copy, 0},     {NULL, NULL, 0},
};

sp_type sp_type_mappingproxy = {
    .ob = {&sp_type_type, 0, 0},
    .name = "mappingproxy",
    .basic_size = sizeof(mappingproxy),
    .trace = mp_trace,
    .repr = mp_repr,
    .str = mp_str,
    .richcompare = mp_richcompare,
    .getitem = mp_getitem,
    .len = mp_len,
    .iter = mp_iter,
    .contains = mp_contains,
};

static sp_val type_get_dict(sp_val self)
{
    mappingproxy *p = sp_gc_new(&sp_type_mappingproxy, sizeof(mappingproxy));
    if (!p) return NULL;
    p->dict = sp_type_attr_dict((sp_type *)self);
    if (!p->dict) return NULL;
    return &p->ob;
}
static sp_val type_get_doc(sp_val self)
{
    sp_val dict = sp_type_attr_dict((sp_type *)self);
    if (!dict) return NULL;
    sp_val d = sp_dict_get_cstr(dict, "__doc__");
    if (d && sp_typeof(d)->descr_get) return sp_typeof(d)->descr_get(d, NULL, self);
    return d ? d : sp_None;
}
static int type_set_doc(sp_val self, sp_val v)
{
    sp_type *t = (sp_type *)self;
    if (!(t->flags & SP_TF_HEAPTYPE)) {
        sp_err_set(&sp_exc_TypeError, "cannot set '__doc__' attribute of immutable type '%s'",
                   t->name);
        return -1;
    }
    if (!v) {
        sp_err_set(&sp_exc_TypeError, "cannot delete '__doc__' attribute of immutable type '%s'",
                   t->name);
        return -1;
    }
    types_changed();
    return sp_dict_set_cstr(t->dict, "__doc__", v);
}

static const sp_getset_def type_getsets[] = {
    {"__name__", type_get_name, type_set_name},
    {"__qualname__", type_get_qualname, type_set_qualname},
    {"__module__", type_get_module, type_set_module},
    {"__bases__", type_get_bases, NULL},
    {"__base__", type_get_base, NULL},
    {"__mro__", type_get_mro, NULL},
    {"__dict__", type_get_dict, NULL},
    {"__doc__", type_get_doc, type_set_doc},
    {NULL, NULL, NULL},
};

static sp_val type_mro_method(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_list_from_iterable(((sp_type *)self)->mro);
}

static sp_val type_subclasscheck(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_check_nargs("__subclasscheck__", nargs, 1, 1) < 0) return NULL;
    if (!is_type(args[0]))
        return sp_err_set(&sp_exc_TypeError, "issubclass() arg 1 must be a class");
    return sp_bool(sp_is_subtype((sp_type *)args[0], (sp_type *)self));
}

static sp_val type_instancecheck(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_check_nargs("__instancecheck__", nargs, 1, 1) < 0) return NULL;
    return sp_bool(sp_isinstance(args[0], (sp_type *)self));
}

static sp_val type_prepare(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_dict_new();
}

static sp_val type_dir(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return object_dir(self, args, nargs, kwnames);
}

static const sp_method_def type_methods[] = {
    {"mro", type_mro_method, 0},
    {"__subclasses__", type_subclasses, 0},
    {"__subclasscheck__", type_subclasscheck, 0},
    {"__instancecheck__", type_instancecheck, 0},
    {"__prepare__", type_prepare, SP_METH_CLASS},
    {"__dir__", type_dir, 0},
    {NULL, NULL, 0},
};

sp_type sp_type_type = {
    .ob = {&sp_type_type, 0, 0},
    .name = "type",
    .base = &sp_type_object,
    .flags = SP_TF_BASETYPE | SP_TF_TYPE_SUB,
    .basic_size = sizeof(sp_type),
    .trace = type_trace,
    .tp_new = type_tp_new,
    .tp_init = type_tp_init,
    .repr = type_repr,
    .getattr = type_getattr,
    .setattr = type_setattr,
    .call = type_call,
    .binop[SP_OP_OR] = sp_union_or, /* int | str */
};

/* ---- super ----------------------------------------------------------------------------- */

typedef struct sp_super {
    sp_object ob;
    sp_type *type;     /* the class super() was called in */
    sp_val obj;        /* instance or class, NULL for unbound */
    sp_type *obj_type; /* type(obj), or obj itself for classmethods */
} sp_super;

static void super_trace(sp_val self)
{
    sp_super *s = (sp_super *)self;
    if (s->type) sp_gc_mark(&s->type->ob);
    sp_gc_mark(s->obj);
    if (s->obj_type) sp_gc_mark(&s->obj_type->ob);
}

static sp_type *super_check(sp_type *type, sp_val obj)
{
    if (is_type(obj) && sp_is_subtype((sp_type *)obj, type)) return (sp_type *)obj;
    if (sp_isinstance(obj, type)) return sp_typeof(obj);
    sp_val cls = sp_getattr_opt(obj, istr("__class__"));
    if (cls && is_type(cls) && sp_is_subtype((sp_type *)cls, type)) return (sp_type *)cls;
    if (!sp_err_occurred())
        sp_err_set(&sp_exc_TypeError,
                   "super(type, obj): obj must be an instance or subtype of type");
    return NULL;
}

sp_val sp_super_new(sp_type *type, sp_val obj)
{
    sp_type *ot = NULL;
    if (obj && obj != sp_None) {
        ot = super_check(type, obj);
        if (!ot) return NULL;
    } else {
        obj = NULL;
    }
    sp_super *s = sp_gc_new(&sp_type_super, sizeof(sp_super));
    if (!s) return NULL;
    s->type = type;
    s->obj = obj;
    s->obj_type = ot;
    return &s->ob;
}

static sp_val super_tp_new(sp_type *t, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (nkw(kwnames)) return sp_err_set(&sp_exc_TypeError, "super() takes no keyword arguments");
    if (nargs == 0) return sp_err_set(&sp_exc_RuntimeError, "super(): no arguments");
    if (nargs > 2)
        return sp_err_set(&sp_exc_TypeError, "super() takes at most 2 arguments (%d given)",
                          (int)nargs);
    if (!is_type(args[0]))
        return sp_err_set(&sp_exc_TypeError, "super() argument 1 must be a type, not %s",
                          sp_type_name(args[0]));
    return sp_super_new((sp_type *)args[0], nargs == 2 ? args[1] : NULL);
}

static int super_tp_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return 0;
}

static sp_val super_getattr(sp_val self, sp_val name)
{
    sp_super *s = (sp_super *)self;
    if (s->obj_type && !sp_str_eq_cstr(name, "__class__")) {
        sp_tuple *m = TUP(s->obj_type->mro);
        size_t i = 0;
        while (i < m->len && (sp_type *)m->items[i] != s->type)
            i++;
        for (i++; i < m->len; i++) {
            sp_type *c = (sp_type *)m->items[i];
            sp_val d = sp_type_attr_dict(c);
            sp_val v = d ? sp_dict_get(d, name) : NULL;
            if (!v) continue;
            sp_type *vt = sp_typeof(v);
            if (vt->descr_get)
                return vt->descr_get(v, s->obj == &s->obj_type->ob ? NULL : s->obj,
                                     &s->obj_type->ob);
            return v;
        }
    }
    sp_val r = sp_generic_getattr(self, name);
    if (!r && sp_err_matches(&sp_exc_AttributeError)) {
        sp_err_clear();
        return sp_err_set(&sp_exc_AttributeError, "'super' object has no attribute '%U'", name);
    }
    return r;
}

static sp_val super_repr(sp_val self)
{
    sp_super *s = (sp_super *)self;
    if (s->obj_type)
        return sp_str_format("<super: <class '%s'>, <%s object>>", s->type->name,
                             s->obj_type->name);
    return sp_str_format("<super: <class '%s'>, NULL>", s->type ? s->type->name : "NULL");
}

static sp_val super_get_thisclass(sp_val self)
{
    sp_super *s = (sp_super *)self;
    return s->type ? &s->type->ob : sp_None;
}
static sp_val super_get_self(sp_val self)
{
    sp_super *s = (sp_super *)self;
    return s->obj ? s->obj : sp_None;
}
static sp_val super_get_self_class(sp_val self)
{
    sp_super *s = (sp_super *)self;
    return s->obj_type ? &s->obj_type->ob : sp_None;
}
static const sp_getset_def super_getsets[] = {
    {"__thisclass__", super_get_thisclass, NULL},
    {"__self__", super_get_self, NULL},
    {"__self_class__", super_get_self_class, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_super = {
    .ob = {&sp_type_type, 0, 0},
    .name = "super",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(sp_super),
    .trace = super_trace,
    .tp_new = super_tp_new,
    .tp_init = super_tp_init,
    .repr = super_repr,
    .getattr = super_getattr,
};

/* ---- property ---------------------------------------------------------------------------- */

typedef struct sp_property {
    sp_object ob;
    sp_val fget, fset, fdel, doc, name;
} sp_property;

static void property_trace(sp_val self)
{
    sp_property *p = (sp_property *)self;
    sp_gc_mark(p->fget);
    sp_gc_mark(p->fset);
    sp_gc_mark(p->fdel);
    sp_gc_mark(p->doc);
    sp_gc_mark(p->name);
}

static sp_val none_to_null(sp_val v)
{
    return v == sp_None ? NULL : v;
}

static sp_val property_tp_new(sp_type *t, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_gc_new(t, t->basic_size);
}

static int property_tp_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const names[] = {"fget", "fset", "fdel", "doc", NULL};
    sp_val fget = NULL, fset = NULL, fdel = NULL, doc = NULL;
    if (sp_parse_args("property", args, nargs, kwnames, "|OOOO", names, &fget, &fset, &fdel, &doc) <
        0)
        return -1;
    sp_property *p = (sp_property *)self;
    p->fget = fget ? none_to_null(fget) : NULL;
    p->fset = fset ? none_to_null(fset) : NULL;
    p->fdel = fdel ? none_to_null(fdel) : NULL;
    p->doc = doc ? none_to_null(doc) : NULL;
    if (!p->doc && p->fget) {
        p->doc = sp_getattr_opt(p->fget, istr("__doc__"));
        if (!p->doc && sp_err_occurred()) sp_err_clear();
        p->doc = p->doc ? none_to_null(p->doc) : NULL;
    }
    return 0;
}

/* The name used in messages: set by __set_name__, else fget.__name__. */
static sp_val property_name(sp_property *p)
{
    if (p->name) return p->name;
    if (p->fget) {
        sp_val n = sp_getattr_opt(p->fget, istr("__name__"));
        if (n && sp_str_check(n)) return n;
        sp_err_clear();
    }
    return NULL;
}

static void *property_error(sp_property *p, sp_val obj, const char *what)
{
    sp_val n = property_name(p);
    if (n)
        return sp_err_set(&sp_exc_AttributeError, "property %R of '%s' object has no %s", n,
                          sp_type_name(obj), what);
    return sp_err_set(&sp_exc_AttributeError, "property of '%s' object has no %s",
                      sp_type_name(obj), what);
}

static sp_val property_get(sp_val self, sp_val obj, sp_val type)
{
    sp_property *p = (sp_property *)self;
    if (!obj) return self;
    if (!p->fget) return property_error(p, obj, "getter");
    return sp_call1(p->fget, obj);
}

static int property_set(sp_val self, sp_val obj, sp_val value)
{
    sp_property *p = (sp_property *)self;
    sp_val r;
    if (value) {
        if (!p->fset) {
            property_error(p, obj, "setter");
            return -1;
        }
        r = sp_call2(p->fset, obj, value);
    } else {
        if (!p->fdel) {
            property_error(p, obj, "deleter");
            return -1;
        }
        r = sp_call1(p->fdel, obj);
    }
    return r ? 0 : -1;
}

static sp_val property_copy(sp_val self, sp_val fget, sp_val fset, sp_val fdel)
{
    sp_property *p = (sp_property *)self;
    sp_property *n = sp_gc_new(sp_typeof(self), sp_typeof(self)->basic_size);
    if (!n) return NULL;
    n->fget = fget;
    n->fset = fset;
    n->fdel = fdel;
    n->doc = p->doc;
    n->name = p->name;
    if (!n->doc && fget) {
        n->doc = sp_getattr_opt(fget, istr("__doc__"));
        if (!n->doc) sp_err_clear();
        n->doc = n->doc ? none_to_null(n->doc) : NULL;
    }
    return &n->ob;
}

#define PROPERTY_METHOD(fn, pick)                                                                  \
    static sp_val fn(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)                \
    {                                                                                              \
        if (sp_no_kwargs(#fn, kwnames) < 0 || sp_check_nargs(#fn, nargs, 1, 1) < 0) return NULL;   \
        sp_property *p = (sp_property *)self;                                                      \
        sp_val f = none_to_null(args[0]);                                                          \
        pick;                                                                                      \
    }
PROPERTY_METHOD(getter, return property_copy(self, f, p->fset, p->fdel))
PROPERTY_METHOD(setter, return property_copy(self, p->fget, f, p->fdel))
PROPERTY_METHOD(deleter, return property_copy(self, p->fget, p->fset, f))

static sp_val property_set_name(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_check_nargs("__set_name__", nargs, 2, 2) < 0) return NULL;
    ((sp_property *)self)->name = args[1];
    return sp_None;
}

static const sp_method_def property_methods[] = {
    {"getter", getter, 0},   {"setter", setter, 0},
    {"deleter", deleter, 0}, {"__set_name__", property_set_name, 0},
    {NULL, NULL, 0},
};

static sp_val prop_fget(sp_val self)
{
    sp_val v = ((sp_property *)self)->fget;
    return v ? v : sp_None;
}
static sp_val prop_fset(sp_val self)
{
    sp_val v = ((sp_property *)self)->fset;
    return v ? v : sp_None;
}
static sp_val prop_fdel(sp_val self)
{
    sp_val v = ((sp_property *)self)->fdel;
    return v ? v : sp_None;
}
static sp_val prop_doc(sp_val self)
{
    sp_val v = ((sp_property *)self)->doc;
    return v ? v : sp_None;
}
static int prop_set_doc(sp_val self, sp_val v)
{
    ((sp_property *)self)->doc = v ? none_to_null(v) : NULL;
    return 0;
}
/* CPython's _PyObject_IsAbstract: a missing __isabstractmethod__ means "no". */
static int is_abstract(sp_val f)
{
    if (!f) return 0;
    sp_val v = sp_getattr_cstr(f, "__isabstractmethod__");
    if (!v) {
        if (!sp_err_matches(&sp_exc_AttributeError)) return -1;
        sp_err_clear();
        return 0;
    }
    return sp_truthy(v);
}
static sp_val prop_isabstract(sp_val self)
{
    sp_property *p = (sp_property *)self;
    sp_val parts[3] = {p->fget, p->fset, p->fdel};
    for (int i = 0; i < 3; i++) {
        int r = is_abstract(parts[i]);
        if (r < 0) return NULL;
        if (r) return sp_True;
    }
    return sp_False;
}
static const sp_getset_def property_getsets[] = {
    {"fget", prop_fget, NULL},
    {"fset", prop_fset, NULL},
    {"fdel", prop_fdel, NULL},
    {"__doc__", prop_doc, prop_set_doc},
    {"__isabstractmethod__", prop_isabstract, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_property = {
    .ob = {&sp_type_type, 0, 0},
    .name = "property",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(sp_property),
    .trace = property_trace,
    .tp_new = property_tp_new,
    .tp_init = property_tp_init,
    .descr_get = property_get,
    .descr_set = property_set,
};

/* ---- staticmethod / classmethod ---------------------------------------------------------- */

typedef struct sp_funcwrap {
    sp_object ob;
    sp_val func;
    sp_val dict;
} sp_funcwrap;

static void funcwrap_trace(sp_val self)
{
    sp_gc_mark(((sp_funcwrap *)self)->func);
    sp_gc_mark(((sp_funcwrap *)self)->dict);
}

static sp_val funcwrap_tp_new(sp_type *t, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_gc_new(t, t->basic_size);
}

static int funcwrap_tp_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    const char *name = sp_isinstance(self, &sp_type_staticmethod) ? "staticmethod" : "classmethod";
    if (sp_no_kwargs(name, kwnames) < 0) return -1;
    if (nargs != 1) {
        sp_err_set(&sp_exc_TypeError, "%s expected 1 argument, got %d", name, (int)nargs);
        return -1;
    }
    ((sp_funcwrap *)self)->func = args[0];
    return 0;
}

static sp_val staticmethod_get(sp_val self, sp_val obj, sp_val type)
{
    return ((sp_funcwrap *)self)->func;
}

static sp_val staticmethod_call(sp_val callable, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_call(((sp_funcwrap *)callable)->func, args, nargs, kwnames);
}

static sp_val classmethod_get(sp_val self, sp_val obj, sp_val type)
{
    sp_val f = ((sp_funcwrap *)self)->func;
    if (!type) type = &sp_typeof(obj)->ob;
    sp_type *ft = sp_typeof(f);
    if (ft->descr_get) return ft->descr_get(f, type, &sp_typeof(type)->ob);
    return sp_err_set(&sp_exc_TypeError, "classmethod of a non-function is not supported");
}

static sp_val funcwrap_get_func(sp_val self)
{
    return ((sp_funcwrap *)self)->func;
}

static sp_val funcwrap_get_attr(sp_val self, const char *name)
{
    sp_val r = sp_getattr_cstr(((sp_funcwrap *)self)->func, name);
    return r;
}
static sp_val funcwrap_get_name(sp_val self)
{
    return funcwrap_get_attr(self, "__name__");
}
static sp_val funcwrap_get_qualname(sp_val self)
{
    return funcwrap_get_attr(self, "__qualname__");
}
static sp_val funcwrap_get_doc(sp_val self)
{
    return funcwrap_get_attr(self, "__doc__");
}
static sp_val funcwrap_get_isabstract(sp_val self)
{
    return sp_False;
}

static const sp_getset_def funcwrap_getsets[] = {
    {"__func__", funcwrap_get_func, NULL},
    {"__wrapped__", funcwrap_get_func, NULL},
    {"__name__", funcwrap_get_name, NULL},
    {"__qualname__", funcwrap_get_qualname, NULL},
    {"__doc__", funcwrap_get_doc, NULL},
    {"__isabstractmethod__", funcwrap_get_isabstract, NULL},
    {NULL, NULL, NULL},
};

static sp_val funcwrap_repr(sp_val self)
{
    return sp_str_format("<%s(%R)>", sp_type_name(self), ((sp_funcwrap *)self)->func);
}

sp_type sp_type_staticmethod = {
    .ob = {&sp_type_type, 0, 0},
    .name = "staticmethod",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(sp_funcwrap),
    .dict_offset = offsetof(sp_funcwrap, dict),
    .trace = funcwrap_trace,
    .tp_new = funcwrap_tp_new,
    .tp_init = funcwrap_tp_init,
    .repr = funcwrap_repr,
    .call = staticmethod_call,
    .descr_get = staticmethod_get,
};

sp_type sp_type_classmethod = {
    .ob = {&sp_type_type, 0, 0},
    .name = "classmethod",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(sp_funcwrap),
    .dict_offset = offsetof(sp_funcwrap, dict),
    .trace = funcwrap_trace,
    .tp_new = funcwrap_tp_new,
    .tp_init = funcwrap_tp_init,
    .repr = funcwrap_repr,
    .descr_get = classmethod_get,
};

/* ---- initialisation ----------------------------------------------------------------------- */

int sp_runtime_init(void)
{
    for (int i = 0; i < SL__COUNT; i++) /* interned: kept alive by the intern table */
        if (!slot_name(i)) return -1;
    if (sp_type_ready(&sp_type_object, object_methods, object_getsets) < 0 ||
        sp_type_ready(&sp_type_type, type_methods, type_getsets) < 0 ||
        sp_type_ready(&sp_type_builtin, NULL, builtin_getsets) < 0 ||
        sp_type_ready(&sp_type_method_descr, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_classmethod_descr, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_getset_descr, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_member_descr, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_mappingproxy, mp_methods, NULL) < 0 ||
        sp_type_ready(&sp_type_slot_wrapper, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_method_wrapper, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_new_wrapper, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_super, NULL, super_getsets) < 0 ||
        sp_type_ready(&sp_type_seqiter, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_property, property_methods, property_getsets) < 0 ||
        sp_type_ready(&sp_type_staticmethod, NULL, funcwrap_getsets) < 0 ||
        sp_type_ready(&sp_type_classmethod, NULL, funcwrap_getsets) < 0)
        return -1;
    if (sp_none_init() < 0 || sp_exc_init() < 0 || sp_module_type_init() < 0) return -1;
    return 0;
}
