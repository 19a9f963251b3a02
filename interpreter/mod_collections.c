/*
 * mod_collections.c — the `collections` module.
 *
 * Design overview
 * ---------------
 * deque is C: a ring buffer (capacity a power of two, `head` the index of the
 * leftmost item) so append/pop at both ends are O(1) amortised and indexing is O(1).
 * `state` counts mutations so iterators and count()/remove() can raise CPython's
 * "deque mutated during iteration" when a comparison or the loop body changes it.
 * Methods that CPython implements by rotation (insert, __delitem__) do the same,
 * so their results match for any index.
 *
 * defaultdict is C too, as in CPython: its __missing__ runs no Python frame, which
 * made grouping loops several times faster. So is Counter's counting loop,
 * _count_elements (Counter.update in lib/collections.py calls it as a global).
 *
 * Counter, OrderedDict, namedtuple and ChainMap are Python (CPython's
 * collections/__init__.py is too), in lib/collections.py, run into the module dict:
 * they are dict/tuple subclasses built by the ordinary class machinery, so every
 * dict/tuple fast path applies to their instances.
 */
#include "mod_stdlib.h"

#include "gc.h"
#include "obj_dict.h"
#include "obj_iter.h"
#include "obj_type.h"

#include <assert.h>
#include <string.h>

/* ---- deque ----------------------------------------------------------------------------- */

/* Invariants:
 *  1. cap is 0 (items NULL) or a power of two, and len <= cap.
 *  2. The items are buf[(head + i) & (cap - 1)] for i in [0, len).
 *  3. maxlen < 0 means unbounded; otherwise len <= maxlen. */
typedef struct deque_obj {
    sp_object ob;
    sp_val *buf; /* raw buffer owned by the deque */
    size_t cap, head, len;
    int64_t maxlen;
    uint64_t state; /* bumped by every mutation */
} deque_obj;

sp_type sp_type_deque, sp_type_deque_iter, sp_type_deque_reviter;

#define DQ(v) ((deque_obj *)(v))

static inline sp_val *dq_slot(deque_obj *d, size_t i)
{
    assert(i < d->cap);
    return &d->buf[(d->head + i) & (d->cap - 1)];
}

static sp_val deque_iter(sp_val self);

static void dq_assert_invariants(const deque_obj *d)
{
    assert(d->cap == 0 ? d->buf == NULL : (d->cap & (d->cap - 1)) == 0); /* 1 */
    assert(d->len <= d->cap && d->head < (d->cap ? d->cap : 1));         /* 1, 2 */
    assert(d->maxlen < 0 || (int64_t)d->len <= d->maxlen);               /* 3 */
    (void)d;
}

static void deque_trace(sp_val self)
{
    deque_obj *d = DQ(self);
    for (size_t i = 0; i < d->len; i++)
        sp_gc_mark(*dq_slot(d, i));
}

static void deque_finalize(sp_val self)
{
    deque_obj *d = DQ(self);
    if (d->buf) sp_mem_free(d->buf, d->cap * sizeof(sp_val));
    d->buf = NULL;
    d->cap = d->len = d->head = 0;
}

/* Raw allocations never collect by themselves: when the budget is hit, collect
 * once and retry, so a deque growing right after a big structure became garbage
 * does not fail spuriously (the same policy as the built-in containers). */
static void *alloc_with_retry(size_t size)
{
    bool exceeded = sp_st.memory_exceeded;
    void *p = sp_mem_alloc(size);
    if (p || !sp_err_matches(&sp_exc_MemoryError)) return p;
    sp_err_clear();
    sp_gc_collect();
    p = sp_mem_alloc(size);
    if (p) sp_st.memory_exceeded = exceeded;
    return p;
}

static int dq_grow(deque_obj *d)
{
    size_t ncap = d->cap ? d->cap * 2 : 8;
    sp_val *nb = alloc_with_retry(ncap * sizeof(sp_val));
    if (!nb) return -1;
    for (size_t i = 0; i < d->len; i++)
        nb[i] = *dq_slot(d, i);
    if (d->buf) sp_mem_free(d->buf, d->cap * sizeof(sp_val));
    d->buf = nb;
    d->cap = ncap;
    d->head = 0;
    return 0;
}

static sp_val dq_popleft_raw(deque_obj *d)
{
    sp_val v = *dq_slot(d, 0);
    *dq_slot(d, 0) = NULL;
    d->head = (d->head + 1) & (d->cap - 1);
    d->len--;
    d->state++;
    return v;
}

static sp_val dq_pop_raw(deque_obj *d)
{
    sp_val *s = dq_slot(d, d->len - 1);
    sp_val v = *s;
    *s = NULL;
    d->len--;
    d->state++;
    return v;
}

static int dq_append(deque_obj *d, sp_val v)
{
    if (d->maxlen == 0) return 0;
    if (d->len == d->cap && dq_grow(d) < 0) return -1;
    d->len++;
    *dq_slot(d, d->len - 1) = v;
    d->state++;
    if (d->maxlen > 0 && (int64_t)d->len > d->maxlen) dq_popleft_raw(d);
    dq_assert_invariants(d);
    return 0;
}

