/*
 * obj_list.c — the list type, its iterators, the stable sort, and the repr
 * recursion guard shared by every container.
 *
 * Design overview
 * ---------------
 * A list is a header plus a raw item buffer (sp_mem_*) that grows geometrically;
 * the buffer is marked by the list's trace hook and freed by its finalize hook.
 * Python code may run in the middle of almost any operation (__eq__, __lt__,
 * __index__, iteration), so code re-reads len/items after every call out and never
 * keeps an item pointer across one.
 *
 * Sorting is a stable merge sort (runs are detected first, so sorted and reversed
 * inputs cost O(n)), comparing with `<`. Like CPython's unsafe_*_compare, the key
 * types are checked once and the merge sort is instantiated per kind: every key a
 * small int, an exact str, an exact float, an exact tuple (elements compared with
 * scalar fast paths, the generic protocol for anything else), or generic (sp_lt).
 * While it sorts, the list is emptied (as CPython does) so mutation from a key
 * function or comparison is detected afterwards and reported as "list modified
 * during sort".
 *
 * The comparison fast paths (scalar_*, tuple_lt, sp_lt, sp_compare_scalars) only
 * answer for exact built-in types whose ordering cannot be overridden, and defer to
 * the generic path at the recursion limit, so results and errors are CPython's;
 * heapq shares sp_lt, and sp_compare_bool (object.c) asks sp_compare_scalars first.
 *
 * Invariants (checked by list_check)
 *  1. len <= cap; items is NULL iff cap == 0.
 *  2. items[0..len) are live values (never NULL).
 */
#include <assert.h>
#include <string.h>

#include "gc.h"
#include "obj_dict.h"
#include "obj_iter.h"
#include "obj_slice.h"
#include "obj_str.h"
#include "obj_type.h"
#include "vm.h"

/* type name in argument-check messages ("str.upper() takes no arguments") */
#define TN "list"

#define L(v) ((sp_list *)(v))

static inline void list_check(sp_list *l)
{
    assert(l->len <= l->cap);
    assert((l->items == NULL) == (l->cap == 0));
    (void)l;
}

/* ---- repr recursion guard ---------------------------------------------------------------- */

SP_RUN_STATE static sp_val *repr_stack;
SP_RUN_STATE static size_t repr_len, repr_cap;

int sp_repr_enter(sp_val v)
{
    for (size_t i = 0; i < repr_len; i++)
        if (repr_stack[i] == v) return 1;
    if (repr_len == repr_cap) {
        size_t ncap = repr_cap ? repr_cap * 2 : 16;
        sp_val *ns = sp_mem_realloc(repr_stack, repr_cap * sizeof(sp_val), ncap * sizeof(sp_val));
        if (!ns) return -1;
        repr_stack = ns;
        repr_cap = ncap;
    }
    repr_stack[repr_len++] = v;
    return 0;
}

void sp_repr_leave(sp_val v)
{
    if (repr_len && repr_stack[repr_len - 1] == v) repr_len--;
}

void sp_list_reset_repr_guard(void)
{
    repr_stack = NULL;
    repr_len = repr_cap = 0;
}

/* ---- argument checks
 * ----------------------------------------------------------------------------- */

int sp_ck_kw(const char *tname, const char *fname, sp_val kwnames)
{
    if (kwnames && ((sp_tuple *)kwnames)->len) {
        sp_err_set(&sp_exc_TypeError, "%s.%s() takes no keyword arguments", tname, fname);
        return -1;
    }
    return 0;
}

int sp_ck_nargs(const char *tname, const char *fname, size_t nargs, size_t min, size_t max)
{
    if (nargs >= min && nargs <= max) return 0;
    if (max == 0)
        sp_err_set(&sp_exc_TypeError, "%s.%s() takes no arguments (%zu given)", tname, fname,
                   nargs);
    else if (min == 1 && max == 1)
        sp_err_set(&sp_exc_TypeError, "%s.%s() takes exactly one argument (%zu given)", tname,
                   fname, nargs);
    else
        return sp_check_nargs(fname, nargs, min, max);
    return -1;
}

int sp_ck_nargs_tuple(const char *fname, size_t nargs, size_t min, size_t max)
{
    if (nargs >= min && nargs <= max) return 0;
    const char *how = min == max ? "exactly" : nargs < min ? "at least" : "at most";
    size_t n = nargs < min ? min : max;
    sp_err_set(&sp_exc_TypeError, "%s() takes %s %zu argument%s (%zu given)", fname, how, n,
               n == 1 ? "" : "s", nargs);
    return -1;
}

/* ---- storage --------------------------------------------------------------------------------- */

static void list_trace(sp_val v)
{
    sp_gc_mark_array(L(v)->items, L(v)->len);
}

static void list_finalize(sp_val v)
{
    sp_list *l = L(v);
    if (l->items) sp_mem_free(l->items, l->cap * sizeof(sp_val));
    l->items = NULL;
    l->cap = l->len = 0;
}

static int list_reserve(sp_list *l, size_t need)
{
    if (need <= l->cap) return 0;
    if (need > ((size_t)1 << 56) / sizeof(sp_val)) return sp_err_no_memory(), -1;
    size_t ncap = l->cap + (l->cap >> 1) + 4;
    if (ncap < need) ncap = need;
    sp_val *ni = sp_mem_realloc(l->items, l->cap * sizeof(sp_val), ncap * sizeof(sp_val));
    if (!ni) return -1;
    l->items = ni;
    l->cap = ncap;
    return 0;
}

static sp_list *list_alloc(sp_type *type, size_t cap)
{
    sp_list *l =
        sp_gc_new(type, type->basic_size > sizeof(sp_list) ? type->basic_size : sizeof(sp_list));
    if (!l) return NULL;
    if (cap && list_reserve(l, cap) < 0) return NULL;
    return l;
}

sp_val sp_list_new(size_t capacity)
{
    return (sp_val)list_alloc(&sp_type_list, capacity);
}

bool sp_list_check(sp_val v)
{
    return !sp_is_small(v) && (v->type == &sp_type_list || (v->type->flags & SP_TF_LIST_SUB));
}

sp_val sp_list_from_array(sp_val const *items, size_t n)
{
    sp_list *l = list_alloc(&sp_type_list, n);
    if (!l) return NULL;
    if (n) memcpy(l->items, items, n * sizeof(sp_val));
    l->len = n;
    return (sp_val)l;
}

int sp_list_append(sp_val list, sp_val v)
{
    sp_list *l = L(list);
    if (l->len == l->cap && list_reserve(l, l->len + 1) < 0) return -1;
    l->items[l->len++] = v;
    return 0;
}

