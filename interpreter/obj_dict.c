/*
 * obj_dict.c — the dict type (compact, insertion ordered), its views and iterators,
 * and sp_containers_init.
 *
 * Design overview
 * ---------------
 * Like CPython 3.6+, a dict keeps a dense array of entries in insertion order and a
 * sparse open-addressing index (a power of two of int32 slots) mapping hash
 * positions to entry numbers. Deletion leaves a hole (key NULL) in the entries and
 * a DUMMY in the index; a rebuild compacts both when the entry array fills up. The
 * whole table is one block (dict_impl) owned by the dict: for a plain dict's first
 * small table, room inside the dict object itself, else a raw allocation; an empty
 * dict has none. Probing follows CPython's perturbation scheme so long collision
 * chains still visit every slot.
 *
 * sp_dict.version changes whenever a key is added or removed or the table is
 * rebuilt (a global counter, so two dicts never share a version): while it is
 * unchanged, a value-slot pointer from sp_dict_slot() stays valid, which is what the
 * VM's global-variable caches rely on. Replacing a value keeps the version.
 *
 * Lookups compare keys first by identity, then by hash; a lookup whose probe chain
 * meets no equal hash on another object (the usual case: interned names, ints) runs
 * as leaf code inlined into its caller. Equal hashes on distinct objects are
 * decided without calling into Python for exact strs and small ints (quick_eq);
 * other keys may run __eq__, which may mutate the dict: the lookup then starts
 * again (CPython does the same). Hashes of exact strs are read from the object's
 * cache and small ints are hashed inline (sp_dict_key_hash).
 *
 * Invariants (asserted in dict_check)
 *  1. impl == NULL iff the dict has never held a key since its last clear; then len == 0.
 *     impl is the inline room (bytes == 0) only in a dict with DICT_HAS_INLINE.
 *  2. len == number of entries with key != NULL; used <= index_fill <= capacity, and
 *     capacity == index_size * 2 / 3, so the index always has EMPTY slots (probes end).
 *  3. Every live entry number appears exactly once in the index; index slots hold
 *     EMPTY, DUMMY or an entry number < used.
 */
#include <assert.h>
#include <string.h>

#include "gc.h"
#include "obj_dict.h"
#include "obj_iter.h"
#include "obj_str.h"

/* type name in argument-check messages ("str.upper() takes no arguments") */
#define TN "dict"

#define D(v) ((sp_dict *)(v))
#define IX_EMPTY (-1)
#define IX_DUMMY (-2)
/* small ints below this in magnitude hash to themselves (CPython: modulus 2**61 - 1) */

/* The entry and table layouts are in obj_dict.h (the VM's hinted look-ups read them). */
typedef sp_dict_entry dict_entry;
typedef sp_dict_impl dict_impl;

SP_RUN_STATE static uint64_t version_counter = 1;

static inline dict_impl *IMPL(sp_val d)
{
    return (dict_impl *)D(d)->impl;
}

static dict_impl *inline_impl(sp_val d);

static void dict_check(sp_val d)
{
#ifndef NDEBUG
    dict_impl *im = IMPL(d);
    if (!im) {
        assert(D(d)->len == 0);
        return;
    }
    assert((im->bytes == 0) == (im == inline_impl(d)));
    assert(im->used <= im->index_fill && im->index_fill <= im->capacity);
    assert(D(d)->len <= im->used);
#endif
    (void)d;
}

static void bump_version(sp_val d)
{
    D(d)->version = ++version_counter;
}

bool sp_dict_check(sp_val v)
{
    return !sp_is_small(v) && (v->type == &sp_type_dict || (v->type->flags & SP_TF_DICT_SUB));
}

/* ---- storage -------------------------------------------------------------------------------- */

static void dict_trace(sp_val d)
{
    dict_impl *im = IMPL(d);
    if (!im) return;
    for (size_t i = 0; i < im->used; i++) {
        if (im->entries[i].key) {
            sp_gc_mark(im->entries[i].key);
            sp_gc_mark(im->entries[i].value);
        }
    }
}

/* ---- the first table, inside the dict object ----
 *
 * Most dicts (instance __dict__s above all) never hold more than a few keys, and
 * allocating their table as a raw buffer, then freeing it at the sweep, cost more
 * than all their lookups. So a plain dict made by sp_dict_new() or dict() carries
 * room for one table of INLINE_INDEX slots right after its sp_dict header (object
 * flag DICT_HAS_INLINE); the first table of that size lives there, bigger ones
 * are raw buffers as before. Subclass instances have no such room (their own
 * fields follow basic_size), and an empty dict pays the room: 256 bytes instead
 * of 48 (with size classes), against the 208 + 16 of the raw table that its first
 * key allocated.
 * The inline table is never freed, and a rebuild never reuses it while it is the
 * table being copied from.
 *
 * The gain needs the collector to keep emptied arenas for reuse (the dicts of a
 * burst of short-lived instances die together): set DICT_INLINE_TABLE to 0 to go
 * back to raw tables only if it ever returns them to the system at each sweep. */
#ifndef DICT_INLINE_TABLE
#define DICT_INLINE_TABLE 1
#endif
#define INLINE_INDEX 8
#define DICT_HAS_INLINE 1u /* sp_object.aux of a dict */

static size_t impl_head_bytes(size_t index_size)
{
    size_t head = offsetof(dict_impl, index) + index_size * sizeof(int32_t);
    return (head + 7) & ~(size_t)7;
}

static size_t impl_bytes(size_t index_size)
{
    return impl_head_bytes(index_size) + index_size * 2 / 3 * sizeof(dict_entry);
}

/* Bytes of a plain dict object with its inline table room. */
#define DICT_OBJ_BYTES (((sizeof(sp_dict) + 7) & ~(size_t)7) + impl_bytes(INLINE_INDEX))

static dict_impl *inline_impl(sp_val d)
{
    if (!(d->aux & DICT_HAS_INLINE)) return NULL;
    return (dict_impl *)((char *)d + ((sizeof(sp_dict) + 7) & ~(size_t)7));
}

static void impl_release(sp_val d, dict_impl *im)
{
    if (im && im != inline_impl(d)) sp_mem_free(im, im->bytes);
}

static void dict_free_impl(sp_val d)
{
    impl_release(d, IMPL(d));
    D(d)->impl = NULL;
}

static void dict_finalize(sp_val d)
{
    dict_free_impl(d);
}

