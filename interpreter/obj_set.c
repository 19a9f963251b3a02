/*
 * obj_set.c — set and frozenset.
 *
 * Design overview
 * ---------------
 * The table follows CPython's setobject.c closely (open addressing; probe a short
 * linear run of LINEAR_PROBES slots, then jump with the perturbed recurrence; grow
 * when fill*5 >= mask*3; same resize sizes and merge strategy), so a set of ints
 * iterates — and prints — in the same order as in CPython. The table is a raw
 * buffer owned by the set. A deleted slot keeps a DUMMY key (hash -1) so probe
 * chains stay intact; `pop` resumes scanning at a "finger" as CPython does.
 *
 * Invariants (asserted in set_check)
 *  1. mask + 1 is a power of two >= 8 and table has mask + 1 entries (or table is
 *     NULL and mask is 7 for a set that never held anything).
 *  2. used <= fill <= mask; fill counts live + dummy slots.
 *  3. A frozenset is never modified after its constructor returns.
 */
#include <assert.h>
#include <string.h>

#include "gc.h"
#include "obj_dict.h"
#include "obj_iter.h"
#include "obj_str.h"

/* type name in argument-check messages ("str.upper() takes no arguments") */
#define TN (is_frozen(self) ? "frozenset" : "set")

#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5
#define MINSIZE 8

typedef struct set_entry {
    sp_val key; /* NULL: never used; DUMMY: deleted */
    int64_t hash;
} set_entry;

typedef struct sp_set {
    sp_object ob;
    size_t fill, used, mask, finger;
    set_entry *table; /* raw buffer of mask+1 entries, NULL until first insert */
    int64_t hash;     /* frozenset: cached hash or -1 */
} sp_set;

#define SET(v) ((sp_set *)(v))

static sp_object dummy_obj;
#define DUMMY (&dummy_obj)

static bool is_live(const set_entry *e)
{
    return e->key != NULL && e->key != DUMMY;
}

static void set_check(sp_set *s)
{
    assert(s->used <= s->fill);
    assert(((s->mask + 1) & s->mask) == 0);
    (void)s;
}

bool sp_set_check(sp_val v)
{
    return !sp_is_small(v) &&
           (sp_isinstance(v, &sp_type_set) || sp_isinstance(v, &sp_type_frozenset));
}

static bool is_frozen(sp_val v)
{
    return sp_isinstance(v, &sp_type_frozenset);
}

/* ---- storage ----------------------------------------------------------------------------- */

static void set_trace(sp_val v)
{
    sp_set *s = SET(v);
    if (!s->table) return;
    for (size_t i = 0; i <= s->mask; i++)
        if (is_live(&s->table[i])) sp_gc_mark(s->table[i].key);
}

static void set_finalize(sp_val v)
{
    sp_set *s = SET(v);
    if (s->table) sp_mem_free(s->table, (s->mask + 1) * sizeof(set_entry));
    s->table = NULL;
}

static sp_set *set_alloc(sp_type *type)
{
    size_t size = type->basic_size > sizeof(sp_set) ? type->basic_size : sizeof(sp_set);
    sp_set *s = sp_gc_new(type, size);
    if (!s) return NULL;
    s->mask = MINSIZE - 1;
    s->hash = -1;
    return s;
}

sp_val sp_set_new(sp_type *type)
{
    return (sp_val)set_alloc(type);
}

static int ensure_table(sp_set *s)
{
    if (s->table) return 0;
    s->table = sp_mem_calloc(s->mask + 1, sizeof(set_entry));
    return s->table ? 0 : -1;
}