int sp_list_insert(sp_val list, int64_t i, sp_val v)
{
    sp_list *l = L(list);
    int64_t n = (int64_t)l->len;
    if (i < 0) {
        i += n;
        if (i < 0) i = 0;
    }
    if (i > n) i = n;
    if (list_reserve(l, l->len + 1) < 0) return -1;
    memmove(l->items + i + 1, l->items + i, (size_t)(n - i) * sizeof(sp_val));
    l->items[i] = v;
    l->len++;
    return 0;
}

/* Replace items [lo, hi) by n new values (which may alias the list's own items).
 * An aliased source is copied first (on the stack when small: `a[:k] = a[1:k+1]`
 * style code must not pay an allocation per assignment). */
static int list_splice(sp_list *l, size_t lo, size_t hi, sp_val const *src, size_t n)
{
    enum { STACK_COPY = 32 };
    sp_val small[STACK_COPY];
    sp_val *copy = NULL;
    if (n && src >= l->items && src < l->items + l->cap) {
        copy = n <= STACK_COPY ? small : sp_mem_alloc(n * sizeof(sp_val));
        if (!copy) return -1;
        memcpy(copy, src, n * sizeof(sp_val));
        src = copy;
    }
    size_t removed = hi - lo, newlen = l->len - removed + n;
    int rc = 0;
    if (newlen > l->len && list_reserve(l, newlen) < 0) {
        rc = -1;
    } else {
        if (l->len > hi && n != removed)
            memmove(l->items + lo + n, l->items + hi, (l->len - hi) * sizeof(sp_val));
        if (n) memcpy(l->items + lo, src, n * sizeof(sp_val));
        l->len = newlen;
        list_check(l);
    }
    if (copy && copy != small) sp_mem_free(copy, n * sizeof(sp_val));
    return rc;
}

/* sp_gen_sink for extending a list by a generator: takes an item while the
 * list has room (growing allocates: left to sp_list_append, as before). */
static bool list_sink(void *ctx, sp_val v)
{
    sp_list *l = ctx;
    if (l->len == l->cap) return false;
    l->items[l->len++] = v;
    return true;
}

int sp_list_extend(sp_val list, sp_val iterable)
{
    sp_type *t = sp_typeof(iterable);
    if (t == &sp_type_list || t == &sp_type_tuple) {
        sp_val const *src = t == &sp_type_list ? L(iterable)->items : ((sp_tuple *)iterable)->items;
        size_t n = t == &sp_type_list ? L(iterable)->len : ((sp_tuple *)iterable)->len;
        return list_splice(L(list), L(list)->len, L(list)->len, src, n);
    }
    sp_val it = sp_iter(iterable);
    if (!it) return -1;
    sp_unaryfn next = sp_typeof(it)->iternext;
    if (!next) return sp_next(it) ? 0 : -1; /* raises "'X' object is not an iterator" */
    bool gen = sp_typeof(it) == &sp_type_generator;
    /* a full list would leave the first item to sp_list_append below, after the
     * generator's return to C: grow it now as that append would (the same buffer;
     * only a generator that yields nothing leaves it unused) */
    if (gen && L(list)->len == L(list)->cap && list_reserve(L(list), L(list)->len + 1) < 0)
        return -1;
    for (;;) {
        /* the iternext slot directly: sp_next's checks, once per item, not per call;
         * a generator's items mostly go straight in (list_sink) */
        sp_val v = gen ? sp_gen_next_sink(it, list_sink, list) : next(it);
        if (!v) {
            if (!sp_err_occurred()) return 0;
            if (!sp_err_matches(&sp_exc_StopIteration)) return -1;
            sp_err_clear();
            return 0;
        }
        if (sp_list_append(list, v) < 0) return -1;
    }
}

sp_val sp_list_getslice(sp_val list, int64_t start, int64_t stop)
{
    sp_list *l = L(list);
    if (start < 0) start = 0;
    if (stop > (int64_t)l->len) stop = (int64_t)l->len;
    if (stop < start) stop = start;
    return sp_list_from_array(l->items + start, (size_t)(stop - start));
}

int sp_list_reverse(sp_val list)
{
    sp_list *l = L(list);
    for (size_t a = 0, b = l->len; a + 1 < b; a++, b--) {
        sp_val t = l->items[a];
        l->items[a] = l->items[b - 1];
        l->items[b - 1] = t;
    }
    return 0;
}

int sp_list_clear(sp_val list)
{
    list_finalize(list);
    return 0;
}

/* ---- index helpers
 * --------------------------------------------------------------------------------- */

static bool is_index_like(sp_val v)
{
    return sp_is_small(v) || sp_int_check(v) || sp_typeof(v)->index != NULL;
}

/* Index value of v for a sequence; overflow maps to a huge value so range checks fail. */
static int index_value(sp_val v, int64_t *out)
{
    if (sp_is_small(v)) {
        *out = sp_small_value(v);
        return 0;
    }
    bool overflow = false;
    int64_t i = sp_index(v, &overflow);
    if (i == -1 && sp_err_occurred()) return -1;
    if (overflow) {
        sp_err_set(&sp_exc_IndexError, "cannot fit '%s' into an index-sized integer",
                   sp_type_name(v));
        return -1;
    }
    *out = i;
    return 0;
}

sp_val sp_list_pop(sp_val list, int64_t i)
{
    sp_list *l = L(list);
    if (l->len == 0) return sp_err_set(&sp_exc_IndexError, "pop from empty list");
    if (i < 0) i += (int64_t)l->len;
    if (i < 0 || i >= (int64_t)l->len)
        return sp_err_set(&sp_exc_IndexError, "pop index out of range");
    sp_val v = l->items[i];
    memmove(l->items + i, l->items + i + 1, (l->len - (size_t)i - 1) * sizeof(sp_val));
    l->len--;
    return v;
}

/* ---- protocol slots
 * -------------------------------------------------------------------------------- */

static sp_val list_repr(sp_val v)
{
    sp_list *l = L(v);
    if (l->len == 0) return sp_str_from_cstr("[]");
    int rc = sp_repr_enter(v);
    if (rc) return rc > 0 ? sp_str_from_cstr("[...]") : NULL;
    sp_buf b;
    sp_buf_init(&b);
    sp_val result = NULL;
    if (sp_buf_append_char(&b, '[') < 0) goto done;
    for (size_t i = 0; i < l->len; i++) {
        if (i && sp_buf_append(&b, ", ", 2) < 0) goto done;
        sp_val r = sp_repr(l->items[i]);
        if (!r || sp_buf_append_val_str(&b, r) < 0) goto done;
    }
    if (sp_buf_append_char(&b, ']') < 0) goto done;
    result = sp_buf_to_str(&b);
done:
    sp_repr_leave(v);
    if (!result) sp_buf_free(&b);
    return result;
}