static int dq_appendleft(deque_obj *d, sp_val v)
{
    if (d->maxlen == 0) return 0;
    if (d->len == d->cap && dq_grow(d) < 0) return -1;
    d->head = (d->head + d->cap - 1) & (d->cap - 1);
    d->len++;
    *dq_slot(d, 0) = v;
    d->state++;
    if (d->maxlen > 0 && (int64_t)d->len > d->maxlen) dq_pop_raw(d);
    dq_assert_invariants(d);
    return 0;
}

static void dq_clear(deque_obj *d)
{
    for (size_t i = 0; i < d->len; i++)
        *dq_slot(d, i) = NULL;
    d->len = 0;
    d->head = 0;
    d->state++;
}

/* Rotate right by n (left when negative), CPython's semantics. */
static void dq_rotate(deque_obj *d, int64_t n)
{
    int64_t len = (int64_t)d->len;
    if (len <= 1) return;
    n %= len;
    if (n < 0) n += len;
    if (n > len / 2) n -= len;
    d->state++;
    /* len == cap is fine: moving one item from one end to the other in a full ring
     * is a head shift, which the per-item loop below does via the raw helpers. */
    for (; n > 0; n--) {
        sp_val v = *dq_slot(d, d->len - 1);
        *dq_slot(d, d->len - 1) = NULL;
        d->head = (d->head + d->cap - 1) & (d->cap - 1);
        *dq_slot(d, 0) = v;
    }
    for (; n < 0; n++) {
        sp_val v = *dq_slot(d, 0);
        *dq_slot(d, 0) = NULL;
        d->head = (d->head + 1) & (d->cap - 1);
        *dq_slot(d, d->len - 1) = v;
    }
}

static int dq_extend(deque_obj *d, sp_val iterable, bool left)
{
    if (iterable == &d->ob) {
        iterable = sp_list_from_iterable(iterable);
        if (!iterable) return -1;
    }
    sp_val it = sp_iter(iterable);
    if (!it) return -1;
    for (;;) {
        sp_val v = sp_next(it);
        if (!v) return sp_err_occurred() ? -1 : 0;
        if ((left ? dq_appendleft(d, v) : dq_append(d, v)) < 0) return -1;
    }
}

static deque_obj *dq_alloc(sp_type *type, int64_t maxlen)
{
    deque_obj *d = sp_gc_new(type, type->basic_size);
    if (d) d->maxlen = maxlen;
    return d;
}

static sp_val deque_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kw)
{
    deque_obj *d = dq_alloc(type, -1);
    return d ? &d->ob : NULL;
}

static int maxlen_arg(sp_val v, int64_t *out)
{
    if (v == sp_None) {
        *out = -1;
        return 0;
    }
    if (!sp_int_check(v)) {
        sp_err_set(&sp_exc_TypeError, "an integer is required");
        return -1;
    }
    bool overflow = false;
    int64_t m = sp_index(v, &overflow);
    if (m == -1 && sp_err_occurred()) return -1;
    if (overflow) {
        sp_err_set(&sp_exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    if (m < 0) {
        sp_err_set(&sp_exc_ValueError, "maxlen must be non-negative");
        return -1;
    }
    *out = m;
    return 0;
}

static int deque_init(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"iterable", "maxlen", NULL};
    sp_val iterable = NULL, maxlen = sp_None;
    if (sp_parse_args("deque", args, nargs, kw, "|OO", names, &iterable, &maxlen) < 0) return -1;
    deque_obj *d = DQ(self);
    if (maxlen_arg(maxlen, &d->maxlen) < 0) return -1;
    if (d->len) dq_clear(d);
    if (iterable && dq_extend(d, iterable, false) < 0) return -1;
    return 0;
}

static sp_val deque_append(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("deque.append", kw) < 0 || sp_check_nargs("append", nargs, 1, 1) < 0)
        return NULL;
    return dq_append(DQ(self), args[0]) < 0 ? NULL : sp_None;
}

static sp_val deque_appendleft(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("deque.appendleft", kw) < 0 || sp_check_nargs("appendleft", nargs, 1, 1) < 0)
        return NULL;
    return dq_appendleft(DQ(self), args[0]) < 0 ? NULL : sp_None;
}

static sp_val deque_pop(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("deque.pop", kw) < 0 || sp_check_nargs("pop", nargs, 0, 0) < 0) return NULL;
    if (DQ(self)->len == 0) return sp_err_set(&sp_exc_IndexError, "pop from an empty deque");
    return dq_pop_raw(DQ(self));
}

static sp_val deque_popleft(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("deque.popleft", kw) < 0 || sp_check_nargs("popleft", nargs, 0, 0) < 0)
        return NULL;
    if (DQ(self)->len == 0) return sp_err_set(&sp_exc_IndexError, "pop from an empty deque");
    return dq_popleft_raw(DQ(self));
}

