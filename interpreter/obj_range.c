/*
 * obj_range.c — range objects and their iterator.
 *
 * Design overview
 * ---------------
 * Bounds that fit int64 (nearly all ranges) are kept in C fields; the length is
 * computed once with 128-bit arithmetic, and a length past int64 is remembered as
 * -1 so len() can raise like CPython while iteration and indexing still work.
 * Ranges with bigger bounds keep them as int objects in `big` and take a slower
 * path through the generic int operations. Membership of an int is O(1)
 * arithmetic; other values fall back to == against each element.
 *
 * Invariants
 *  1. step != 0.
 *  2. big == NULL: len == number of elements, or -1 if that exceeds INT64_MAX.
 *  3. big != NULL: some bound does not fit int64; big = (start, stop, step, len).
 */
#include <string.h>

#include "gc.h"
#include "obj_dict.h"
#include "obj_str.h"

/* type name in argument-check messages ("str.upper() takes no arguments") */
#define TN "range"

#define R(v) ((sp_range *)(v))

/* The length, or -1 when it exceeds INT64_MAX. In unsigned 64-bit arithmetic:
 * the distance between the bounds (< 2^64) and the step's magnitude (<= 2^63)
 * are exact there, and so is the quotient. */
static int64_t compute_len(int64_t start, int64_t stop, int64_t step)
{
    uint64_t dist, mag;
    if (step > 0 && start < stop) {
        dist = (uint64_t)stop - (uint64_t)start;
        mag = (uint64_t)step;
    } else if (step < 0 && start > stop) {
        dist = (uint64_t)start - (uint64_t)stop;
        mag = -(uint64_t)step;
    } else {
        return 0;
    }
    uint64_t n = mag == 1 ? dist : (dist - 1) / mag + 1;
    return n > INT64_MAX ? -1 : (int64_t)n;
}

static void range_trace(sp_val v)
{
    sp_gc_mark(R(v)->big);
}

/* ---- big-bound ranges (generic int arithmetic) ------------------------------------------- */

#define BIG(v, i) (((sp_tuple *)R(v)->big)->items[i])

static sp_val op(sp_binop o, sp_val a, sp_val b)
{
    return sp_binary_op(o, a, b);
}

static int cmp(sp_val a, sp_val b, sp_cmpop o)
{
    return sp_compare_bool(a, b, o);
}

static bool fits64(sp_val v, int64_t *out)
{
    if (sp_is_small(v)) {
        *out = sp_small_value(v);
        return true;
    }
    if (sp_int_to_i64(v, out) < 0) {
        sp_err_clear();
        return false;
    }
    return true;
}

/* A range from int objects: int64 representation when they all fit. */
static sp_val range_from_ints(sp_val start, sp_val stop, sp_val step)
{
    int64_t a, b, c;
    if (fits64(start, &a) && fits64(stop, &b) && fits64(step, &c)) return sp_range_new(a, b, c);
    int pos = cmp(step, sp_small(0), SP_CMP_GT);
    if (pos < 0) return NULL;
    sp_val len = sp_small(0);
    int nonempty = pos ? cmp(start, stop, SP_CMP_LT) : cmp(start, stop, SP_CMP_GT);
    if (nonempty < 0) return NULL;
    if (nonempty) {
        sp_val diff = pos ? op(SP_OP_SUB, stop, start) : op(SP_OP_SUB, start, stop);
        sp_val mag = diff ? (pos ? step : sp_neg(step)) : NULL;
        sp_val d1 = mag ? op(SP_OP_SUB, diff, sp_small(1)) : NULL;
        sp_val q = d1 ? op(SP_OP_FLOORDIV, d1, mag) : NULL;
        len = q ? op(SP_OP_ADD, q, sp_small(1)) : NULL;
        if (!len) return NULL;
    }
    sp_range *r = sp_gc_new(&sp_type_range, sizeof(sp_range));
    if (!r) return NULL;
    r->step = pos ? 1 : -1;
    r->big = sp_tuple_pack(4, start, stop, step, len);
    return r->big ? (sp_val)r : NULL;
}