static size_t list_len_of(sp_val v)
{
    return L(v)->len;
}

static sp_val list_item_at(sp_val v, size_t i)
{
    return L(v)->items[i];
}

/* ---- comparison fast paths ---------------------------------------------------------------- */

/* Exact built-in scalars whose == and < cannot be overridden: small ints, exact str,
 * exact float. These helpers answer for them without the generic protocol and return
 * SP_CMP_UNKNOWN (-2) for anything else. Like sp_compare, they leave the answer to
 * the generic path at the recursion limit, so RecursionError is raised where
 * CPython raises it. */
_Static_assert(SP_CMP_UNKNOWN == -2, "object.h");

static inline bool depth_ok(void)
{
    return sp_st.depth < sp_st.recursion_limit;
}

static inline int str_lt_raw(const sp_str *x, const sp_str *y)
{
    size_t n = x->size < y->size ? x->size : y->size;
    int c = memcmp(x->data, y->data, n);
    return c < 0 || (c == 0 && x->size < y->size);
}

/* x == y for two distinct values (the caller checked identity). */
static inline int scalar_eq(sp_val x, sp_val y)
{
    if (sp_is_small(x) || sp_is_small(y)) {
        if (sp_is_small(x) && sp_is_small(y) && depth_ok()) return 0; /* distinct tags */
        return SP_CMP_UNKNOWN;
    }
    sp_type *t = x->type;
    if (t != y->type || !depth_ok()) return SP_CMP_UNKNOWN;
    if (t == &sp_type_str) return sp_str_eq(x, y);
    if (t == &sp_type_float) return ((sp_float *)x)->value == ((sp_float *)y)->value;
    return SP_CMP_UNKNOWN;
}

static inline int scalar_lt(sp_val x, sp_val y)
{
    if (sp_is_small(x) || sp_is_small(y)) {
        if (sp_is_small(x) && sp_is_small(y) && depth_ok())
            return sp_small_value(x) < sp_small_value(y);
        return SP_CMP_UNKNOWN;
    }
    sp_type *t = x->type;
    if (t != y->type || !depth_ok()) return SP_CMP_UNKNOWN;
    if (t == &sp_type_str) return str_lt_raw((sp_str *)x, (sp_str *)y);
    if (t == &sp_type_float) return ((sp_float *)x)->value < ((sp_float *)y)->value;
    return SP_CMP_UNKNOWN;
}

/* x == x as a rich comparison (not the identity shortcut: nan == nan is False). */
static inline int scalar_self_eq(sp_val x)
{
    if (!depth_ok()) return SP_CMP_UNKNOWN;
    if (sp_is_small(x) || x->type == &sp_type_str) return 1;
    if (x->type == &sp_type_float) return ((sp_float *)x)->value == ((sp_float *)x)->value;
    return SP_CMP_UNKNOWN;
}

/* x op y as a bool for a scalar pair, or SP_CMP_UNKNOWN. */
static inline int scalar_cmp(sp_val x, sp_val y, sp_cmpop op)
{
    switch (op) {
    case SP_CMP_LT:
        return scalar_lt(x, y);
    case SP_CMP_GT:
        return scalar_lt(y, x);
    case SP_CMP_EQ:
    case SP_CMP_NE: {
        int eq = x != y ? scalar_eq(x, y) : scalar_self_eq(x);
        return eq == SP_CMP_UNKNOWN || op == SP_CMP_EQ ? eq : !eq;
    }
    case SP_CMP_LE:
    case SP_CMP_GE: {
        sp_val a = op == SP_CMP_LE ? x : y, b = op == SP_CMP_LE ? y : x;
        /* a <= b is not (b < a) for floats (NaN): ask both questions */
        if (!sp_is_small(a) && a->type == &sp_type_float && !sp_is_small(b) &&
            b->type == &sp_type_float && depth_ok())
            return ((sp_float *)a)->value <= ((sp_float *)b)->value;
        int lt = scalar_lt(b, a);
        return lt == SP_CMP_UNKNOWN ? lt : !lt;
    }
    }
    return SP_CMP_UNKNOWN;
}

/* Items equal for a sequence comparison: identity, then ==. 1 / 0 / -1. */
static inline int items_equal(sp_val x, sp_val y)
{
    if (x == y) return 1;
    int eq = scalar_eq(x, y);
    return eq != SP_CMP_UNKNOWN ? eq : sp_eq(x, y);
}

/* Lexicographic comparison (list and tuple semantics). Lengths and items are re-read
 * through the owners at each step because __eq__ may mutate them. */
sp_val sp_seq_compare(sp_val a, sp_val b, sp_cmpop op, size_t (*len_of)(sp_val),
                      sp_val (*item_at)(sp_val, size_t))
{
    size_t i = 0;
    for (;; i++) {
        size_t la = len_of(a), lb = len_of(b);
        if (i >= la || i >= lb) break;
        sp_val x = item_at(a, i), y = item_at(b, i);
        int eq = items_equal(x, y);
        if (eq < 0) return NULL;
        if (!eq) {
            if (op == SP_CMP_EQ) return sp_False;
            if (op == SP_CMP_NE) return sp_True;
            int r = scalar_cmp(x, y, op);
            if (r != SP_CMP_UNKNOWN) return sp_bool(r);
            return sp_compare(x, y, op);
        }
    }
    int64_t la = (int64_t)len_of(a), lb = (int64_t)len_of(b);
    bool r;
    switch (op) {
    case SP_CMP_LT:
        r = la < lb;
        break;
    case SP_CMP_LE:
        r = la <= lb;
        break;
    case SP_CMP_EQ:
        r = la == lb;
        break;
    case SP_CMP_NE:
        r = la != lb;
        break;
    case SP_CMP_GT:
        r = la > lb;
        break;
    default:
        r = la >= lb;
        break;
    }
    return sp_bool(r);
}

/* a < b for two exact tuples as CPython's tuple richcompare decides it (first
 * unequal items decide with <). 1 / 0 / -1. */