/* A new empty table of index_size slots for d: the inline room when it fits and is
 * free, else a raw buffer (bytes 0 marks the inline one). */
static dict_impl *impl_new(sp_val d, size_t index_size)
{
    dict_impl *im = index_size == INLINE_INDEX ? inline_impl(d) : NULL;
    size_t bytes = impl_bytes(index_size);
    if (im && im == IMPL(d)) im = NULL; /* it holds the entries being copied */
    if (im) {
        bytes = 0;
    } else {
        im = sp_mem_alloc(bytes);
        if (!im) return NULL;
    }
    im->index_size = index_size;
    im->capacity = index_size * 2 / 3;
    im->used = 0;
    im->index_fill = 0;
    im->bytes = bytes;
    im->bloom = 0;
    im->entries = (dict_entry *)((char *)im + impl_head_bytes(index_size));
    /* all IX_EMPTY; the inline size (every new instance dict) as a constant: a few
     * stores instead of a call */
    if (index_size == INLINE_INDEX)
        memset(im->index, 0xff, INLINE_INDEX * sizeof(int32_t));
    else
        memset(im->index, 0xff, index_size * sizeof(int32_t));
    return im;
}

/* One bit per hash, for a one-instruction "certainly absent" test before probing:
 * most lookups that miss (a method name looked up in an instance dict, a name
 * looked up along an MRO) stop there. Keys deleted keep their bit until the next
 * rebuild, so a clear bit always means absent. Multiplying spreads small ints,
 * whose hash is themselves, over the 64 bits. */
static inline uint64_t bloom_bit(int64_t hash)
{
    return sp_dict_bloom_bit(hash);
}

/* Insert an entry number into the index at the first empty slot of its probe chain. */
static void index_insert(dict_impl *im, int64_t hash, int32_t ix)
{
    im->bloom |= bloom_bit(hash);
    size_t mask = im->index_size - 1, i = (size_t)hash & mask;
    uint64_t perturb = (uint64_t)hash;
    while (im->index[i] != IX_EMPTY) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    im->index[i] = ix;
    im->index_fill++;
}

/* Rebuild the table to hold at least `need` entries, dropping holes. */
static int dict_resize(sp_val d, size_t need)
{
    size_t size = 8;
    while (size * 2 / 3 < need)
        size *= 2;
    dict_impl *old = IMPL(d), *im = impl_new(d, size);
    if (!im) return -1;
    if (old) {
        for (size_t i = 0; i < old->used; i++) {
            dict_entry *e = &old->entries[i];
            if (!e->key) continue;
            im->entries[im->used] = *e;
            index_insert(im, e->hash, (int32_t)im->used);
            im->used++;
        }
        impl_release(d, old);
    }
    D(d)->impl = im;
    bump_version(d);
    return 0;
}

/* Equality of two distinct keys with equal hashes when it can be decided without
 * running Python code: 1 equal, 0 unequal, -1 undecided (some __eq__ may run).
 * Distinct tagged ints differ; two interned strs differ (object.h invariant 4);
 * other exact strs compare bytes. Kept out of line: the probe loops stay leaf code. */
static __attribute__((noinline)) int quick_eq(sp_val a, sp_val b)
{
    if (sp_is_small(a) || sp_is_small(b)) return sp_is_small(a) && sp_is_small(b) ? 0 : -1;
    if (a->type != &sp_type_str || b->type != &sp_type_str) return -1;
    if (a->aux & b->aux & SP_STR_INTERNED) return 0;
    return sp_str_eq(a, b);
}

/* The full lookup: entries with the key's hash are compared with sp_eq, which may
 * run Python code that mutates the dict; the lookup then starts again (CPython does
 * the same). Returns as lookup(). */