/* The four values of any range as int objects. */
static int range_parts(sp_val v, sp_val *start, sp_val *stop, sp_val *step, sp_val *len)
{
    sp_range *r = R(v);
    if (r->big) {
        *start = BIG(v, 0);
        *stop = BIG(v, 1);
        *step = BIG(v, 2);
        *len = BIG(v, 3);
        return 0;
    }
    *start = sp_int_from_i64(r->start);
    *stop = sp_int_from_i64(r->stop);
    *step = sp_int_from_i64(r->step);
    if (r->len >= 0) {
        *len = sp_int_from_i64(r->len);
    } else {
        __int128 n = r->step > 0 ? ((__int128)r->stop - r->start - 1) / r->step + 1
                                 : ((__int128)r->start - r->stop - 1) / (-(__int128)r->step) + 1;
        *len = sp_int_from_u64((uint64_t)n);
    }
    return (*start && *stop && *step && *len) ? 0 : -1;
}

/* start + i * step for an int object i */
static sp_val big_item(sp_val v, sp_val i)
{
    sp_val start, stop, step, len;
    if (range_parts(v, &start, &stop, &step, &len) < 0) return NULL;
    sp_val m = op(SP_OP_MUL, i, step);
    return m ? op(SP_OP_ADD, start, m) : NULL;
}

/* 1/0 membership of an int object in a big range, -1 on error. */
static int big_contains_int(sp_val v, sp_val x)
{
    sp_val start = BIG(v, 0), stop = BIG(v, 1), step = BIG(v, 2);
    int in_bounds;
    if (R(v)->step > 0)
        in_bounds = cmp(start, x, SP_CMP_LE) == 1 && cmp(x, stop, SP_CMP_LT) == 1;
    else
        in_bounds = cmp(stop, x, SP_CMP_LT) == 1 && cmp(x, start, SP_CMP_LE) == 1;
    if (sp_err_occurred()) return -1;
    if (!in_bounds) return 0;
    sp_val d = op(SP_OP_SUB, x, start);
    sp_val m = d ? op(SP_OP_MOD, d, step) : NULL;
    if (!m) return -1;
    return cmp(m, sp_small(0), SP_CMP_EQ);
}

sp_val sp_range_new(int64_t start, int64_t stop, int64_t step)
{
    sp_range *r = sp_gc_new(&sp_type_range, sizeof(sp_range));
    if (!r) return NULL;
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->len = compute_len(start, stop, step);
    return (sp_val)r;
}

static int range_arg(sp_val v, sp_val *out)
{
    if (!sp_int_check(v) && !sp_typeof(v)->index) {
        sp_err_set(&sp_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                   sp_type_name(v));
        return -1;
    }
    *out = sp_is_small(v) ? v : sp_index_int(v);
    return *out ? 0 : -1;
}

static sp_val range_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("range", kwnames) < 0) return NULL;
    sp_val a = sp_small(0), b, st = sp_small(1);
    if (nargs == 0)
        return sp_err_set(&sp_exc_TypeError, "range expected at least 1 argument, got 0");
    if (nargs > 3)
        return sp_err_set(&sp_exc_TypeError, "range expected at most 3 arguments, got %zu", nargs);
    if (nargs == 1) {
        if (range_arg(args[0], &b) < 0) return NULL;
    } else {
        if (range_arg(args[0], &a) < 0 || range_arg(args[1], &b) < 0) return NULL;
        if (nargs == 3) {
            if (range_arg(args[2], &st) < 0) return NULL;
            int zero = sp_compare_bool(st, sp_small(0), SP_CMP_EQ);
            if (zero < 0) return NULL;
            if (zero) return sp_err_set(&sp_exc_ValueError, "range() arg 3 must not be zero");
        }
    }
    return range_from_ints(a, b, st);
}

static sp_val range_repr(sp_val v)
{
    sp_range *r = R(v);
    if (r->big) {
        if (cmp(BIG(v, 2), sp_small(1), SP_CMP_EQ) == 1)
            return sp_str_format("range(%S, %S)", BIG(v, 0), BIG(v, 1));
        return sp_str_format("range(%S, %S, %S)", BIG(v, 0), BIG(v, 1), BIG(v, 2));
    }
    if (r->step == 1)
        return sp_str_format("range(%lld, %lld)", (long long)r->start, (long long)r->stop);
    return sp_str_format("range(%lld, %lld, %lld)", (long long)r->start, (long long)r->stop,
                         (long long)r->step);
}

