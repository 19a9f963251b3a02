/*
 * obj_iter.h — the iterator types behind the builtins enumerate, zip, map, filter,
 * reversed, and the iterators iter() makes for old-style sequences (objects with
 * only __getitem__) and for iter(callable, sentinel); also the shared ordering
 * primitive sp_lt.
 */
#ifndef SP_OBJ_ITER_H
#define SP_OBJ_ITER_H

#include "object.h"

extern sp_type sp_type_enumerate, sp_type_zip, sp_type_map, sp_type_filter, sp_type_reversed,
    sp_type_seqiter, sp_type_calliter;

/* iter(seq) for an object that has __getitem__ but no __iter__. */
sp_val sp_seqiter_new(sp_val seq);
/* iter(callable, sentinel) */
sp_val sp_calliter_new(sp_val callable, sp_val sentinel);

/* types.GenericAlias (list[int] ...): what __class_getitem__ of the built-in
 * containers returns. `args` is any value; a non-tuple is wrapped in a 1-tuple. */
extern sp_type sp_type_generic_alias;
sp_val sp_generic_alias_new(sp_val origin, sp_val args);
/* The __class_getitem__ classmethod body shared by list, dict, tuple, set, ... */
sp_val sp_class_getitem(sp_val cls, sp_val const *args, size_t nargs, sp_val kwnames);

/* types.UnionType (int | str). sp_union_or is the `|` slot of type, GenericAlias and
 * UnionType: NotImplemented unless both operands are None, a class, an alias or a union;
 * an operand list that collapses to one member returns that member (int | int is int). */
extern sp_type sp_type_union;
sp_val sp_union_or(sp_val a, sp_val b);

/* a < b as a bool (sp_compare_bool(a, b, SP_CMP_LT)), answered without the generic
 * protocol for small ints, exact str, exact float and exact tuples of those; the
 * ordering primitive of list.sort, heapq, min and max (obj_list.c). 1 / 0 / -1. */
int sp_lt(sp_val a, sp_val b);

#endif