static __attribute__((noinline)) int64_t lookup_general(sp_val d, sp_val key, int64_t hash,
                                                        size_t *slot)
{
restart:;
    dict_impl *im = IMPL(d);
    if (!im) return -1;
    size_t mask = im->index_size - 1, i = (size_t)hash & mask;
    uint64_t perturb = (uint64_t)hash;
    for (;;) {
        int32_t ix = im->index[i];
        if (ix == IX_EMPTY) {
            *slot = i;
            return -1;
        }
        if (ix >= 0) {
            dict_entry *e = &im->entries[ix];
            sp_val ek = e->key;
            if (ek == key) {
                *slot = i;
                return ix;
            }
            if (e->hash == hash) {
                int eq = quick_eq(ek, key);
                if (eq < 0) {
                    uint64_t version = D(d)->version;
                    eq = sp_eq(ek, key);
                    if (eq < 0) return -2;
                    if (IMPL(d) != im || D(d)->version != version || im->entries[ix].key != ek)
                        goto restart;
                }
                if (eq) {
                    *slot = i;
                    return ix;
                }
            }
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* lookup() past its first entry whose hash equals the key's (at index slot i, with
 * the probe state perturb): keys it can compare without running Python code
 * (quick_eq) are decided here, going on along the same chain; the first undecided
 * comparison hands over to lookup_general, which starts again from the top. That
 * visits the slots in the same order and only re-decides, without side effects,
 * what was decided here, so the result is the one lookup_general alone gives. */
static __attribute__((noinline)) int64_t lookup_from(sp_val d, sp_val key, int64_t hash, size_t i,
                                                     uint64_t perturb, size_t *slot)
{
    const dict_impl *im = IMPL(d);
    size_t mask = im->index_size - 1;
    for (;;) {
        int32_t ix = im->index[i];
        if (ix >= 0) {
            const dict_entry *e = &im->entries[ix];
            if (e->key == key) {
                *slot = i;
                return ix;
            }
            if (e->hash == hash) {
                int eq = quick_eq(e->key, key);
                if (eq < 0) return lookup_general(d, key, hash, slot);
                if (eq) {
                    *slot = i;
                    return ix;
                }
            }
        } else if (ix == IX_EMPTY) {
            *slot = i;
            return -1;
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Find `key`. Returns the entry number (>= 0), or -1 if absent, or -2 on error.
 * *slot receives the index slot where it is, or with for_insert, where it would be
 * inserted (unset when the dict has no table yet); without for_insert a miss may
 * be decided by the bloom word alone, leaving *slot unset.
 * Inlined into every caller: the loop below is leaf code (no calls, so no
 * callee-saved registers to spill) for the common outcomes, identity hit and miss;
 * an equal hash on a different object, which needs a comparison, continues out of
 * line in lookup_from. */
static inline __attribute__((always_inline)) int64_t lookup_in(sp_val d, sp_val key, int64_t hash,
                                                               size_t *slot, bool for_insert)
{
    const dict_impl *im = IMPL(d);
    if (!im) return -1;
    if (!for_insert && !(im->bloom & bloom_bit(hash))) return -1;
    size_t mask = im->index_size - 1, i = (size_t)hash & mask;
    uint64_t perturb = (uint64_t)hash;
    for (;;) {
        int32_t ix = im->index[i];
        if (__builtin_expect(ix >= 0, 1)) {
            const dict_entry *e = &im->entries[ix];
            if (e->key == key) {
                *slot = i;
                return ix;
            }
            if (__builtin_expect(e->hash == hash, 0))
                return lookup_from(d, key, hash, i, perturb, slot);
        } else if (ix == IX_EMPTY) {
            *slot = i;
            return -1;
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

#define lookup(d, key, hash, slot) lookup_in(d, key, hash, slot, false)

/* The first key of a dict with inline room (a new instance's first attribute):
 * what the look-up, dict_resize and index_insert below would do for it, with
 * nothing to look up or copy. The inline table needs no allocation. */
static void insert_first_inline(sp_val d, int64_t hash, sp_val key, sp_val value)
{
    dict_impl *im = impl_new(d, INLINE_INDEX);
    assert(im && im->bytes == 0);
    im->index[(size_t)hash & (INLINE_INDEX - 1)] = 0;
    im->index_fill = 1;
    im->bloom = bloom_bit(hash);
    im->entries[0] = (dict_entry){hash, key, value};
    im->used = 1;
    D(d)->impl = im;
    D(d)->len = 1;
    bump_version(d);
    dict_check(d);
}

static int insert_hashed(sp_val d, sp_val key, int64_t hash, sp_val value)
{
    if (!IMPL(d) && (d->aux & DICT_HAS_INLINE)) {
        insert_first_inline(d, hash, key, value);
        return 0;
    }
    size_t slot;
    int64_t ix = lookup_in(d, key, hash, &slot, true);
    if (ix == -2) return -1;
    if (ix >= 0) {
        IMPL(d)->entries[ix].value = value;
        return 0;
    }
    dict_impl *im = IMPL(d);
    if (!im || im->index_fill >= im->capacity) {
        if (dict_resize(d, (D(d)->len + 1) * 3 / 2 + 1) < 0) return -1;
        im = IMPL(d);
        index_insert(im, hash, (int32_t)im->used);
    } else {
        im->index[slot] = (int32_t)im->used;
        im->index_fill++;
        im->bloom |= bloom_bit(hash);
    }
    dict_entry *e = &im->entries[im->used++];
    e->hash = hash;
    e->key = key;
    e->value = value;
    D(d)->len++;
    bump_version(d);
    dict_check(d);
    return 0;
}

static void delete_at(sp_val d, size_t slot, int64_t ix)
{
    dict_impl *im = IMPL(d);
    im->index[slot] = IX_DUMMY;
    im->entries[ix].key = NULL;
    im->entries[ix].value = NULL;
    D(d)->len--;
    bump_version(d);
    dict_check(d);
}

/* ---- public C API ---------------------------------------------------------------------------- */

sp_val sp_dict_new(void)
{
    sp_val d = sp_gc_new(&sp_type_dict, DICT_INLINE_TABLE ? DICT_OBJ_BYTES : sizeof(sp_dict));
    if (!d) return NULL;
    if (DICT_INLINE_TABLE) d->aux |= DICT_HAS_INLINE;
    bump_version(d);
    return d;
}

sp_val sp_dict_get_item(sp_val d, sp_val key)
{
    int64_t h;
    if (sp_dict_key_hash(key, &h) < 0) return NULL;
    size_t slot;
    int64_t ix = lookup(d, key, h, &slot);
    return ix >= 0 ? IMPL(d)->entries[ix].value : NULL;
}

sp_val sp_dict_get(sp_val d, sp_val key)
{
    return sp_dict_get_item(d, key);
}

sp_val sp_dict_get_hint_slow(sp_val d, sp_val key, uint32_t *hint)
{
    int64_t h;
    if (sp_dict_key_hash(key, &h) < 0) return NULL;
    size_t slot;
    int64_t ix = lookup(d, key, h, &slot);
    if (ix < 0) return NULL;
    *hint = (uint32_t)ix;
    return IMPL(d)->entries[ix].value;
}

int sp_dict_set_hint_slow(sp_val d, sp_val key, sp_val value, uint32_t *hint)
{
    int64_t h;
    if (sp_dict_key_hash(key, &h) < 0) return -1;
    if (insert_hashed(d, key, h, value) < 0) return -1;
    /* an insert appends its entry; a replacement is found again (rare: the
     * hint missed although the key was there) */
    dict_impl *im = IMPL(d);
    if (im->entries[im->used - 1].key == key) {
        *hint = (uint32_t)(im->used - 1);
    } else {
        size_t slot;
        int64_t ix = lookup(d, key, h, &slot);
        if (ix >= 0) *hint = (uint32_t)ix;
    }
    return 0;
}

sp_val sp_dict_get_cstr(sp_val d, const char *key)
{
    sp_val k = sp_str_intern(key);
    return k ? sp_dict_get_item(d, k) : NULL;
}

int sp_dict_set(sp_val d, sp_val key, sp_val value)
{
    int64_t h;
    if (sp_dict_key_hash(key, &h) < 0) return -1;
    return insert_hashed(d, key, h, value);
}

int sp_dict_set_cstr(sp_val d, const char *key, sp_val value)
{
    sp_val k = sp_str_intern(key);
    return k ? sp_dict_set(d, k, value) : -1;
}

static void *raise_key_error(sp_val key)
{
    sp_val exc = sp_exc_new(&sp_exc_KeyError, &key, 1);
    return exc ? sp_err_set_value(exc) : NULL;
}

int sp_dict_del(sp_val d, sp_val key)
{
    int64_t h;
    if (sp_dict_key_hash(key, &h) < 0) return -1;
    size_t slot;
    int64_t ix = lookup(d, key, h, &slot);
    if (ix == -2) return -1;
    if (ix < 0) {
        raise_key_error(key);
        return -1;
    }
    delete_at(d, slot, ix);
    return 0;
}

sp_val sp_dict_pop(sp_val d, sp_val key, sp_val dflt)
{
    int64_t h;
    if (sp_dict_key_hash(key, &h) < 0) return NULL;
    size_t slot;
    int64_t ix = lookup(d, key, h, &slot);
    if (ix == -2) return NULL;
    if (ix < 0) return dflt ? dflt : raise_key_error(key);
    sp_val v = IMPL(d)->entries[ix].value;
    delete_at(d, slot, ix);
    return v;
}

bool sp_dict_next(sp_val d, size_t *pos, sp_val *key, sp_val *value)
{
    dict_impl *im = IMPL(d);
    if (!im) return false;
    while (*pos < im->used) {
        dict_entry *e = &im->entries[(*pos)++];
        if (e->key) {
            if (key) *key = e->key;
            if (value) *value = e->value;
            return true;
        }
    }
    return false;
}

/* sp_dict_slot past an entry with the name's hash that is not the name itself: an
 * equal str matches; keys that are not str never do (no Python code may run here),
 * as if their hash differed. Starts the chain again: this is rare. */
static __attribute__((noinline)) sp_val *slot_compare(dict_impl *im, sp_val key, int64_t h)
{
    size_t mask = im->index_size - 1, i = (size_t)h & mask;
    uint64_t perturb = (uint64_t)h;
    for (;;) {
        int32_t ix = im->index[i];
        if (ix == IX_EMPTY) return NULL;
        if (ix >= 0) {
            dict_entry *e = &im->entries[ix];
            if (e->key == key || (e->hash == h && quick_eq(e->key, key) > 0)) return &e->value;
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* The VM's caches call this on every miss: kept leaf code like lookup(). */
sp_val *sp_dict_slot(sp_val d, sp_val key)
{
    dict_impl *im = IMPL(d);
    if (!im) return NULL;
    int64_t h = ((sp_str *)key)->hash;
    if (__builtin_expect(h == -1, 0)) h = sp_str_hash(key);
    if (!(im->bloom & bloom_bit(h))) return NULL;
    size_t mask = im->index_size - 1, i = (size_t)h & mask;
    uint64_t perturb = (uint64_t)h;
    for (;;) {
        int32_t ix = im->index[i];
        if (__builtin_expect(ix >= 0, 1)) {
            dict_entry *e = &im->entries[ix];
            if (e->key == key) return &e->value;
            if (__builtin_expect(e->hash == h, 0)) return slot_compare(im, key, h);
        } else if (ix == IX_EMPTY) {
            return NULL;
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

int sp_dict_clear(sp_val d)
{
    dict_free_impl(d);
    D(d)->len = 0;
    bump_version(d);
    return 0;
}

sp_val sp_dict_copy(sp_val d)
{
    sp_val r = sp_dict_new();
    if (!r) return NULL;
    dict_impl *im = IMPL(d);
    if (!im || D(d)->len == 0) return r;
    if (dict_resize(r, D(d)->len) < 0) return NULL;
    dict_impl *nm = IMPL(r);
    for (size_t i = 0; i < im->used; i++) {
        dict_entry *e = &im->entries[i];
        if (!e->key) continue;
        nm->entries[nm->used] = *e;
        index_insert(nm, e->hash, (int32_t)nm->used);
        nm->used++;
    }
    D(r)->len = D(d)->len;
    return r;
}

sp_val sp_dict_keys_list(sp_val d)
{
    sp_val l = sp_list_new(D(d)->len);
    size_t pos = 0;
    sp_val k;
    while (l && sp_dict_next(d, &pos, &k, NULL))
        if (sp_list_append(l, k) < 0) return NULL;
    return l;
}

sp_val sp_dict_items_list(sp_val d)
{
    sp_val l = sp_list_new(D(d)->len);
    size_t pos = 0;
    sp_val k, v;
    while (l && sp_dict_next(d, &pos, &k, &v)) {
        sp_val t = sp_tuple_pack(2, k, v);
        if (!t || sp_list_append(l, t) < 0) return NULL;
    }
    return l;
}

/* Merge pairs from an iterable of 2-sequences. */
static int merge_pairs(sp_val d, sp_val iterable, bool override)
{
    sp_val it = sp_iter(iterable);
    if (!it) return -1;
    for (size_t n = 0;; n++) {
        sp_val item = sp_next(it);
        if (!item) return sp_err_occurred() ? -1 : 0;
        sp_type *t = sp_typeof(item);
        sp_val seq;
        if (t == &sp_type_tuple || t == &sp_type_list) {
            seq = item;
        } else {
            if (!t->iter && !sp_type_lookup(t, sp_str_intern("__getitem__"))) {
                sp_err_set(&sp_exc_TypeError,
                           "cannot convert dictionary update sequence element #%zu to a sequence",
                           n);
                return -1;
            }
            seq = sp_tuple_from_iterable(item);
            if (!seq) return -1;
        }
        size_t len =
            sp_typeof(seq) == &sp_type_list ? ((sp_list *)seq)->len : ((sp_tuple *)seq)->len;
        if (len != 2) {
            sp_err_set(&sp_exc_ValueError,
                       "dictionary update sequence element #%zu has length %zu; 2 is required", n,
                       len);
            return -1;
        }
        sp_val const *items =
            sp_typeof(seq) == &sp_type_list ? ((sp_list *)seq)->items : ((sp_tuple *)seq)->items;
        sp_val k = items[0], v = items[1];
        if (!override) {
            int64_t h;
            if (sp_dict_key_hash(k, &h) < 0) return -1;
            size_t slot;
            int64_t ix = lookup(d, k, h, &slot);
            if (ix == -2) return -1;
            if (ix >= 0) continue;
        }
        if (sp_dict_set(d, k, v) < 0) return -1;
    }
}

int sp_dict_merge(sp_val d, sp_val other, bool override)
{
    if (sp_dict_check(other) && (sp_typeof(other) == &sp_type_dict ||
                                 !sp_type_lookup(sp_typeof(other), sp_str_intern("keys")) ||
                                 sp_type_lookup(sp_typeof(other), sp_str_intern("keys")) ==
                                     sp_type_lookup(&sp_type_dict, sp_str_intern("keys")))) {
        if (other == d) return 0;
        dict_impl *im = IMPL(other);
        for (size_t i = 0; im && i < im->used; i++) {
            dict_entry e = im->entries[i];
            if (!e.key) continue;
            if (!override) {
                size_t slot;
                int64_t ix = lookup(d, e.key, e.hash, &slot);
                if (ix == -2) return -1;
                if (IMPL(other) != im) { /* lookup's __eq__ resized other: im is freed */
                    sp_err_set(&sp_exc_RuntimeError, "dictionary changed size during iteration");
                    return -1;
                }
                if (ix >= 0) continue;
            }
            if (insert_hashed(d, e.key, e.hash, e.value) < 0) return -1;
            if (IMPL(other) != im) {
                sp_err_set(&sp_exc_RuntimeError, "dictionary changed size during iteration");
                return -1;
            }
        }
        return 0;
    }
    sp_val keys_fn = sp_getattr_opt(other, sp_str_intern("keys"));
    if (keys_fn) {
        sp_val keys = sp_call0(keys_fn);
        if (!keys) return -1;
        sp_val it = sp_iter(keys);
        if (!it) return -1;
        for (;;) {
            sp_val k = sp_next(it);
            if (!k) return sp_err_occurred() ? -1 : 0;
            if (!override) {
                int64_t h;
                if (sp_dict_key_hash(k, &h) < 0) return -1;
                size_t slot;
                int64_t ix = lookup(d, k, h, &slot);
                if (ix == -2) return -1;
                if (ix >= 0) continue;
            }
            sp_val v = sp_getitem(other, k);
            if (!v || sp_dict_set(d, k, v) < 0) return -1;
        }
    }
    if (sp_err_occurred()) return -1;
    return merge_pairs(d, other, override);
}

int sp_dict_update(sp_val d, sp_val other)
{
    return sp_dict_merge(d, other, true);
}

/* ---- slots ------------------------------------------------------------------------------------
 */

static sp_val dict_repr(sp_val d)
{
    if (D(d)->len == 0) return sp_str_from_cstr("{}");
    int rc = sp_repr_enter(d);
    if (rc) return rc > 0 ? sp_str_from_cstr("{...}") : NULL;
    sp_buf b;
    sp_buf_init(&b);
    sp_val result = NULL;
    size_t pos = 0;
    sp_val k, v;
    bool first = true;
    if (sp_buf_append_char(&b, '{') < 0) goto done;
    while (sp_dict_next(d, &pos, &k, &v)) {
        if (!first && sp_buf_append(&b, ", ", 2) < 0) goto done;
        first = false;
        sp_val kr = sp_repr(k);
        if (!kr || sp_buf_append_val_str(&b, kr) < 0 || sp_buf_append(&b, ": ", 2) < 0) goto done;
        sp_val vr = sp_repr(v);
        if (!vr || sp_buf_append_val_str(&b, vr) < 0) goto done;
    }
    if (sp_buf_append_char(&b, '}') < 0) goto done;
    result = sp_buf_to_str(&b);
done:
    sp_repr_leave(d);
    if (!result) sp_buf_free(&b);
    return result;
}

static int dict_equal(sp_val a, sp_val b)
{
    if (D(a)->len != D(b)->len) return 0;
    size_t pos = 0;
    sp_val k, v;
    while (sp_dict_next(a, &pos, &k, &v)) {
        sp_val w = sp_dict_get_item(b, k);
        if (!w) return sp_err_occurred() ? -1 : 0;
        int eq = sp_eq(v, w);
        if (eq <= 0) return eq;
    }
    return 1;
}

static sp_val dict_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (!sp_dict_check(a) || !sp_dict_check(b) || (op != SP_CMP_EQ && op != SP_CMP_NE))
        return sp_NotImplemented;
    int eq = dict_equal(a, b);
    if (eq < 0) return NULL;
    return sp_bool(op == SP_CMP_EQ ? eq : !eq);
}

static int dict_truthy(sp_val d)
{
    return D(d)->len != 0;
}

static int64_t dict_len(sp_val d)
{
    return (int64_t)D(d)->len;
}

/* The interned "__missing__", looked up at every miss of a dict subclass's [];
 * interning it again each time cost more than the lookup. The intern table belongs
 * to one run, so the cache is tagged with the run it was made in. */
static sp_val missing_name(void)
{
    static sp_val name;
    static uint64_t run;
    if (!name || run != sp_gc_run_id()) {
        name = sp_str_intern("__missing__");
        run = sp_gc_run_id();
    }
    return name; /* NULL (MemoryError set) if interning failed */
}

static int dict_contains(sp_val d, sp_val key)
{
    int64_t h;
    if (sp_dict_key_hash(key, &h) < 0) return -1;
    size_t slot;
    int64_t ix = lookup(d, key, h, &slot);
    return ix == -2 ? -1 : ix >= 0;
}

static sp_val dict_getitem(sp_val d, sp_val key)
{
    int64_t h;
    if (sp_dict_key_hash(key, &h) < 0) return NULL;
    size_t slot;
    int64_t ix = lookup(d, key, h, &slot);
    if (ix == -2) return NULL;
    if (ix >= 0) return IMPL(d)->entries[ix].value;
    if (sp_typeof(d) != &sp_type_dict) {
        sp_val name = missing_name();
        if (!name) return NULL;
        sp_val missing = sp_type_lookup(sp_typeof(d), name);
        if (missing) {
            sp_val args[2] = {d, key};
            return sp_call(missing, args, 2, NULL);
        }
    }
    return raise_key_error(key);
}

static int dict_setitem(sp_val d, sp_val key, sp_val value)
{
    if (value) return sp_dict_set(d, key, value);
    return sp_dict_del(d, key);
}

static sp_val dict_or(sp_val a, sp_val b)
{
    if (!sp_dict_check(a) || !sp_dict_check(b)) return sp_NotImplemented;
    sp_val r = sp_dict_copy(a);
    if (!r || sp_dict_merge(r, b, true) < 0) return NULL;
    return r;
}

static sp_val dict_ior(sp_val a, sp_val b)
{
    if (!sp_dict_check(a)) return sp_NotImplemented;
    if (sp_dict_merge(a, b, true) < 0) return NULL;
    return a;
}

/* ---- iterators and views
 * -------------------------------------------------------------------------- */

typedef enum { KIND_KEYS, KIND_VALUES, KIND_ITEMS } view_kind;

typedef struct dict_iter {
    sp_object ob;
    sp_val dict; /* NULL once exhausted */
    size_t pos;  /* next entry (forward) or entries left (reverse) */
    size_t len;  /* dict length when the iterator was made */
    view_kind kind;
    bool reverse;
} dict_iter;

typedef struct dict_view {
    sp_object ob;
    sp_val dict;
} dict_view;

sp_type sp_type_dict_keyiter, sp_type_dict_valueiter, sp_type_dict_itemiter,
    sp_type_dict_revkeyiter, sp_type_dict_revvalueiter, sp_type_dict_revitemiter;

static void dict_iter_trace(sp_val v)
{
    sp_gc_mark(((dict_iter *)v)->dict);
}

static sp_val iter_self(sp_val v)
{
    return v;
}

static sp_val dict_iter_new(sp_val d, view_kind kind, bool reverse)
{
    static sp_type *const types[2][3] = {
        {&sp_type_dict_keyiter, &sp_type_dict_valueiter, &sp_type_dict_itemiter},
        {&sp_type_dict_revkeyiter, &sp_type_dict_revvalueiter, &sp_type_dict_revitemiter},
    };
    dict_iter *it = sp_gc_new(types[reverse][kind], sizeof(dict_iter));
    if (!it) return NULL;
    it->dict = d;
    it->len = D(d)->len;
    it->kind = kind;
    it->reverse = reverse;
    it->pos = reverse ? (IMPL(d) ? IMPL(d)->used : 0) : 0;
    return (sp_val)it;
}

static sp_val dict_iter_next(sp_val v)
{
    dict_iter *it = (dict_iter *)v;
    sp_val d = it->dict;
    if (!d) return NULL;
    if (D(d)->len != it->len) {
        it->len = (size_t)-1; /* stays broken, as in CPython */
        return sp_err_set(&sp_exc_RuntimeError, "dictionary changed size during iteration");
    }
    dict_impl *im = IMPL(d);
    dict_entry *e = NULL;
    if (im && !it->reverse) {
        while (it->pos < im->used && !im->entries[it->pos].key)
            it->pos++;
        if (it->pos < im->used) e = &im->entries[it->pos++];
    } else if (im) {
        if (it->pos > im->used) it->pos = im->used;
        while (it->pos > 0 && !im->entries[it->pos - 1].key)
            it->pos--;
        if (it->pos > 0) e = &im->entries[--it->pos];
    }
    if (!e) {
        it->dict = NULL;
        return NULL;
    }
    switch (it->kind) {
    case KIND_KEYS:
        return e->key;
    case KIND_VALUES:
        return e->value;
    default:
        return sp_tuple_pack(2, e->key, e->value);
    }
}

static sp_val dict_iter_length_hint(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    dict_iter *it = (dict_iter *)self;
    if (!it->dict || D(it->dict)->len != it->len) return sp_small(0);
    /* exact count of remaining live entries */
    dict_impl *im = IMPL(it->dict);
    int64_t n = 0;
    if (im) {
        size_t a = it->reverse ? 0 : it->pos, b = it->reverse ? it->pos : im->used;
        for (size_t i = a; i < b && i < im->used; i++)
            n += im->entries[i].key != NULL;
    }
    return sp_small(n);
}

static const sp_method_def dict_iter_methods[] = {
    {"__length_hint__", dict_iter_length_hint, 0},
    {NULL, NULL, 0},
};

#define DICT_ITER_TYPE(cname, pyname)                                                              \
    sp_type cname = {                                                                              \
        .name = pyname,                                                                            \
        .basic_size = sizeof(dict_iter),                                                           \
        .trace = dict_iter_trace,                                                                  \
        .iter = iter_self,                                                                         \
        .iternext = dict_iter_next,                                                                \
    };
DICT_ITER_TYPE(sp_type_dict_keyiter, "dict_keyiterator")
DICT_ITER_TYPE(sp_type_dict_valueiter, "dict_valueiterator")
DICT_ITER_TYPE(sp_type_dict_itemiter, "dict_itemiterator")
DICT_ITER_TYPE(sp_type_dict_revkeyiter, "dict_reversekeyiterator")
DICT_ITER_TYPE(sp_type_dict_revvalueiter, "dict_reversevalueiterator")
DICT_ITER_TYPE(sp_type_dict_revitemiter, "dict_reverseitemiterator")
#undef DICT_ITER_TYPE

static sp_val dict_iter_slot(sp_val d)
{
    return dict_iter_new(d, KIND_KEYS, false);
}

static void dict_view_trace(sp_val v)
{
    sp_gc_mark(((dict_view *)v)->dict);
}

static sp_val view_new(sp_val d, sp_type *type)
{
    dict_view *v = sp_gc_new(type, sizeof(dict_view));
    if (!v) return NULL;
    v->dict = d;
    return (sp_val)v;
}

static view_kind kind_of_view(sp_val v)
{
    sp_type *t = sp_typeof(v);
    return t == &sp_type_dict_keys     ? KIND_KEYS
           : t == &sp_type_dict_values ? KIND_VALUES
                                       : KIND_ITEMS;
}

#define VDICT(v) (((dict_view *)(v))->dict)

static sp_val view_iter(sp_val v)
{
    return dict_iter_new(VDICT(v), kind_of_view(v), false);
}

static int64_t view_len(sp_val v)
{
    return (int64_t)D(VDICT(v))->len;
}

static sp_val view_repr(sp_val v)
{
    int rc = sp_repr_enter(v);
    if (rc) return rc > 0 ? sp_str_from_cstr("...") : NULL;
    sp_val list = kind_of_view(v) == KIND_ITEMS ? sp_dict_items_list(VDICT(v)) : NULL;
    if (kind_of_view(v) != KIND_ITEMS) list = sp_list_from_iterable(v);
    sp_val r = list ? sp_repr(list) : NULL;
    sp_repr_leave(v);
    if (!r) return NULL;
    return sp_str_format("%s(%s)", sp_typeof(v)->name, sp_str_cstr(r));
}

static int view_contains(sp_val v, sp_val item)
{
    sp_val d = VDICT(v);
    switch (kind_of_view(v)) {
    case KIND_KEYS:
        return dict_contains(d, item);
    case KIND_ITEMS: {
        if (!sp_tuple_check(item) || ((sp_tuple *)item)->len != 2) return 0;
        sp_val val = sp_dict_get_item(d, ((sp_tuple *)item)->items[0]);
        if (!val) return sp_err_occurred() ? -1 : 0;
        return sp_eq(val, ((sp_tuple *)item)->items[1]);
    }
    default: {
        sp_val it = view_iter(v);
        if (!it) return -1;
        for (;;) {
            sp_val x = sp_next(it);
            if (!x) return sp_err_occurred() ? -1 : 0;
            int eq = sp_eq(x, item);
            if (eq) return eq;
        }
    }
    }
}

static bool is_setlike(sp_val v)
{
    sp_type *t = sp_typeof(v);
    return t == &sp_type_dict_keys || t == &sp_type_dict_items || sp_set_check(v);
}

static sp_val view_to_set(sp_val v)
{
    sp_val s = sp_set_new(&sp_type_set);
    if (!s || sp_set_update(s, v) < 0) return NULL;
    return s;
}

/* keys/items views act like sets: comparisons and & | - ^ produce / use sets. */
static sp_val view_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (kind_of_view(a) == KIND_VALUES || !is_setlike(b)) return sp_NotImplemented;
    sp_val x = view_to_set(a), y = x ? view_to_set(b) : NULL;
    if (!y) return NULL;
    return sp_compare(x, y, op);
}

static sp_val view_setop(sp_binop op, sp_val a, sp_val b)
{
    sp_type *ta = sp_typeof(a), *tb = sp_typeof(b);
    bool a_view = ta == &sp_type_dict_keys || ta == &sp_type_dict_items;
    bool b_view = tb == &sp_type_dict_keys || tb == &sp_type_dict_items;
    if (!a_view && !b_view) return sp_NotImplemented;
    sp_val x = sp_set_new(&sp_type_set);
    if (!x || sp_set_update(x, a) < 0) return NULL;
    sp_val y = sp_set_new(&sp_type_set);
    if (!y || sp_set_update(y, b) < 0) return NULL;
    return sp_binary_op(op, x, y);
}

static sp_val view_and(sp_val a, sp_val b)
{
    return view_setop(SP_OP_AND, a, b);
}
static sp_val view_or(sp_val a, sp_val b)
{
    return view_setop(SP_OP_OR, a, b);
}
static sp_val view_sub(sp_val a, sp_val b)
{
    return view_setop(SP_OP_SUB, a, b);
}
static sp_val view_xor(sp_val a, sp_val b)
{
    return view_setop(SP_OP_XOR, a, b);
}

static sp_val view_reversed(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(sp_typeof(self)->name, "__reversed__", kw) < 0 ||
        sp_ck_nargs(sp_typeof(self)->name, "__reversed__", nargs, 0, 0) < 0)
        return NULL;
    return dict_iter_new(VDICT(self), kind_of_view(self), true);
}

static sp_val view_isdisjoint(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "isdisjoint", kw) < 0 || sp_ck_nargs(TN, "isdisjoint", nargs, 1, 1) < 0)
        return NULL;
    sp_val it = sp_iter(args[0]);
    if (!it) return NULL;
    for (;;) {
        sp_val x = sp_next(it);
        if (!x) return sp_err_occurred() ? NULL : sp_True;
        int c = view_contains(self, x);
        if (c < 0) return NULL;
        if (c) return sp_False;
    }
}

static sp_val view_mapping(sp_val self)
{
    return VDICT(self); /* CPython returns a mappingproxy; the dict itself is close enough */
}

static const sp_method_def view_methods[] = {
    {"__reversed__", view_reversed, 0},
    {"isdisjoint", view_isdisjoint, 0},
    {NULL, NULL, 0},
};

static const sp_method_def values_methods[] = {
    {"__reversed__", view_reversed, 0},
    {NULL, NULL, 0},
};

static const sp_getset_def view_getsets[] = {
    {"mapping", view_mapping, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_dict_keys = {
    .name = "dict_keys",
    .basic_size = sizeof(dict_view),
    .trace = dict_view_trace,
    .repr = view_repr,
    .hash = sp_unhashable,
    .richcompare = view_richcompare,
    .iter = view_iter,
    .binop = {[SP_OP_AND] = view_and,
              [SP_OP_OR] = view_or,
              [SP_OP_SUB] = view_sub,
              [SP_OP_XOR] = view_xor},
    .len = view_len,
    .contains = view_contains,
};

sp_type sp_type_dict_items = {
    .name = "dict_items",
    .basic_size = sizeof(dict_view),
    .trace = dict_view_trace,
    .repr = view_repr,
    .hash = sp_unhashable,
    .richcompare = view_richcompare,
    .iter = view_iter,
    .binop = {[SP_OP_AND] = view_and,
              [SP_OP_OR] = view_or,
              [SP_OP_SUB] = view_sub,
              [SP_OP_XOR] = view_xor},
    .len = view_len,
    .contains = view_contains,
};

sp_type sp_type_dict_values = {
    .name = "dict_values",
    .basic_size = sizeof(dict_view),
    .trace = dict_view_trace,
    .repr = view_repr,
    .iter = view_iter,
    .len = view_len,
};

/* ---- methods
 * ------------------------------------------------------------------------------------------ */

static int no_args(const char *fname, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, fname, kw) < 0 || sp_ck_nargs(TN, fname, nargs, 0, 0) < 0) return -1;
    return 0;
}

static sp_val dict_keys_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return no_args("keys", nargs, kw) < 0 ? NULL : view_new(self, &sp_type_dict_keys);
}

static sp_val dict_values_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return no_args("values", nargs, kw) < 0 ? NULL : view_new(self, &sp_type_dict_values);
}

static sp_val dict_items_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return no_args("items", nargs, kw) < 0 ? NULL : view_new(self, &sp_type_dict_items);
}

static sp_val dict_get_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "get", kw) < 0 || sp_ck_nargs(TN, "get", nargs, 1, 2) < 0) return NULL;
    sp_val v = sp_dict_get_item(self, args[0]);
    if (v) return v;
    if (sp_err_occurred()) return NULL;
    return nargs > 1 ? args[1] : sp_None;
}

static sp_val dict_setdefault_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "setdefault", kw) < 0 || sp_ck_nargs(TN, "setdefault", nargs, 1, 2) < 0)
        return NULL;
    sp_val v = sp_dict_get_item(self, args[0]);
    if (v) return v;
    if (sp_err_occurred()) return NULL;
    v = nargs > 1 ? args[1] : sp_None;
    if (sp_dict_set(self, args[0], v) < 0) return NULL;
    return v;
}