static int64_t range_len(sp_val v)
{
    int64_t n;
    if (R(v)->big && fits64(BIG(v, 3), &n)) return n;
    if (R(v)->big || R(v)->len < 0) {
        sp_err_set(&sp_exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    return R(v)->len;
}

static int range_truthy(sp_val v)
{
    if (R(v)->big) return cmp(BIG(v, 3), sp_small(0), SP_CMP_NE);
    return R(v)->len != 0;
}

static sp_val item_at(sp_range *r, int64_t i)
{
    return sp_int_from_i64((int64_t)((__int128)r->start + (__int128)i * r->step));
}

/* Exact length as a 128-bit value even when it exceeds int64 (len == -1). */
static __int128 big_len(sp_range *r)
{
    if (r->step > 0 && r->start < r->stop) return ((__int128)r->stop - r->start - 1) / r->step + 1;
    if (r->step < 0 && r->start > r->stop)
        return ((__int128)r->start - r->stop - 1) / (-(__int128)r->step) + 1;
    return 0;
}

/* One bound of a slice against a length too big for int64 (CPython's
 * _PySlice_GetLongIndices). */
static sp_val big_bound(sp_val v, sp_val len, sp_val lower, sp_val upper, sp_val dflt)
{
    if (v == sp_None) return dflt;
    if (!sp_int_check(v) && !sp_typeof(v)->index)
        return sp_err_set(&sp_exc_TypeError,
                          "slice indices must be integers or None or have an __index__ method");
    sp_val i = sp_is_small(v) ? v : sp_index_int(v);
    if (!i) return NULL;
    if (cmp(i, sp_small(0), SP_CMP_LT) == 1) {
        i = op(SP_OP_ADD, i, len);
        if (i && cmp(i, lower, SP_CMP_LT) == 1) i = lower;
    } else if (cmp(i, upper, SP_CMP_GT) == 1) {
        i = upper;
    }
    return i;
}

static int big_slice_indices(sp_val slice, sp_val len, sp_val *start, sp_val *stop, sp_val *step)
{
    sp_val sv = sp_getattr_cstr(slice, "step"), a = sp_getattr_cstr(slice, "start"),
           b = sp_getattr_cstr(slice, "stop");
    if (!sv || !a || !b) return -1;
    sp_val st = sp_small(1);
    if (sv != sp_None) {
        if (!sp_int_check(sv) && !sp_typeof(sv)->index) {
            sp_err_set(&sp_exc_TypeError,
                       "slice indices must be integers or None or have an __index__ method");
            return -1;
        }
        if (!(st = sp_is_small(sv) ? sv : sp_index_int(sv))) return -1;
        if (cmp(st, sp_small(0), SP_CMP_EQ) == 1) {
            sp_err_set(&sp_exc_ValueError, "slice step cannot be zero");
            return -1;
        }
    }
    bool neg = cmp(st, sp_small(0), SP_CMP_LT) == 1;
    sp_val lower = neg ? sp_small(-1) : sp_small(0);
    sp_val upper = neg ? op(SP_OP_SUB, len, sp_small(1)) : len;
    if (!upper) return -1;
    *start = big_bound(a, len, lower, upper, neg ? upper : lower);
    *stop = *start ? big_bound(b, len, lower, upper, neg ? lower : upper) : NULL;
    *step = st;
    return *stop ? 0 : -1;
}

static sp_val range_getitem(sp_val v, sp_val key)
{
    sp_range *r = R(v);
    if (r->big && (sp_is_small(key) || sp_int_check(key) || sp_typeof(key)->index)) {
        sp_val i = sp_index_int(key), len = BIG(v, 3);
        if (!i) return NULL;
        if (cmp(i, sp_small(0), SP_CMP_LT) == 1 && !(i = op(SP_OP_ADD, i, len))) return NULL;
        if (cmp(i, sp_small(0), SP_CMP_LT) == 1 || cmp(i, len, SP_CMP_GE) == 1)
            return sp_err_set(&sp_exc_IndexError, "range object index out of range");
        return sp_err_occurred() ? NULL : big_item(v, i);
    }
    if (sp_is_small(key) || sp_int_check(key) || sp_typeof(key)->index) {
        bool overflow = false;
        int64_t i = sp_is_small(key) ? sp_small_value(key) : sp_index(key, &overflow);
        if (i == -1 && sp_err_occurred()) return NULL;
        __int128 n = big_len(r), k = i;
        if (k < 0) k += n;
        if (overflow || k < 0 || k >= n)
            return sp_err_set(&sp_exc_IndexError, "range object index out of range");
        return item_at(r, (int64_t)k);
    }
    if (sp_typeof(key) == &sp_type_slice) {
        /* CPython's compute_slice: bounds are start + index * step */
        sp_val start, stop, step, lenv;
        if (range_parts(v, &start, &stop, &step, &lenv) < 0) return NULL;
        sp_val a, b, st;
        int64_t len;
        if (fits64(lenv, &len)) {
            int64_t ia, ib, ist;
            if (sp_slice_indices(key, len, &ia, &ib, &ist, NULL) < 0) return NULL;
            a = sp_int_from_i64(ia);
            b = sp_int_from_i64(ib);
            st = sp_int_from_i64(ist);
        } else if (big_slice_indices(key, lenv, &a, &b, &st) < 0) {
            return NULL;
        }
        sp_val ma = a ? op(SP_OP_MUL, a, step) : NULL;
        sp_val mb = ma && b ? op(SP_OP_MUL, b, step) : NULL;
        sp_val ns = mb ? op(SP_OP_ADD, start, ma) : NULL;
        sp_val ne = ns ? op(SP_OP_ADD, start, mb) : NULL;
        sp_val nst = ne && st ? op(SP_OP_MUL, step, st) : NULL;
        return nst ? range_from_ints(ns, ne, nst) : NULL;
    }
    return sp_err_set(&sp_exc_TypeError, "range indices must be integers or slices, not %s",
                      sp_type_name(key));
}

/* 1/0 for an exact int value; 2 when v is not a plain int. */
static int contains_int(sp_range *r, sp_val v)
{
    if (!sp_is_small(v) && (sp_typeof(v) != &sp_type_int && sp_typeof(v) != &sp_type_bool))
        return 2;
    int64_t x;
    if (sp_is_small(v)) {
        x = sp_small_value(v);
    } else if (sp_int_to_i64(v, &x) < 0) {
        sp_err_clear();
        return 0; /* beyond int64: outside any int64 range */
    }
    if (r->step > 0) {
        if (x < r->start || x >= r->stop) return 0;
    } else if (x > r->start || x <= r->stop) {
        return 0;
    }
    return ((__int128)x - r->start) % r->step == 0;
}

static int range_contains(sp_val v, sp_val item)
{
    if (R(v)->big) {
        sp_type *t = sp_typeof(item);
        if (t == &sp_type_int || t == &sp_type_bool) return big_contains_int(v, item);
        sp_val it = sp_iter(v);
        if (!it) return -1;
        for (;;) {
            sp_val x = sp_next(it);
            if (!x) return sp_err_occurred() ? -1 : 0;
            int eq = sp_eq(x, item);
            if (eq) return eq;
        }
    }
    int c = contains_int(R(v), item);
    if (c != 2) return c;
    __int128 n = big_len(R(v));
    for (__int128 i = 0; i < n; i++) {
        sp_val x = item_at(R(v), (int64_t)i);
        int eq = x ? sp_eq(x, item) : -1;
        if (eq) return eq;
    }
    return 0;
}

static int range_hash(sp_val v, int64_t *out)
{
    sp_range *r = R(v);
    sp_val t;
    if (r->big) {
        sp_val start, stop, step, len;
        if (range_parts(v, &start, &stop, &step, &len) < 0) return -1;
        int n0 = cmp(len, sp_small(0), SP_CMP_EQ), n1 = cmp(len, sp_small(1), SP_CMP_EQ);
        t = n0   ? sp_tuple_pack(3, sp_small(0), sp_None, sp_None)
            : n1 ? sp_tuple_pack(3, sp_small(1), start, sp_None)
                 : sp_tuple_pack(3, len, start, step);
    } else if (r->len == 0)
        t = sp_tuple_pack(3, sp_small(0), sp_None, sp_None);
    else if (r->len == 1)
        t = sp_tuple_pack(3, sp_small(1), sp_int_from_i64(r->start), sp_None);
    else
        t = sp_tuple_pack(3, sp_int_from_i64(r->len), sp_int_from_i64(r->start),
                          sp_int_from_i64(r->step));
    return t ? sp_hash(t, out) : -1;
}

static sp_val range_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (sp_typeof(a) != &sp_type_range || sp_typeof(b) != &sp_type_range ||
        (op != SP_CMP_EQ && op != SP_CMP_NE))
        return sp_NotImplemented;
    sp_range *x = R(a), *y = R(b);
    bool eq;
    if (x->big || y->big || x->len < 0 || y->len < 0) {
        sp_val s1, e1, st1, l1, s2, e2, st2, l2;
        if (range_parts(a, &s1, &e1, &st1, &l1) < 0 || range_parts(b, &s2, &e2, &st2, &l2) < 0)
            return NULL;
        int c = cmp(l1, l2, SP_CMP_EQ);
        if (c == 1 && cmp(l1, sp_small(0), SP_CMP_NE) == 1) {
            c = cmp(s1, s2, SP_CMP_EQ);
            if (c == 1 && cmp(l1, sp_small(1), SP_CMP_NE) == 1) c = cmp(st1, st2, SP_CMP_EQ);
        }
        if (sp_err_occurred()) return NULL;
        eq = c == 1;
    } else if (x->len != y->len)
        eq = false;
    else if (x->len == 0)
        eq = true;
    else if (x->start != y->start)
        eq = false;
    else
        eq = x->len == 1 || x->step == y->step;
    return sp_bool(op == SP_CMP_EQ ? eq : !eq);
}

/* ---- iterator ----------------------------------------------------------------------------------
 */

typedef sp_range_iter range_iter; /* obj_dict.h: FOR_ITER reads it */

static sp_val iter_self(sp_val v)
{
    return v;
}

static sp_val range_iter_next(sp_val v)
{
    range_iter *it = (range_iter *)v;
    if (it->left == 0) return NULL;
    it->left--;
    int64_t x = it->next;
    if (it->left) it->next = (int64_t)((__int128)it->next + it->step);
    if (sp_small_fits(x)) return sp_small(x);
    return sp_int_from_i64(x);
}

static sp_val range_iter_length_hint(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return sp_int_from_u64(((range_iter *)self)->left);
}

static const sp_method_def range_iter_methods[] = {
    {"__length_hint__", range_iter_length_hint, 0},
    {NULL, NULL, 0},
};

sp_type sp_type_range_iter = {
    .name = "range_iterator",
    .basic_size = sizeof(range_iter),
    .iter = iter_self,
    .iternext = range_iter_next,
};

static sp_val make_iter(int64_t first, int64_t step, uint64_t n)
{
    range_iter *it = sp_gc_new(&sp_type_range_iter, sizeof(range_iter));
    if (!it) return NULL;
    it->next = first;
    it->step = step;
    it->left = n;
    return (sp_val)it;
}

/* Iterator over a big range: next/step/left are int objects. */
typedef struct big_range_iter {
    sp_object ob;
    sp_val next, step, left;
} big_range_iter;

static void big_iter_trace(sp_val v)
{
    big_range_iter *it = (big_range_iter *)v;
    sp_gc_mark(it->next);
    sp_gc_mark(it->step);
    sp_gc_mark(it->left);
}

static sp_val big_iter_next(sp_val v)
{
    big_range_iter *it = (big_range_iter *)v;
    int more = cmp(it->left, sp_small(0), SP_CMP_GT);
    if (more <= 0) return NULL;
    sp_val x = it->next;
    sp_val nx = op(SP_OP_ADD, x, it->step);
    sp_val nl = nx ? op(SP_OP_SUB, it->left, sp_small(1)) : NULL;
    if (!nl) return NULL;
    it->next = nx;
    it->left = nl;
    return x;
}

static sp_type sp_type_big_range_iter = {
    .name = "longrange_iterator",
    .basic_size = sizeof(big_range_iter),
    .trace = big_iter_trace,
    .iter = iter_self,
    .iternext = big_iter_next,
};

static sp_val make_big_iter(sp_val first, sp_val step, sp_val n)
{
    big_range_iter *it = sp_gc_new(&sp_type_big_range_iter, sizeof(big_range_iter));
    if (!it) return NULL;
    it->next = first;
    it->step = step;
    it->left = n;
    return (sp_val)it;
}

static sp_val range_iter_slot(sp_val v)
{
    sp_range *r = R(v);
    if (r->big) return make_big_iter(BIG(v, 0), BIG(v, 2), BIG(v, 3));
    /* len is the length when it fits (big_len divides in 128 bits) */
    return make_iter(r->start, r->step, r->len >= 0 ? (uint64_t)r->len : (uint64_t)big_len(r));
}

/* ---- methods
 * ------------------------------------------------------------------------------------- */

static sp_val range_reversed_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "__reversed__", kw) < 0 || sp_ck_nargs(TN, "__reversed__", nargs, 0, 0) < 0)
        return NULL;
    sp_range *r = R(self);
    if (r->big) {
        sp_val len = BIG(self, 3), step = BIG(self, 2);
        sp_val l1 = op(SP_OP_SUB, len, sp_small(1));
        sp_val last = l1 ? big_item(self, l1) : NULL;
        sp_val nstep = last ? sp_neg(step) : NULL;
        return nstep ? make_big_iter(last, nstep, len) : NULL;
    }
    __int128 n = big_len(r);
    if (n == 0) return make_iter(0, 1, 0);
    __int128 last = (__int128)r->start + (n - 1) * r->step;
    return make_iter((int64_t)last, -r->step, (uint64_t)n);
}

