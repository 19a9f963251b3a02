/*
 * obj_tuple.c — the tuple type and its iterator.
 *
 * Design overview
 * ---------------
 * A tuple is one allocation holding its items inline. The empty tuple is a static
 * singleton (sp_empty_tuple) shared by every run. The hash is CPython's
 * xxHash-based tuple hash over the items' hashes, so equal tuples hash equal
 * whenever their items do.
 *
 * Invariants
 *  1. After construction (sp_tuple_new + filling) no item is NULL and the tuple
 *     never changes.
 *  2. The only empty exact tuple handed out by this module is sp_empty_tuple.
 */
#include <assert.h>
#include <stdarg.h>
#include <string.h>

#include "gc.h"
#include "obj_dict.h"
#include "obj_iter.h"
#include "obj_str.h"

/* type name in argument-check messages ("str.upper() takes no arguments") */
#define TN "tuple"

#define T(v) ((sp_tuple *)(v))

static struct {
    sp_object ob;
    size_t len;
} empty_tuple_obj = {{&sp_type_tuple, 0, 0}, 0};

sp_val sp_empty_tuple = (sp_val)&empty_tuple_obj;

static void tuple_trace(sp_val v)
{
    sp_gc_mark_array(T(v)->items, T(v)->len);
}

static sp_tuple *tuple_alloc(sp_type *type, size_t n)
{
    if (n > ((size_t)1 << 50)) return sp_err_no_memory();
    size_t base = type->basic_size > sizeof(sp_tuple) ? type->basic_size : sizeof(sp_tuple);
    sp_tuple *t = sp_gc_new(type, base + n * sizeof(sp_val));
    if (!t) return NULL;
    t->len = n;
    return t;
}

sp_val sp_tuple_new(size_t n)
{
    if (n == 0) return sp_empty_tuple;
    return (sp_val)tuple_alloc(&sp_type_tuple, n);
}

sp_val sp_tuple_pack(size_t n, ...)
{
    sp_val t = sp_tuple_new(n);
    if (!t) return NULL;
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        T(t)->items[i] = va_arg(ap, sp_val);
    va_end(ap);
    return t;
}

sp_val sp_tuple_from_array(sp_val const *items, size_t n)
{
    sp_val t = sp_tuple_new(n);
    if (t && n) memcpy(T(t)->items, items, n * sizeof(sp_val));
    return t;
}

bool sp_tuple_check(sp_val v)
{
    return !sp_is_small(v) && (v->type == &sp_type_tuple || (v->type->flags & SP_TF_TUPLE_SUB));
}

/* ---- slots ----------------------------------------------------------------------------- */

static sp_val tuple_repr(sp_val v)
{
    sp_tuple *t = T(v);
    if (t->len == 0) return sp_str_from_cstr("()");
    int rc = sp_repr_enter(v);
    if (rc) return rc > 0 ? sp_str_from_cstr("(...)") : NULL;
    sp_buf b;
    sp_buf_init(&b);
    sp_val result = NULL;
    if (sp_buf_append_char(&b, '(') < 0) goto done;
    for (size_t i = 0; i < t->len; i++) {
        if (i && sp_buf_append(&b, ", ", 2) < 0) goto done;
        sp_val r = sp_repr(t->items[i]);
        if (!r || sp_buf_append_val_str(&b, r) < 0) goto done;
    }
    if (sp_buf_append_cstr(&b, t->len == 1 ? ",)" : ")") < 0) goto done;
    result = sp_buf_to_str(&b);
done:
    sp_repr_leave(v);
    if (!result) sp_buf_free(&b);
    return result;
}

/* Hashing recurses through nested tuples without the interpreter's depth counter
 * (CPython hashes 100000-deep tuples fine), so only the C stack end is guarded. */
static bool near_stack_end(void)
{
    char here;
    return sp_st.stack_limit && &here < sp_st.stack_limit;
}

static int tuple_hash(sp_val v, int64_t *out)
{
    if (near_stack_end()) {
        sp_err_set(&sp_exc_RecursionError, "maximum recursion depth exceeded");
        return -1;
    }
    const uint64_t P1 = 11400714785074694791ull, P2 = 14029467366897019727ull,
                   P5 = 2870177450012600261ull;
    sp_tuple *t = T(v);
    uint64_t acc = P5;
    for (size_t i = 0; i < t->len; i++) {
        int64_t h;
        if (sp_hash(t->items[i], &h) < 0) return -1;
        acc += (uint64_t)h * P2;
        acc = (acc << 31) | (acc >> 33);
        acc *= P1;
    }
    acc += t->len ^ (P5 ^ 3527539ull);
    *out = acc == (uint64_t)-1 ? 1546275796 : (int64_t)acc;
    return 0;
}

static size_t tuple_len_of(sp_val v)
{
    return T(v)->len;
}

static sp_val tuple_item_at(sp_val v, size_t i)
{
    return T(v)->items[i];
}