static void insert_clean(set_entry *table, size_t mask, sp_val key, int64_t hash)
{
    size_t perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        set_entry *e = &table[i];
        if (!e->key) goto found;
        if (i + LINEAR_PROBES <= mask) {
            for (int j = 0; j < LINEAR_PROBES; j++) {
                e++;
                if (!e->key) goto found;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
        continue;
    found:
        e->key = key;
        e->hash = hash;
        return;
    }
}

static int table_resize(sp_set *s, size_t minused)
{
    size_t newsize = MINSIZE;
    while (newsize <= minused)
        newsize <<= 1;
    set_entry *nt = sp_mem_calloc(newsize, sizeof(set_entry));
    if (!nt) return -1;
    set_entry *old = s->table;
    size_t oldsize = s->mask + 1;
    if (old) {
        for (size_t i = 0; i < oldsize; i++)
            if (is_live(&old[i])) insert_clean(nt, newsize - 1, old[i].key, old[i].hash);
        sp_mem_free(old, oldsize * sizeof(set_entry));
    }
    s->table = nt;
    s->mask = newsize - 1;
    s->fill = s->used;
    return 0;
}

/* small ints below this in magnitude hash to themselves (CPython: modulus 2**61 - 1) */

/* Find the live entry for key: returns it, NULL if absent (*err false) or on error. */
static set_entry *find_entry(sp_set *s, sp_val key, int64_t hash, bool *err)
{
    *err = false;
restart:
    if (!s->table) return NULL;
    set_entry *table = s->table;
    size_t mask = s->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        set_entry *e = &table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (!e->key) return NULL;
            if (e->hash == hash && e->key != DUMMY) {
                sp_val start = e->key;
                if (start == key) return e;
                if (!sp_is_small(start) && !sp_is_small(key) && start->type == &sp_type_str &&
                    key->type == &sp_type_str) {
                    if (sp_str_eq(start, key)) return e;
                } else {
                    int eq = sp_eq(start, key);
                    if (eq < 0) {
                        *err = true;
                        return NULL;
                    }
                    if (s->table != table || s->mask != mask || e->key != start) goto restart;
                    if (eq) return e;
                }
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Add; returns 1 if added, 0 if present, -1 on error. */
static int add_entry(sp_set *s, sp_val key, int64_t hash)
{
    if (ensure_table(s) < 0) return -1;
restart:;
    set_entry *table = s->table, *freeslot = NULL;
    size_t mask = s->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    set_entry *e;
    for (;;) {
        e = &table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (!e->key) goto found_unused;
            if (e->key == DUMMY) {
                if (!freeslot) freeslot = e;
            } else if (e->hash == hash) {
                sp_val start = e->key;
                if (start == key) return 0;
                if (!sp_is_small(start) && !sp_is_small(key) && start->type == &sp_type_str &&
                    key->type == &sp_type_str) {
                    if (sp_str_eq(start, key)) return 0;
                } else {
                    int eq = sp_eq(start, key);
                    if (eq < 0) return -1;
                    if (s->table != table || s->mask != mask || e->key != start) goto restart;
                    if (eq) return 0;
                }
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused:
    if (freeslot) {
        freeslot->key = key;
        freeslot->hash = hash;
        s->used++;
        return 1;
    }
    e->key = key;
    e->hash = hash;
    s->fill++;
    s->used++;
    if (s->fill * 5 < mask * 3) return 1;
    if (table_resize(s, s->used > 50000 ? s->used * 2 : s->used * 4) < 0) return -1;
    set_check(s);
    return 1;
}

int sp_set_add(sp_val sv, sp_val key)
{
    int64_t h;
    if (sp_dict_key_hash(key, &h) < 0) return -1;
    return add_entry(SET(sv), key, h) < 0 ? -1 : 0;
}

/* Hashes a key for `in` / discard(). A set key is unhashable (`[] in set` still
 * raises), but CPython looks it up as the equal frozenset: *key is then replaced
 * by that frozenset. Returns 0, or -1 with an exception set. */
static int lookup_key_hash(sp_val *key, int64_t *h)
{
    if (sp_dict_key_hash(*key, h) >= 0) return 0;
    if (!sp_err_matches(&sp_exc_TypeError) || sp_is_small(*key) ||
        !sp_isinstance(*key, &sp_type_set))
        return -1;
    sp_err_clear();
    sp_val f = sp_set_new(&sp_type_frozenset);
    if (!f || sp_set_update(f, *key) < 0) return -1;
    *key = f;
    return sp_dict_key_hash(f, h);
}

int sp_set_contains(sp_val sv, sp_val key)
{
    int64_t h;
    if (lookup_key_hash(&key, &h) < 0) return -1;
    bool err;
    set_entry *e = find_entry(SET(sv), key, h, &err);
    return err ? -1 : e != NULL;
}

int sp_set_discard(sp_val sv, sp_val key)
{
    int64_t h;
    if (lookup_key_hash(&key, &h) < 0) return -1;
    bool err;
    set_entry *e = find_entry(SET(sv), key, h, &err);
    if (err) return -1;
    if (!e) return 0;
    e->key = DUMMY;
    e->hash = -1;
    SET(sv)->used--;
    return 1;
}

int64_t sp_set_size(sp_val s)
{
    return (int64_t)SET(s)->used;
}

bool sp_set_next(sp_val sv, size_t *pos, sp_val *key)
{
    sp_set *s = SET(sv);
    if (!s->table) return false;
    while (*pos <= s->mask) {
        set_entry *e = &s->table[(*pos)++];
        if (is_live(e)) {
            *key = e->key;
            return true;
        }
    }
    return false;
}

/* Merge another set's entries (CPython's set_merge). */
static int merge_set(sp_set *s, sp_set *o)
{
    if (o->used == 0 || s == o) return 0;
    if ((s->fill + o->used) * 5 >= s->mask * 3) {
        if (ensure_table(s) < 0 || table_resize(s, (s->used + o->used) * 2) < 0) return -1;
    }
    if (ensure_table(s) < 0) return -1;
    if (s->fill == 0 && s->mask == o->mask && o->fill == o->used) {
        for (size_t i = 0; i <= o->mask; i++)
            if (is_live(&o->table[i])) {
                s->table[i] = o->table[i];
            }
        s->fill = s->used = o->used;
        return 0;
    }
    if (s->fill == 0) {
        for (size_t i = 0; i <= o->mask; i++)
            if (is_live(&o->table[i]))
                insert_clean(s->table, s->mask, o->table[i].key, o->table[i].hash);
        s->fill = s->used = o->used;
        return 0;
    }
    for (size_t i = 0; i <= o->mask; i++) {
        set_entry e = o->table[i];
        if (is_live(&e) && add_entry(s, e.key, e.hash) < 0) return -1;
    }
    return 0;
}

int sp_set_update(sp_val sv, sp_val iterable)
{
    sp_set *s = SET(sv);
    if (!sp_is_small(iterable) && sp_set_check(iterable)) return merge_set(s, SET(iterable));
    if (sp_typeof(iterable) == &sp_type_dict) {
        size_t pos = 0;
        sp_val k;
        int64_t n = sp_len(iterable);
        if ((s->fill + (size_t)n) * 5 >= s->mask * 3) {
            if (ensure_table(s) < 0 || table_resize(s, (s->used + (size_t)n) * 2) < 0) return -1;
        }
        while (sp_dict_next(iterable, &pos, &k, NULL))
            if (sp_set_add(sv, k) < 0) return -1;
        return 0;
    }
    sp_val it = sp_iter(iterable);
    if (!it) return -1;
    for (;;) {
        sp_val k = sp_next(it);
        if (!k) return sp_err_occurred() ? -1 : 0;
        if (sp_set_add(sv, k) < 0) return -1;
    }
}

static void set_clear(sp_val s)
{
    set_finalize(s);
    SET(s)->used = SET(s)->fill = SET(s)->finger = 0;
    SET(s)->mask = MINSIZE - 1;
}

static sp_val set_copy_as(sp_type *type, sp_val src)
{
    sp_val r = sp_set_new(type);
    if (!r || sp_set_update(r, src) < 0) return NULL;
    return r;
}

/* The result type of a set operation on `a`: set or frozenset (subclasses drop to base). */
static sp_type *result_type(sp_val a)
{
    return is_frozen(a) ? &sp_type_frozenset : &sp_type_set;
}

/* ---- algebra ------------------------------------------------------------------------------ */

static sp_val as_set(sp_val other)
{
    if (!sp_is_small(other) && sp_set_check(other)) return other;
    return set_copy_as(&sp_type_set, other);
}

static sp_val set_intersection2(sp_val a, sp_val b)
{
    sp_val r = sp_set_new(result_type(a));
    if (!r) return NULL;
    if (sp_is_small(b) || !sp_set_check(b)) {
        sp_val it = sp_iter(b);
        if (!it) return NULL;
        for (;;) {
            sp_val k = sp_next(it);
            if (!k) return sp_err_occurred() ? NULL : r;
            int c = sp_set_contains(a, k);
            if (c < 0 || (c && sp_set_add(r, k) < 0)) return NULL;
        }
    }
    /* iterate the smaller set, the argument on a tie (CPython's order) */
    sp_val small = b, big = a;
    if (SET(b)->used > SET(a)->used) {
        small = a;
        big = b;
    }
    size_t pos = 0;
    sp_val k;
    while (sp_set_next(small, &pos, &k)) {
        int c = sp_set_contains(big, k);
        if (c < 0 || (c && sp_set_add(r, k) < 0)) return NULL;
    }
    return r;
}

/* Discard every element of `other` from s in place (difference_update). */
static int discard_all(sp_val s, sp_val other)
{
    if (other == s) {
        set_clear(s);
        return 0;
    }
    if (!sp_is_small(other) && sp_set_check(other)) {
        size_t pos = 0;
        sp_val k;
        while (sp_set_next(other, &pos, &k))
            if (sp_set_discard(s, k) < 0) return -1;
    } else {
        sp_val it = sp_iter(other);
        if (!it) return -1;
        for (;;) {
            sp_val k = sp_next(it);
            if (!k) {
                if (sp_err_occurred()) return -1;
                break;
            }
            if (sp_set_discard(s, k) < 0) return -1;
        }
    }
    /* like CPython, squeeze the dummies out when more than a quarter are dummies */
    sp_set *t = SET(s);
    if (!t->table || t->fill - t->used <= t->mask / 4) return 0;
    return table_resize(t, t->used > 50000 ? t->used * 2 : t->used * 4);
}

static sp_val set_difference2(sp_val a, sp_val b)
{
    /* CPython's set_difference: copy-and-discard unless `a` is not much bigger */
    bool b_sized = !sp_is_small(b) && (sp_set_check(b) || sp_typeof(b) == &sp_type_dict);
    if (!b_sized || (SET(a)->used >> 2) > (size_t)sp_len(b)) {
        sp_val r = sp_set_new(result_type(a));
        if (!r || sp_set_update(r, a) < 0 || discard_all(r, b) < 0) return NULL;
        return r;
    }
    sp_val o = b;
    sp_val r = sp_set_new(result_type(a));
    if (!r) return NULL;
    size_t pos = 0;
    sp_val k;
    while (sp_set_next(a, &pos, &k)) {
        int c = sp_set_contains(o, k);
        if (c < 0 || (!c && sp_set_add(r, k) < 0)) return NULL;
    }
    return r;
}

static int symmetric_update(sp_val s, sp_val other)
{
    sp_val o = as_set(other);
    if (!o) return -1;
    if (o == s) {
        set_clear(s);
        return 0;
    }
    size_t pos = 0;
    sp_val k;
    while (sp_set_next(o, &pos, &k)) {
        int d = sp_set_discard(s, k);
        if (d < 0 || (d == 0 && sp_set_add(s, k) < 0)) return -1;
    }
    return 0;
}

static int is_subset(sp_val a, sp_val b)
{
    if (SET(a)->used > SET(b)->used) return 0;
    size_t pos = 0;
    sp_val k;
    while (sp_set_next(a, &pos, &k)) {
        int c = sp_set_contains(b, k);
        if (c <= 0) return c;
    }
    return 1;
}

/* ---- slots ------------------------------------------------------------------------------------
 */

static sp_val set_repr(sp_val v)
{
    sp_set *s = SET(v);
    const char *name = sp_typeof(v)->name;
    bool exact_set = sp_typeof(v) == &sp_type_set;
    if (s->used == 0) return sp_str_format("%s()", name);
    int rc = sp_repr_enter(v);
    if (rc) return rc > 0 ? sp_str_format("%s(...)", name) : NULL;
    sp_buf b;
    sp_buf_init(&b);
    sp_val result = NULL;
    if (!exact_set && (sp_buf_append_cstr(&b, name) < 0 || sp_buf_append_char(&b, '(') < 0))
        goto done;
    if (sp_buf_append_char(&b, '{') < 0) goto done;
    size_t pos = 0;
    sp_val k;
    bool first = true;
    while (sp_set_next(v, &pos, &k)) {
        if (!first && sp_buf_append(&b, ", ", 2) < 0) goto done;
        first = false;
        sp_val r = sp_repr(k);
        if (!r || sp_buf_append_val_str(&b, r) < 0) goto done;
    }
    if (sp_buf_append_char(&b, '}') < 0 || (!exact_set && sp_buf_append_char(&b, ')') < 0))
        goto done;
    result = sp_buf_to_str(&b);
done:
    sp_repr_leave(v);
    if (!result) sp_buf_free(&b);
    return result;
}

static int frozenset_hash(sp_val v, int64_t *out)
{
    sp_set *s = SET(v);
    if (s->hash != -1) {
        *out = s->hash;
        return 0;
    }
    uint64_t h = 0;
    for (size_t i = 0; s->table && i <= s->mask; i++) {
        if (!is_live(&s->table[i])) continue;
        uint64_t x = (uint64_t)s->table[i].hash;
        h ^= ((x ^ 89869747ull) ^ (x << 16)) * 3644798167ull;
    }
    h ^= ((uint64_t)s->used + 1) * 1927868237ull;
    h ^= (h >> 11) ^ (h >> 25);
    h = h * 69069u + 907133923ull;
    if (h == (uint64_t)-1) h = 590923713ull;
    s->hash = (int64_t)h;
    *out = s->hash;
    return 0;
}

static sp_val set_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (!sp_set_check(a) || sp_is_small(b) || !sp_set_check(b)) return sp_NotImplemented;
    size_t la = SET(a)->used, lb = SET(b)->used;
    int r;
    switch (op) {
    case SP_CMP_EQ:
    case SP_CMP_NE:
        r = la == lb ? is_subset(a, b) : 0;
        if (r < 0) return NULL;
        return sp_bool(op == SP_CMP_EQ ? r : !r);
    case SP_CMP_LE:
        r = is_subset(a, b);
        break;
    case SP_CMP_GE:
        r = is_subset(b, a);
        break;
    case SP_CMP_LT:
        r = la < lb ? is_subset(a, b) : 0;
        break;
    default:
        r = lb < la ? is_subset(b, a) : 0;
        break;
    }
    return r < 0 ? NULL : sp_bool(r);
}

static int set_truthy(sp_val v)
{
    return SET(v)->used != 0;
}

static int64_t set_len(sp_val v)
{
    return (int64_t)SET(v)->used;
}

static int set_contains_slot(sp_val v, sp_val key)
{
    return sp_set_contains(v, key);
}

static bool both_sets(sp_val a, sp_val b)
{
    return !sp_is_small(a) && !sp_is_small(b) && sp_set_check(a) && sp_set_check(b);
}

static sp_val set_or(sp_val a, sp_val b)
{
    if (!both_sets(a, b)) return sp_NotImplemented;
    sp_val r = set_copy_as(result_type(a), a);
    if (!r || sp_set_update(r, b) < 0) return NULL;
    return r;
}

static sp_val set_and(sp_val a, sp_val b)
{
    return both_sets(a, b) ? set_intersection2(a, b) : sp_NotImplemented;
}

static sp_val set_sub(sp_val a, sp_val b)
{
    return both_sets(a, b) ? set_difference2(a, b) : sp_NotImplemented;
}

static sp_val set_xor(sp_val a, sp_val b)
{
    if (!both_sets(a, b)) return sp_NotImplemented;
    /* CPython starts from a copy of the right operand */
    sp_val r = set_copy_as(result_type(a), b);
    if (!r || symmetric_update(r, a) < 0) return NULL;
    return r;
}

/* Replace the contents of `s` with those of `src` (a fresh set). */
static void set_take(sp_val s, sp_val src)
{
    set_finalize(s);
    *SET(s) = (sp_set){
        SET(s)->ob, SET(src)->fill, SET(src)->used, SET(src)->mask, 0, SET(src)->table, -1};
    SET(src)->table = NULL;
    SET(src)->used = SET(src)->fill = 0;
    SET(src)->mask = MINSIZE - 1;
}

static sp_val set_ior(sp_val a, sp_val b)
{
    if (!both_sets(a, b) || is_frozen(a)) return sp_NotImplemented;
    return sp_set_update(a, b) < 0 ? NULL : a;
}

static sp_val set_iand(sp_val a, sp_val b)
{
    if (!both_sets(a, b) || is_frozen(a)) return sp_NotImplemented;
    sp_val r = set_intersection2(a, b);
    if (!r) return NULL;
    set_take(a, r);
    return a;
}

static sp_val set_isub(sp_val a, sp_val b)
{
    if (!both_sets(a, b) || is_frozen(a)) return sp_NotImplemented;
    return discard_all(a, b) < 0 ? NULL : a;
}

static sp_val set_ixor(sp_val a, sp_val b)
{
    if (!both_sets(a, b) || is_frozen(a)) return sp_NotImplemented;
    return symmetric_update(a, b) < 0 ? NULL : a;
}

/* ---- iterator ----------------------------------------------------------------------------------
 */

typedef struct set_iter {
    sp_object ob;
    sp_val set; /* NULL once exhausted */
    size_t pos;
    size_t used; /* size at creation */
} set_iter;

static sp_type sp_type_set_iter;

static void set_iter_trace(sp_val v)
{
    sp_gc_mark(((set_iter *)v)->set);
}

static sp_val iter_self(sp_val v)
{
    return v;
}

static sp_val set_iter_next(sp_val v)
{
    set_iter *it = (set_iter *)v;
    if (!it->set) return NULL;
    if (SET(it->set)->used != it->used) {
        it->used = (size_t)-1;
        return sp_err_set(&sp_exc_RuntimeError, "Set changed size during iteration");
    }
    sp_val k;
    if (sp_set_next(it->set, &it->pos, &k)) return k;
    it->set = NULL;
    return NULL;
}

static sp_val set_iter_length_hint(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    set_iter *it = (set_iter *)self;
    if (!it->set || SET(it->set)->used != it->used) return sp_small(0);
    int64_t n = 0;
    sp_set *s = SET(it->set);
    for (size_t i = it->pos; s->table && i <= s->mask; i++)
        n += is_live(&s->table[i]);
    return sp_small(n);
}

static const sp_method_def set_iter_methods[] = {
    {"__length_hint__", set_iter_length_hint, 0},
    {NULL, NULL, 0},
};

static sp_type sp_type_set_iter = {
    .name = "set_iterator",
    .basic_size = sizeof(set_iter),
    .trace = set_iter_trace,
    .iter = iter_self,
    .iternext = set_iter_next,
};

static sp_val set_iter_slot(sp_val v)
{
    set_iter *it = sp_gc_new(&sp_type_set_iter, sizeof(set_iter));
    if (!it) return NULL;
    it->set = v;
    it->used = SET(v)->used;
    return (sp_val)it;
}

/* ---- methods ------------------------------------------------------------------------------------
 */

static int no_args(sp_val self, const char *fname, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, fname, kw) < 0 || sp_ck_nargs(TN, fname, nargs, 0, 0) < 0) return -1;
    return 0;
}

static int one_arg(sp_val self, const char *fname, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, fname, kw) < 0 || sp_ck_nargs(TN, fname, nargs, 1, 1) < 0) return -1;
    return 0;
}