static int tuple_lt(sp_val a, sp_val b)
{
    sp_tuple *x = (sp_tuple *)a, *y = (sp_tuple *)b;
    size_t n = x->len < y->len ? x->len : y->len;
    for (size_t i = 0; i < n; i++) {
        sp_val xi = x->items[i], yi = y->items[i];
        if (xi == yi) continue;
        if (!sp_is_small(xi) && !sp_is_small(yi) && xi->type == &sp_type_str &&
            yi->type == &sp_type_str && depth_ok()) {
            /* one memcmp answers both == and < */
            const sp_str *sx = (sp_str *)xi, *sy = (sp_str *)yi;
            size_t m = sx->size < sy->size ? sx->size : sy->size;
            int c = memcmp(sx->data, sy->data, m);
            if (c == 0 && sx->size == sy->size) continue;
            return c < 0 || (c == 0 && sx->size < sy->size);
        }
        if (sp_is_small(xi) && sp_is_small(yi) && depth_ok())
            return sp_small_value(xi) < sp_small_value(yi); /* distinct: unequal */
        int eq = items_equal(xi, yi);
        if (eq < 0) return -1;
        if (eq) continue;
        int lt = scalar_lt(xi, yi);
        return lt != SP_CMP_UNKNOWN ? lt : sp_compare_bool(xi, yi, SP_CMP_LT);
    }
    return x->len < y->len;
}

int sp_compare_scalars(sp_val a, sp_val b, sp_cmpop op)
{
    return scalar_cmp(a, b, op);
}

int sp_lt(sp_val a, sp_val b)
{
    int lt = scalar_lt(a, b);
    if (lt != SP_CMP_UNKNOWN) return lt;
    if (!sp_is_small(a) && !sp_is_small(b) && a->type == &sp_type_tuple &&
        b->type == &sp_type_tuple) {
        /* what sp_compare would do around tuple_richcompare */
        if (sp_recursion_enter_msg(" in comparison") < 0) return -1;
        lt = tuple_lt(a, b);
        sp_recursion_leave();
        return lt;
    }
    return sp_compare_bool(a, b, SP_CMP_LT);
}

static sp_val list_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (!sp_list_check(a) || !sp_list_check(b)) return sp_NotImplemented;
    if ((op == SP_CMP_EQ || op == SP_CMP_NE) && L(a)->len != L(b)->len)
        return sp_bool(op == SP_CMP_NE);
    return sp_seq_compare(a, b, op, list_len_of, list_item_at);
}

int sp_unhashable(sp_val v, int64_t *out)
{
    sp_err_set(&sp_exc_TypeError, "unhashable type: '%s'", sp_type_name(v));
    return -1;
}

static int list_truthy(sp_val v)
{
    return L(v)->len != 0;
}

static int64_t list_len(sp_val v)
{
    return (int64_t)L(v)->len;
}

static int list_contains(sp_val v, sp_val item)
{
    for (size_t i = 0; i < L(v)->len; i++) {
        int eq = sp_eq(L(v)->items[i], item);
        if (eq) return eq;
    }
    return 0;
}

/* l[slice] */
static sp_val list_subscript_slice(sp_list *l, sp_val key)
{
    int64_t start, stop, step;
    if (sp_slice_unpack(key, &start, &stop, &step) < 0) return NULL; /* may resize l */
    return sp_list_slice_unpacked((sp_val)l, start, stop, step);
}

sp_val sp_list_slice_unpacked(sp_val list, int64_t start, int64_t stop, int64_t step)
{
    sp_list *l = L(list);
    int64_t n = sp_slice_adjust((int64_t)l->len, &start, &stop, step);
    if (step == 1) return sp_list_from_array(l->items + start, (size_t)n);
    sp_list *r = list_alloc(&sp_type_list, (size_t)n);
    if (!r) return NULL;
    for (int64_t k = 0, j = start; k < n; k++, j += step)
        r->items[k] = l->items[j];
    r->len = (size_t)n;
    return (sp_val)r;
}

static sp_val list_getitem(sp_val v, sp_val key)
{
    sp_list *l = L(v);
    /* small-int indexes rarely get here (the VM inlines them): test slices first */
    if (!sp_is_small(key) && key->type == &sp_type_slice) return list_subscript_slice(l, key);
    if (is_index_like(key)) {
        int64_t i;
        if (index_value(key, &i) < 0) return NULL;
        if (i < 0) i += (int64_t)l->len;
        if (i < 0 || i >= (int64_t)l->len)
            return sp_err_set(&sp_exc_IndexError, "list index out of range");
        return l->items[i];
    }
    return sp_err_set(&sp_exc_TypeError, "list indices must be integers or slices, not %s",
                      sp_type_name(key));
}

/* Items of an arbitrary iterable as a fresh array holder (a list). */
static sp_val as_list(sp_val v)
{
    if (sp_typeof(v) == &sp_type_list) return sp_list_from_array(L(v)->items, L(v)->len);
    return sp_list_from_iterable(v);
}

/* l[slice] = value, del l[slice] (value NULL). The slice's __index__ methods and the
 * value's iteration may run Python code that resizes the list: bounds are unpacked
 * first and adjusted to the length current at the time of use (obj_slice.h). */
static int list_ass_slice(sp_list *l, sp_val slice, sp_val value)
{
    int64_t ustart, ustop, step;
    if (sp_slice_unpack(slice, &ustart, &ustop, &step) < 0) return -1;
    return sp_list_ass_slice_unpacked((sp_val)l, ustart, ustop, step, value);
}

