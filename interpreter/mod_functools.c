/*
 * mod_functools.c — the `functools` module, and sp_stdlib_exec (the loader of the
 * Python parts embedded in every mod_*.c of mod_stdlib.h).
 *
 * Design overview
 * ---------------
 * reduce and the lru_cache wrapper are C: they sit on hot paths (memoised DP calls
 * the cached function millions of times). The wrapper is CPython's
 * functools._lru_cache_wrapper: an object with a call slot that builds CPython's
 * _make_key key (the lone argument itself for one positional int/str, else a tuple
 * of the arguments, with a marker and name/value pairs for keywords), looks it up in
 * a dict, and on a miss calls the function. The bounded variant keeps recency in
 * the dict's insertion order (a hit re-inserts its key at the end; the first key is
 * the least recently used), which evicts exactly what CPython's linked list evicts.
 * A recursive call that filled the same key meanwhile wins, as in CPython.
 *
 * partial and cmp_to_key's KeyWrapper are C too (CPython's _functools), because
 * sort keys and mapped partials are called once per element. total_ordering,
 * update_wrapper/wraps, cache and the lru_cache decorator factory are Python (as in
 * CPython's functools.py), below.
 */
#include "mod_stdlib.h"

#include "builtins.h"
#include "gc.h"
#include "obj_dict.h"
#include "obj_type.h"
#include "vm.h"

#include <string.h>

int sp_stdlib_exec(sp_val module, const char *src, const char *filename)
{
    sp_val code = sp_vm_compile(src, strlen(src), filename, SP_COMPILE_EXEC);
    if (!code) return -1;
    sp_val d = sp_module_dict(module);
    return sp_vm_run_code(code, d, d) ? 0 : -1;
}

/* ---- reduce ------------------------------------------------------------------------ */

static sp_val ft_reduce(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("reduce", kw) < 0 || sp_check_nargs("reduce", nargs, 2, 3) < 0) return NULL;
    sp_val fn = args[0];
    sp_val it = sp_iter(args[1]);
    if (!it) {
        if (sp_err_matches(&sp_exc_TypeError)) {
            sp_err_clear();
            return sp_err_set(&sp_exc_TypeError, "reduce() arg 2 must support iteration");
        }
        return NULL;
    }
    sp_val acc = nargs == 3 ? args[2] : NULL;
    for (;;) {
        sp_val v = sp_next(it);
        if (!v) {
            if (sp_err_occurred()) return NULL;
            break;
        }
        if (!acc) {
            acc = v;
            continue;
        }
        acc = sp_call2(fn, acc, v);
        if (!acc) return NULL;
    }
    if (!acc)
        return sp_err_set(&sp_exc_TypeError, "reduce() of empty iterable with no initial value");
    return acc;
}

/* ---- _lru_cache_wrapper ------------------------------------------------------------ */

/* Invariants:
 *  1. cache is a dict; with maxsize >= 0 it holds at most maxsize entries, oldest use first.
 *  2. maxsize == -1 means unbounded (maxsize=None). */
typedef struct lru_obj {
    sp_object ob;
    sp_val dict; /* instance __dict__ (update_wrapper writes __name__ ... here) */
    sp_val func;
    sp_val cache;
    sp_val info_type; /* CacheInfo namedtuple class */
    sp_val typed;
    int64_t maxsize;
    int64_t hits, misses;
    bool is_typed;
} lru_obj;

sp_type sp_type_lru_wrapper;
static sp_val kwd_mark; /* the separator object of keyword keys; a root */
static uint64_t kwd_mark_run;

static void lru_trace(sp_val self)
{
    lru_obj *o = (lru_obj *)self;
    sp_gc_mark(o->dict);
    sp_gc_mark(o->func);
    sp_gc_mark(o->cache);
    sp_gc_mark(o->info_type);
    sp_gc_mark(o->typed);
}