static sp_val set_add_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (one_arg(self, "add", nargs, kw) < 0 || sp_set_add(self, args[0]) < 0) return NULL;
    return sp_None;
}

static sp_val set_remove_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (one_arg(self, "remove", nargs, kw) < 0) return NULL;
    int r = sp_set_discard(self, args[0]);
    if (r < 0) return NULL;
    if (r == 0) {
        sp_val key = args[0];
        sp_val exc = sp_exc_new(&sp_exc_KeyError, &key, 1);
        return exc ? sp_err_set_value(exc) : NULL;
    }
    return sp_None;
}

static sp_val set_discard_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (one_arg(self, "discard", nargs, kw) < 0 || sp_set_discard(self, args[0]) < 0) return NULL;
    return sp_None;
}

static sp_val set_pop_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (no_args(self, "pop", nargs, kw) < 0) return NULL;
    sp_set *s = SET(self);
    if (s->used == 0) return sp_err_set(&sp_exc_KeyError, "pop from an empty set");
    size_t i = s->finger & s->mask;
    while (!is_live(&s->table[i]))
        i = (i + 1) & s->mask;
    sp_val key = s->table[i].key;
    s->table[i].key = DUMMY;
    s->table[i].hash = -1;
    s->used--;
    s->finger = i + 1;
    return key;
}