int sp_list_ass_slice_unpacked(sp_val list, int64_t ustart, int64_t ustop, int64_t step,
                               sp_val value)
{
    sp_list *l = L(list);
    int64_t start = ustart, stop = ustop;
    int64_t n = sp_slice_adjust((int64_t)l->len, &start, &stop, step);
    sp_val seq = NULL; /* a converted value: src points into its raw buffer */
    if (!value) {
        if (step == 1)
            return list_splice(l, (size_t)start, (size_t)(stop < start ? start : stop), NULL, 0);
        if (step < 0) {
            /* delete the same items walking forwards */
            start = start + step * (n - 1);
            step = -step;
        }
        size_t w = 0;
        for (size_t r = 0, k = 0; r < l->len; r++) {
            if (k < (size_t)n && (int64_t)r == start + (int64_t)k * step) {
                k++;
                continue;
            }
            l->items[w++] = l->items[r];
        }
        l->len = w;
        return 0;
    }
    sp_type *vt = sp_typeof(value);
    sp_val const *src;
    size_t nsrc;
    if (vt == &sp_type_tuple || (vt == &sp_type_list && value != (sp_val)l)) {
        /* Read the items in place: nothing runs Python code before they are copied
         * (CPython copies only when the value is the list itself). */
        src = vt == &sp_type_tuple ? ((sp_tuple *)value)->items : L(value)->items;
        nsrc = vt == &sp_type_tuple ? ((sp_tuple *)value)->len : L(value)->len;
    } else {
        if (!vt->iter && !sp_type_lookup(vt, sp_str_intern("__getitem__"))) {
            sp_err_set(&sp_exc_TypeError, step == 1 ? "can only assign an iterable"
                                                    : "must assign iterable to extended slice");
            return -1;
        }
        size_t len_before = l->len;
        seq = as_list(value);
        if (!seq) return -1;
        src = L(seq)->items;
        nsrc = L(seq)->len;
        /* Iterating the value ran Python code that may have resized the list: an
         * extended slice is adjusted again (the size check below then fails). */
        if (step != 1 && l->len != len_before) {
            start = ustart;
            stop = ustop;
            n = sp_slice_adjust((int64_t)l->len, &start, &stop, step);
        }
    }
    if (step == 1) {
        /* clamp as CPython's list_ass_slice does (the list may have shrunk) */
        if (start > (int64_t)l->len) start = (int64_t)l->len;
        if (stop < start) stop = start;
        if (stop > (int64_t)l->len) stop = (int64_t)l->len;
        int rc = list_splice(l, (size_t)start, (size_t)stop, src, nsrc);
        SP_KEEP_ALIVE(seq); /* list_splice may collect while copying from src */
        return rc;
    }
    if ((int64_t)nsrc != n) {
        sp_err_set(&sp_exc_ValueError,
                   "attempt to assign sequence of size %zu to extended slice of size %lld", nsrc,
                   (long long)n);
        return -1;
    }
    for (int64_t k = 0, j = start; k < n; k++, j += step)
        l->items[j] = src[k];
    SP_KEEP_ALIVE(seq);
    return 0;
}

static int list_setitem(sp_val v, sp_val key, sp_val value)
{
    sp_list *l = L(v);
    if (!sp_is_small(key) && key->type == &sp_type_slice) return list_ass_slice(l, key, value);
    if (is_index_like(key)) {
        int64_t i;
        if (index_value(key, &i) < 0) return -1;
        if (i < 0) i += (int64_t)l->len;
        if (i < 0 || i >= (int64_t)l->len) {
            sp_err_set(&sp_exc_IndexError, "list assignment index out of range");
            return -1;
        }
        if (value)
            l->items[i] = value;
        else
            return list_splice(l, (size_t)i, (size_t)i + 1, NULL, 0);
        return 0;
    }
    sp_err_set(&sp_exc_TypeError, "list indices must be integers or slices, not %s",
               sp_type_name(key));
    return -1;
}

static int repeat_count(sp_val n, int64_t *out, bool *notimpl)
{
    *notimpl = false;
    if (!is_index_like(n)) {
        *notimpl = true;
        return -1;
    }
    bool overflow = false;
    int64_t k = sp_index(n, &overflow);
    if (overflow) {
        sp_err_set(&sp_exc_OverflowError, "cannot fit '%s' into an index-sized integer",
                   sp_type_name(n));
        return -1;
    }
    if (k == -1 && sp_err_occurred()) return -1;
    *out = k < 0 ? 0 : k;
    return 0;
}

static sp_val list_repeat(sp_list *l, int64_t k)
{
    if (k == 0 || l->len == 0) return sp_list_new(0);
    if ((uint64_t)k > (((uint64_t)1 << 56) / sizeof(sp_val)) / l->len) return sp_err_no_memory();
    size_t n = l->len;
    sp_list *r = list_alloc(&sp_type_list, n * (size_t)k);
    if (!r) return NULL;
    for (int64_t i = 0; i < k; i++)
        memcpy(r->items + (size_t)i * n, l->items, n * sizeof(sp_val));
    r->len = n * (size_t)k;
    return (sp_val)r;
}

/* CPython tries both operands' number slots before the sequence fallback: give the
 * right operand's slot its chance (e.g. a class with __radd__) before raising. */
static sp_val try_reflected(sp_binop op, sp_val a, sp_val b)
{
    sp_type *tb = sp_typeof(b);
    if (tb != sp_typeof(a) && tb->binop[op]) return tb->binop[op](a, b);
    return sp_NotImplemented;
}

static sp_val list_add(sp_val a, sp_val b)
{
    if (!sp_list_check(a)) return sp_NotImplemented;
    if (!sp_list_check(b)) {
        sp_val r = try_reflected(SP_OP_ADD, a, b);
        if (r != sp_NotImplemented) return r;
        return sp_err_set(&sp_exc_TypeError, "can only concatenate list (not \"%s\") to list",
                          sp_type_name(b));
    }
    sp_list *r = list_alloc(&sp_type_list, L(a)->len + L(b)->len);
    if (!r) return NULL;
    if (L(a)->len) memcpy(r->items, L(a)->items, L(a)->len * sizeof(sp_val));
    if (L(b)->len) memcpy(r->items + L(a)->len, L(b)->items, L(b)->len * sizeof(sp_val));
    r->len = L(a)->len + L(b)->len;
    return (sp_val)r;
}

static sp_val list_mul(sp_val a, sp_val b)
{
    sp_val s = sp_list_check(a) ? a : b, n = s == a ? b : a;
    int64_t k;
    bool notimpl;
    if (repeat_count(n, &k, &notimpl) < 0) {
        if (!notimpl) return NULL;
        if (s == b) return sp_NotImplemented;
        sp_val r = try_reflected(SP_OP_MUL, a, b);
        if (r != sp_NotImplemented) return r;
        return sp_err_set(&sp_exc_TypeError, "can't multiply sequence by non-int of type '%s'",
                          sp_type_name(n));
    }
    return list_repeat(L(s), k);
}

static sp_val list_iadd(sp_val a, sp_val b)
{
    if (!sp_list_check(a)) return sp_NotImplemented;
    if (sp_list_extend(a, b) < 0) return NULL;
    return a;
}

static sp_val list_imul(sp_val a, sp_val b)
{
    if (!sp_list_check(a)) return sp_NotImplemented;
    int64_t k;
    bool notimpl;
    if (repeat_count(b, &k, &notimpl) < 0) {
        if (!notimpl) return NULL;
        return sp_err_set(&sp_exc_TypeError, "can't multiply sequence by non-int of type '%s'",
                          sp_type_name(b));
    }
    sp_list *l = L(a);
    if (k == 0 || l->len == 0) {
        list_finalize(a);
        return a;
    }
    size_t n = l->len;
    if ((uint64_t)k > (((uint64_t)1 << 56) / sizeof(sp_val)) / n) return sp_err_no_memory();
    if (list_reserve(l, n * (size_t)k) < 0) return NULL;
    for (int64_t i = 1; i < k; i++)
        memcpy(l->items + (size_t)i * n, l->items, n * sizeof(sp_val));
    l->len = n * (size_t)k;
    return a;
}

