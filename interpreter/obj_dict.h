/*
 * obj_dict.h — container internals beyond object.h: start-up of every container
 * type (str, list, tuple, dict, set, range, slice, bytes, iterators), the repr
 * recursion guard, and helpers other modules (VM, builtins) use on containers.
 */
#ifndef SP_OBJ_DICT_H
#define SP_OBJ_DICT_H

#include "object.h"
#include "obj_str.h"

/* Ready every type of the container modules (str, bytes, list, tuple, dict, set,
 * range, slice, iterators). Call once per run right after sp_gc_init and before
 * any string is created or interned: it resets the intern table of the previous run. */
int sp_containers_init(void);

/* Guard against infinite repr of self-containing containers: 1 if `v` is already
 * being repr'd (print "[...]"), 0 if entered (call sp_repr_leave), -1 on error. */
int sp_repr_enter(sp_val v);
void sp_repr_leave(sp_val v);

/* ---- dict ---- */
bool sp_dict_check(sp_val v);        /* dict or subclass */
sp_val sp_dict_keys_list(sp_val d);  /* list(d) */
sp_val sp_dict_items_list(sp_val d); /* list(d.items()) */
/* Merge a mapping or an iterable of pairs; kwnames-style keywords too. */
int sp_dict_merge(sp_val d, sp_val other, bool override);
int sp_dict_clear(sp_val d);
sp_val sp_dict_pop(sp_val d, sp_val key, sp_val dflt); /* dflt NULL: KeyError if absent */
/* Lookup that distinguishes "absent" (returns NULL, no error) from an error. */
sp_val sp_dict_get_item(sp_val d, sp_val key);
extern sp_type sp_type_dict_keys, sp_type_dict_values, sp_type_dict_items;

/* ---- list / tuple ---- */
bool sp_list_check(sp_val v);
bool sp_tuple_check(sp_val v);
sp_val sp_list_from_array(sp_val const *items, size_t n);
sp_val sp_tuple_from_array(sp_val const *items, size_t n);
int sp_list_insert(sp_val list, int64_t index, sp_val v);
sp_val sp_list_pop(sp_val list, int64_t index);
sp_val sp_list_getslice(sp_val list, int64_t start, int64_t stop);
int sp_list_reverse(sp_val list);
int sp_list_clear(sp_val list);
extern sp_type sp_type_list_iter, sp_type_list_reviter, sp_type_tuple_iter;

/* ---- set ---- */
bool sp_set_check(sp_val v);              /* set, frozenset or subclass */
int sp_set_discard(sp_val s, sp_val key); /* 1 removed, 0 absent, -1 error */
int sp_set_update(sp_val s, sp_val iterable);
int64_t sp_set_size(sp_val s);
bool sp_set_next(sp_val s, size_t *pos, sp_val *key);

/* ---- range ---- */
/* Ranges whose bounds fit int64 use the C fields (len -1: longer than INT64_MAX);
 * others keep big == tuple (start, stop, step, len) of ints and the C fields unused. */
typedef struct sp_range {
    sp_object ob;
    int64_t start, stop, step, len;
    sp_val big;
} sp_range;

/* ---- shared between the container modules (not for other modules) ---- */
/* Argument checks with CPython's messages for methods of built-in types:
 * "str.upper() takes no keyword arguments", "list.append() takes exactly one
 * argument (0 given)", "str.upper() takes no arguments (1 given)"; other arities use
 * Argument Clinic's "pop expected at most 1 argument, got 2" (sp_ck_nargs) or
 * PyArg_ParseTuple's "find() takes at least 1 argument (0 given)" (sp_ck_nargs_tuple). */
int sp_ck_kw(const char *tname, const char *fname, sp_val kwnames);
int sp_ck_nargs(const char *tname, const char *fname, size_t nargs, size_t min, size_t max);
int sp_ck_nargs_tuple(const char *fname, size_t nargs, size_t min, size_t max);
int sp_unhashable(sp_val v, int64_t *out); /* hash slot of mutable containers */
sp_val sp_seq_compare(sp_val a, sp_val b, sp_cmpop op, size_t (*len_of)(sp_val),
                      sp_val (*item_at)(sp_val, size_t));
int sp_seq_index_args(const char *tname, const char *fname, sp_val const *args, size_t nargs,
                      sp_val kw, int64_t len, int64_t *start, int64_t *stop);
void sp_list_reset_repr_guard(void);
int sp_list_init(void);
int sp_tuple_init(void);
int sp_dict_init(void);
int sp_set_init(void);
int sp_range_init(void);
int sp_slice_init(void);
int sp_iter_init(void);

/* hash(key) for dict and set probes: exact strs use the hash cached in the object and
 * small ints are their own hash below the modulus (CPython's rule), so the common keys
 * make no call; the rest go through sp_hash (which may run __hash__). 0 or -1. */
#define SP_HASH_SMALL_LIMIT (((int64_t)1 << 61) - 1)
static inline int sp_dict_key_hash(sp_val key, int64_t *h)
{
    if (sp_is_small(key)) {
        int64_t x = sp_small_value(key);
        if (x > -SP_HASH_SMALL_LIMIT && x < SP_HASH_SMALL_LIMIT && x != -1) {
            *h = x;
            return 0;
        }
    } else if (key->type == &sp_type_str) {
        int64_t sh = ((sp_str *)key)->hash;
        *h = sh != -1 ? sh : sp_str_hash(key);
        return 0;
    }
    return sp_hash(key, h);
}

#endif