static sp_val set_clear_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (no_args(self, "clear", nargs, kw) < 0) return NULL;
    set_clear(self);
    return sp_None;
}

static sp_val set_copy_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (no_args(self, "copy", nargs, kw) < 0) return NULL;
    if (sp_typeof(self) == &sp_type_frozenset) return self;
    return set_copy_as(result_type(self), self);
}

static sp_val set_update_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "update", kw) < 0) return NULL;
    for (size_t i = 0; i < nargs; i++)
        if (sp_set_update(self, args[i]) < 0) return NULL;
    return sp_None;
}

static sp_val set_union_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "union", kw) < 0) return NULL;
    sp_val r = set_copy_as(result_type(self), self);
    for (size_t i = 0; r && i < nargs; i++)
        if (sp_set_update(r, args[i]) < 0) return NULL;
    return r;
}

static sp_val set_intersection_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "intersection", kw) < 0) return NULL;
    sp_val r = self;
    if (nargs == 0) return set_copy_as(result_type(self), self);
    for (size_t i = 0; r && i < nargs; i++)
        r = set_intersection2(r, args[i]);
    return r;
}

static sp_val set_intersection_update_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "intersection_update", kw) < 0) return NULL;
    sp_val r = set_intersection_m(self, args, nargs, NULL);
    if (!r) return NULL;
    if (r != self) set_take(self, r);
    return sp_None;
}

