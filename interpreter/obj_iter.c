/*
 * obj_iter.c — enumerate, zip, map, filter, reversed, the sequence iterator and
 * the callable iterator.
 *
 * Design overview
 * ---------------
 * Each type is a small object holding the iterators it draws from; iternext
 * returns NULL with no exception set when exhausted (the protocol of object.h),
 * and every iterator stays exhausted once it has reported so (its sources are
 * dropped, which also lets them be collected).
 */
#include <string.h>

#include "gc.h"
#include "obj_dict.h"
#include "obj_iter.h"
#include "obj_str.h"
#include "obj_type.h"

static sp_val iter_self(sp_val v)
{
    return v;
}

static void *alloc_of(sp_type *type, size_t size)
{
    return sp_gc_new(type, type->basic_size > size ? type->basic_size : size);
}

/* ---- enumerate ---------------------------------------------------------------------------- */

typedef struct enum_obj {
    sp_object ob;
    sp_val it;    /* NULL once exhausted */
    sp_val count; /* int */
} enum_obj;

static void enum_trace(sp_val v)
{
    sp_gc_mark(((enum_obj *)v)->it);
    sp_gc_mark(((enum_obj *)v)->count);
}

static sp_val enum_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const names[] = {"iterable", "start", NULL};
    sp_val iterable = NULL, start = sp_small(0);
    if (nargs == 0 && (!kwnames || ((sp_tuple *)kwnames)->len == 0))
        return sp_err_set(&sp_exc_TypeError, "enumerate() missing required argument 'iterable'");
    if (sp_parse_args("enumerate", args, nargs, kwnames, "O|O", names, &iterable, &start) < 0)
        return NULL;
    if (!sp_int_check(start) && !sp_typeof(start)->index)
        return sp_err_set(&sp_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          sp_type_name(start));
    if (!sp_int_check(start) && !(start = sp_index_int(start))) return NULL;
    sp_val it = sp_iter(iterable);
    if (!it) return NULL;
    enum_obj *e = alloc_of(type, sizeof(enum_obj));
    if (!e) return NULL;
    e->it = it;
    e->count = start;
    return (sp_val)e;
}

static sp_val enum_next(sp_val v)
{
    enum_obj *e = (enum_obj *)v;
    if (!e->it) return NULL;
    sp_val x = sp_next(e->it);
    if (!x) {
        if (!sp_err_occurred()) e->it = NULL;
        return NULL;
    }
    sp_val idx = e->count, next;
    if (sp_is_small(idx) && sp_small_value(idx) < SP_SMALL_MAX)
        next = sp_small(sp_small_value(idx) + 1);
    else if (!(next = sp_binary_op(SP_OP_ADD, idx, sp_small(1))))
        return NULL;
    e->count = next;
    return sp_tuple_pack(2, idx, x);
}

sp_type sp_type_enumerate = {
    .name = "enumerate",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(enum_obj),
    .trace = enum_trace,
    .tp_new = enum_new,
    .iter = iter_self,
    .iternext = enum_next,
};

/* ---- zip ------------------------------------------------------------------------------------- */

typedef struct zip_obj {
    sp_object ob;
    sp_val iters; /* tuple of iterators; NULL once exhausted */
    bool strict;
} zip_obj;

static void zip_trace(sp_val v)
{
    sp_gc_mark(((zip_obj *)v)->iters);
}

static sp_val zip_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    bool strict = false;
    if (kwnames) {
        sp_tuple *kw = (sp_tuple *)kwnames;
        for (size_t i = 0; i < kw->len; i++) {
            if (!sp_str_eq_cstr(kw->items[i], "strict"))
                return sp_err_set(&sp_exc_TypeError,
                                  "'%s' is an invalid keyword argument for zip()",
                                  sp_str_cstr(kw->items[i]));
            int t = sp_truthy(args[nargs + i]);
            if (t < 0) return NULL;
            strict = t;
        }
    }
    sp_val iters = sp_tuple_new(nargs);
    if (!iters) return NULL;
    for (size_t i = 0; i < nargs; i++) {
        sp_val it = sp_iter(args[i]);
        if (!it) return NULL;
        ((sp_tuple *)iters)->items[i] = it;
    }
    zip_obj *z = alloc_of(type, sizeof(zip_obj));
    if (!z) return NULL;
    z->iters = iters;
    z->strict = strict;
    return (sp_val)z;
}