/* ---- iterators
 * ---------------------------------------------------------------------------------------- */

typedef sp_list_iter list_iter; /* obj_dict.h: FOR_ITER reads it */

static void list_iter_trace(sp_val v)
{
    sp_gc_mark(((list_iter *)v)->list);
}

static sp_val iter_self(sp_val v)
{
    return v;
}

static sp_val list_iter_next(sp_val v)
{
    list_iter *it = (list_iter *)v;
    if (!it->list) return NULL;
    if (it->index < L(it->list)->len) return L(it->list)->items[it->index++];
    it->list = NULL;
    return NULL;
}

static sp_val list_reviter_next(sp_val v)
{
    list_iter *it = (list_iter *)v;
    if (!it->list) return NULL;
    /* index counts down from len; index - 1 is the next item */
    if (it->index > 0 && it->index <= L(it->list)->len) return L(it->list)->items[--it->index];
    it->list = NULL;
    return NULL;
}

static sp_val list_iter_length_hint(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    list_iter *it = (list_iter *)self;
    if (!it->list) return sp_small(0);
    if (sp_typeof(self) == &sp_type_list_reviter)
        return sp_small(it->index <= L(it->list)->len ? (int64_t)it->index : 0);
    size_t n = L(it->list)->len;
    return sp_small(it->index < n ? (int64_t)(n - it->index) : 0);
}

static const sp_method_def list_iter_methods[] = {
    {"__length_hint__", list_iter_length_hint, 0},
    {NULL, NULL, 0},
};

sp_type sp_type_list_iter = {
    .name = "list_iterator",
    .basic_size = sizeof(list_iter),
    .trace = list_iter_trace,
    .iter = iter_self,
    .iternext = list_iter_next,
};

sp_type sp_type_list_reviter = {
    .name = "list_reverseiterator",
    .basic_size = sizeof(list_iter),
    .trace = list_iter_trace,
    .iter = iter_self,
    .iternext = list_reviter_next,
};

static sp_val list_iter_slot(sp_val v)
{
    list_iter *it = sp_gc_new(&sp_type_list_iter, sizeof(list_iter));
    if (!it) return NULL;
    it->list = v;
    return (sp_val)it;
}

/* ---- sorting
 * --------------------------------------------------------------------------------------------- */

/* How keys are compared: chosen once per sort from the keys' types (CPython's
 * unsafe_*_compare specialisations). CMP_TUPLE still dispatches per element. */
typedef enum { CMP_GENERIC, CMP_SMALLINT, CMP_STR, CMP_FLOAT, CMP_TUPLE } cmp_kind;

typedef struct sort_item {
    sp_val key;
    sp_val value;
} sort_item;

/* 1 if a < b, 0 if not, -1 on error. Inlined into each kind's instance of the sort
 * (sort_kind), so the switch disappears. */
static inline __attribute__((always_inline)) int item_lt(cmp_kind kind, sp_val a, sp_val b)
{
    switch (kind) {
    case CMP_SMALLINT:
        return sp_small_value(a) < sp_small_value(b);
    case CMP_FLOAT:
        return ((sp_float *)a)->value < ((sp_float *)b)->value;
    case CMP_STR:
        return str_lt_raw((sp_str *)a, (sp_str *)b);
    case CMP_TUPLE:
        return tuple_lt(a, b);
    default:
        return sp_lt(a, b);
    }
}

/* Merge sorted runs a[lo..mid) and a[mid..hi) using tmp; stable. */
static inline __attribute__((always_inline)) int merge(cmp_kind kind, sort_item *a, sort_item *tmp,
                                                       size_t lo, size_t mid, size_t hi)
{
    memcpy(tmp + lo, a + lo, (mid - lo) * sizeof(sort_item));
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi) {
        int lt = item_lt(kind, a[j].key, tmp[i].key);
        if (lt < 0) {
            /* keep every item present: copy the rest back before failing */
            while (i < mid)
                a[k++] = tmp[i++];
            return -1;
        }
        a[k++] = lt ? a[j++] : tmp[i++];
    }
    while (i < mid)
        a[k++] = tmp[i++];
    return 0;
}

static inline __attribute__((always_inline)) int merge_sort(cmp_kind kind, sort_item *a, size_t n)
{
    if (n < 2) return 0;
    /* find natural runs; extend short ones with insertion sort to MINRUN */
    enum { MINRUN = 32 };
    size_t *runs = sp_mem_alloc((n + 1) * sizeof(size_t));
    if (!runs) return -1;
    sort_item *tmp = sp_mem_alloc(n * sizeof(sort_item));
    if (!tmp) {
        sp_mem_free(runs, (n + 1) * sizeof(size_t));
        return -1;
    }
    int rc = 0;
    size_t nruns = 0, i = 0;
    while (i < n && rc == 0) {
        size_t start = i++;
        if (i < n) {
            int lt = item_lt(kind, a[i].key, a[i - 1].key);
            if (lt < 0) {
                rc = -1;
                break;
            }
            if (lt) { /* strictly descending run: reverse it (strictness keeps stability) */
                while (++i < n) {
                    lt = item_lt(kind, a[i].key, a[i - 1].key);
                    if (lt <= 0) {
                        rc = lt;
                        break;
                    }
                }
                for (size_t x = start, y = i - 1; x < y; x++, y--) {
                    sort_item t = a[x];
                    a[x] = a[y];
                    a[y] = t;
                }
            } else {
                while (++i < n) {
                    lt = item_lt(kind, a[i].key, a[i - 1].key);
                    if (lt != 0) {
                        rc = lt < 0 ? -1 : 0;
                        break;
                    }
                }
            }
        }
        if (rc < 0) break;
        size_t end = i;
        if (end - start < MINRUN) {
            end = start + MINRUN < n ? start + MINRUN : n;
            for (size_t k = i; k < end && rc == 0; k++) {
                sort_item x = a[k];
                size_t lo = start, hi = k;
                while (lo < hi) { /* binary insertion: after equal keys */
                    size_t m = lo + (hi - lo) / 2;
                    int lt = item_lt(kind, x.key, a[m].key);
                    if (lt < 0) {
                        rc = -1;
                        break;
                    }
                    if (lt)
                        hi = m;
                    else
                        lo = m + 1;
                }
                if (rc < 0) break;
                memmove(a + lo + 1, a + lo, (k - lo) * sizeof(sort_item));
                a[lo] = x;
            }
        }
        runs[nruns++] = start;
        i = end;
    }
    runs[nruns] = n;
    /* bottom-up merging of adjacent runs */
    while (rc == 0 && nruns > 1) {
        size_t w = 0;
        for (size_t r = 0; r < nruns; r += 2) {
            if (r + 1 < nruns && rc == 0)
                rc = merge(kind, a, tmp, runs[r], runs[r + 1], runs[r + 2]);
            runs[w++] = runs[r];
        }
        runs[w] = n;
        nruns = w;
    }
    sp_mem_free(tmp, n * sizeof(sort_item));
    sp_mem_free(runs, (n + 1) * sizeof(size_t));
    return rc;
}