static sp_val set_difference_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "difference", kw) < 0) return NULL;
    if (nargs == 0) return set_copy_as(result_type(self), self);
    sp_val r = self;
    for (size_t i = 0; r && i < nargs; i++)
        r = set_difference2(r, args[i]);
    return r;
}

static sp_val set_difference_update_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "difference_update", kw) < 0) return NULL;
    for (size_t i = 0; i < nargs; i++)
        if (discard_all(self, args[i]) < 0) return NULL;
    return sp_None;
}

static sp_val set_symmetric_difference_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (one_arg(self, "symmetric_difference", nargs, kw) < 0) return NULL;
    sp_val r = set_copy_as(result_type(self), args[0]);
    if (!r || symmetric_update(r, self) < 0) return NULL;
    return r;
}

static sp_val set_symmetric_difference_update_m(sp_val self, sp_val const *args, size_t nargs,
                                                sp_val kw)
{
    if (one_arg(self, "symmetric_difference_update", nargs, kw) < 0 ||
        symmetric_update(self, args[0]) < 0)
        return NULL;
    return sp_None;
}

static sp_val set_issubset_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (one_arg(self, "issubset", nargs, kw) < 0) return NULL;
    sp_val o = as_set(args[0]);
    if (!o) return NULL;
    int r = is_subset(self, o);
    return r < 0 ? NULL : sp_bool(r);
}