static sp_val zip_mismatch(zip_obj *z, size_t i)
{
    z->iters = NULL;
    const char *plural = i == 1 ? " " : "s 1-";
    return sp_err_set(&sp_exc_ValueError, "zip() argument %zu is shorter than argument%s%zu", i + 1,
                      plural, i);
}

static sp_val zip_next(sp_val v)
{
    zip_obj *z = (zip_obj *)v;
    if (!z->iters) return NULL;
    sp_tuple *its = (sp_tuple *)z->iters;
    size_t n = its->len;
    if (n == 0) return NULL;
    sp_val result = sp_tuple_new(n);
    if (!result) return NULL;
    for (size_t i = 0; i < n; i++) {
        /* Like CPython, a StopIteration carrying a value (a generator's return) passes
           through, so next(zip(g)) raises it with the value; strict mode swallows it. */
        sp_val it = its->items[i];
        sp_val x = sp_typeof(it)->iternext ? sp_iter_next_keep_stop(it) : sp_next(it);
        if (!x) {
            if (sp_err_occurred()) {
                if (!z->strict || !sp_err_matches(&sp_exc_StopIteration)) {
                    if (sp_err_matches(&sp_exc_StopIteration)) z->iters = NULL;
                    return NULL;
                }
                sp_err_clear();
            }
            if (z->strict) {
                if (i > 0) return zip_mismatch(z, i);
                for (size_t j = 1; j < n; j++) {
                    sp_val y = sp_next(its->items[j]);
                    if (y) {
                        z->iters = NULL;
                        const char *plural = j == 1 ? " " : "s 1-";
                        return sp_err_set(&sp_exc_ValueError,
                                          "zip() argument %zu is longer than argument%s%zu", j + 1,
                                          plural, j);
                    }
                    if (sp_err_occurred()) return NULL;
                }
            }
            z->iters = NULL;
            return NULL;
        }
        ((sp_tuple *)result)->items[i] = x;
    }
    return result;
}

sp_type sp_type_zip = {
    .name = "zip",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(zip_obj),
    .trace = zip_trace,
    .tp_new = zip_new,
    .iter = iter_self,
    .iternext = zip_next,
};

/* ---- map ---------------------------------------------------------------------------------------
 */

typedef struct map_obj {
    sp_object ob;
    sp_val func;
    sp_val iters; /* tuple; NULL once exhausted */
} map_obj;

static void map_trace(sp_val v)
{
    sp_gc_mark(((map_obj *)v)->func);
    sp_gc_mark(((map_obj *)v)->iters);
}

static sp_val map_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("map", kwnames) < 0) return NULL;
    if (nargs < 2) return sp_err_set(&sp_exc_TypeError, "map() must have at least two arguments.");
    sp_val iters = sp_tuple_new(nargs - 1);
    if (!iters) return NULL;
    for (size_t i = 1; i < nargs; i++) {
        sp_val it = sp_iter(args[i]);
        if (!it) return NULL;
        ((sp_tuple *)iters)->items[i - 1] = it;
    }
    map_obj *m = alloc_of(type, sizeof(map_obj));
    if (!m) return NULL;
    m->func = args[0];
    m->iters = iters;
    return (sp_val)m;
}

static sp_val map_next(sp_val v)
{
    map_obj *m = (map_obj *)v;
    if (!m->iters) return NULL;
    sp_tuple *its = (sp_tuple *)m->iters;
    sp_val small[4];
    sp_val holder = NULL;
    sp_val *argv = small;
    if (its->len > 4) {
        holder = sp_tuple_new(its->len);
        if (!holder) return NULL;
        argv = ((sp_tuple *)holder)->items;
    }
    for (size_t i = 0; i < its->len; i++) {
        sp_val x = sp_next(its->items[i]);
        if (!x) {
            if (!sp_err_occurred()) m->iters = NULL;
            return NULL;
        }
        argv[i] = x;
    }
    return sp_call(m->func, argv, its->len, NULL);
}