static sp_val tuple_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (!sp_tuple_check(a) || !sp_tuple_check(b)) return sp_NotImplemented;
    if ((op == SP_CMP_EQ || op == SP_CMP_NE) && T(a)->len != T(b)->len)
        return sp_bool(op == SP_CMP_NE);
    return sp_seq_compare(a, b, op, tuple_len_of, tuple_item_at);
}

static int tuple_truthy(sp_val v)
{
    return T(v)->len != 0;
}

static int64_t tuple_len(sp_val v)
{
    return (int64_t)T(v)->len;
}

static int tuple_contains(sp_val v, sp_val item)
{
    for (size_t i = 0; i < T(v)->len; i++) {
        int eq = sp_eq(T(v)->items[i], item);
        if (eq) return eq;
    }
    return 0;
}

static sp_val tuple_getitem(sp_val v, sp_val key)
{
    sp_tuple *t = T(v);
    if (sp_is_small(key) || sp_int_check(key) || sp_typeof(key)->index) {
        bool overflow = false;
        int64_t i = sp_is_small(key) ? sp_small_value(key) : sp_index(key, &overflow);
        if (i == -1 && sp_err_occurred()) return NULL;
        if (overflow)
            return sp_err_set(&sp_exc_IndexError, "cannot fit '%s' into an index-sized integer",
                              sp_type_name(key));
        if (i < 0) i += (int64_t)t->len;
        if (i < 0 || i >= (int64_t)t->len)
            return sp_err_set(&sp_exc_IndexError, "tuple index out of range");
        return t->items[i];
    }
    if (sp_typeof(key) == &sp_type_slice) {
        int64_t start, stop, step, n;
        if (sp_slice_indices(key, (int64_t)t->len, &start, &stop, &step, &n) < 0) return NULL;
        if (step == 1 && n == (int64_t)t->len && sp_typeof(v) == &sp_type_tuple) return v;
        sp_val r = sp_tuple_new((size_t)n);
        if (!r) return NULL;
        for (int64_t k = 0, j = start; k < n; k++, j += step)
            T(r)->items[k] = t->items[j];
        return r;
    }
    return sp_err_set(&sp_exc_TypeError, "tuple indices must be integers or slices, not %s",
                      sp_type_name(key));
}

/* CPython tries both operands' number slots before the sequence fallback: give the
 * right operand's slot its chance (e.g. a class with __radd__) before raising. */
static sp_val try_reflected(sp_binop op, sp_val a, sp_val b)
{
    sp_type *tb = sp_typeof(b);
    if (tb != sp_typeof(a) && tb->binop[op]) return tb->binop[op](a, b);
    return sp_NotImplemented;
}

static sp_val tuple_add(sp_val a, sp_val b)
{
    if (!sp_tuple_check(a)) return sp_NotImplemented;
    if (!sp_tuple_check(b)) {
        sp_val r = try_reflected(SP_OP_ADD, a, b);
        if (r != sp_NotImplemented) return r;
        return sp_err_set(&sp_exc_TypeError, "can only concatenate tuple (not \"%s\") to tuple",
                          sp_type_name(b));
    }
    if (T(b)->len == 0 && sp_typeof(a) == &sp_type_tuple) return a;
    if (T(a)->len == 0 && sp_typeof(b) == &sp_type_tuple) return b;
    sp_val r = sp_tuple_new(T(a)->len + T(b)->len);
    if (!r) return NULL;
    memcpy(T(r)->items, T(a)->items, T(a)->len * sizeof(sp_val));
    memcpy(T(r)->items + T(a)->len, T(b)->items, T(b)->len * sizeof(sp_val));
    return r;
}

static sp_val tuple_mul(sp_val a, sp_val b)
{
    sp_val s = sp_tuple_check(a) ? a : b, n = s == a ? b : a;
    if (!sp_is_small(n) && !sp_int_check(n) && !sp_typeof(n)->index) {
        if (s == b) return sp_NotImplemented;
        sp_val r = try_reflected(SP_OP_MUL, a, b);
        if (r != sp_NotImplemented) return r;
        return sp_err_set(&sp_exc_TypeError, "can't multiply sequence by non-int of type '%s'",
                          sp_type_name(n));
    }
    bool overflow = false;
    int64_t k = sp_index(n, &overflow);
    if (overflow)
        return sp_err_set(&sp_exc_OverflowError, "cannot fit '%s' into an index-sized integer",
                          sp_type_name(n));
    if (k == -1 && sp_err_occurred()) return NULL;
    size_t len = T(s)->len;
    if (k <= 0 || len == 0) return sp_empty_tuple;
    if (k == 1 && sp_typeof(s) == &sp_type_tuple) return s;
    if ((uint64_t)k > ((uint64_t)1 << 50) / len) return sp_err_no_memory();
    sp_val r = sp_tuple_new(len * (size_t)k);
    if (!r) return NULL;
    for (int64_t i = 0; i < k; i++)
        memcpy(T(r)->items + (size_t)i * len, T(s)->items, len * sizeof(sp_val));
    return r;
}