static sp_val set_issuperset_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (one_arg(self, "issuperset", nargs, kw) < 0) return NULL;
    sp_val o = as_set(args[0]);
    if (!o) return NULL;
    int r = is_subset(o, self);
    return r < 0 ? NULL : sp_bool(r);
}

static sp_val set_isdisjoint_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (one_arg(self, "isdisjoint", nargs, kw) < 0) return NULL;
    sp_val it = sp_iter(args[0]);
    if (!it) return NULL;
    for (;;) {
        sp_val k = sp_next(it);
        if (!k) return sp_err_occurred() ? NULL : sp_True;
        int c = sp_set_contains(self, k);
        if (c < 0) return NULL;
        if (c) return sp_False;
    }
}

static sp_val set_contains_m(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (one_arg(self, "__contains__", nargs, kw) < 0) return NULL;
    int c = sp_set_contains(self, args[0]);
    return c < 0 ? NULL : sp_bool(c);
}

static const sp_method_def set_methods[] = {
    {"add", set_add_m, 0},
    {"remove", set_remove_m, 0},
    {"discard", set_discard_m, 0},
    {"pop", set_pop_m, 0},
    {"clear", set_clear_m, 0},
    {"copy", set_copy_m, 0},
    {"update", set_update_m, 0},
    {"union", set_union_m, 0},
    {"intersection", set_intersection_m, 0},
    {"intersection_update", set_intersection_update_m, 0},
    {"difference", set_difference_m, 0},
    {"difference_update", set_difference_update_m, 0},
    {"symmetric_difference", set_symmetric_difference_m, 0},
    {"symmetric_difference_update", set_symmetric_difference_update_m, 0},
    {"issubset", set_issubset_m, 0},
    {"issuperset", set_issuperset_m, 0},
    {"isdisjoint", set_isdisjoint_m, 0},
    {"__contains__", set_contains_m, 0},
    {"__class_getitem__", sp_class_getitem, SP_METH_CLASS},
    {NULL, NULL, 0},
};