sp_type sp_type_map = {
    .name = "map",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(map_obj),
    .trace = map_trace,
    .tp_new = map_new,
    .iter = iter_self,
    .iternext = map_next,
};

/* ---- filter ------------------------------------------------------------------------------------
 */

typedef struct filter_obj {
    sp_object ob;
    sp_val func; /* None: truthiness */
    sp_val it;   /* NULL once exhausted */
} filter_obj;

static void filter_trace(sp_val v)
{
    sp_gc_mark(((filter_obj *)v)->func);
    sp_gc_mark(((filter_obj *)v)->it);
}

static sp_val filter_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("filter", kwnames) < 0) return NULL;
    if (nargs != 2)
        return sp_err_set(&sp_exc_TypeError, "filter expected 2 arguments, got %zu", nargs);
    sp_val it = sp_iter(args[1]);
    if (!it) return NULL;
    filter_obj *f = alloc_of(type, sizeof(filter_obj));
    if (!f) return NULL;
    f->func = args[0];
    f->it = it;
    return (sp_val)f;
}

static sp_val filter_next(sp_val v)
{
    filter_obj *f = (filter_obj *)v;
    while (f->it) {
        sp_val x = sp_next(f->it);
        if (!x) {
            if (!sp_err_occurred()) f->it = NULL;
            return NULL;
        }
        int ok;
        if (f->func == sp_None || f->func == (sp_val)&sp_type_bool) {
            ok = sp_truthy(x);
        } else {
            sp_val r = sp_call1(f->func, x);
            if (!r) return NULL;
            ok = sp_truthy(r);
        }
        if (ok < 0) return NULL;
        if (ok) return x;
    }
    return NULL;
}

sp_type sp_type_filter = {
    .name = "filter",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(filter_obj),
    .trace = filter_trace,
    .tp_new = filter_new,
    .iter = iter_self,
    .iternext = filter_next,
};

/* ---- reversed
 * ------------------------------------------------------------------------------------ */

typedef struct reversed_obj {
    sp_object ob;
    sp_val seq;    /* NULL once exhausted */
    int64_t index; /* next index to fetch, counting down */
} reversed_obj;

static void reversed_trace(sp_val v)
{
    sp_gc_mark(((reversed_obj *)v)->seq);
}

static sp_val reversed_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("reversed", kwnames) < 0) return NULL;
    if (nargs != 1)
        return sp_err_set(&sp_exc_TypeError, "reversed expected 1 argument, got %zu", nargs);
    sp_val seq = args[0];
    sp_val rev = sp_lookup_special(seq, "__reversed__");
    if (rev) {
        if (rev == sp_None)
            return sp_err_set(&sp_exc_TypeError, "'%s' object is not reversible",
                              sp_type_name(seq));
        return sp_call0(rev);
    }
    if (sp_err_occurred()) return NULL;
    sp_type *t = sp_typeof(seq);
    bool has_len = t->len || sp_type_lookup(t, sp_str_intern("__len__"));
    bool has_getitem =
        (t->getitem && t != &sp_type_dict) || sp_type_lookup(t, sp_str_intern("__getitem__"));
    if (!has_len || !has_getitem || sp_isinstance(seq, &sp_type_dict))
        return sp_err_set(&sp_exc_TypeError, "'%s' object is not reversible", sp_type_name(seq));
    int64_t n = sp_len(seq);
    if (n < 0) return NULL;
    reversed_obj *r = alloc_of(type, sizeof(reversed_obj));
    if (!r) return NULL;
    r->seq = seq;
    r->index = n - 1;
    return (sp_val)r;
}

static sp_val reversed_next(sp_val v)
{
    reversed_obj *r = (reversed_obj *)v;
    if (!r->seq || r->index < 0) {
        r->seq = NULL;
        return NULL;
    }
    sp_val x = sp_getitem(r->seq, sp_int_from_i64(r->index));
    if (!x) {
        if (sp_err_matches(&sp_exc_IndexError) || sp_err_matches(&sp_exc_StopIteration)) {
            sp_err_clear();
            r->seq = NULL;
        }
        return NULL;
    }
    r->index--;
    return x;
}

