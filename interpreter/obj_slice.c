/*
 * obj_slice.c — slice objects and the index arithmetic every sequence uses.
 *
 * Design overview
 * ---------------
 * A slice just stores its three values (any objects, None for "absent").
 * sp_slice_unpack() is CPython's PySlice_Unpack (evaluates the members, may run
 * __index__) and sp_slice_adjust() its PySlice_AdjustIndices (clips them to a length,
 * pure); sp_slice_indices() does both against a length read beforehand, which only
 * immutable sequences may do (see obj_slice.h). Huge bounds are clipped (to +-2**62)
 * instead of raising, as CPython clips to Py_ssize_t, so s[:10**100] works.
 */
#include <assert.h>
#include <string.h>

#include "gc.h"
#include "obj_dict.h"
#include "obj_slice.h"
#include "obj_str.h"

/* type name in argument-check messages ("str.upper() takes no arguments") */
#define TN "slice"

typedef struct sp_slice {
    sp_object ob;
    sp_val start, stop, step; /* never NULL: None when absent */
} sp_slice;

#define SL(v) ((sp_slice *)(v))
#define CLIP ((int64_t)1 << 62)

static void slice_trace(sp_val v)
{
    sp_gc_mark(SL(v)->start);
    sp_gc_mark(SL(v)->stop);
    sp_gc_mark(SL(v)->step);
}

sp_val sp_slice_new(sp_val start, sp_val stop, sp_val step)
{
    sp_slice *s = sp_gc_new(&sp_type_slice, sizeof(sp_slice));
    if (!s) return NULL;
    s->start = start ? start : sp_None;
    s->stop = stop ? stop : sp_None;
    s->step = step ? step : sp_None;
    return (sp_val)s;
}

/* A slice bound: __index__ value clipped to [-CLIP, CLIP]. */
static int slice_value(sp_val v, int64_t *out)
{
    if (sp_is_small(v)) {
        int64_t i = sp_small_value(v);
        *out = i > CLIP ? CLIP : i < -CLIP ? -CLIP : i;
        return 0;
    }
    if (!sp_int_check(v) && !sp_typeof(v)->index) {
        sp_err_set(&sp_exc_TypeError,
                   "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    bool overflow = false;
    int64_t i = sp_index(v, &overflow);
    if (i == -1 && sp_err_occurred()) return -1;
    if (overflow) i = sp_int_sign(v) < 0 ? -CLIP : CLIP;
    *out = i > CLIP ? CLIP : i < -CLIP ? -CLIP : i;
    return 0;
}

static int64_t adjust(int64_t i, int64_t length, int64_t step)
{
    if (i < 0) {
        i += length;
        if (i < 0) i = step < 0 ? -1 : 0;
    } else if (i >= length) {
        i = step < 0 ? length - 1 : length;
    }
    return i;
}

int sp_slice_unpack(sp_val slice, int64_t *start, int64_t *stop, int64_t *step)
{
    sp_slice *s = SL(slice);
    int64_t st = 1, a, b;
    if (s->step != sp_None) {
        if (slice_value(s->step, &st) < 0) return -1;
        if (st == 0) {
            sp_err_set(&sp_exc_ValueError, "slice step cannot be zero");
            return -1;
        }
    }
    if (s->start == sp_None)
        a = st < 0 ? CLIP : 0;
    else if (slice_value(s->start, &a) < 0)
        return -1;
    if (s->stop == sp_None)
        b = st < 0 ? -CLIP : CLIP;
    else if (slice_value(s->stop, &b) < 0)
        return -1;
    *start = a;
    *stop = b;
    *step = st;
    return 0;
}

int64_t sp_slice_adjust(int64_t length, int64_t *start, int64_t *stop, int64_t step)
{
    assert(step != 0 && length >= 0);
    int64_t a = adjust(*start, length, step), b = adjust(*stop, length, step);
    int64_t n = 0;
    if (step < 0) {
        if (b < a) n = (a - b - 1) / (-step) + 1;
    } else if (a < b) {
        n = (b - a - 1) / step + 1;
    }
    *start = a;
    *stop = b;
    return n;
}

/* Both halves at once: only for sequences whose length cannot change while the slice's
 * __index__ methods run (str, tuple, range); mutable ones unpack, re-read, then adjust. */
int sp_slice_indices(sp_val slice, int64_t length, int64_t *start, int64_t *stop, int64_t *step,
                     int64_t *slicelen)
{
    if (sp_slice_unpack(slice, start, stop, step) < 0) return -1;
    int64_t n = sp_slice_adjust(length, start, stop, *step);
    if (slicelen) *slicelen = n;
    return 0;
}

static sp_val slice_repr(sp_val v)
{
    return sp_str_format("slice(%R, %R, %R)", SL(v)->start, SL(v)->stop, SL(v)->step);
}

static sp_val slice_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (sp_typeof(a) != &sp_type_slice || sp_typeof(b) != &sp_type_slice) return sp_NotImplemented;
    sp_val x = sp_tuple_pack(3, SL(a)->start, SL(a)->stop, SL(a)->step);
    sp_val y = x ? sp_tuple_pack(3, SL(b)->start, SL(b)->stop, SL(b)->step) : NULL;
    return y ? sp_compare(x, y, op) : NULL;
}

static sp_val slice_new_slot(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("slice", kwnames) < 0) return NULL;
    if (nargs == 0)
        return sp_err_set(&sp_exc_TypeError, "slice expected at least 1 argument, got 0");
    if (nargs > 3)
        return sp_err_set(&sp_exc_TypeError, "slice expected at most 3 arguments, got %zu", nargs);
    if (nargs == 1) return sp_slice_new(sp_None, args[0], sp_None);
    return sp_slice_new(args[0], args[1], nargs > 2 ? args[2] : sp_None);
}

static sp_val slice_indices_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "indices", kw) < 0 || sp_ck_nargs(TN, "indices", nargs, 1, 1) < 0) return NULL;
    if (!sp_int_check(args[0]) && !sp_typeof(args[0])->index)
        return sp_err_set(&sp_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          sp_type_name(args[0]));
    bool overflow = false;
    int64_t len = sp_index(args[0], &overflow);
    if (len == -1 && sp_err_occurred()) return NULL;
    if (overflow)
        return sp_err_set(&sp_exc_OverflowError, "Python int too large to convert to C ssize_t");
    if (len < 0) return sp_err_set(&sp_exc_ValueError, "length should not be negative");
    int64_t a, b, st;
    if (sp_slice_indices(self, len, &a, &b, &st, NULL) < 0) return NULL;
    return sp_tuple_pack(3, sp_int_from_i64(a), sp_int_from_i64(b), sp_int_from_i64(st));
}

static sp_val slice_get_start(sp_val v)
{
    return SL(v)->start;
}
static sp_val slice_get_stop(sp_val v)
{
    return SL(v)->stop;
}
static sp_val slice_get_step(sp_val v)
{
    return SL(v)->step;
}

static const sp_method_def slice_methods[] = {
    {"indices", slice_indices_m, 0},
    {NULL, NULL, 0},
};

static const sp_getset_def slice_getsets[] = {
    {"start", slice_get_start, NULL},
    {"stop", slice_get_stop, NULL},
    {"step", slice_get_step, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_slice = {
    .name = "slice",
    .basic_size = sizeof(sp_slice),
    .trace = slice_trace,
    .tp_new = slice_new_slot,
    .repr = slice_repr,
    .hash = sp_unhashable,
    .richcompare = slice_richcompare,
};

int sp_slice_init(void)
{
    return sp_type_ready(&sp_type_slice, slice_methods, slice_getsets);
}
