/*
 * obj_slice.h — the two halves of slice resolution, as CPython splits them
 * (PySlice_Unpack + PySlice_AdjustIndices).
 *
 * sp_slice_indices() (declared in object.h) does both at once against a length the
 * caller read BEFORE the slice's __index__ methods ran. That is only right for
 * immutable sequences: a mutable container whose length or buffer can change under
 * user code must unpack first, then read its current length and data, then adjust:
 *
 *     int64_t a, b, st;
 *     if (sp_slice_unpack(key, &a, &b, &st) < 0) return NULL;   // may run Python code
 *     int64_t n = sp_slice_adjust(obj->len, &a, &b, st);        // pure
 *     ... use obj->data now, not a pointer cached before the unpack ...
 */
#ifndef SP_OBJ_SLICE_H
#define SP_OBJ_SLICE_H

#include "object.h"

/* Evaluate a slice's members (step, start, stop, in CPython's order; may run __index__).
 * Absent bounds become +-2**62 sentinels that sp_slice_adjust clips; a step is never 0
 * on success (ValueError). Returns 0, or -1 with an exception set. */
int sp_slice_unpack(sp_val slice, int64_t *start, int64_t *stop, int64_t *step);

/* Clip unpacked bounds to a sequence of `length` items; returns the number of items
 * selected. Runs no Python code and allocates nothing. */
int64_t sp_slice_adjust(int64_t length, int64_t *start, int64_t *stop, int64_t step);

#endif