static sp_val deque_extend(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("deque.extend", kw) < 0 || sp_check_nargs("extend", nargs, 1, 1) < 0)
        return NULL;
    return dq_extend(DQ(self), args[0], false) < 0 ? NULL : sp_None;
}

static sp_val deque_extendleft(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("deque.extendleft", kw) < 0 || sp_check_nargs("extendleft", nargs, 1, 1) < 0)
        return NULL;
    return dq_extend(DQ(self), args[0], true) < 0 ? NULL : sp_None;
}

static int int_arg(sp_val v, int64_t *out)
{
    bool overflow = false;
    int64_t i = sp_index(v, &overflow);
    if (i == -1 && sp_err_occurred()) return -1;
    if (overflow) {
        sp_err_set(&sp_exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    *out = i;
    return 0;
}

static sp_val deque_rotate(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t n = 1;
    if (sp_no_kwargs("deque.rotate", kw) < 0 || sp_check_nargs("rotate", nargs, 0, 1) < 0)
        return NULL;
    if (nargs && int_arg(args[0], &n) < 0) return NULL;
    dq_rotate(DQ(self), n);
    return sp_None;
}

static sp_val deque_clear(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("deque.clear", kw) < 0 || sp_check_nargs("clear", nargs, 0, 0) < 0)
        return NULL;
    dq_clear(DQ(self));
    return sp_None;
}

static sp_val deque_count(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("deque.count", kw) < 0) return NULL;
    if (nargs != 1)
        return sp_err_set(&sp_exc_TypeError, "deque.count() takes exactly one argument (%d given)",
                          (int)nargs);
    deque_obj *d = DQ(self);
    uint64_t state = d->state;
    int64_t n = 0;
    for (size_t i = 0; i < d->len; i++) {
        int eq = sp_eq(*dq_slot(d, i), args[0]);
        if (eq < 0) return NULL;
        if (d->state != state)
            return sp_err_set(&sp_exc_RuntimeError, "deque mutated during iteration");
        n += eq;
    }
    return sp_int_from_i64(n);
}

/* Index of the first item equal to x in [start, stop), -1 if none, -2 on error. */
/* remove() reports a mutation as IndexError, the others as RuntimeError (CPython). */
static int64_t dq_find(deque_obj *d, sp_val x, int64_t start, int64_t stop, sp_type *what)
{
    uint64_t state = d->state;
    for (int64_t i = start; i < stop && i < (int64_t)d->len; i++) {
        int eq = sp_eq(*dq_slot(d, (size_t)i), x);
        if (eq < 0) return -2;
        if (d->state != state) {
            sp_err_set(what, "deque mutated during iteration");
            return -2;
        }
        if (eq) return i;
    }
    return -1;
}

/* A start/stop argument of index(): negative counts from the end, then clamped. */
static int slice_bound(sp_val v, int64_t len, int64_t *out)
{
    if (!sp_int_check(v) && !sp_type_lookup(sp_typeof(v), sp_str_intern("__index__"))) {
        sp_err_set(&sp_exc_TypeError, "slice indices must be integers or have an __index__ method");
        return -1;
    }
    bool overflow = false;
    int64_t i = sp_index(v, &overflow);
    if (i == -1 && sp_err_occurred()) return -1;
    if (overflow) i = sp_int_sign(v) < 0 ? -INT64_MAX : INT64_MAX;
    if (i < 0) {
        i += len;
        if (i < 0) i = 0;
    }
    *out = i > len ? len : i;
    return 0;
}

static sp_val deque_index(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    deque_obj *d = DQ(self);
    int64_t start = 0, stop = (int64_t)d->len;
    if (sp_no_kwargs("deque.index", kw) < 0 || sp_check_nargs("index", nargs, 1, 3) < 0)
        return NULL;
    if ((nargs > 1 && slice_bound(args[1], (int64_t)d->len, &start) < 0) ||
        (nargs > 2 && slice_bound(args[2], (int64_t)d->len, &stop) < 0))
        return NULL;
    int64_t i = dq_find(d, args[0], start, stop, &sp_exc_RuntimeError);
    if (i == -2) return NULL;
    if (i < 0) return sp_err_set(&sp_exc_ValueError, "%R is not in deque", args[0]);
    return sp_int_from_i64(i);
}

static int dq_del_at(deque_obj *d, int64_t i)
{
    dq_rotate(d, -i);
    dq_popleft_raw(d);
    dq_rotate(d, i);
    return 0;
}

static sp_val deque_remove(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("deque.remove", kw) < 0 || sp_check_nargs("remove", nargs, 1, 1) < 0)
        return NULL;
    deque_obj *d = DQ(self);
    int64_t i = dq_find(d, args[0], 0, (int64_t)d->len, &sp_exc_IndexError);
    if (i == -2) return NULL;
    if (i < 0) return sp_err_set(&sp_exc_ValueError, "%R is not in deque", args[0]);
    dq_del_at(d, i);
    return sp_None;
}