static sp_val range_count_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "count", kw) < 0 || sp_ck_nargs(TN, "count", nargs, 1, 1) < 0) return NULL;
    if (R(self)->big) {
        int c = range_contains(self, args[0]);
        return c < 0 ? NULL : sp_small(c);
    }
    int c = contains_int(R(self), args[0]);
    if (c != 2) return sp_small(c);
    int64_t n = 0;
    __int128 len = big_len(R(self));
    for (__int128 i = 0; i < len; i++) {
        sp_val x = item_at(R(self), (int64_t)i);
        int eq = x ? sp_eq(x, args[0]) : -1;
        if (eq < 0) return NULL;
        n += eq;
    }
    return sp_small(n);
}

static sp_val range_index_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "index", kw) < 0 || sp_ck_nargs(TN, "index", nargs, 1, 1) < 0) return NULL;
    sp_range *r = R(self);
    if (r->big) {
        sp_type *t = sp_typeof(args[0]);
        if ((t == &sp_type_int || t == &sp_type_bool)) {
            int in = big_contains_int(self, args[0]);
            if (in < 0) return NULL;
            if (in) {
                sp_val d = op(SP_OP_SUB, args[0], BIG(self, 0));
                return d ? op(SP_OP_FLOORDIV, d, BIG(self, 2)) : NULL;
            }
            return sp_err_set(&sp_exc_ValueError, "%R is not in range", args[0]);
        }
        sp_val it = sp_iter(self);
        for (int64_t i = 0; it; i++) {
            sp_val x = sp_next(it);
            if (!x) break;
            int eq = sp_eq(x, args[0]);
            if (eq < 0) return NULL;
            if (eq) return sp_int_from_i64(i);
        }
        if (sp_err_occurred()) return NULL;
        return sp_err_set(&sp_exc_ValueError, "%R is not in range", args[0]);
    }
    int c = contains_int(r, args[0]);
    if (c == 1) {
        int64_t x;
        if (sp_is_small(args[0]))
            x = sp_small_value(args[0]);
        else if (sp_int_to_i64(args[0], &x) < 0)
            return NULL;
        return sp_int_from_i64((int64_t)(((__int128)x - r->start) / r->step));
    }
    if (c == 2) {
        __int128 len = big_len(r);
        for (__int128 i = 0; i < len; i++) {
            sp_val x = item_at(r, (int64_t)i);
            int eq = x ? sp_eq(x, args[0]) : -1;
            if (eq < 0) return NULL;
            if (eq) return sp_int_from_i64((int64_t)i);
        }
    }
    return sp_err_set(&sp_exc_ValueError, "%R is not in range", args[0]);
}