static sp_val reversed_length_hint(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    reversed_obj *r = (reversed_obj *)self;
    return sp_small(r->seq && r->index >= 0 ? r->index + 1 : 0);
}

static const sp_method_def reversed_methods[] = {
    {"__length_hint__", reversed_length_hint, 0},
    {NULL, NULL, 0},
};

sp_type sp_type_reversed = {
    .name = "reversed",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(reversed_obj),
    .trace = reversed_trace,
    .tp_new = reversed_new,
    .iter = iter_self,
    .iternext = reversed_next,
};

/* ---- sequence iterator
 * ---------------------------------------------------------------------------- */

typedef struct seqiter_obj {
    sp_object ob;
    sp_val seq; /* NULL once exhausted */
    int64_t index;
} seqiter_obj;

static void seqiter_trace(sp_val v)
{
    sp_gc_mark(((seqiter_obj *)v)->seq);
}

sp_val sp_seqiter_new(sp_val seq)
{
    seqiter_obj *s = sp_gc_new(&sp_type_seqiter, sizeof(seqiter_obj));
    if (!s) return NULL;
    s->seq = seq;
    return (sp_val)s;
}

static sp_val seqiter_next(sp_val v)
{
    seqiter_obj *s = (seqiter_obj *)v;
    if (!s->seq) return NULL;
    sp_val x = sp_getitem(s->seq, sp_int_from_i64(s->index));
    if (!x) {
        if (sp_err_matches(&sp_exc_IndexError) || sp_err_matches(&sp_exc_StopIteration)) {
            sp_err_clear();
            s->seq = NULL;
        }
        return NULL;
    }
    s->index++;
    return x;
}

/* object.c's sp_iter() defines the same type (same layout) for its own fallback; this
 * weak definition only stands in when that one is absent. obj_type.c readies it. */
__attribute__((weak)) sp_type sp_type_seqiter = {
    .name = "iterator",
    .basic_size = sizeof(seqiter_obj),
    .trace = seqiter_trace,
    .iter = iter_self,
    .iternext = seqiter_next,
};

/* ---- callable iterator
 * ------------------------------------------------------------------------------ */

typedef struct calliter_obj {
    sp_object ob;
    sp_val func; /* NULL once exhausted */
    sp_val sentinel;
} calliter_obj;

static void calliter_trace(sp_val v)
{
    sp_gc_mark(((calliter_obj *)v)->func);
    sp_gc_mark(((calliter_obj *)v)->sentinel);
}

sp_val sp_calliter_new(sp_val callable, sp_val sentinel)
{
    calliter_obj *c = sp_gc_new(&sp_type_calliter, sizeof(calliter_obj));
    if (!c) return NULL;
    c->func = callable;
    c->sentinel = sentinel;
    return (sp_val)c;
}

static sp_val calliter_next(sp_val v)
{
    calliter_obj *c = (calliter_obj *)v;
    if (!c->func) return NULL;
    sp_val x = sp_call0(c->func);
    if (!x) {
        if (sp_err_matches(&sp_exc_StopIteration)) {
            sp_err_clear();
            c->func = NULL;
        }
        return NULL;
    }
    int eq = sp_eq(x, c->sentinel);
    if (eq < 0) return NULL;
    if (eq) {
        c->func = NULL;
        return NULL;
    }
    return x;
}

sp_type sp_type_calliter = {
    .name = "callable_iterator",
    .basic_size = sizeof(calliter_obj),
    .trace = calliter_trace,
    .iter = iter_self,
    .iternext = calliter_next,
};

/* ---- types.GenericAlias ------------------------------------------------------------------------
 */

typedef struct generic_alias {
    sp_object ob;
    sp_val origin;
    sp_val args; /* tuple */
} generic_alias;

#define GA(v) ((generic_alias *)(v))