static sp_val deque_reverse(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("deque.reverse", kw) < 0 || sp_check_nargs("reverse", nargs, 0, 0) < 0)
        return NULL;
    deque_obj *d = DQ(self);
    for (size_t i = 0, j = d->len; i + 1 < j; i++, j--) {
        sp_val t = *dq_slot(d, i);
        *dq_slot(d, i) = *dq_slot(d, j - 1);
        *dq_slot(d, j - 1) = t;
    }
    d->state++;
    return sp_None;
}

static deque_obj *dq_copy(deque_obj *d)
{
    deque_obj *c = dq_alloc(&sp_type_deque, d->maxlen);
    if (!c) return NULL;
    for (size_t i = 0; i < d->len; i++)
        if (dq_append(c, *dq_slot(d, i)) < 0) return NULL;
    return c;
}

static sp_val deque_copy(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("deque.copy", kw) < 0 || sp_check_nargs("copy", nargs, 0, 0) < 0) return NULL;
    deque_obj *d = DQ(self);
    if (sp_typeof(self) != &sp_type_deque) {
        sp_val a[2] = {self, d->maxlen < 0 ? sp_None : sp_int_from_i64(d->maxlen)};
        return sp_call(&sp_typeof(self)->ob, a, 2, NULL);
    }
    deque_obj *c = dq_copy(d);
    return c ? &c->ob : NULL;
}

static sp_val deque_insert(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("deque.insert", kw) < 0 || sp_check_nargs("insert", nargs, 2, 2) < 0)
        return NULL;
    deque_obj *d = DQ(self);
    int64_t i;
    if (int_arg(args[0], &i) < 0) return NULL;
    if (d->maxlen >= 0 && (int64_t)d->len >= d->maxlen)
        return sp_err_set(&sp_exc_IndexError, "deque already at its maximum size");
    int64_t n = (int64_t)d->len;
    if (i >= n) return dq_append(d, args[1]) < 0 ? NULL : sp_None;
    if (i <= -n || i == 0) return dq_appendleft(d, args[1]) < 0 ? NULL : sp_None;
    dq_rotate(d, -i);
    if (i < 0) {
        if (dq_append(d, args[1]) < 0) return NULL;
    } else if (dq_appendleft(d, args[1]) < 0) {
        return NULL;
    }
    dq_rotate(d, i);
    return sp_None;
}

static sp_val deque_get_maxlen(sp_val self)
{
    deque_obj *d = DQ(self);
    return d->maxlen < 0 ? sp_None : sp_int_from_i64(d->maxlen);
}

static int64_t deque_len(sp_val self)
{
    return (int64_t)DQ(self)->len;
}

static int dq_index(deque_obj *d, sp_val key, size_t *out)
{
    if (!sp_int_check(key) && !sp_type_lookup(sp_typeof(key), sp_str_intern("__index__"))) {
        sp_err_set(&sp_exc_TypeError, "sequence index must be integer, not '%s'",
                   sp_type_name(key));
        return -1;
    }
    int64_t i;
    if (int_arg(key, &i) < 0) return -1;
    if (i < 0) i += (int64_t)d->len;
    if (i < 0 || i >= (int64_t)d->len) {
        sp_err_set(&sp_exc_IndexError, "deque index out of range");
        return -1;
    }
    *out = (size_t)i;
    return 0;
}

static sp_val deque_getitem(sp_val self, sp_val key)
{
    size_t i;
    if (dq_index(DQ(self), key, &i) < 0) return NULL;
    return *dq_slot(DQ(self), i);
}

static int deque_setitem(sp_val self, sp_val key, sp_val value)
{
    deque_obj *d = DQ(self);
    size_t i;
    if (dq_index(d, key, &i) < 0) return -1;
    if (value) {
        *dq_slot(d, i) = value;
        return 0;
    }
    return dq_del_at(d, (int64_t)i);
}

static int deque_contains(sp_val self, sp_val item)
{
    deque_obj *d = DQ(self);
    int64_t i = dq_find(d, item, 0, (int64_t)d->len, &sp_exc_RuntimeError);
    return i == -2 ? -1 : i >= 0;
}

static int deque_truthy(sp_val self)
{
    return DQ(self)->len != 0;
}

static sp_val deque_repr(sp_val self)
{
    deque_obj *d = DQ(self);
    const char *name = sp_type_name(self);
    int rc = sp_repr_enter(self);
    if (rc) return rc > 0 ? sp_str_from_cstr("[...]") : NULL;
    sp_val items = sp_list_new(d->len);
    sp_val r = NULL;
    if (items) {
        for (size_t i = 0; i < d->len; i++)
            if (sp_list_append(items, *dq_slot(d, i)) < 0) goto out;
        sp_val lr = sp_repr(items);
        if (!lr) goto out;
        if (d->maxlen >= 0)
            r = sp_str_format("%s(%S, maxlen=%d)", name, lr, (int)d->maxlen);
        else
            r = sp_str_format("%s(%S)", name, lr);
    }
out:
    sp_repr_leave(self);
    return r;
}