/* CPython's _make_key: typed adds the type of every argument after them. */
static sp_val make_key(sp_val const *args, size_t nargs, sp_val kw, bool typed)
{
    size_t nkw = kw ? ((sp_tuple *)kw)->len : 0;
    if (nkw == 0 && nargs == 1 && !typed) {
        sp_type *t = sp_typeof(args[0]);
        if (t == &sp_type_int || t == &sp_type_str) return args[0];
    }
    size_t base = nargs + (nkw ? 1 + 2 * nkw : 0);
    size_t n = base + (typed ? nargs + nkw : 0);
    sp_val key = sp_tuple_new(n);
    if (!key) return NULL;
    sp_tuple *k = (sp_tuple *)key;
    for (size_t i = 0; i < nargs; i++)
        k->items[i] = args[i];
    if (nkw) {
        k->items[nargs] = kwd_mark;
        for (size_t i = 0; i < nkw; i++) {
            k->items[nargs + 1 + 2 * i] = ((sp_tuple *)kw)->items[i];
            k->items[nargs + 2 + 2 * i] = args[nargs + i];
        }
    }
    if (typed)
        for (size_t i = 0; i < nargs + nkw; i++)
            k->items[base + i] = &sp_typeof(args[i])->ob;
    return key;
}

static int evict_oldest(sp_val cache)
{
    size_t pos = 0;
    sp_val k, v;
    if (!sp_dict_next(cache, &pos, &k, &v)) return 0;
    return sp_dict_del(cache, k);
}

static sp_val lru_call(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    lru_obj *o = (lru_obj *)self;
    if (o->maxsize == 0) {
        o->misses++;
        return sp_call(o->func, args, nargs, kw);
    }
    sp_val key = make_key(args, nargs, kw, o->is_typed);
    if (!key) return NULL;
    sp_val hit = sp_dict_get_item(o->cache, key);
    if (hit) {
        o->hits++;
        if (o->maxsize > 0 &&
            (sp_dict_del(o->cache, key) < 0 || sp_dict_set(o->cache, key, hit) < 0))
            return NULL;
        return hit;
    }
    if (sp_err_occurred()) return NULL;
    o->misses++;
    sp_val r = sp_call(o->func, args, nargs, kw);
    if (!r) return NULL;
    if (o->maxsize > 0) {
        sp_val again = sp_dict_get_item(o->cache, key);
        if (again) return r; /* a recursive call cached this key meanwhile */
        if (sp_err_occurred()) return NULL;
        if ((int64_t)((sp_dict *)o->cache)->len >= o->maxsize && evict_oldest(o->cache) < 0)
            return NULL;
    }
    if (sp_dict_set(o->cache, key, r) < 0) return NULL;
    return r;
}

static sp_val lru_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"user_function", "maxsize", "typed", "cache_info_type",
                                        NULL};
    sp_val func, maxsize, typed, info;
    if (sp_parse_args("_lru_cache_wrapper", args, nargs, kw, "OOOO", names, &func, &maxsize, &typed,
                      &info) < 0)
        return NULL;
    if (!sp_typeof(func)->call)
        return sp_err_set(&sp_exc_TypeError, "the first argument must be callable");
    int64_t ms = -1;
    if (maxsize != sp_None) {
        if (!sp_int_check(maxsize))
            return sp_err_set(&sp_exc_TypeError, "maxsize should be integer or None");
        bool overflow = false;
        ms = sp_index(maxsize, &overflow);
        if (ms == -1 && sp_err_occurred()) return NULL;
        if (overflow) ms = sp_int_sign(maxsize) < 0 ? 0 : INT64_MAX;
        if (ms < 0) ms = 0;
    }
    lru_obj *o = sp_gc_new(type, sizeof(lru_obj));
    if (!o) return NULL;
    o->func = func;
    o->maxsize = ms;
    o->typed = typed;
    int t = sp_truthy(typed);
    if (t < 0) return NULL;
    o->is_typed = t;
    o->info_type = info;
    o->cache = sp_dict_new();
    if (!o->cache) return NULL;
    return &o->ob;
}

static sp_val lru_descr_get(sp_val self, sp_val obj, sp_val type)
{
    if (!obj || obj == sp_None) return self;
    return sp_method_new(self, obj);
}

static sp_val lru_cache_info(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    lru_obj *o = (lru_obj *)self;
    if (sp_check_nargs("cache_info", nargs, 0, 0) < 0) return NULL;
    sp_val vals[4] = {sp_int_from_i64(o->hits), sp_int_from_i64(o->misses),
                      o->maxsize < 0 ? sp_None : sp_int_from_i64(o->maxsize),
                      sp_int_from_i64((int64_t)((sp_dict *)o->cache)->len)};
    return sp_call(o->info_type, vals, 4, NULL);
}

static sp_val lru_cache_clear(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    lru_obj *o = (lru_obj *)self;
    if (sp_check_nargs("cache_clear", nargs, 0, 0) < 0) return NULL;
    o->hits = o->misses = 0;
    if (sp_dict_clear(o->cache) < 0) return NULL;
    return sp_None;
}