static void ga_trace(sp_val v)
{
    sp_gc_mark(GA(v)->origin);
    sp_gc_mark(GA(v)->args);
}

sp_val sp_generic_alias_new(sp_val origin, sp_val args)
{
    if (!sp_tuple_check(args) && !(args = sp_tuple_pack(1, args))) return NULL;
    generic_alias *g = sp_gc_new(&sp_type_generic_alias, sizeof(generic_alias));
    if (!g) return NULL;
    g->origin = origin;
    g->args = args;
    return (sp_val)g;
}

sp_val sp_class_getitem(sp_val cls, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("__class_getitem__", kwnames) < 0 ||
        sp_check_nargs("__class_getitem__", nargs, 1, 1) < 0)
        return NULL;
    return sp_generic_alias_new(cls, args[0]);
}

/* CPython's ga_repr_item: "..." / nested alias repr / module.qualname / repr. */
static int ga_repr_item(sp_buf *b, sp_val item)
{
    if (item == sp_Ellipsis) return sp_buf_append_cstr(b, "...");
    if (sp_typeof(item) == &sp_type_generic_alias || !sp_isinstance(item, &sp_type_type)) {
        sp_val r = sp_repr(item);
        return r ? sp_buf_append_val_str(b, r) : -1;
    }
    sp_val qual = sp_getattr_cstr(item, "__qualname__");
    sp_val mod = qual ? sp_getattr_cstr(item, "__module__") : NULL;
    if (!mod) {
        sp_err_clear();
        sp_val r = sp_repr(item);
        return r ? sp_buf_append_val_str(b, r) : -1;
    }
    if (sp_str_check(mod) && !sp_str_eq_cstr(mod, "builtins")) {
        if (sp_buf_append_val_str(b, mod) < 0 || sp_buf_append_char(b, '.') < 0) return -1;
    }
    sp_val qs = sp_str_of(qual);
    return qs ? sp_buf_append_val_str(b, qs) : -1;
}

static sp_val ga_repr(sp_val v)
{
    sp_buf b;
    sp_buf_init(&b);
    sp_tuple *args = (sp_tuple *)GA(v)->args;
    if (ga_repr_item(&b, GA(v)->origin) < 0 || sp_buf_append_char(&b, '[') < 0) goto fail;
    if (args->len == 0 && sp_buf_append_cstr(&b, "()") < 0) goto fail;
    for (size_t i = 0; i < args->len; i++) {
        if ((i && sp_buf_append(&b, ", ", 2) < 0) || ga_repr_item(&b, args->items[i]) < 0)
            goto fail;
    }
    if (sp_buf_append_char(&b, ']') < 0) goto fail;
    return sp_buf_to_str(&b);
fail:
    sp_buf_free(&b);
    return NULL;
}

static sp_val ga_call(sp_val callable, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_call(GA(callable)->origin, args, nargs, kwnames);
}

static sp_val ga_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (sp_typeof(a) != &sp_type_generic_alias || sp_typeof(b) != &sp_type_generic_alias ||
        (op != SP_CMP_EQ && op != SP_CMP_NE))
        return sp_NotImplemented;
    int eq = sp_eq(GA(a)->origin, GA(b)->origin);
    if (eq == 1) eq = sp_eq(GA(a)->args, GA(b)->args);
    if (eq < 0) return NULL;
    return sp_bool(op == SP_CMP_EQ ? eq : !eq);
}

static int ga_hash(sp_val v, int64_t *out)
{
    int64_t h1, h2;
    if (sp_hash(GA(v)->origin, &h1) < 0 || sp_hash(GA(v)->args, &h2) < 0) return -1;
    *out = (h1 ^ h2) == -1 ? -2 : (h1 ^ h2);
    return 0;
}

static sp_val ga_getitem(sp_val v, sp_val key)
{
    return sp_generic_alias_new(GA(v)->origin, key);
}

static sp_val ga_get_origin(sp_val v)
{
    return GA(v)->origin;
}
static sp_val ga_get_args(sp_val v)
{
    return GA(v)->args;
}