static sp_val dict_pop_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "pop", kw) < 0 || sp_ck_nargs(TN, "pop", nargs, 1, 2) < 0) return NULL;
    return sp_dict_pop(self, args[0], nargs > 1 ? args[1] : NULL);
}

static sp_val dict_popitem_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (no_args("popitem", nargs, kw) < 0) return NULL;
    dict_impl *im = IMPL(self);
    if (D(self)->len == 0) return sp_err_set(&sp_exc_KeyError, "popitem(): dictionary is empty");
    size_t i = im->used;
    while (i > 0 && !im->entries[i - 1].key)
        i--;
    dict_entry e = im->entries[i - 1];
    sp_val t = sp_tuple_pack(2, e.key, e.value);
    if (!t) return NULL;
    if (sp_dict_del(self, e.key) < 0) return NULL;
    /* let later inserts reuse the tail (keeps popitem loops O(n)) */
    im = IMPL(self);
    while (im && im->used > 0 && !im->entries[im->used - 1].key)
        im->used--;
    return t;
}

/* Apply keyword arguments (kwnames + trailing values) to a dict. */
static int update_kwargs(sp_val d, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (!kwnames) return 0;
    sp_tuple *names = (sp_tuple *)kwnames;
    for (size_t i = 0; i < names->len; i++)
        if (sp_dict_set(d, names->items[i], args[nargs + i]) < 0) return -1;
    return 0;
}