static sp_val lru_get_dict(sp_val self)
{
    lru_obj *o = (lru_obj *)self;
    if (!o->dict && !(o->dict = sp_dict_new())) return NULL;
    return o->dict;
}

static const sp_method_def lru_methods[] = {
    {"cache_info", lru_cache_info, 0},
    {"cache_clear", lru_cache_clear, 0},
    {NULL, NULL, 0},
};

static const sp_getset_def lru_getsets[] = {
    {"__dict__", lru_get_dict, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_lru_wrapper = {
    .name = "_lru_cache_wrapper",
    .basic_size = sizeof(lru_obj),
    .dict_offset = offsetof(lru_obj, dict),
    .trace = lru_trace,
    .tp_new = lru_new,
    .call = lru_call,
    .getattr = sp_generic_getattr,
    .setattr = sp_generic_setattr,
    .descr_get = lru_descr_get,
};

/* ---- partial ----------------------------------------------------------------------------- */

/* Invariants:
 *  1. args is a tuple, kw a dict (possibly empty), fn callable.
 *  2. fn is never a partial without an instance dict (construction flattens it). */
typedef struct partial_obj {
    sp_object ob;
    sp_val fn, args, kw;
    sp_val dict; /* instance __dict__, created lazily */
} partial_obj;

sp_type sp_type_partial;

static void partial_trace(sp_val self)
{
    partial_obj *p = (partial_obj *)self;
    sp_gc_mark(p->fn);
    sp_gc_mark(p->args);
    sp_gc_mark(p->kw);
    sp_gc_mark(p->dict);
}

static sp_val partial_call(sp_val self, sp_val const *args, size_t nargs, sp_val kw);

static sp_val partial_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kw)
{
    if (nargs < 1)
        return sp_err_set(&sp_exc_TypeError, "type 'partial' takes at least one argument");
    sp_val fn = args[0];
    if (!sp_typeof(fn)->call)
        return sp_err_set(&sp_exc_TypeError, "the first argument must be callable");
    sp_val pargs = NULL, pkw = NULL;
    if (sp_typeof(fn)->call == partial_call && !((partial_obj *)fn)->dict) {
        partial_obj *inner = (partial_obj *)fn;
        pargs = inner->args;
        pkw = inner->kw;
        fn = inner->fn;
    }
    size_t ninner = pargs ? ((sp_tuple *)pargs)->len : 0;
    sp_val all = sp_tuple_new(ninner + nargs - 1);
    if (!all) return NULL;
    for (size_t i = 0; i < ninner; i++)
        ((sp_tuple *)all)->items[i] = ((sp_tuple *)pargs)->items[i];
    for (size_t i = 1; i < nargs; i++)
        ((sp_tuple *)all)->items[ninner + i - 1] = args[i];
    sp_val d = pkw ? sp_dict_copy(pkw) : sp_dict_new();
    if (!d) return NULL;
    size_t nkw = kw ? ((sp_tuple *)kw)->len : 0;
    for (size_t i = 0; i < nkw; i++)
        if (sp_dict_set(d, ((sp_tuple *)kw)->items[i], args[nargs + i]) < 0) return NULL;
    partial_obj *p = sp_gc_new(type, type->basic_size);
    if (!p) return NULL;
    p->fn = fn;
    p->args = all;
    p->kw = d;
    return &p->ob;
}

/* fn(*self.args, *args, **{**self.kw, **kw}) in the vectorcall convention. */
static sp_val partial_call(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    partial_obj *p = (partial_obj *)self;
    sp_tuple *pa = (sp_tuple *)p->args;
    size_t nkw = kw ? ((sp_tuple *)kw)->len : 0;
    size_t npkw = ((sp_dict *)p->kw)->len;
    if (pa->len == 0 && npkw == 0) return sp_call(p->fn, args, nargs, kw);
    sp_val merged = NULL;
    if (npkw) {
        if (!(merged = sp_dict_copy(p->kw))) return NULL;
        for (size_t i = 0; i < nkw; i++)
            if (sp_dict_set(merged, ((sp_tuple *)kw)->items[i], args[nargs + i]) < 0) return NULL;
        nkw = ((sp_dict *)merged)->len;
    }
    size_t npos = pa->len + nargs;
    sp_val small[16];
    size_t total = npos + nkw;
    sp_val *buf = total <= 16 ? small : sp_mem_alloc(total * sizeof(sp_val));
    if (!buf) return NULL;
    for (size_t i = 0; i < pa->len; i++)
        buf[i] = pa->items[i];
    for (size_t i = 0; i < nargs; i++)
        buf[pa->len + i] = args[i];
    sp_val kwnames = kw;
    if (merged) {
        kwnames = sp_tuple_new(nkw);
        size_t pos = 0, i = 0;
        sp_val k, v;
        while (kwnames && sp_dict_next(merged, &pos, &k, &v)) {
            ((sp_tuple *)kwnames)->items[i] = k;
            buf[npos + i++] = v;
        }
    } else {
        for (size_t i = 0; i < nkw; i++)
            buf[npos + i] = args[nargs + i];
    }
    sp_val r = kwnames || !merged ? sp_call(p->fn, buf, npos, kwnames) : NULL;
    if (buf != small) sp_mem_free(buf, total * sizeof(sp_val));
    return r;
}

static sp_val partial_repr(sp_val self)
{
    partial_obj *p = (partial_obj *)self;
    const char *name =
        sp_typeof(self) == &sp_type_partial ? "functools.partial" : sp_type_name(self);
    int rc = sp_repr_enter(self);
    if (rc) return rc > 0 ? sp_str_from_cstr("...") : NULL;
    sp_val r = NULL;
    sp_buf b;
    sp_buf_init(&b);
    sp_val fr = sp_repr(p->fn);
    if (!fr || sp_buf_append_cstr(&b, name) < 0 || sp_buf_append_char(&b, '(') < 0 ||
        sp_buf_append_val_str(&b, fr) < 0)
        goto out;
    sp_tuple *pa = (sp_tuple *)p->args;
    for (size_t i = 0; i < pa->len; i++) {
        sp_val ar = sp_repr(pa->items[i]);
        if (!ar || sp_buf_append(&b, ", ", 2) < 0 || sp_buf_append_val_str(&b, ar) < 0) goto out;
    }
    size_t pos = 0;
    sp_val k, v;
    while (sp_dict_next(p->kw, &pos, &k, &v)) {
        sp_val ks = sp_str_of(k), vr = ks ? sp_repr(v) : NULL;
        if (!vr || sp_buf_append(&b, ", ", 2) < 0 || sp_buf_append_val_str(&b, ks) < 0 ||
            sp_buf_append_char(&b, '=') < 0 || sp_buf_append_val_str(&b, vr) < 0)
            goto out;
    }
    if (sp_buf_append_char(&b, ')') < 0) goto out;
    r = sp_buf_to_str(&b);
out:
    if (!r) sp_buf_free(&b);
    sp_repr_leave(self);
    return r;
}

static sp_val partial_get_func(sp_val self)
{
    return ((partial_obj *)self)->fn;
}

static sp_val partial_get_args(sp_val self)
{
    return ((partial_obj *)self)->args;
}

static sp_val partial_get_keywords(sp_val self)
{
    return ((partial_obj *)self)->kw;
}

static sp_val partial_get_dict(sp_val self)
{
    partial_obj *p = (partial_obj *)self;
    if (!p->dict && !(p->dict = sp_dict_new())) return NULL;
    return p->dict;
}

static int partial_readonly(sp_val self, sp_val value)
{
    sp_err_set(&sp_exc_AttributeError, "readonly attribute");
    return -1;
}

static const sp_getset_def partial_getsets[] = {
    {"func", partial_get_func, partial_readonly},
    {"args", partial_get_args, partial_readonly},
    {"keywords", partial_get_keywords, partial_readonly},
    {"__dict__", partial_get_dict, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_partial = {
    .name = "partial",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(partial_obj),
    .dict_offset = offsetof(partial_obj, dict),
    .trace = partial_trace,
    .tp_new = partial_new,
    .call = partial_call,
    .repr = partial_repr,
    .getattr = sp_generic_getattr,
    .setattr = sp_generic_setattr,
};

/* ---- cmp_to_key: functools.KeyWrapper ---------------------------------------------------- */

typedef struct keywrapper_obj {
    sp_object ob;
    sp_val cmp;
    sp_val obj; /* NULL for the factory returned by cmp_to_key */
} keywrapper_obj;

sp_type sp_type_keywrapper;

static void keywrapper_trace(sp_val self)
{
    sp_gc_mark(((keywrapper_obj *)self)->cmp);
    sp_gc_mark(((keywrapper_obj *)self)->obj);
}

static sp_val keywrapper_make(sp_val cmp, sp_val obj)
{
    keywrapper_obj *k = sp_gc_new(&sp_type_keywrapper, sizeof(keywrapper_obj));
    if (!k) return NULL;
    k->cmp = cmp;
    k->obj = obj;
    return &k->ob;
}

static sp_val keywrapper_call(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"obj", NULL};
    sp_val obj = NULL;
    if (sp_parse_args("K", args, nargs, kw, "O", names, &obj) < 0) return NULL;
    return keywrapper_make(((keywrapper_obj *)self)->cmp, obj);
}

static sp_val keywrapper_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (sp_typeof(b) != &sp_type_keywrapper)
        return sp_err_set(&sp_exc_TypeError, "other argument must be K instance");
    keywrapper_obj *x = (keywrapper_obj *)a, *y = (keywrapper_obj *)b;
    if (!x->obj || !y->obj) return sp_err_set(&sp_exc_AttributeError, "object");
    sp_val res = sp_call2(x->cmp, x->obj, y->obj);
    if (!res) return NULL;
    return sp_compare(res, sp_small(0), op);
}

static int keywrapper_hash(sp_val self, int64_t *out)
{
    sp_err_set(&sp_exc_TypeError, "unhashable type: 'functools.KeyWrapper'");
    return -1;
}

static sp_val keywrapper_get_obj(sp_val self)
{
    keywrapper_obj *k = (keywrapper_obj *)self;
    if (!k->obj) return sp_err_set(&sp_exc_AttributeError, "obj");
    return k->obj;
}

static int keywrapper_set_obj(sp_val self, sp_val value)
{
    ((keywrapper_obj *)self)->obj = value;
    return 0;
}

static const sp_getset_def keywrapper_getsets[] = {
    {"obj", keywrapper_get_obj, keywrapper_set_obj},
    {NULL, NULL, NULL},
};

sp_type sp_type_keywrapper = {
    .name = "KeyWrapper",
    .basic_size = sizeof(keywrapper_obj),
    .trace = keywrapper_trace,
    .call = keywrapper_call,
    .richcompare = keywrapper_richcompare,
    .hash = keywrapper_hash,
};

static sp_val ft_cmp_to_key(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"mycmp", NULL};
    sp_val cmp = NULL;
    if (sp_parse_args("cmp_to_key", args, nargs, kw, "O", names, &cmp) < 0) return NULL;
    return keywrapper_make(cmp, NULL);
}