static sp_val ga_getattr(sp_val self, sp_val name)
{
    /* like CPython, attributes other than the alias' own come from the origin */
    sp_val r = sp_generic_getattr(self, name);
    if (r || !sp_err_matches(&sp_exc_AttributeError)) return r;
    const char *n = sp_str_cstr(name);
    if (n[0] == '_' && n[1] == '_') return NULL;
    sp_err_clear();
    return sp_getattr(GA(self)->origin, name);
}

static const sp_getset_def ga_getsets[] = {
    {"__origin__", ga_get_origin, NULL},
    {"__args__", ga_get_args, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_generic_alias = {
    .name = "GenericAlias",
    .basic_size = sizeof(generic_alias),
    .trace = ga_trace,
    .repr = ga_repr,
    .hash = ga_hash,
    .richcompare = ga_richcompare,
    .getattr = ga_getattr,
    .call = ga_call,
    .getitem = ga_getitem,
    .binop[SP_OP_OR] = sp_union_or,
};

/* ---- types.UnionType ---------------------------------------------------------------------------
 * Invariant: args is a tuple of at least two distinct members, None stored as type(None),
 * nested unions flattened. */

typedef struct union_obj {
    sp_object ob;
    sp_val args;
} union_obj;

#define UN(v) ((union_obj *)(v))

static void union_trace(sp_val v)
{
    sp_gc_mark(UN(v)->args);
}

static bool unionable(sp_val v)
{
    return v == sp_None || sp_isinstance(v, &sp_type_type) ||
           sp_typeof(v) == &sp_type_generic_alias || sp_typeof(v) == &sp_type_union;
}

/* Append v's members (v itself, or a union's args) to out unless already there. */
static int union_collect(sp_val out, sp_val v)
{
    if (sp_typeof(v) == &sp_type_union) {
        sp_tuple *t = (sp_tuple *)UN(v)->args;
        for (size_t i = 0; i < t->len; i++)
            if (union_collect(out, t->items[i]) < 0) return -1;
        return 0;
    }
    if (v == sp_None) v = &sp_type_none.ob;
    sp_list *l = (sp_list *)out;
    for (size_t i = 0; i < l->len; i++) {
        if (l->items[i] == v) return 0;
        /* as CPython: aliases are compared by value, everything else by identity */
        if (sp_typeof(v) == &sp_type_generic_alias &&
            sp_typeof(l->items[i]) == &sp_type_generic_alias) {
            int eq = sp_eq(l->items[i], v);
            if (eq < 0) return -1;
            if (eq) return 0;
        }
    }
    return sp_list_append(out, v);
}

sp_val sp_union_or(sp_val a, sp_val b)
{
    if (!unionable(a) || !unionable(b)) return sp_NotImplemented;
    sp_val l = sp_list_new(0);
    if (!l || union_collect(l, a) < 0 || union_collect(l, b) < 0) return NULL;
    if (((sp_list *)l)->len == 1) return ((sp_list *)l)->items[0];
    sp_val args = sp_tuple_from_iterable(l);
    if (!args) return NULL;
    union_obj *u = sp_gc_new(&sp_type_union, sizeof(union_obj));
    if (!u) return NULL;
    u->args = args;
    return (sp_val)u;
}

static sp_val union_repr(sp_val v)
{
    sp_buf b;
    sp_buf_init(&b);
    sp_tuple *args = (sp_tuple *)UN(v)->args;
    for (size_t i = 0; i < args->len; i++) {
        if (i && sp_buf_append(&b, " | ", 3) < 0) goto fail;
        sp_val item = args->items[i];
        int rc = item == &sp_type_none.ob ? sp_buf_append_cstr(&b, "None") : ga_repr_item(&b, item);
        if (rc < 0) goto fail;
    }
    return sp_buf_to_str(&b);
fail:
    sp_buf_free(&b);
    return NULL;
}

/* Every member of a is equal to some member of b (frozenset comparison in CPython). */
static int union_members_in(sp_val a, sp_val b)
{
    sp_tuple *ta = (sp_tuple *)UN(a)->args, *tb = (sp_tuple *)UN(b)->args;
    for (size_t i = 0; i < ta->len; i++) {
        int found = 0;
        for (size_t j = 0; j < tb->len && !found; j++) {
            found = sp_eq(ta->items[i], tb->items[j]);
            if (found < 0) return -1;
        }
        if (!found) return 0;
    }
    return 1;
}

static sp_val union_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (sp_typeof(a) != &sp_type_union || sp_typeof(b) != &sp_type_union ||
        (op != SP_CMP_EQ && op != SP_CMP_NE))
        return sp_NotImplemented;
    int eq = union_members_in(a, b);
    if (eq == 1) eq = union_members_in(b, a);
    if (eq < 0) return NULL;
    return sp_bool(op == SP_CMP_EQ ? eq : !eq);
}

static int union_hash(sp_val v, int64_t *out)
{
    /* order-independent, like hash(frozenset(args)) */
    sp_tuple *t = (sp_tuple *)UN(v)->args;
    int64_t h = 0x345678;
    for (size_t i = 0; i < t->len; i++) {
        int64_t hi;
        if (sp_hash(t->items[i], &hi) < 0) return -1;
        h ^= hi * 1000003;
    }
    *out = h == -1 ? -2 : h;
    return 0;
}

static sp_val union_get_args(sp_val v)
{
    return UN(v)->args;
}

static sp_val union_get_parameters(sp_val v)
{
    return sp_empty_tuple;
}

/* Shared by __instancecheck__ / __subclasscheck__: calls `method` on each member in turn. */
static sp_val union_check(sp_val self, sp_val arg, const char *method, const char *fname)
{
    sp_tuple *t = (sp_tuple *)UN(self)->args;
    for (size_t i = 0; i < t->len; i++) {
        /* checked lazily, as CPython: int | list[int] still accepts an int */
        if (sp_typeof(t->items[i]) == &sp_type_generic_alias)
            return sp_err_set(&sp_exc_TypeError,
                              "%s() argument 2 cannot be a parameterized generic", fname);
        sp_val r = sp_call_method(t->items[i], method, &arg, 1);
        if (!r) return NULL;
        int b = sp_truthy(r);
        if (b < 0) return NULL;
        if (b) return sp_True;
    }
    return sp_False;
}

static sp_val union_instancecheck(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_check_nargs("__instancecheck__", nargs, 1, 1) < 0) return NULL;
    return union_check(self, args[0], "__instancecheck__", "isinstance");
}