static sp_val range_get_start(sp_val v)
{
    return R(v)->big ? BIG(v, 0) : sp_int_from_i64(R(v)->start);
}
static sp_val range_get_stop(sp_val v)
{
    return R(v)->big ? BIG(v, 1) : sp_int_from_i64(R(v)->stop);
}
static sp_val range_get_step(sp_val v)
{
    return R(v)->big ? BIG(v, 2) : sp_int_from_i64(R(v)->step);
}

static const sp_method_def range_methods[] = {
    {"__reversed__", range_reversed_m, 0},
    {"count", range_count_m, 0},
    {"index", range_index_m, 0},
    {NULL, NULL, 0},
};

static const sp_getset_def range_getsets[] = {
    {"start", range_get_start, NULL},
    {"stop", range_get_stop, NULL},
    {"step", range_get_step, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_range = {
    .name = "range",
    .basic_size = sizeof(sp_range),
    .trace = range_trace,
    .tp_new = range_tp_new,
    .repr = range_repr,
    .hash = range_hash,
    .richcompare = range_richcompare,
    .truthy = range_truthy,
    .iter = range_iter_slot,
    .len = range_len,
    .getitem = range_getitem,
    .contains = range_contains,
};

int sp_range_init(void)
{
    if (sp_type_ready(&sp_type_range, range_methods, range_getsets) < 0 ||
        sp_type_ready(&sp_type_range_iter, range_iter_methods, NULL) < 0 ||
        sp_type_ready(&sp_type_big_range_iter, NULL, NULL) < 0)
        return -1;
    return 0;
}