/* CPython's deque_richcompare: length shortcuts for ==/!=, then the first
 * differing pair decides; otherwise the lengths do. */
static sp_val deque_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (!sp_isinstance(a, &sp_type_deque) || !sp_isinstance(b, &sp_type_deque))
        return sp_NotImplemented;
    deque_obj *v = DQ(a), *w = DQ(b);
    if (op == SP_CMP_EQ || op == SP_CMP_NE) {
        if (a == b) return sp_bool(op == SP_CMP_EQ);
        if (v->len != w->len) return sp_bool(op == SP_CMP_NE);
    }
    uint64_t vs = v->state, ws = w->state;
    for (size_t i = 0; i < v->len && i < w->len; i++) {
        sp_val x = *dq_slot(v, i), y = *dq_slot(w, i);
        int eq = sp_eq(x, y);
        if (eq < 0) return NULL;
        if (v->state != vs || w->state != ws)
            return sp_err_set(&sp_exc_RuntimeError, "deque mutated during iteration");
        if (!eq) return sp_compare(x, y, op);
    }
    int64_t la = (int64_t)v->len, lb = (int64_t)w->len;
    switch (op) {
    case SP_CMP_LT:
        return sp_bool(la < lb);
    case SP_CMP_LE:
        return sp_bool(la <= lb);
    case SP_CMP_EQ:
        return sp_bool(la == lb);
    case SP_CMP_NE:
        return sp_bool(la != lb);
    case SP_CMP_GT:
        return sp_bool(la > lb);
    default:
        return sp_bool(la >= lb);
    }
}

static int deque_hash(sp_val self, int64_t *out)
{
    sp_err_set(&sp_exc_TypeError, "unhashable type: 'collections.deque'");
    return -1;
}

static sp_val deque_add(sp_val a, sp_val b)
{
    if (!sp_isinstance(a, &sp_type_deque)) return sp_NotImplemented;
    if (!sp_isinstance(b, &sp_type_deque))
        return sp_err_set(&sp_exc_TypeError, "can only concatenate deque (not \"%s\") to deque",
                          sp_type_name(b));
    deque_obj *c = dq_copy(DQ(a));
    if (!c || dq_extend(c, b, false) < 0) return NULL;
    return &c->ob;
}

static sp_val deque_iadd(sp_val a, sp_val b)
{
    if (!sp_isinstance(a, &sp_type_deque)) return sp_NotImplemented;
    return dq_extend(DQ(a), b, false) < 0 ? NULL : a;
}

static sp_val deque_mul(sp_val a, sp_val b)
{
    sp_val dq = a, n = b;
    if (!sp_isinstance(dq, &sp_type_deque)) {
        dq = b;
        n = a;
    }
    if (!sp_isinstance(dq, &sp_type_deque) || !sp_int_check(n)) return sp_NotImplemented;
    int64_t times;
    if (int_arg(n, &times) < 0) return NULL;
    deque_obj *src = DQ(dq), *c = dq_alloc(&sp_type_deque, src->maxlen);
    if (!c) return NULL;
    size_t len = src->len;
    for (int64_t t = 0; t < times; t++)
        for (size_t i = 0; i < len; i++)
            if (dq_append(c, *dq_slot(src, i)) < 0) return NULL;
    return &c->ob;
}

/* ---- deque iterators ---- */

typedef struct dqiter_obj {
    sp_object ob;
    sp_val deque;
    size_t index; /* items consumed so far */
    uint64_t state;
} dqiter_obj;

static void dqiter_trace(sp_val self)
{
    sp_gc_mark(((dqiter_obj *)self)->deque);
}

static sp_val dqiter_make(sp_type *t, sp_val dq)
{
    dqiter_obj *it = sp_gc_new(t, sizeof(dqiter_obj));
    if (!it) return NULL;
    it->deque = dq;
    it->state = DQ(dq)->state;
    return &it->ob;
}

static sp_val deque_iter(sp_val self)
{
    return dqiter_make(&sp_type_deque_iter, self);
}

static sp_val dqiter_self(sp_val self)
{
    return self;
}

static sp_val dqiter_next_common(sp_val self, bool reverse)
{
    dqiter_obj *it = (dqiter_obj *)self;
    if (!it->deque) return NULL;
    deque_obj *d = DQ(it->deque);
    if (d->state != it->state) {
        it->index = SIZE_MAX;
        return sp_err_set(&sp_exc_RuntimeError, "deque mutated during iteration");
    }
    if (it->index >= d->len) {
        it->deque = NULL;
        return NULL;
    }
    size_t i = reverse ? d->len - 1 - it->index : it->index;
    it->index++;
    return *dq_slot(d, i);
}

static sp_val dqiter_next(sp_val self)
{
    return dqiter_next_common(self, false);
}

static sp_val dqreviter_next(sp_val self)
{
    return dqiter_next_common(self, true);
}

static sp_val deque_reversed(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return dqiter_make(&sp_type_deque_reviter, self);
}