static sp_val union_subclasscheck(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_check_nargs("__subclasscheck__", nargs, 1, 1) < 0) return NULL;
    if (!sp_isinstance(args[0], &sp_type_type))
        return sp_err_set(&sp_exc_TypeError, "issubclass() arg 1 must be a class");
    return union_check(self, args[0], "__subclasscheck__", "issubclass");
}

static const sp_method_def union_methods[] = {
    {"__instancecheck__", union_instancecheck, 0},
    {"__subclasscheck__", union_subclasscheck, 0},
    {NULL, NULL, 0},
};

static const sp_getset_def union_getsets[] = {
    {"__args__", union_get_args, NULL},
    {"__parameters__", union_get_parameters, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_union = {
    .name = "UnionType",
    .basic_size = sizeof(union_obj),
    .trace = union_trace,
    .repr = union_repr,
    .hash = union_hash,
    .richcompare = union_richcompare,
    .binop[SP_OP_OR] = sp_union_or,
};

int sp_iter_init(void)
{
    if (sp_type_ready(&sp_type_generic_alias, NULL, ga_getsets) < 0) return -1;
    sp_type_generic_alias.module_name = sp_str_intern("types");
    if (!sp_type_generic_alias.module_name) return -1;
    if (sp_type_ready(&sp_type_union, union_methods, union_getsets) < 0) return -1;
    sp_type_union.module_name = sp_type_generic_alias.module_name;
    if (sp_type_ready(&sp_type_enumerate, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_zip, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_map, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_filter, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_reversed, reversed_methods, NULL) < 0 ||
        sp_type_ready(&sp_type_calliter, NULL, NULL) < 0)
        return -1;
    return 0;
}