static const sp_method_def frozenset_methods[] = {
    {"copy", set_copy_m, 0},
    {"union", set_union_m, 0},
    {"intersection", set_intersection_m, 0},
    {"difference", set_difference_m, 0},
    {"symmetric_difference", set_symmetric_difference_m, 0},
    {"issubset", set_issubset_m, 0},
    {"issuperset", set_issuperset_m, 0},
    {"isdisjoint", set_isdisjoint_m, 0},
    {"__contains__", set_contains_m, 0},
    {"__class_getitem__", sp_class_getitem, SP_METH_CLASS},
    {NULL, NULL, 0},
};

static sp_val set_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return (sp_val)set_alloc(type);
}

static int set_tp_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("set", kwnames) < 0) return -1;
    if (nargs > 1) {
        sp_err_set(&sp_exc_TypeError, "set expected at most 1 argument, got %zu", nargs);
        return -1;
    }
    set_clear(self);
    return nargs ? sp_set_update(self, args[0]) : 0;
}

static sp_val frozenset_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("frozenset", kwnames) < 0) return NULL;
    if (nargs > 1)
        return sp_err_set(&sp_exc_TypeError, "frozenset expected at most 1 argument, got %zu",
                          nargs);
    if (nargs == 1 && type == &sp_type_frozenset && sp_typeof(args[0]) == &sp_type_frozenset)
        return args[0];
    sp_val s = (sp_val)set_alloc(type);
    if (!s || (nargs && sp_set_update(s, args[0]) < 0)) return NULL;
    return s;
}