static sp_val deque_length_hint(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    dqiter_obj *it = (dqiter_obj *)self;
    if (!it->deque || it->index >= DQ(it->deque)->len) return sp_small(0);
    return sp_int_from_i64((int64_t)(DQ(it->deque)->len - it->index));
}

/* (type, ((), maxlen) or (), None, iterator): what copy/deepcopy rebuild from. */
static sp_val deque_reduce(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    deque_obj *d = DQ(self);
    sp_val it = deque_iter(self);
    sp_val cargs = d->maxlen < 0 ? sp_empty_tuple
                                 : sp_tuple_pack(2, sp_empty_tuple, sp_int_from_i64(d->maxlen));
    if (!it || !cargs) return NULL;
    return sp_tuple_pack(4, &sp_typeof(self)->ob, cargs, sp_None, it);
}

static const sp_method_def deque_methods[] = {
    {"__reduce__", deque_reduce, 0},
    {"append", deque_append, 0},
    {"appendleft", deque_appendleft, 0},
    {"pop", deque_pop, 0},
    {"popleft", deque_popleft, 0},
    {"extend", deque_extend, 0},
    {"extendleft", deque_extendleft, 0},
    {"rotate", deque_rotate, 0},
    {"clear", deque_clear, 0},
    {"count", deque_count, 0},
    {"index", deque_index, 0},
    {"remove", deque_remove, 0},
    {"reverse", deque_reverse, 0},
    {"copy", deque_copy, 0},
    {"__copy__", deque_copy, 0},
    {"insert", deque_insert, 0},
    {"__reversed__", deque_reversed, 0},
    {"__class_getitem__", sp_class_getitem, SP_METH_CLASS},
    {NULL, NULL, 0},
};

static const sp_getset_def deque_getsets[] = {
    {"maxlen", deque_get_maxlen, NULL},
    {NULL, NULL, NULL},
};

static const sp_method_def dqiter_methods[] = {
    {"__length_hint__", deque_length_hint, 0},
    {NULL, NULL, 0},
};

sp_type sp_type_deque = {
    .name = "deque",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(deque_obj),
    .trace = deque_trace,
    .finalize = deque_finalize,
    .tp_new = deque_new,
    .tp_init = deque_init,
    .repr = deque_repr,
    .hash = deque_hash,
    .richcompare = deque_richcompare,
    .truthy = deque_truthy,
    .iter = deque_iter,
    .binop = {[SP_OP_ADD] = deque_add, [SP_OP_MUL] = deque_mul},
    .inplace = {[SP_OP_ADD] = deque_iadd},
    .len = deque_len,
    .getitem = deque_getitem,
    .setitem = deque_setitem,
    .contains = deque_contains,
};

sp_type sp_type_deque_iter = {
    .name = "_deque_iterator",
    .basic_size = sizeof(dqiter_obj),
    .trace = dqiter_trace,
    .iter = dqiter_self,
    .iternext = dqiter_next,
};

sp_type sp_type_deque_reviter = {
    .name = "_deque_reverse_iterator",
    .basic_size = sizeof(dqiter_obj),
    .trace = dqiter_trace,
    .iter = dqiter_self,
    .iternext = dqreviter_next,
};

/* ---- _tuplegetter: the field descriptors of namedtuple classes ------------------------- */

typedef struct tuplegetter_obj {
    sp_object ob;
    int64_t index;
    sp_val doc;
} tuplegetter_obj;

sp_type sp_type_tuplegetter;

static void tuplegetter_trace(sp_val self)
{
    sp_gc_mark(((tuplegetter_obj *)self)->doc);
}

static sp_val tuplegetter_new(sp_type *t, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("_tuplegetter", kw) < 0 || sp_check_nargs("_tuplegetter", nargs, 2, 2) < 0)
        return NULL;
    int64_t i;
    if (int_arg(args[0], &i) < 0) return NULL;
    tuplegetter_obj *g = sp_gc_new(t, sizeof(tuplegetter_obj));
    if (!g) return NULL;
    g->index = i;
    g->doc = args[1];
    return &g->ob;
}

static sp_val tuplegetter_get(sp_val self, sp_val obj, sp_val type)
{
    tuplegetter_obj *g = (tuplegetter_obj *)self;
    if (!obj || obj == sp_None) return self;
    if (!sp_tuple_check(obj))
        return sp_err_set(&sp_exc_TypeError,
                          "descriptor for index '%d' for tuple subclasses doesn't apply to "
                          "'%s' object",
                          (int)g->index, sp_type_name(obj));
    sp_tuple *t = (sp_tuple *)obj;
    if (g->index < 0 || (size_t)g->index >= t->len)
        return sp_err_set(&sp_exc_IndexError, "tuple index out of range");
    return t->items[g->index];
}

static int tuplegetter_set(sp_val self, sp_val obj, sp_val value)
{
    sp_err_set(&sp_exc_AttributeError, value ? "can't set attribute" : "can't delete attribute");
    return -1;
}