/* ---- the Python half ------------------------------------------------------------------- */

/* The Python part of this module lives in interpreter/lib/functools.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_functools_py[];

static const sp_method_def functools_functions[] = {
    {"reduce", ft_reduce, 0},
    {"cmp_to_key", ft_cmp_to_key, 0},
    {NULL, NULL, 0},
};

sp_val sp_functools_module_init(void)
{
    if (sp_type_ready(&sp_type_lru_wrapper, lru_methods, lru_getsets) < 0 ||
        sp_type_ready(&sp_type_partial, NULL, partial_getsets) < 0 ||
        sp_type_ready(&sp_type_keywrapper, NULL, keywrapper_getsets) < 0)
        return NULL;
    sp_val modname = sp_str_intern("functools");
    if (!modname) return NULL;
    sp_type_lru_wrapper.module_name = sp_type_partial.module_name = sp_type_keywrapper.module_name =
        modname;
    if (kwd_mark_run != sp_gc_run_id() || !kwd_mark) {
        kwd_mark = sp_gc_new(&sp_type_object, sizeof(sp_object));
        if (!kwd_mark) return NULL;
        sp_gc_root(&kwd_mark);
        kwd_mark_run = sp_gc_run_id();
    }
    sp_val m = sp_module_new("functools");
    if (!m || sp_module_add_functions(m, functools_functions) < 0 ||
        sp_module_add(m, "_lru_cache_wrapper", &sp_type_lru_wrapper.ob) < 0 ||
        sp_module_add(m, "partial", &sp_type_partial.ob) < 0 ||
        sp_module_add(m, "KeyWrapper", &sp_type_keywrapper.ob) < 0 ||
        sp_stdlib_exec(m, sp_lib_functools_py, "functools.py") < 0)
        return NULL;
    return m;
}