static sp_val dict_update_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (nargs > 1)
        return sp_err_set(&sp_exc_TypeError, "update expected at most 1 argument, got %zu", nargs);
    if (nargs == 1 && sp_dict_merge(self, args[0], true) < 0) return NULL;
    if (update_kwargs(self, args, nargs, kw) < 0) return NULL;
    return sp_None;
}

static sp_val dict_clear_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (no_args("clear", nargs, kw) < 0) return NULL;
    sp_dict_clear(self);
    return sp_None;
}

static sp_val dict_copy_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (no_args("copy", nargs, kw) < 0) return NULL;
    return sp_dict_copy(self);
}

static sp_val dict_fromkeys_m(sp_val cls, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "fromkeys", kw) < 0 || sp_ck_nargs(TN, "fromkeys", nargs, 1, 2) < 0)
        return NULL;
    sp_val value = nargs > 1 ? args[1] : sp_None;
    sp_val d = sp_call0(cls);
    if (!d) return NULL;
    sp_val it = sp_iter(args[0]);
    if (!it) return NULL;
    bool exact = sp_typeof(d) == &sp_type_dict;
    for (;;) {
        sp_val k = sp_next(it);
        if (!k) return sp_err_occurred() ? NULL : d;
        if ((exact ? sp_dict_set(d, k, value) : sp_setitem(d, k, value)) < 0) return NULL;
    }
}