static cmp_kind choose_kind(sort_item *a, size_t n)
{
    if (n == 0) return CMP_GENERIC;
    sp_type *t0 = sp_typeof(a[0].key);
    bool all_small = true, all_same = true;
    for (size_t i = 0; i < n; i++) {
        if (!sp_is_small(a[i].key)) all_small = false;
        if (sp_typeof(a[i].key) != t0) all_same = false;
    }
    if (all_small) return CMP_SMALLINT;
    if (all_same && t0 == &sp_type_str) return CMP_STR;
    if (all_same && t0 == &sp_type_float) return CMP_FLOAT;
    if (all_same && t0 == &sp_type_tuple) return CMP_TUPLE;
    return CMP_GENERIC;
}

/* One instance of the merge sort per key kind. */
static int sort_kind(cmp_kind kind, sort_item *a, size_t n)
{
    switch (kind) {
    case CMP_SMALLINT:
        return merge_sort(CMP_SMALLINT, a, n);
    case CMP_STR:
        return merge_sort(CMP_STR, a, n);
    case CMP_FLOAT:
        return merge_sort(CMP_FLOAT, a, n);
    case CMP_TUPLE:
        return merge_sort(CMP_TUPLE, a, n);
    default:
        return merge_sort(CMP_GENERIC, a, n);
    }
}

int sp_list_sort(sp_val list, sp_val key, bool reverse)
{
    sp_list *l = L(list);
    /* Raw buffers are not scanned by the collector: two hidden lists (reachable from
     * this C frame) keep the values and the computed keys alive during the sort. They
     * are allocated while l still owns the items: these allocations may collect. */
    sp_list *holder = list_alloc(&sp_type_list, 0);
    sp_val keys = (key && key != sp_None) ? sp_list_new(l->len) : NULL;
    if (!holder || (key && key != sp_None && !keys)) return -1;
    /* take the items out: the list looks empty while Python code may run */
    sp_val *items = l->items;
    size_t n = l->len, cap = l->cap;
    l->items = NULL;
    l->len = l->cap = 0;
    holder->items = items;
    holder->len = n;
    holder->cap = cap;
    int rc = 0;
    sort_item *arr = n ? sp_mem_alloc(n * sizeof(sort_item)) : NULL;
    if (n && !arr) rc = -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        arr[i].value = items[i];
        arr[i].key = items[i];
        if (key && key != sp_None) {
            sp_val k = sp_call1(key, items[i]);
            if (!k || sp_list_append(keys, k) < 0)
                rc = -1;
            else
                arr[i].key = k;
        }
    }
    /* reverse, sort, reverse: keeps equal items in original order */
    if (rc == 0 && reverse)
        for (size_t x = 0, y = n ? n - 1 : 0; x < y; x++, y--) {
            sort_item t = arr[x];
            arr[x] = arr[y];
            arr[y] = t;
        }
    if (rc == 0) rc = sort_kind(choose_kind(arr, n), arr, n);
    if (rc == 0 && reverse)
        for (size_t x = 0, y = n ? n - 1 : 0; x < y; x++, y--) {
            sort_item t = arr[x];
            arr[x] = arr[y];
            arr[y] = t;
        }
    if (rc == 0)
        for (size_t i = 0; i < n; i++)
            items[i] = arr[i].value;
    if (arr) sp_mem_free(arr, n * sizeof(sort_item));
    /* the keys lived only in arr (a raw buffer) during sort_kind's Python __lt__ calls */
    SP_KEEP_ALIVE(keys);
    holder->items = NULL;
    holder->len = holder->cap = 0;
    bool modified = l->items != NULL || l->len != 0;
    if (l->items) sp_mem_free(l->items, l->cap * sizeof(sp_val));
    l->items = items;
    l->len = n;
    l->cap = cap;
    if (modified && rc == 0) {
        sp_err_set(&sp_exc_ValueError, "list modified during sort");
        return -1;
    }
    return rc;
}

/* ---- methods
 * -----------------------------------------------------------------------------------------------
 */

static int one_arg(const char *fname, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, fname, kw) < 0 || sp_ck_nargs(TN, fname, nargs, 1, 1) < 0) return -1;
    return 0;
}

static int no_args(const char *fname, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, fname, kw) < 0 || sp_ck_nargs(TN, fname, nargs, 0, 0) < 0) return -1;
    return 0;
}

static sp_val list_append_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (one_arg("append", nargs, kw) < 0 || sp_list_append(self, args[0]) < 0) return NULL;
    return sp_None;
}

static sp_val list_extend_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (one_arg("extend", nargs, kw) < 0 || sp_list_extend(self, args[0]) < 0) return NULL;
    return sp_None;
}

static int int_arg(sp_val v, int64_t *out)
{
    if (!is_index_like(v)) {
        sp_err_set(&sp_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                   sp_type_name(v));
        return -1;
    }
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

static sp_val list_insert_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t i;
    if (sp_ck_kw(TN, "insert", kw) < 0 || sp_ck_nargs(TN, "insert", nargs, 2, 2) < 0 ||
        int_arg(args[0], &i) < 0 || sp_list_insert(self, i, args[1]) < 0)
        return NULL;
    return sp_None;
}

static sp_val list_pop_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t i = -1;
    if (sp_ck_kw(TN, "pop", kw) < 0 || sp_ck_nargs(TN, "pop", nargs, 0, 1) < 0) return NULL;
    if (nargs && int_arg(args[0], &i) < 0) return NULL;
    return sp_list_pop(self, i);
}

static sp_val list_remove_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (one_arg("remove", nargs, kw) < 0) return NULL;
    for (size_t i = 0; i < L(self)->len; i++) {
        int eq = sp_eq(L(self)->items[i], args[0]);
        if (eq < 0) return NULL;
        if (eq) {
            if (i < L(self)->len && list_splice(L(self), i, i + 1, NULL, 0) < 0) return NULL;
            return sp_None;
        }
    }
    return sp_err_set(&sp_exc_ValueError, "list.remove(x): x not in list");
}