static sp_val tuplegetter_doc(sp_val self)
{
    sp_val d = ((tuplegetter_obj *)self)->doc;
    return d ? d : sp_None;
}

static const sp_getset_def tuplegetter_getsets[] = {
    {"__doc__", tuplegetter_doc, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_tuplegetter = {
    .name = "_tuplegetter",
    .basic_size = sizeof(tuplegetter_obj),
    .trace = tuplegetter_trace,
    .tp_new = tuplegetter_new,
    .descr_get = tuplegetter_get,
    .descr_set = tuplegetter_set,
};

/* ---- defaultdict ----------------------------------------------------------------------- */

/* A dict subclass in C, as in CPython (_collections.defaultdict): a miss of [] calls
 * __missing__, which here runs no Python frame of its own, so a grouping loop
 * (`adj[u].append(v)`) costs one factory call per new key. The instance is an
 * sp_dict followed by the factory; every dict slot and method is inherited.
 * Invariant: default_factory is NULL (reads as None) or any object (callable when
 * set by __init__; the attribute itself accepts anything, like CPython's member). */
typedef struct ddict_obj {
    sp_dict dict;
    sp_val default_factory;
} ddict_obj;

#define DD(v) ((ddict_obj *)(v))

sp_type sp_type_defaultdict;

static void ddict_trace(sp_val self)
{
    sp_type_dict.trace(self);
    sp_gc_mark(DD(self)->default_factory);
}

static sp_val ddict_factory(sp_val self)
{
    sp_val f = DD(self)->default_factory;
    return f ? f : sp_None;
}

static int ddict_set_factory(sp_val self, sp_val value)
{
    DD(self)->default_factory = value; /* NULL (del) reads back as None */
    return 0;
}

static int ddict_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_val f = NULL;
    if (nargs > 0) {
        f = args[0];
        if (f != sp_None && !sp_typeof(f)->call) {
            sp_err_set(&sp_exc_TypeError, "first argument must be callable or None");
            return -1;
        }
        args++;
        nargs--;
    }
    DD(self)->default_factory = f;
    /* keyword values follow the positional ones: shifting both keeps them aligned */
    return sp_type_dict.tp_init(self, args, nargs, kwnames);
}

static sp_val ddict_missing(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("__missing__", kw) < 0 || sp_check_nargs("__missing__", nargs, 1, 1) < 0)
        return NULL;
    sp_val f = DD(self)->default_factory;
    if (!f || f == sp_None) {
        sp_val exc = sp_exc_new(&sp_exc_KeyError, args, 1);
        return exc ? sp_err_set_value(exc) : NULL;
    }
    sp_val v = sp_call0(f);
    if (!v || sp_setitem(self, args[0], v) < 0) return NULL;
    return v;
}

/* type(self)(self.default_factory, arg): copy() and | go through the class, as in
 * CPython, so a subclass with another constructor overrides them. */
static sp_val ddict_new_like(sp_val self, sp_val arg)
{
    sp_val f = DD(self)->default_factory;
    sp_val args[2] = {f ? f : sp_None, arg};
    return sp_call(&sp_typeof(self)->ob, args, 2, NULL);
}

static sp_val ddict_copy(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("copy", kw) < 0 || sp_check_nargs("copy", nargs, 0, 0) < 0) return NULL;
    return ddict_new_like(self, self);
}

static sp_val ddict_reduce(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("__reduce__", kw) < 0 || sp_check_nargs("__reduce__", nargs, 0, 0) < 0)
        return NULL;
    sp_val f = DD(self)->default_factory;
    sp_val fargs = !f || f == sp_None ? sp_tuple_pack(0) : sp_tuple_pack(1, f);
    sp_val items_fn = fargs ? sp_getattr(self, sp_str_intern("items")) : NULL;
    sp_val items = items_fn ? sp_call0(items_fn) : NULL;
    sp_val it = items ? sp_iter(items) : NULL;
    if (!it) return NULL;
    return sp_tuple_pack(5, &sp_typeof(self)->ob, fargs, sp_None, sp_None, it);
}

static sp_val ddict_repr(sp_val self)
{
    sp_val base = sp_type_dict.repr(self);
    if (!base) return NULL;
    sp_val f = DD(self)->default_factory, fr;
    if (!f) {
        fr = sp_str_intern("None");
    } else {
        int rc = sp_repr_enter(f);
        if (rc < 0) return NULL;
        fr = rc > 0 ? sp_str_intern("...") : sp_repr(f);
        if (rc == 0) sp_repr_leave(f);
    }
    if (!fr) return NULL;
    return sp_str_format("%s(%S, %S)", sp_typeof(self)->name, fr, base);
}

/* __or__ and __ror__ (CPython's defdict_or): the defaultdict operand supplies the
 * class and the factory; the result starts as a copy of the left operand. */
static sp_val ddict_or(sp_val a, sp_val b)
{
    bool left = sp_isinstance(a, &sp_type_defaultdict);
    sp_val self = left ? a : b, other = left ? b : a;
    if (!sp_dict_check(other)) return sp_NotImplemented;
    sp_val r = ddict_new_like(self, a);
    if (!r || sp_dict_merge(r, b, true) < 0) return NULL;
    return r;
}