static sp_val dict_reversed_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (no_args("__reversed__", nargs, kw) < 0) return NULL;
    return dict_iter_new(self, KIND_KEYS, true);
}

static sp_val dict_contains_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "__contains__", kw) < 0 || sp_ck_nargs(TN, "__contains__", nargs, 1, 1) < 0)
        return NULL;
    int c = dict_contains(self, args[0]);
    return c < 0 ? NULL : sp_bool(c);
}

static sp_val dict_getitem_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "__getitem__", kw) < 0 || sp_ck_nargs(TN, "__getitem__", nargs, 1, 1) < 0)
        return NULL;
    return dict_getitem(self, args[0]);
}

static const sp_method_def dict_methods[] = {
    {"keys", dict_keys_m, 0},
    {"values", dict_values_m, 0},
    {"items", dict_items_m, 0},
    {"get", dict_get_m, 0},
    {"setdefault", dict_setdefault_m, 0},
    {"pop", dict_pop_m, 0},
    {"popitem", dict_popitem_m, 0},
    {"update", dict_update_m, 0},
    {"clear", dict_clear_m, 0},
    {"copy", dict_copy_m, 0},
    {"fromkeys", dict_fromkeys_m, SP_METH_CLASS},
    {"__reversed__", dict_reversed_m, 0},
    {"__contains__", dict_contains_m, 0},
    {"__getitem__", dict_getitem_m, 0},
    {"__class_getitem__", sp_class_getitem, SP_METH_CLASS},
    {NULL, NULL, 0},
};

