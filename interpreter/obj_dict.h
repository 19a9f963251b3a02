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
/* The table layout (obj_dict.c's design overview): exposed for the hinted
 * look-ups below only. */
typedef struct sp_dict_entry {
    int64_t hash;
    sp_val key; /* NULL: deleted */
    sp_val value;
} sp_dict_entry;

typedef struct sp_dict_impl {
    size_t index_size; /* power of two */
    size_t capacity;   /* entries available: index_size * 2 / 3 */
    size_t used;       /* entries consumed, including holes */
    size_t index_fill; /* index slots not EMPTY (live + DUMMY); popitem may trim `used`
                          below it, so growth is decided on this count */
    size_t bytes;      /* size of this allocation; 0 for the inline table */
    uint64_t bloom;    /* bloom_bit() of every key inserted since the table was built */
    sp_dict_entry *entries;
    int32_t index[];
} sp_dict_impl;

/* Hinted look-ups for attribute sites: *hint is the entry number where the key
 * was found last time (instances of one class usually store their attributes in
 * the same order, so one number fits every instance a site sees). A hint is only
 * a guess, checked by key identity (keys are unique within a dict); a wrong or
 * stale one costs the ordinary look-up, which updates it. Keys must be exact
 * strs or other keys whose look-up runs no Python code for the identity test to
 * be the whole story: the slow paths fall back on the full look-up anyway. */
sp_val sp_dict_get_hint_slow(sp_val d, sp_val key, uint32_t *hint);
int sp_dict_set_hint_slow(sp_val d, sp_val key, sp_val value, uint32_t *hint);

/* One bit per hash, for a one-instruction "certainly absent" test before probing
 * (sp_dict_impl.bloom; obj_dict.c explains it). */
static inline uint64_t sp_dict_bloom_bit(int64_t hash)
{
    return (uint64_t)1 << (((uint64_t)hash * 0x9E3779B97F4A7C15ull) >> 58);
}

/* sp_dict_get(d, key) for an exact str key, trying entry *hint first; a miss
 * is often decided by the bloom word alone (a method name looked up in an
 * instance dict). */
static inline sp_val sp_dict_get_hinted(sp_val d, sp_val key, uint32_t *hint)
{
    const sp_dict_impl *im = (const sp_dict_impl *)((sp_dict *)d)->impl;
    if (!im) return NULL;
    uint32_t h = *hint;
    if (__builtin_expect(h < im->used && im->entries[h].key == key, 1)) return im->entries[h].value;
    int64_t kh = ((sp_str *)key)->hash;
    if (kh != -1 && !(im->bloom & sp_dict_bloom_bit(kh))) return NULL;
    return sp_dict_get_hint_slow(d, key, hint);
}

/* sp_dict_set(d, key, value) for an exact str key, replacing at entry *hint
 * when the key is there
 * (a replacement keeps the dict's version, as sp_dict_set's does). */
static inline int sp_dict_set_hinted(sp_val d, sp_val key, sp_val value, uint32_t *hint)
{
    sp_dict_impl *im = (sp_dict_impl *)((sp_dict *)d)->impl;
    uint32_t h = *hint;
    if (__builtin_expect(im && h < im->used && im->entries[h].key == key, 1)) {
        im->entries[h].value = value;
        return 0;
    }
    return sp_dict_set_hint_slow(d, key, value, hint);
}
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

/* ---- iterators the VM's FOR_ITER steps itself (obj_list.c, obj_range.c) ---- */
typedef struct sp_list_iter {
    sp_object ob;
    sp_val list; /* NULL once exhausted */
    size_t index;
} sp_list_iter;

/* range() iterators whose bounds fit int64 (the big ones have another type) */
typedef struct sp_range_iter {
    sp_object ob;
    int64_t next, step;
    uint64_t left;
} sp_range_iter;
extern sp_type sp_type_range_iter;

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