static const sp_method_def ddict_methods[] = {
    {"__missing__", ddict_missing, 0}, {"copy", ddict_copy, 0}, {"__copy__", ddict_copy, 0},
    {"__reduce__", ddict_reduce, 0},   {NULL, NULL, 0},
};

static const sp_getset_def ddict_getsets[] = {
    {"default_factory", ddict_factory, ddict_set_factory},
    {NULL, NULL, NULL},
};

sp_type sp_type_defaultdict = {
    .name = "defaultdict",
    .flags = SP_TF_BASETYPE,
    .base = &sp_type_dict,
    .basic_size = sizeof(ddict_obj),
    .trace = ddict_trace,
    .tp_init = ddict_init,
    .repr = ddict_repr,
    .binop = {[SP_OP_OR] = ddict_or},
};

/* ---- _count_elements ------------------------------------------------------------------- */

/* Counter.update(iterable)'s loop, `mapping[elem] = mapping.get(elem, 0) + 1`, in C as
 * in CPython (_collections._count_elements): with dict's own get and __setitem__
 * it reads and writes the table directly, else it calls the mapping's methods. */
static sp_val count_elements(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("_count_elements", kw) < 0 ||
        sp_check_nargs("_count_elements", nargs, 2, 2) < 0)
        return NULL;
    sp_val mapping = args[0], it = sp_iter(args[1]);
    if (!it) return NULL;
    sp_val get = sp_str_intern("get"), setitem = sp_str_intern("__setitem__");
    if (!get || !setitem) return NULL;
    sp_type *t = sp_typeof(mapping);
    bool direct = sp_dict_check(mapping) &&
                  sp_type_lookup(t, get) == sp_type_lookup(&sp_type_dict, get) &&
                  sp_type_lookup(t, setitem) == sp_type_lookup(&sp_type_dict, setitem);
    sp_val bound_get = direct ? NULL : sp_getattr(mapping, get);
    if (!direct && !bound_get) return NULL;
    for (;;) {
        sp_val key = sp_next(it);
        if (!key) return sp_err_occurred() ? NULL : sp_None;
        sp_val old;
        if (direct) {
            old = sp_dict_get_item(mapping, key);
            if (!old && sp_err_occurred()) return NULL;
        } else {
            sp_val call_args[2] = {key, sp_small(0)};
            old = sp_call(bound_get, call_args, 2, NULL);
            if (!old) return NULL;
        }
        sp_val v = old ? sp_binary_op(SP_OP_ADD, old, sp_small(1)) : sp_small(1);
        if (!v || (direct ? sp_dict_set(mapping, key, v) : sp_setitem(mapping, key, v)) < 0)
            return NULL;
    }
}

static const sp_method_def module_functions[] = {
    {"_count_elements", count_elements, 0},
    {NULL, NULL, 0},
};

/* ---- the Python half ------------------------------------------------------------------- */

/* The Python part of this module lives in interpreter/lib/collections.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_collections_py[];

sp_val sp_collections_module_init(void)
{
    if (sp_type_ready(&sp_type_deque, deque_methods, deque_getsets) < 0 ||
        sp_type_ready(&sp_type_deque_iter, dqiter_methods, NULL) < 0 ||
        sp_type_ready(&sp_type_deque_reviter, dqiter_methods, NULL) < 0 ||
        sp_type_ready(&sp_type_tuplegetter, NULL, tuplegetter_getsets) < 0 ||
        sp_type_ready(&sp_type_defaultdict, ddict_methods, ddict_getsets) < 0)
        return NULL;
    sp_val modname = sp_str_intern("collections");
    if (!modname) return NULL;
    sp_type_deque.module_name = sp_type_defaultdict.module_name = modname;
    sp_type_deque_iter.module_name = sp_type_deque_reviter.module_name =
        sp_str_intern("_collections");
    sp_val m = sp_module_new("collections");
    sp_type_tuplegetter.module_name = sp_type_deque_iter.module_name;
    if (!m || sp_module_add(m, "deque", &sp_type_deque.ob) < 0 ||
        sp_module_add(m, "_tuplegetter", &sp_type_tuplegetter.ob) < 0 ||
        sp_module_add(m, "defaultdict", &sp_type_defaultdict.ob) < 0 ||
        sp_module_add_functions(m, module_functions) < 0)
        return NULL;
    /* registered before the Python half runs, like a module being imported, so a
     * module it imports may import collections back */
    if (sp_dict_set_cstr(sp_st.modules, "collections", m) < 0) return NULL;
    if (sp_stdlib_exec(m, sp_lib_collections_py, "collections/__init__.py") < 0) {
        sp_val exc = sp_err_fetch();
        sp_dict_del(sp_st.modules, modname);
        sp_err_clear();
        sp_err_restore(exc);
        return NULL;
    }
    return m;
}