static sp_val dict_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (type == &sp_type_dict) return sp_dict_new();
    size_t size = type->basic_size > sizeof(sp_dict) ? type->basic_size : sizeof(sp_dict);
    sp_val d = sp_gc_new(type, size);
    if (d) bump_version(d);
    return d;
}

static int dict_tp_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (nargs > 1) {
        sp_err_set(&sp_exc_TypeError, "dict expected at most 1 argument, got %zu", nargs);
        return -1;
    }
    if (nargs == 1 && sp_dict_merge(self, args[0], true) < 0) return -1;
    return update_kwargs(self, args, nargs, kwnames);
}

sp_type sp_type_dict = {
    .name = "dict",
    .flags = SP_TF_BASETYPE | SP_TF_DICT_SUB,
    .basic_size = sizeof(sp_dict),
    .trace = dict_trace,
    .finalize = dict_finalize,
    .tp_new = dict_tp_new,
    .tp_init = dict_tp_init,
    .repr = dict_repr,
    .hash = sp_unhashable,
    .richcompare = dict_richcompare,
    .truthy = dict_truthy,
    .iter = dict_iter_slot,
    .binop = {[SP_OP_OR] = dict_or},
    .inplace = {[SP_OP_OR] = dict_ior},
    .len = dict_len,
    .getitem = dict_getitem,
    .setitem = dict_setitem,
    .contains = dict_contains,
};