sp_type sp_type_set = {
    .name = "set",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(sp_set),
    .trace = set_trace,
    .finalize = set_finalize,
    .tp_new = set_tp_new,
    .tp_init = set_tp_init,
    .repr = set_repr,
    .hash = sp_unhashable,
    .richcompare = set_richcompare,
    .truthy = set_truthy,
    .iter = set_iter_slot,
    .binop =
        {[SP_OP_OR] = set_or, [SP_OP_AND] = set_and, [SP_OP_SUB] = set_sub, [SP_OP_XOR] = set_xor},
    .inplace = {[SP_OP_OR] = set_ior,
                [SP_OP_AND] = set_iand,
                [SP_OP_SUB] = set_isub,
                [SP_OP_XOR] = set_ixor},
    .len = set_len,
    .contains = set_contains_slot,
};

sp_type sp_type_frozenset = {
    .name = "frozenset",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(sp_set),
    .trace = set_trace,
    .finalize = set_finalize,
    .tp_new = frozenset_tp_new,
    .repr = set_repr,
    .hash = frozenset_hash,
    .richcompare = set_richcompare,
    .truthy = set_truthy,
    .iter = set_iter_slot,
    .binop =
        {[SP_OP_OR] = set_or, [SP_OP_AND] = set_and, [SP_OP_SUB] = set_sub, [SP_OP_XOR] = set_xor},
    .len = set_len,
    .contains = set_contains_slot,
};

int sp_set_init(void)
{
    dummy_obj.type = &sp_type_object;
    sp_gc_make_static(&dummy_obj);
    if (sp_type_ready(&sp_type_set, set_methods, NULL) < 0 ||
        sp_type_ready(&sp_type_frozenset, frozenset_methods, NULL) < 0 ||
        sp_type_ready(&sp_type_set_iter, set_iter_methods, NULL) < 0)
        return -1;
    return 0;
}