/* start/stop arguments of index(): __index__ values clamped like CPython. */
static int index_bound(sp_val v, int64_t len, int64_t *out)
{
    if (!is_index_like(v)) {
        sp_err_set(&sp_exc_TypeError, "slice indices must be integers or have an __index__ method");
        return -1;
    }
    bool overflow = false;
    int64_t i = sp_index(v, &overflow);
    if (i == -1 && sp_err_occurred()) return -1;
    if (overflow) i = sp_int_sign(v) < 0 ? INT64_MIN / 2 : INT64_MAX / 2;
    if (i < 0) {
        i += len;
        if (i < 0) i = 0;
    }
    *out = i;
    return 0;
}

int sp_seq_index_args(const char *tname, const char *fname, sp_val const *args, size_t nargs,
                      sp_val kw, int64_t len, int64_t *start, int64_t *stop)
{
    if (sp_ck_kw(tname, fname, kw) < 0 || sp_ck_nargs(tname, fname, nargs, 1, 3) < 0) return -1;
    *start = 0;
    *stop = len;
    if (nargs > 1 && index_bound(args[1], len, start) < 0) return -1;
    if (nargs > 2 && index_bound(args[2], len, stop) < 0) return -1;
    return 0;
}

static sp_val list_index_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t start, stop;
    if (sp_seq_index_args(TN, "index", args, nargs, kw, (int64_t)L(self)->len, &start, &stop) < 0)
        return NULL;
    for (int64_t i = start; i < stop && i < (int64_t)L(self)->len; i++) {
        int eq = sp_eq(L(self)->items[i], args[0]);
        if (eq < 0) return NULL;
        if (eq) return sp_small(i);
    }
    return sp_err_set(&sp_exc_ValueError, "%R is not in list", args[0]);
}

static sp_val list_count_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (one_arg("count", nargs, kw) < 0) return NULL;
    int64_t n = 0;
    for (size_t i = 0; i < L(self)->len; i++) {
        int eq = sp_eq(L(self)->items[i], args[0]);
        if (eq < 0) return NULL;
        n += eq;
    }
    return sp_small(n);
}

static sp_val list_clear_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (no_args("clear", nargs, kw) < 0) return NULL;
    sp_list_clear(self);
    return sp_None;
}

static sp_val list_copy_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (no_args("copy", nargs, kw) < 0) return NULL;
    return sp_list_from_array(L(self)->items, L(self)->len);
}

static sp_val list_reverse_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (no_args("reverse", nargs, kw) < 0) return NULL;
    sp_list_reverse(self);
    return sp_None;
}

static sp_val list_sort_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (nargs > 2)
        return sp_err_set(&sp_exc_TypeError, "sort() takes at most 2 arguments (%zu given)",
                          nargs + (kw ? ((sp_tuple *)kw)->len : 0));
    if (nargs) return sp_err_set(&sp_exc_TypeError, "sort() takes no positional arguments");
    static const char *const names[] = {"key", "reverse", NULL};
    sp_val key = sp_None, rev = NULL;
    if (sp_parse_args("sort", args, nargs, kw, "|$OO", names, &key, &rev) < 0) return NULL;
    int r = 0;
    if (rev && (r = sp_truthy(rev)) < 0) return NULL;
    if (sp_list_sort(self, key == sp_None ? NULL : key, r) < 0) return NULL;
    return sp_None;
}

static sp_val list_reversed_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (no_args("__reversed__", nargs, kw) < 0) return NULL;
    list_iter *it = sp_gc_new(&sp_type_list_reviter, sizeof(list_iter));
    if (!it) return NULL;
    it->list = self;
    it->index = L(self)->len;
    return (sp_val)it;
}

static sp_val list_sizeof_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return sp_small((int64_t)(40 + L(self)->cap * sizeof(sp_val)));
}

static sp_val list_getitem_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "__getitem__", kw) < 0 || sp_ck_nargs(TN, "__getitem__", nargs, 1, 1) < 0)
        return NULL;
    return list_getitem(self, args[0]);
}

static const sp_method_def list_methods[] = {
    {"__getitem__", list_getitem_m, 0},
    {"append", list_append_m, 0},
    {"extend", list_extend_m, 0},
    {"insert", list_insert_m, 0},
    {"pop", list_pop_m, 0},
    {"remove", list_remove_m, 0},
    {"index", list_index_m, 0},
    {"count", list_count_m, 0},
    {"clear", list_clear_m, 0},
    {"copy", list_copy_m, 0},
    {"reverse", list_reverse_m, 0},
    {"sort", list_sort_m, 0},
    {"__reversed__", list_reversed_m, 0},
    {"__sizeof__", list_sizeof_m, 0},
    {"__class_getitem__", sp_class_getitem, SP_METH_CLASS},
    {NULL, NULL, 0},
};

static sp_val list_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return (sp_val)list_alloc(type, 0);
}

static int list_tp_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("list", kwnames) < 0) return -1;
    if (nargs > 1) {
        sp_err_set(&sp_exc_TypeError, "list expected at most 1 argument, got %zu", nargs);
        return -1;
    }
    sp_list_clear(self);
    if (nargs == 1) return sp_list_extend(self, args[0]);
    return 0;
}

sp_type sp_type_list = {
    .name = "list",
    .flags = SP_TF_BASETYPE | SP_TF_LIST_SUB,
    .basic_size = sizeof(sp_list),
    .trace = list_trace,
    .finalize = list_finalize,
    .tp_new = list_tp_new,
    .tp_init = list_tp_init,
    .repr = list_repr,
    .hash = sp_unhashable,
    .richcompare = list_richcompare,
    .truthy = list_truthy,
    .iter = list_iter_slot,
    .binop = {[SP_OP_ADD] = list_add, [SP_OP_MUL] = list_mul},
    .inplace = {[SP_OP_ADD] = list_iadd, [SP_OP_MUL] = list_imul},
    .len = list_len,
    .getitem = list_getitem,
    .setitem = list_setitem,
    .contains = list_contains,
};

int sp_list_init(void)
{
    sp_list_reset_repr_guard();
    if (sp_type_ready(&sp_type_list, list_methods, NULL) < 0 ||
        sp_type_ready(&sp_type_list_iter, list_iter_methods, NULL) < 0 ||
        sp_type_ready(&sp_type_list_reviter, list_iter_methods, NULL) < 0)
        return -1;
    return 0;
}