int sp_dict_init(void)
{
    if (sp_type_ready(&sp_type_dict, dict_methods, NULL) < 0 ||
        sp_type_ready(&sp_type_dict_keys, view_methods, view_getsets) < 0 ||
        sp_type_ready(&sp_type_dict_items, view_methods, view_getsets) < 0 ||
        sp_type_ready(&sp_type_dict_values, values_methods, view_getsets) < 0)
        return -1;
    sp_type *iters[] = {&sp_type_dict_keyiter,      &sp_type_dict_valueiter,
                        &sp_type_dict_itemiter,     &sp_type_dict_revkeyiter,
                        &sp_type_dict_revvalueiter, &sp_type_dict_revitemiter};
    for (size_t i = 0; i < sizeof iters / sizeof iters[0]; i++)
        if (sp_type_ready(iters[i], dict_iter_methods, NULL) < 0) return -1;
    return 0;
}

int sp_containers_init(void)
{
    if (sp_str_init() < 0 || sp_bytes_init() < 0 || sp_list_init() < 0 || sp_tuple_init() < 0 ||
        sp_dict_init() < 0 || sp_set_init() < 0 || sp_range_init() < 0 || sp_slice_init() < 0 ||
        sp_iter_init() < 0)
        return -1;
    return 0;
}