/* ---- iterator ----------------------------------------------------------------------------- */

typedef struct tuple_iter {
    sp_object ob;
    sp_val tuple; /* NULL once exhausted */
    size_t index;
} tuple_iter;

static void tuple_iter_trace(sp_val v)
{
    sp_gc_mark(((tuple_iter *)v)->tuple);
}

static sp_val iter_self(sp_val v)
{
    return v;
}

static sp_val tuple_iter_next(sp_val v)
{
    tuple_iter *it = (tuple_iter *)v;
    if (!it->tuple) return NULL;
    if (it->index < T(it->tuple)->len) return T(it->tuple)->items[it->index++];
    it->tuple = NULL;
    return NULL;
}

static sp_val tuple_iter_length_hint(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    tuple_iter *it = (tuple_iter *)self;
    return sp_small(it->tuple ? (int64_t)(T(it->tuple)->len - it->index) : 0);
}

static const sp_method_def tuple_iter_methods[] = {
    {"__length_hint__", tuple_iter_length_hint, 0},
    {NULL, NULL, 0},
};

sp_type sp_type_tuple_iter = {
    .name = "tuple_iterator",
    .basic_size = sizeof(tuple_iter),
    .trace = tuple_iter_trace,
    .iter = iter_self,
    .iternext = tuple_iter_next,
};

static sp_val tuple_iter_slot(sp_val v)
{
    tuple_iter *it = sp_gc_new(&sp_type_tuple_iter, sizeof(tuple_iter));
    if (!it) return NULL;
    it->tuple = v;
    return (sp_val)it;
}

/* ---- methods -------------------------------------------------------------------------------- */

static sp_val tuple_index_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t start, stop;
    if (sp_seq_index_args(TN, "index", args, nargs, kw, (int64_t)T(self)->len, &start, &stop) < 0)
        return NULL;
    for (int64_t i = start; i < stop && i < (int64_t)T(self)->len; i++) {
        int eq = sp_eq(T(self)->items[i], args[0]);
        if (eq < 0) return NULL;
        if (eq) return sp_small(i);
    }
    return sp_err_set(&sp_exc_ValueError, "tuple.index(x): x not in tuple");
}

static sp_val tuple_count_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "count", kw) < 0 || sp_ck_nargs(TN, "count", nargs, 1, 1) < 0) return NULL;
    int64_t n = 0;
    for (size_t i = 0; i < T(self)->len; i++) {
        int eq = sp_eq(T(self)->items[i], args[0]);
        if (eq < 0) return NULL;
        n += eq;
    }
    return sp_small(n);
}

static sp_val tuple_getnewargs(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    sp_val t = sp_tuple_from_array(T(self)->items, T(self)->len);
    return t ? sp_tuple_pack(1, t) : NULL;
}

static const sp_method_def tuple_methods[] = {
    {"index", tuple_index_m, 0},
    {"count", tuple_count_m, 0},
    {"__getnewargs__", tuple_getnewargs, 0},
    {"__class_getitem__", sp_class_getitem, SP_METH_CLASS},
    {NULL, NULL, 0},
};

static sp_val tuple_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("tuple", kwnames) < 0) return NULL;
    if (nargs > 1)
        return sp_err_set(&sp_exc_TypeError, "tuple expected at most 1 argument, got %zu", nargs);
    sp_val t;
    if (nargs == 0)
        t = sp_empty_tuple;
    else if (sp_typeof(args[0]) == &sp_type_tuple)
        t = args[0];
    else if (!(t = sp_tuple_from_iterable(args[0])))
        return NULL;
    if (type == &sp_type_tuple) return t;
    sp_tuple *r = tuple_alloc(type, T(t)->len);
    if (!r) return NULL;
    memcpy(r->items, T(t)->items, T(t)->len * sizeof(sp_val));
    return (sp_val)r;
}

sp_type sp_type_tuple = {
    .name = "tuple",
    .flags = SP_TF_BASETYPE | SP_TF_TUPLE_SUB,
    .basic_size = sizeof(sp_tuple),
    .trace = tuple_trace,
    .tp_new = tuple_tp_new,
    .repr = tuple_repr,
    .hash = tuple_hash,
    .richcompare = tuple_richcompare,
    .truthy = tuple_truthy,
    .iter = tuple_iter_slot,
    .binop = {[SP_OP_ADD] = tuple_add, [SP_OP_MUL] = tuple_mul},
    .len = tuple_len,
    .getitem = tuple_getitem,
    .contains = tuple_contains,
};

int sp_tuple_init(void)
{
    sp_gc_make_static(&empty_tuple_obj.ob);
    if (sp_type_ready(&sp_type_tuple, tuple_methods, NULL) < 0 ||
        sp_type_ready(&sp_type_tuple_iter, tuple_iter_methods, NULL) < 0)
        return -1;
    return 0;
}
