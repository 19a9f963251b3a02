/*
 * obj_str.c — the str type: UTF-8 storage, interning, indexing, the str methods,
 * str.format and printf-style % formatting; also the sp_buf string builder.
 *
 * Design overview
 * ---------------
 * A str is one allocation: header, cached hash, code-point length, byte size and the
 * NUL-terminated UTF-8 data. ASCII strings (flag SP_STR_ASCII) index in O(1). A
 * non-ASCII string longer than SP_STR_BLOCK code points carries after its NUL a
 * table giving the byte offset of every SP_STR_BLOCK-th code point (built once, at
 * creation), so s[i] walks at most SP_STR_BLOCK-1 characters. Since UTF-8 byte
 * order equals code-point order, comparisons are memcmp.
 *
 * format(str, spec) and the numeric conversions of printf-style formatting are
 * delegated to format_spec.c (sp_format_str, sp_pct_format_number); this file
 * parses the templates (str.format, %) and handles the text conversions.
 *
 * The empty string and the 128 one-character ASCII strings are static objects
 * shared by every run; all other strings live in the collected heap. Interned
 * strings sit in one open-addressing table (raw memory) whose entries are marked by
 * a registered tracer, so they live for the whole run.
 *
 * Invariants (the O(1) parts are asserted in str_check)
 *  1. data[size] == '\0' and data holds exactly `len` code points of valid UTF-8.
 *  2. SP_STR_ASCII is set iff size == len.
 *  3. hash is -1 or the value str_hash_bytes(data, size) (never -1 itself).
 *  4. A non-ASCII string with len > SP_STR_BLOCK has its block table right after the
 *     NUL, aligned to 4 bytes: entry k is the byte offset of code point k*SP_STR_BLOCK.
 */
#define _GNU_SOURCE /* memmem */
#include "obj_str.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format_spec.h"
#include "obj_dict.h"
#include "gc.h"
#include "unicode_data.h"

/* type name in argument-check messages ("str.upper() takes no arguments") */
#define TN "str"

#define S(v) ((sp_str *)(v))
#define ISASCII(s) ((s)->ob.aux & SP_STR_ASCII)

/* ---- UTF-8 -------------------------------------------------------------------------- */

uint32_t sp_utf8_decode(const char **pp)
{
    const unsigned char *p = (const unsigned char *)*pp;
    uint32_t c = p[0];
    if (c < 0x80) {
        *pp += 1;
        return c;
    }
    if (c < 0xE0) {
        *pp += 2;
        return ((c & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if (c < 0xF0) {
        *pp += 3;
        return ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
    *pp += 4;
    return ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

size_t sp_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length in bytes of the valid UTF-8 sequence at s[i..n), or 0 if invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t i, size_t n)
{
    unsigned c = s[i];
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return (i + 1 < n && (s[i + 1] & 0xC0) == 0x80) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (i + 2 >= n || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[i + 1] < 0xA0) return 0;
        if (c == 0xED && s[i + 1] >= 0xA0) /* surrogates */
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (i + 3 >= n || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
            (s[i + 3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[i + 1] < 0x90) return 0;
        if (c == 0xF4 && s[i + 1] >= 0x90) return 0;
        return 4;
    }
    return 0;
}

size_t sp_utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_seq_len(u, i, n);
        if (!k) break;
        i += k;
    }
    return i;
}

/* ---- sp_buf ------------------------------------------------------------------------- */

void sp_buf_init(sp_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

int sp_buf_grow(sp_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return 0;
    if (extra > ((size_t)1 << 48)) return sp_err_no_memory(), -1;
    size_t ncap = b->cap ? b->cap * 2 : 64;
    while (ncap < b->len + extra + 1)
        ncap *= 2;
    char *nd = sp_mem_realloc(b->data, b->cap, ncap);
    if (!nd) return -1;
    b->data = nd;
    b->cap = ncap;
    return 0;
}

int sp_buf_append_cstr(sp_buf *b, const char *s)
{
    return sp_buf_append(b, s, strlen(s));
}

int sp_buf_append_val_str(sp_buf *b, sp_val s)
{
    return sp_buf_append(b, S(s)->data, S(s)->size);
}

int sp_buf_append_cp(sp_buf *b, uint32_t cp)
{
    char tmp[4];
    return sp_buf_append(b, tmp, sp_utf8_encode(cp, tmp));
}

static sp_val make_str(const char *p, size_t n);

sp_val sp_buf_to_str(sp_buf *b)
{
    sp_val r = make_str(b->data ? b->data : "", b->len);
    sp_buf_free(b);
    return r;
}

void sp_buf_free(sp_buf *b)
{
    if (b->data) sp_mem_free(b->data, b->cap);
    sp_buf_init(b);
}

/* ---- allocation ----------------------------------------------------------------------- */

/* Layout-compatible with sp_str, with room for a one-byte string. */
typedef struct static_str {
    sp_object ob;
    int64_t hash;
    size_t len;
    size_t size;
    char data[8];
} static_str;

static static_str empty_str;
static static_str ascii_chars[128];
static bool statics_ready;

static int64_t str_hash_bytes(const char *p, size_t n)
{
    /* FNV-1a, finished with a 64-bit mixer so short keys spread over the table. */
    if (n == 0) return 0; /* as CPython */
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    int64_t r = (int64_t)h;
    return r == -1 ? -2 : r;
}

static void setup_statics(void)
{
    if (statics_ready) return;
    empty_str.ob.type = &sp_type_str;
    empty_str.ob.aux = SP_STR_ASCII | SP_STR_INTERNED;
    empty_str.hash = str_hash_bytes("", 0);
    for (int i = 0; i < 128; i++) {
        static_str *c = &ascii_chars[i];
        c->ob.type = &sp_type_str;
        c->ob.aux = SP_STR_ASCII | SP_STR_INTERNED;
        c->len = c->size = 1;
        c->data[0] = (char)i;
        c->hash = str_hash_bytes(c->data, 1);
    }
    statics_ready = true;
}

static size_t block_table_offset(size_t size)
{
    return (offsetof(sp_str, data) + size + 1 + 3) & ~(size_t)3;
}

static uint32_t *block_table(sp_str *s)
{
    return (uint32_t *)((char *)s + block_table_offset(s->size));
}

/* Allocate a str of `type` for n bytes of known content shape; data not yet filled. */
static sp_str *alloc_str(sp_type *type, size_t n, size_t ncp)
{
    size_t total = offsetof(sp_str, data) + n + 1;
    bool ascii = n == ncp;
    if (!ascii && ncp > SP_STR_BLOCK)
        total = block_table_offset(n) + (ncp / SP_STR_BLOCK + 1) * sizeof(uint32_t);
    if (type != &sp_type_str && type->basic_size > offsetof(sp_str, data))
        return sp_err_set(&sp_exc_TypeError, "str subclass layout not supported");
    sp_str *s = sp_gc_new(type, total);
    if (!s) return NULL;
    s->hash = -1;
    s->len = ncp;
    s->size = n;
    s->ob.aux = ascii ? SP_STR_ASCII : 0;
    return s;
}

static void fill_block_table(sp_str *s)
{
    if (ISASCII(s) || s->len <= SP_STR_BLOCK) return;
    uint32_t *tab = block_table(s);
    const char *p = s->data;
    for (size_t i = 0; i < s->len; i++) {
        if (i % SP_STR_BLOCK == 0) tab[i / SP_STR_BLOCK] = (uint32_t)(p - s->data);
        p += utf8_seq_len((const unsigned char *)p, 0, 4);
    }
}

static size_t count_cps(const char *p, size_t n)
{
    /* code points = bytes - continuation bytes (10xxxxxx); count 8 bytes at a time */
    size_t cont = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (!(w & 0x8080808080808080ull)) continue;           /* all ASCII */
        uint64_t c = (w & ~(w << 1)) & 0x8080808080808080ull; /* bit7 set, bit6 clear */
        cont += (size_t)__builtin_popcountll(c);
    }
    /* the last 0-7 bytes in one word too, each in its own byte lane (the count does
     * not depend on the lanes' order): short strings are all tail */
    size_t r = n - i, k = 0;
    uint64_t w = 0;
    if (r & 4) {
        uint32_t x;
        memcpy(&x, p + i, 4);
        w = x;
        k = 4;
    }
    if (r & 2) {
        uint16_t x;
        memcpy(&x, p + i + k, 2);
        w |= (uint64_t)x << (8 * k);
        k += 2;
    }
    if (r & 1) w |= (uint64_t)(unsigned char)p[i + k] << (8 * k);
    if (w & 0x8080808080808080ull) /* popcount may be a libgcc call: not for ASCII */
        cont += (size_t)__builtin_popcountll((w & ~(w << 1)) & 0x8080808080808080ull);
    return n - cont;
}

static void str_check(const sp_str *s)
{
    assert(s->data[s->size] == '\0');                                 /* 1 */
    assert(s->len <= s->size);                                        /* 1 */
    assert(((s->ob.aux & SP_STR_ASCII) != 0) == (s->len == s->size)); /* 2 */
    (void)s;
}

static sp_val make_str_typed(sp_type *type, const char *p, size_t n, size_t ncp)
{
    if (type == &sp_type_str) {
        setup_statics();
        if (n == 0) return (sp_val)&empty_str;
        if (n == 1 && (unsigned char)p[0] < 128) return (sp_val)&ascii_chars[(unsigned char)p[0]];
    }
    sp_str *s = alloc_str(type, n, ncp);
    if (!s) return NULL;
    memcpy(s->data, p, n);
    s->data[n] = '\0';
    fill_block_table(s);
    str_check(s);
    return (sp_val)s;
}

static sp_val make_str(const char *p, size_t n)
{
    return make_str_typed(&sp_type_str, p, n, count_cps(p, n));
}

sp_val sp_str_new(const char *utf8, size_t nbytes)
{
    return make_str(utf8, nbytes);
}

sp_val sp_str_from_cstr(const char *s)
{
    return make_str(s, strlen(s));
}

sp_val sp_str_from_cp(uint32_t cp)
{
    char tmp[4];
    size_t n = sp_utf8_encode(cp, tmp);
    return make_str_typed(&sp_type_str, tmp, n, 1);
}

bool sp_str_check(sp_val v)
{
    return !sp_is_small(v) && (v->type == &sp_type_str || (v->type->flags & SP_TF_STR_SUB));
}

const char *sp_str_cstr(sp_val s)
{
    return S(s)->data;
}

int64_t sp_str_hash(sp_val v)
{
    sp_str *s = S(v);
    if (s->hash == -1) s->hash = str_hash_bytes(s->data, s->size);
    return s->hash;
}

bool sp_str_eq(sp_val a, sp_val b)
{
    if (a == b) return true;
    sp_str *x = S(a), *y = S(b);
    if (x->size != y->size) return false;
    if ((x->ob.aux & y->ob.aux & SP_STR_INTERNED) && x->ob.type == y->ob.type) return false;
    if (x->hash != -1 && y->hash != -1 && x->hash != y->hash) return false;
    if (x->size <= 16) {
        /* short keys (words, names: most dict look-ups with equal hashes) without
         * a call to memcmp */
        for (size_t i = 0; i < x->size; i++)
            if (x->data[i] != y->data[i]) return false;
        return true;
    }
    return memcmp(x->data, y->data, x->size) == 0;
}

bool sp_str_eq_cstr(sp_val a, const char *s)
{
    size_t n = strlen(s);
    return S(a)->size == n && memcmp(S(a)->data, s, n) == 0;
}

sp_val sp_str_concat(sp_val a, sp_val b)
{
    sp_str *x = S(a), *y = S(b);
    if (y->size == 0 && sp_typeof(a) == &sp_type_str) return a;
    if (x->size == 0 && sp_typeof(b) == &sp_type_str) return b;
    sp_str *s = alloc_str(&sp_type_str, x->size + y->size, x->len + y->len);
    if (!s) return NULL;
    memcpy(s->data, x->data, x->size);
    memcpy(s->data + x->size, y->data, y->size);
    s->data[s->size] = '\0';
    fill_block_table(s);
    return (sp_val)s;
}

/* ---- builders (obj_str.h: `x += s` in place) ---------------------------------------- */

/* Results shorter than this are plain concatenations: copying them is cheap and
 * most short `+=` chains stay short. */
#define BUILD_MIN 64
/* Largest allocation whose size the mark can hold (invariant 3). */
#define BUILD_MAX_TOTAL (((size_t)UINT32_MAX >> SP_STR_CAP_SHIFT) * SP_STR_CAP_UNIT)

static size_t builder_capacity(const sp_str *s)
{
    return (size_t)(s->ob.aux >> SP_STR_CAP_SHIFT) * SP_STR_CAP_UNIT - offsetof(sp_str, data) - 1;
}

/* A fresh marked str holding a + b with room to grow by half. NULL: not worth it
 * (or too big for the mark): the caller concatenates. */
static sp_str *builder_new(const sp_str *x, const sp_str *y, size_t n, size_t ncp)
{
    size_t total = offsetof(sp_str, data) + n + n / 2 + 1;
    total = (total + SP_STR_CAP_UNIT - 1) / SP_STR_CAP_UNIT * SP_STR_CAP_UNIT;
    if (n < BUILD_MIN || total > BUILD_MAX_TOTAL) return NULL;
    sp_str *s = sp_gc_new(&sp_type_str, total);
    if (!s) return NULL;
    s->hash = -1;
    s->len = ncp;
    s->size = n;
    s->ob.aux = (n == ncp ? SP_STR_ASCII : 0) | SP_STR_BUILDER |
                (uint32_t)(total / SP_STR_CAP_UNIT) << SP_STR_CAP_SHIFT;
    memcpy(s->data, x->data, x->size);
    memcpy(s->data + x->size, y->data, y->size);
    s->data[n] = '\0';
    return s;
}

sp_val sp_str_iadd(sp_val a, sp_val b)
{
    sp_str *x = S(a), *y = S(b);
    assert(x->ob.type == &sp_type_str && y->ob.type == &sp_type_str);
    size_t n = x->size + y->size, ncp = x->len + y->len;
    /* empty operands: the identities a + "" is a and "" + b is b hold, as in CPython */
    if (y->size == 0 || x->size == 0 || (n != ncp && ncp > SP_STR_BLOCK))
        return sp_str_concat(a, b);
    if (x->ob.aux & SP_STR_BUILDER) {
        assert(x->hash == -1); /* 3 */
        if (n <= builder_capacity(x)) {
            /* invariant 1: nobody else can see x grow */
            memcpy(x->data + x->size, y->data, y->size);
            x->data[n] = '\0';
            x->size = n;
            x->len = ncp;
            if (n != ncp) x->ob.aux &= ~SP_STR_ASCII;
            str_check(x);
            return a;
        }
    }
    /* the spare room must not be what exceeds the memory budget: on failure,
     * forget it (and the flag it set) and let a + b alone decide */
    bool exceeded = sp_st.memory_exceeded;
    sp_str *s = builder_new(x, y, n, ncp);
    if (s) {
        str_check(s);
        return (sp_val)s;
    }
    if (sp_err_occurred()) {
        sp_err_clear();
        sp_st.memory_exceeded = exceeded;
    }
    return sp_str_concat(a, b);
}

/* ---- code point indexing ------------------------------------------------------------------ */

size_t sp_str_byte_offset(sp_val v, size_t index)
{
    sp_str *s = S(v);
    assert(index <= s->len);
    if (ISASCII(s)) return index;
    if (index == s->len) return s->size;
    const char *p = s->data;
    size_t k = index;
    if (s->len > SP_STR_BLOCK) {
        p += block_table(s)[index / SP_STR_BLOCK];
        k = index % SP_STR_BLOCK;
    }
    while (k--)
        p += utf8_seq_len((const unsigned char *)p, 0, 4);
    return (size_t)(p - s->data);
}

uint32_t sp_str_cp_at(sp_val v, size_t index)
{
    sp_str *s = S(v);
    if (ISASCII(s)) return (unsigned char)s->data[index];
    const char *p = s->data + sp_str_byte_offset(v, index);
    return sp_utf8_decode(&p);
}

/* Code point index of a byte offset that starts a character. */
static size_t cp_index_of_offset(sp_str *s, size_t off)
{
    if (ISASCII(s)) return off;
    return count_cps(s->data, off);
}

sp_val sp_str_substr(sp_val v, size_t start, size_t stop)
{
    sp_str *s = S(v);
    if (start >= stop) return make_str("", 0);
    if (start == 0 && stop == s->len && sp_typeof(v) == &sp_type_str) return v;
    size_t a = sp_str_byte_offset(v, start), b = sp_str_byte_offset(v, stop);
    return make_str_typed(&sp_type_str, s->data + a, b - a, stop - start);
}

/* ---- interning --------------------------------------------------------------------------------
 */

/* Interned strings: one open-addressed table (load <= 1/2), and in a forked run of a
 * prepared heap a second, private one. The prepared table is large and a new name
 * lands on a random page of it; writing there would copy that page in every run
 * child (a fault each). So once a run has the scratch (gc.h), new strings go to the
 * overlay instead, which starts small, lives in the run's own memory (sp_sys_*) and
 * so stays on a page or two. A lookup tries the main table, then the overlay: a
 * string is in at most one of them.
 *
 * The budget and the statistics must not see the difference (a prepared run reports
 * what a fresh one does): the overlay's own memory is not counted; instead the main
 * table's growth that the same interning would have caused is charged as it would
 * have happened (intern_vcap: the capacity the main table would have now). */
typedef struct intern_table {
    sp_val *tab;
    size_t cap, count;
} intern_table;
SP_RUN_STATE static intern_table intern_main, intern_run;
SP_RUN_STATE static size_t intern_vcap; /* 0 until the overlay is in use */

static void intern_trace_table(const intern_table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        if (t->tab[i]) sp_gc_mark(t->tab[i]);
}

static void intern_trace(void)
{
    intern_trace_table(&intern_main);
    intern_trace_table(&intern_run);
}

/* Double t (or give it its first table); the main table's memory is budgeted, the
 * overlay's is not (see above). */
static int intern_grow(intern_table *t)
{
    bool main = t == &intern_main;
    size_t ncap = t->cap ? t->cap * 2 : main ? 1024 : 64;
    sp_val *nt = main ? sp_mem_calloc(ncap, sizeof(sp_val)) : sp_sys_calloc(ncap, sizeof(sp_val));
    if (!nt) return main ? -1 : (sp_err_no_memory(), -1);
    for (size_t i = 0; i < t->cap; i++) {
        sp_val v = t->tab[i];
        if (!v) continue;
        size_t j = (size_t)sp_str_hash(v) & (ncap - 1);
        while (nt[j])
            j = (j + 1) & (ncap - 1);
        nt[j] = v;
    }
    if (t->tab && main) sp_mem_free(t->tab, t->cap * sizeof(sp_val));
    if (t->tab && !main) sp_sys_free(t->tab);
    t->tab = nt;
    t->cap = ncap;
    return 0;
}

/* The main table's growth, as intern_bytes would have made it without the overlay:
 * the new table charged first, then the old one given back. */
static int intern_charge_growth(void)
{
    if (sp_gc_charge(intern_vcap * 2 * sizeof(sp_val)) < 0) return -1;
    sp_gc_uncharge(intern_vcap * sizeof(sp_val));
    intern_vcap *= 2;
    return 0;
}

/* Find the interned string with these bytes, or the empty slot where it belongs. */
static sp_val *intern_lookup(const intern_table *t, const char *p, size_t n, int64_t h)
{
    size_t j = (size_t)h & (t->cap - 1);
    for (;;) {
        sp_val v = t->tab[j];
        if (!v || (S(v)->size == n && memcmp(S(v)->data, p, n) == 0)) return &t->tab[j];
        j = (j + 1) & (t->cap - 1);
    }
}

static sp_val intern_bytes(const char *p, size_t n, sp_val existing)
{
    setup_statics();
    if (n == 0) return (sp_val)&empty_str;
    if (n == 1 && (unsigned char)p[0] < 128) return (sp_val)&ascii_chars[(unsigned char)p[0]];
    intern_table *t = &intern_main;
    if (intern_vcap || (intern_main.tab && sp_gc_scratch_on())) {
        if (!intern_vcap) intern_vcap = intern_main.cap;
        /* as the check below, on the count the main table would hold */
        if ((intern_main.count + intern_run.count + 1) * 2 > intern_vcap &&
            intern_charge_growth() < 0)
            return NULL;
        t = &intern_run;
    }
    if ((t->count + 1) * 2 > t->cap && intern_grow(t) < 0) return NULL;
    int64_t h = str_hash_bytes(p, n);
    if (t == &intern_run) {
        sp_val *hit = intern_lookup(&intern_main, p, n, h); /* read only */
        if (*hit) return *hit;
    }
    sp_val *slot = intern_lookup(t, p, n, h);
    if (*slot) return *slot;
    sp_val s = existing ? existing : make_str(p, n);
    if (!s) return NULL;
    S(s)->hash = h;
    S(s)->ob.aux |= SP_STR_INTERNED;
    *slot = s;
    t->count++;
    return s;
}

sp_val sp_str_intern(const char *s)
{
    return intern_bytes(s, strlen(s), NULL);
}

sp_val sp_str_intern_val(sp_val s)
{
    if (S(s)->ob.aux & SP_STR_INTERNED) return s;
    return intern_bytes(S(s)->data, S(s)->size, sp_typeof(s) == &sp_type_str ? s : NULL);
}

/* ---- repr / protocol slots ------------------------------------------------------------------- */

static int append_escaped_cp(sp_buf *b, uint32_t c, char quote)
{
    char tmp[16];
    if (c == (uint32_t)quote || c == '\\') {
        tmp[0] = '\\';
        tmp[1] = (char)c;
        return sp_buf_append(b, tmp, 2);
    }
    if (c == '\n') return sp_buf_append(b, "\\n", 2);
    if (c == '\r') return sp_buf_append(b, "\\r", 2);
    if (c == '\t') return sp_buf_append(b, "\\t", 2);
    if (c < 0x20 || c == 0x7F) {
        snprintf(tmp, sizeof tmp, "\\x%02x", c);
        return sp_buf_append_cstr(b, tmp);
    }
    if (c < 0x7F || (sp_uc_flags(c) & SP_UC_PRINTABLE)) return sp_buf_append_cp(b, c);
    if (c < 0x100)
        snprintf(tmp, sizeof tmp, "\\x%02x", c);
    else if (c < 0x10000)
        snprintf(tmp, sizeof tmp, "\\u%04x", c);
    else
        snprintf(tmp, sizeof tmp, "\\U%08x", c);
    return sp_buf_append_cstr(b, tmp);
}

sp_val sp_str_repr(sp_val v)
{
    sp_str *s = S(v);
    bool has_sq = memchr(s->data, '\'', s->size) != NULL;
    bool has_dq = memchr(s->data, '"', s->size) != NULL;
    char quote = (has_sq && !has_dq) ? '"' : '\'';
    sp_buf b;
    sp_buf_init(&b);
    if (sp_buf_append_char(&b, quote) < 0) return NULL;
    const char *p = s->data, *end = s->data + s->size;
    while (p < end) {
        uint32_t c = sp_utf8_decode(&p);
        if (append_escaped_cp(&b, c, quote) < 0) {
            sp_buf_free(&b);
            return NULL;
        }
    }
    if (sp_buf_append_char(&b, quote) < 0) return NULL;
    return sp_buf_to_str(&b);
}

static sp_val str_repr_slot(sp_val v)
{
    return sp_str_repr(v);
}

static sp_val str_str_slot(sp_val v)
{
    if (sp_typeof(v) == &sp_type_str) return v;
    return make_str(S(v)->data, S(v)->size);
}

static int str_hash_slot(sp_val v, int64_t *out)
{
    *out = sp_str_hash(v);
    return 0;
}

static int str_cmp_bytes(sp_str *a, sp_str *b)
{
    size_t n = a->size < b->size ? a->size : b->size;
    int c = memcmp(a->data, b->data, n);
    if (c) return c;
    return a->size < b->size ? -1 : a->size > b->size;
}

static sp_val str_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (!sp_str_check(a) || !sp_str_check(b)) return sp_NotImplemented;
    if (op == SP_CMP_EQ) return sp_bool(sp_str_eq(a, b));
    if (op == SP_CMP_NE) return sp_bool(!sp_str_eq(a, b));
    int c = str_cmp_bytes(S(a), S(b));
    switch (op) {
    case SP_CMP_LT:
        return sp_bool(c < 0);
    case SP_CMP_LE:
        return sp_bool(c <= 0);
    case SP_CMP_GT:
        return sp_bool(c > 0);
    default:
        return sp_bool(c >= 0);
    }
}

static int str_truthy(sp_val v)
{
    return S(v)->size != 0;
}

static int64_t str_len(sp_val v)
{
    return (int64_t)S(v)->len;
}

static int str_contains(sp_val v, sp_val item)
{
    if (!sp_str_check(item)) {
        sp_err_set(&sp_exc_TypeError, "'in <string>' requires string as left operand, not %s",
                   sp_type_name(item));
        return -1;
    }
    sp_str *s = S(v), *t = S(item);
    if (t->size == 0) return 1;
    return memmem(s->data, s->size, t->data, t->size) != NULL;
}

/* `v * n` for a sequence: the repeat count, or -1 with an error / NotImplemented flag. */
static int repeat_count(sp_val n, int64_t *out, bool *notimpl)
{
    *notimpl = false;
    sp_type *t = sp_typeof(n);
    if (!sp_int_check(n) && !t->index) {
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

static sp_val str_repeat(sp_val s, int64_t k)
{
    sp_str *x = S(s);
    if (k == 1 && sp_typeof(s) == &sp_type_str) return s;
    if (k == 0 || x->size == 0) return make_str("", 0);
    if ((uint64_t)k > (((uint64_t)1 << 50) / x->size)) return sp_err_no_memory();
    size_t n = x->size * (size_t)k;
    sp_str *r = alloc_str(&sp_type_str, n, x->len * (size_t)k);
    if (!r) return NULL;
    if (x->size == 1)
        memset(r->data, x->data[0], n);
    else
        for (int64_t i = 0; i < k; i++)
            memcpy(r->data + (size_t)i * x->size, x->data, x->size);
    r->data[n] = '\0';
    fill_block_table(r);
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

static sp_val str_add(sp_val a, sp_val b)
{
    if (!sp_str_check(a)) return sp_NotImplemented;
    if (!sp_str_check(b)) {
        sp_val r = try_reflected(SP_OP_ADD, a, b);
        if (r != sp_NotImplemented) return r;
        return sp_err_set(&sp_exc_TypeError, "can only concatenate str (not \"%s\") to str",
                          sp_type_name(b));
    }
    return sp_str_concat(a, b);
}

static sp_val str_mul(sp_val a, sp_val b)
{
    sp_val s = sp_str_check(a) ? a : b, n = sp_str_check(a) ? b : a;
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
    return str_repeat(s, k);
}

static sp_val str_mod_slot(sp_val a, sp_val b)
{
    if (!sp_str_check(a)) return sp_NotImplemented;
    return sp_str_mod(a, b);
}

static sp_val str_getitem(sp_val v, sp_val key)
{
    sp_str *s = S(v);
    if (sp_is_small(key) || sp_int_check(key) || sp_typeof(key)->index) {
        bool overflow = false;
        int64_t i = sp_index(key, &overflow);
        if (i == -1 && sp_err_occurred()) return NULL;
        if (i < 0) i += (int64_t)s->len;
        if (overflow || i < 0 || i >= (int64_t)s->len)
            return sp_err_set(&sp_exc_IndexError, "string index out of range");
        if (ISASCII(s)) return (sp_val)&ascii_chars[(unsigned char)s->data[i]];
        size_t off = sp_str_byte_offset(v, (size_t)i);
        const char *p = s->data + off;
        size_t n = utf8_seq_len((const unsigned char *)p, 0, 4);
        return make_str_typed(&sp_type_str, p, n, 1);
    }
    if (sp_typeof(key) == &sp_type_slice) {
        int64_t start, stop, step, n;
        if (sp_slice_indices(key, (int64_t)s->len, &start, &stop, &step, &n) < 0) return NULL;
        if (step == 1) return sp_str_substr(v, (size_t)start, (size_t)stop);
        if (ISASCII(s) && n > 1) {
            /* bytes are characters: gather them straight into the result */
            sp_str *r = alloc_str(&sp_type_str, (size_t)n, (size_t)n);
            if (!r) return NULL;
            for (int64_t i = 0, j = start; i < n; i++, j += step)
                r->data[i] = s->data[j];
            r->data[n] = '\0';
            str_check(r);
            return (sp_val)r;
        }
        sp_buf b;
        sp_buf_init(&b);
        for (int64_t i = 0, j = start; i < n; i++, j += step)
            if (sp_buf_append_cp(&b, sp_str_cp_at(v, (size_t)j)) < 0) return NULL;
        return sp_buf_to_str(&b);
    }
    return sp_err_set(&sp_exc_TypeError, "string indices must be integers, not '%s'",
                      sp_type_name(key));
}

/* ---- iterator ------------------------------------------------------------------------------- */

typedef struct str_iter {
    sp_object ob;
    sp_val s;   /* NULL once exhausted */
    size_t off; /* byte offset of the next character */
} str_iter;

static sp_type sp_type_str_iter;

static void str_iter_trace(sp_val v)
{
    sp_gc_mark(((str_iter *)v)->s);
}

static sp_val str_iter_self(sp_val v)
{
    return v;
}

static sp_val str_iter_next(sp_val v)
{
    str_iter *it = (str_iter *)v;
    if (!it->s) return NULL;
    sp_str *s = S(it->s);
    if (it->off >= s->size) {
        it->s = NULL;
        return NULL;
    }
    const char *p = s->data + it->off;
    unsigned char c = (unsigned char)*p;
    if (c < 128) {
        it->off++;
        return (sp_val)&ascii_chars[c];
    }
    size_t n = utf8_seq_len((const unsigned char *)p, 0, 4);
    it->off += n;
    return make_str_typed(&sp_type_str, p, n, 1);
}

static sp_val str_iter_new(sp_val s)
{
    str_iter *it = sp_gc_new(&sp_type_str_iter, sizeof(str_iter));
    if (!it) return NULL;
    it->s = s;
    return (sp_val)it;
}

static sp_val str_iter_length_hint(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    str_iter *it = (str_iter *)self;
    if (!it->s) return sp_small(0);
    sp_str *s = S(it->s);
    return sp_small((int64_t)count_cps(s->data + it->off, s->size - it->off));
}

static const sp_method_def str_iter_methods[] = {
    {"__length_hint__", str_iter_length_hint, 0},
    {NULL, NULL, 0},
};

static sp_type sp_type_str_iter = {
    .name = "str_ascii_iterator",
    .basic_size = sizeof(str_iter),
    .trace = str_iter_trace,
    .iter = str_iter_self,
    .iternext = str_iter_next,
};

/* ---- decoding / encoding -----------------------------------------------------------------------
 */

typedef enum { ENC_UTF8, ENC_ASCII, ENC_LATIN1, ENC_UNKNOWN } encoding_kind;

static encoding_kind parse_encoding(const char *name)
{
    char norm[32];
    size_t n = 0;
    for (const char *p = name; *p && n < sizeof norm - 1; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c == '_' || c == ' ') c = '-';
        norm[n++] = c;
    }
    norm[n] = '\0';
    if (!strcmp(norm, "utf-8") || !strcmp(norm, "utf8") || !strcmp(norm, "u8") ||
        !strcmp(norm, "utf"))
        return ENC_UTF8;
    if (!strcmp(norm, "ascii") || !strcmp(norm, "us-ascii") || !strcmp(norm, "646"))
        return ENC_ASCII;
    if (!strcmp(norm, "latin-1") || !strcmp(norm, "latin1") || !strcmp(norm, "iso-8859-1") ||
        !strcmp(norm, "iso8859-1") || !strcmp(norm, "l1") || !strcmp(norm, "8859") ||
        !strcmp(norm, "cp819") || !strcmp(norm, "latin"))
        return ENC_LATIN1;
    return ENC_UNKNOWN;
}

static const char *encoding_display(encoding_kind k)
{
    return k == ENC_UTF8 ? "utf-8" : k == ENC_ASCII ? "ascii" : "latin-1";
}

typedef enum { ERR_STRICT, ERR_IGNORE, ERR_REPLACE, ERR_BACKSLASH, ERR_UNKNOWN } errors_kind;

static errors_kind parse_errors(const char *e)
{
    if (!e || !strcmp(e, "strict")) return ERR_STRICT;
    if (!strcmp(e, "ignore")) return ERR_IGNORE;
    if (!strcmp(e, "replace")) return ERR_REPLACE;
    if (!strcmp(e, "backslashreplace")) return ERR_BACKSLASH;
    return ERR_UNKNOWN;
}

/* Length of the undecodable UTF-8 sequence at u[i] (the maximal valid prefix, at
 * least 1 byte) and CPython's reason for it. */
static size_t utf8_error_span(const unsigned char *u, size_t i, size_t n, const char **why)
{
    unsigned c = u[i];
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2, j = 1;
    *why = "invalid continuation byte";
    if (c < 0xC2 || c > 0xF4) {
        *why = "invalid start byte";
        return 1;
    }
    /* the second byte's valid range depends on the first (no overlongs, no
     * surrogates, nothing past U+10FFFF) */
    unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    while (i + j < n && j < need &&
           (j == 1 ? (u[i + j] >= lo && u[i + j] <= hi) : (u[i + j] & 0xC0) == 0x80))
        j++;
    if (i + j >= n && j < need) *why = "unexpected end of data";
    return j;
}

sp_val sp_str_decode(const char *data, size_t n, const char *encoding, const char *errors)
{
    encoding_kind ek = parse_encoding(encoding ? encoding : "utf-8");
    if (ek == ENC_UNKNOWN) return sp_err_set(&sp_exc_LookupError, "unknown encoding: %s", encoding);
    errors_kind er = parse_errors(errors);
    const unsigned char *u = (const unsigned char *)data;
    sp_buf b;
    sp_buf_init(&b);
    size_t i = 0;
    while (i < n) {
        size_t k;
        if (ek == ENC_LATIN1) {
            if (sp_buf_append_cp(&b, u[i]) < 0) return NULL;
            i++;
            continue;
        }
        k = ek == ENC_UTF8 ? utf8_seq_len(u, i, n) : (u[i] < 128);
        if (k) {
            if (sp_buf_append(&b, data + i, k) < 0) return NULL;
            i += k;
            continue;
        }
        /* an undecodable byte */
        if (er == ERR_STRICT || er == ERR_UNKNOWN) {
            sp_buf_free(&b);
            if (ek == ENC_ASCII)
                return sp_err_set(&sp_exc_UnicodeDecodeError,
                                  "'ascii' codec can't decode byte 0x%02x in position %zu: "
                                  "ordinal not in range(128)",
                                  u[i], i);
            const char *why;
            unsigned c = u[i];
            size_t j = utf8_error_span(u, i, n, &why);
            if (j == 1)
                return sp_err_set(&sp_exc_UnicodeDecodeError,
                                  "'%s' codec can't decode byte 0x%02x in position %zu: %s",
                                  encoding_display(ek), c, i, why);
            return sp_err_set(&sp_exc_UnicodeDecodeError,
                              "'%s' codec can't decode bytes in position %zu-%zu: %s",
                              encoding_display(ek), i, i + j - 1, why);
        }
        const char *why;
        size_t span = ek == ENC_UTF8 ? utf8_error_span(u, i, n, &why) : 1;
        if (er == ERR_REPLACE && sp_buf_append_cp(&b, 0xFFFD) < 0) return NULL;
        for (size_t k = 0; er == ERR_BACKSLASH && k < span; k++) {
            char tmp[8];
            snprintf(tmp, sizeof tmp, "\\x%02x", u[i + k]);
            if (sp_buf_append_cstr(&b, tmp) < 0) return NULL;
        }
        i += span;
    }
    return sp_buf_to_str(&b);
}

/* str.encode core: returns a bytes object. */
static sp_val str_encode_to_bytes(sp_val v, const char *encoding, const char *errors)
{
    sp_str *s = S(v);
    encoding_kind ek = parse_encoding(encoding ? encoding : "utf-8");
    if (ek == ENC_UNKNOWN) return sp_err_set(&sp_exc_LookupError, "unknown encoding: %s", encoding);
    if (ek == ENC_UTF8 || ISASCII(s)) return sp_bytes_new(s->data, s->size);
    errors_kind er = parse_errors(errors);
    uint32_t limit = ek == ENC_ASCII ? 128 : 256;
    sp_buf b;
    sp_buf_init(&b);
    const char *p = s->data, *end = s->data + s->size;
    size_t pos = 0;
    while (p < end) {
        uint32_t c = sp_utf8_decode(&p);
        if (c < limit) {
            if (sp_buf_append_char(&b, (char)c) < 0) return NULL;
        } else if (er == ERR_IGNORE) {
        } else if (er == ERR_REPLACE) {
            if (sp_buf_append_char(&b, '?') < 0) return NULL;
        } else if (er == ERR_BACKSLASH) {
            char tmp[16];
            if (c < 0x100)
                snprintf(tmp, sizeof tmp, "\\x%02x", c);
            else if (c < 0x10000)
                snprintf(tmp, sizeof tmp, "\\u%04x", c);
            else
                snprintf(tmp, sizeof tmp, "\\U%08x", c);
            if (sp_buf_append_cstr(&b, tmp) < 0) return NULL;
        } else {
            size_t endpos = pos;
            const char *q = p;
            while (q < end) {
                const char *q2 = q;
                if (sp_utf8_decode(&q2) < limit) break;
                q = q2;
                endpos++;
            }
            sp_buf_free(&b);
            if (endpos == pos) {
                char esc[16];
                if (c < 0x100)
                    snprintf(esc, sizeof esc, "\\x%02x", c);
                else if (c < 0x10000)
                    snprintf(esc, sizeof esc, "\\u%04x", c);
                else
                    snprintf(esc, sizeof esc, "\\U%08x", c);
                return sp_err_set(&sp_exc_UnicodeEncodeError,
                                  "'%s' codec can't encode character '%s' in position %zu: "
                                  "ordinal not in range(%u)",
                                  encoding_display(ek), esc, pos, limit);
            }
            return sp_err_set(&sp_exc_UnicodeEncodeError,
                              "'%s' codec can't encode characters in position %zu-%zu: "
                              "ordinal not in range(%u)",
                              encoding_display(ek), pos, endpos, limit);
        }
        pos++;
    }
    sp_val r = sp_bytes_new(b.data, b.len);
    sp_buf_free(&b);
    return r;
}

/* ---- constructor ----------------------------------------------------------------------------- */

static sp_val str_new_from(sp_type *type, sp_val s)
{
    if (type == &sp_type_str) return s;
    return make_str_typed(type, S(s)->data, S(s)->size, S(s)->len);
}

/* str(i) of a small int without the repr machinery. */
static sp_val small_int_str(int64_t x)
{
    char tmp[24];
    char *end = tmp + sizeof tmp;
    char *p = sp_i64_to_dec(end, x);
    size_t n = (size_t)(end - p);
    return make_str_typed(&sp_type_str, p, n, n);
}

static sp_val str_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const names[] = {"object", "encoding", "errors", NULL};
    if (type == &sp_type_str && nargs == 1 && (!kwnames || ((sp_tuple *)kwnames)->len == 0)) {
        /* str(x) for the most common x: what sp_str_of would answer, directly */
        if (sp_is_small(args[0])) return small_int_str(sp_small_value(args[0]));
        if (sp_typeof(args[0]) == &sp_type_str) return args[0];
    }
    sp_val obj = NULL, enc = NULL, errs = NULL;
    if (sp_parse_args("str", args, nargs, kwnames, "|OOO", names, &obj, &enc, &errs) < 0)
        return NULL;
    if (enc && !sp_str_check(enc))
        return sp_err_set(&sp_exc_TypeError, "str() argument 'encoding' must be str, not %s",
                          sp_type_name(enc));
    if (errs && !sp_str_check(errs))
        return sp_err_set(&sp_exc_TypeError, "str() argument 'errors' must be str, not %s",
                          sp_type_name(errs));
    if (!obj) return str_new_from(type, make_str("", 0));
    if (!enc && !errs) {
        sp_val s = sp_str_of(obj);
        return s ? str_new_from(type, s) : NULL;
    }
    const char *data;
    size_t n;
    if (!sp_bytes_view(obj, &data, &n)) {
        if (sp_str_check(obj))
            return sp_err_set(&sp_exc_TypeError, "decoding str is not supported");
        return sp_err_set(&sp_exc_TypeError, "decoding to str: need a bytes-like object, %s found",
                          sp_type_name(obj));
    }
    sp_val s = sp_str_decode(data, n, enc ? sp_str_cstr(enc) : "utf-8",
                             errs ? sp_str_cstr(errs) : "strict");
    return s ? str_new_from(type, s) : NULL;
}

/* ---- method helpers
 * ------------------------------------------------------------------------------ */

/* is_space_cp for one byte of an ASCII string. */
static inline bool is_ascii_space(unsigned char c)
{
    return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f);
}

/* A str of n bytes known to be ASCII (a piece of an ASCII string): no code-point count. */
static sp_val make_ascii(const char *p, size_t n)
{
    return make_str_typed(&sp_type_str, p, n, n);
}

static bool is_space_cp(uint32_t c)
{
    if (c < 128) return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f);
    return (sp_uc_flags(c) & SP_UC_SPACE) != 0;
}

static bool is_linebreak(uint32_t c)
{
    return c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d ||
           c == 0x1e || c == 0x85 || c == 0x2028 || c == 0x2029;
}

static uint32_t flags_of(uint32_t c)
{
    return sp_uc_flags(c);
}

/* Start of the character ending just before byte offset `off`. */
static size_t prev_char(const char *data, size_t off)
{
    do
        off--;
    while (off > 0 && ((unsigned char)data[off] & 0xC0) == 0x80);
    return off;
}

static int need_str(sp_val v, const char *what)
{
    if (sp_str_check(v)) return 0;
    if (what)
        sp_err_set(&sp_exc_TypeError, "%s must be str, not %s", what, sp_type_name(v));
    else
        sp_err_set(&sp_exc_TypeError, "must be str, not %s", sp_type_name(v));
    return -1;
}

/* A start/end argument (None or __index__), clamped like CPython's ADJUST_INDICES. */
static int slice_arg(sp_val v, int64_t len, int64_t dflt, int64_t *out)
{
    if (!v || v == sp_None) {
        *out = dflt;
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
    if (overflow) i = sp_int_sign(v) < 0 ? -len - 1 : len + 1;
    if (i < 0) {
        i += len;
        if (i < 0) i = 0;
    }
    *out = i;
    return 0;
}

/* Resolve (sub, start, end) arguments of find/count/index/startswith... */
static int find_args(const char *fname, sp_val self, sp_val const *args, size_t nargs,
                     sp_val kwnames, int64_t *start, int64_t *end)
{
    if (sp_ck_kw(TN, fname, kwnames) < 0 || sp_ck_nargs_tuple(fname, nargs, 1, 3) < 0) return -1;
    int64_t len = (int64_t)S(self)->len;
    if (slice_arg(nargs > 1 ? args[1] : NULL, len, 0, start) < 0 ||
        slice_arg(nargs > 2 ? args[2] : NULL, len, len, end) < 0)
        return -1;
    if (*end > len) *end = len;
    return 0;
}

/* Find `sub` in self[start:end] (code points); direction +1 first match, -1 last.
 * Returns the code point index or -1. */
static int64_t find_in(sp_val self, sp_val sub, int64_t start, int64_t end, int dir)
{
    sp_str *s = S(self), *t = S(sub);
    if (start > (int64_t)s->len || end - start < (int64_t)t->len) return -1;
    if (t->len == 0) return dir > 0 ? start : end;
    size_t a = sp_str_byte_offset(self, (size_t)start), b = sp_str_byte_offset(self, (size_t)end);
    const char *hit = NULL;
    if (b - a < t->size) return -1;
    if (dir > 0) {
        hit = memmem(s->data + a, b - a, t->data, t->size);
    } else {
        for (size_t off = b - t->size + 1; off-- > a;) {
            if (memcmp(s->data + off, t->data, t->size) == 0) {
                hit = s->data + off;
                break;
            }
        }
    }
    if (!hit) return -1;
    return (int64_t)cp_index_of_offset(s, (size_t)(hit - s->data));
}

static sp_val str_find_common(const char *fname, sp_val self, sp_val const *args, size_t nargs,
                              sp_val kwnames, int dir, bool raise)
{
    int64_t start, end;
    if (find_args(fname, self, args, nargs, kwnames, &start, &end) < 0) return NULL;
    if (need_str(args[0], NULL) < 0) return NULL;
    int64_t r = find_in(self, args[0], start, end, dir);
    if (r < 0 && raise) return sp_err_set(&sp_exc_ValueError, "substring not found");
    return sp_small(r);
}

static sp_val str_find(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return str_find_common("find", self, args, nargs, kw, 1, false);
}
static sp_val str_rfind(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return str_find_common("rfind", self, args, nargs, kw, -1, false);
}
static sp_val str_index(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return str_find_common("index", self, args, nargs, kw, 1, true);
}
static sp_val str_rindex(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return str_find_common("rindex", self, args, nargs, kw, -1, true);
}

static sp_val str_count(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t start, end;
    if (find_args("count", self, args, nargs, kw, &start, &end) < 0) return NULL;
    if (need_str(args[0], NULL) < 0) return NULL;
    sp_str *s = S(self), *t = S(args[0]);
    if (start > (int64_t)s->len || end < start) return sp_small(0);
    if (t->len == 0) return sp_small(end - start + 1);
    size_t a = sp_str_byte_offset(self, (size_t)start), b = sp_str_byte_offset(self, (size_t)end);
    int64_t n = 0;
    const char *p = s->data + a, *stop = s->data + b;
    while ((size_t)(stop - p) >= t->size) {
        const char *hit = memmem(p, (size_t)(stop - p), t->data, t->size);
        if (!hit) break;
        n++;
        p = hit + t->size;
    }
    return sp_small(n);
}

static int match_affix(sp_val self, sp_val affix, int64_t start, int64_t end, bool suffix)
{
    sp_str *s = S(self), *t = S(affix);
    if (start > (int64_t)s->len) return 0;
    if (end - start < (int64_t)t->len) return 0;
    size_t a = sp_str_byte_offset(self, (size_t)start), b = sp_str_byte_offset(self, (size_t)end);
    if (b - a < t->size) return 0;
    return memcmp(s->data + (suffix ? b - t->size : a), t->data, t->size) == 0;
}

static sp_val str_affix_common(const char *fname, sp_val self, sp_val const *args, size_t nargs,
                               sp_val kw, bool suffix)
{
    int64_t start, end;
    if (find_args(fname, self, args, nargs, kw, &start, &end) < 0) return NULL;
    sp_val a = args[0];
    if (sp_tuple_check(a)) {
        sp_tuple *t = (sp_tuple *)a;
        for (size_t i = 0; i < t->len; i++) {
            if (!sp_str_check(t->items[i]))
                return sp_err_set(&sp_exc_TypeError, "tuple for %s must only contain str, not %s",
                                  fname, sp_type_name(t->items[i]));
            if (match_affix(self, t->items[i], start, end, suffix)) return sp_True;
        }
        return sp_False;
    }
    if (!sp_str_check(a))
        return sp_err_set(&sp_exc_TypeError, "%s first arg must be str or a tuple of str, not %s",
                          fname, sp_type_name(a));
    return sp_bool(match_affix(self, a, start, end, suffix));
}

static sp_val str_startswith(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return str_affix_common("startswith", self, args, nargs, kw, false);
}
static sp_val str_endswith(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return str_affix_common("endswith", self, args, nargs, kw, true);
}

/* ---- strip / split family -----------------------------------------------------------------------
 */

static bool in_chars(uint32_t c, sp_str *chars)
{
    if (c < 128 && ISASCII(chars)) return memchr(chars->data, (int)c, chars->size) != NULL;
    const char *p = chars->data, *end = chars->data + chars->size;
    while (p < end)
        if (sp_utf8_decode(&p) == c) return true;
    return false;
}

static sp_val do_strip(const char *fname, sp_val self, sp_val const *args, size_t nargs, sp_val kw,
                       bool left, bool right)
{
    if (sp_ck_kw(TN, fname, kw) < 0 || sp_ck_nargs(TN, fname, nargs, 0, 1) < 0) return NULL;
    sp_str *chars = NULL;
    if (nargs == 1 && args[0] != sp_None) {
        if (!sp_str_check(args[0]))
            return sp_err_set(&sp_exc_TypeError, "%s arg must be None or str", fname);
        chars = S(args[0]);
    }
    sp_str *s = S(self);
    size_t a = 0, b = s->size;
    if (ISASCII(s) && (!chars || ISASCII(chars))) {
        /* bytes are characters: a 128-bit membership set (whitespace: 9-13, 28-32) */
        uint64_t set[2] = {0x1f0003e00ull, 0};
        if (chars) {
            set[0] = 0;
            for (size_t i = 0; i < chars->size; i++) {
                unsigned c = (unsigned char)chars->data[i]; /* < 128: chars is ASCII */
                set[c >> 6] |= 1ull << (c & 63);
            }
        }
#define IN_SET(c) ((set[(c) >> 6] >> ((c) % 64)) & 1)
        const unsigned char *u = (const unsigned char *)s->data;
        if (left)
            while (a < b && IN_SET(u[a]))
                a++;
        if (right)
            while (b > a && IN_SET(u[b - 1]))
                b--;
#undef IN_SET
        if (a == 0 && b == s->size && sp_typeof(self) == &sp_type_str) return self;
        return make_ascii(s->data + a, b - a);
    }
    if (left)
        while (a < b) {
            const char *p = s->data + a;
            uint32_t c = sp_utf8_decode(&p);
            if (chars ? !in_chars(c, chars) : !is_space_cp(c)) break;
            a = (size_t)(p - s->data);
        }
    if (right)
        while (b > a) {
            size_t pb = prev_char(s->data, b);
            const char *p = s->data + pb;
            uint32_t c = sp_utf8_decode(&p);
            if (chars ? !in_chars(c, chars) : !is_space_cp(c)) break;
            b = pb;
        }
    if (a == 0 && b == s->size && sp_typeof(self) == &sp_type_str) return self;
    return make_str(s->data + a, b - a);
}

static sp_val str_strip(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return do_strip("strip", self, args, nargs, kw, true, true);
}
static sp_val str_lstrip(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return do_strip("lstrip", self, args, nargs, kw, true, false);
}
static sp_val str_rstrip(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return do_strip("rstrip", self, args, nargs, kw, false, true);
}

static int split_args(const char *fname, sp_val const *args, size_t nargs, sp_val kw, sp_val *sep,
                      int64_t *maxsplit)
{
    static const char *const names[] = {"sep", "maxsplit", NULL};
    sp_val sepv = sp_None, maxv = NULL;
    if (sp_parse_args(fname, args, nargs, kw, "|OO", names, &sepv, &maxv) < 0) return -1;
    *maxsplit = -1;
    if (maxv) {
        if (!sp_int_check(maxv) && !sp_typeof(maxv)->index) {
            sp_err_set(&sp_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                       sp_type_name(maxv));
            return -1;
        }
        bool overflow = false;
        *maxsplit = sp_index(maxv, &overflow);
        if (*maxsplit == -1 && sp_err_occurred()) return -1;
        if (overflow) *maxsplit = sp_int_sign(maxv) < 0 ? -1 : INT64_MAX;
    }
    if (*maxsplit < 0) *maxsplit = INT64_MAX;
    if (sepv != sp_None) {
        if (!sp_str_check(sepv)) {
            sp_err_set(&sp_exc_TypeError, "must be str or None, not %s", sp_type_name(sepv));
            return -1;
        }
        if (S(sepv)->size == 0) {
            sp_err_set(&sp_exc_ValueError, "empty separator");
            return -1;
        }
        *sep = sepv;
    } else {
        *sep = NULL;
    }
    return 0;
}

static int push_piece(sp_val list, const char *p, size_t n)
{
    sp_val s = make_str(p, n);
    return s ? sp_list_append(list, s) : -1;
}

static int push_ascii_piece(sp_val list, const char *p, size_t n)
{
    sp_val s = make_ascii(p, n);
    return s ? sp_list_append(list, s) : -1;
}

/* str.split for an ASCII string: byte scans, pieces need no code-point count. */
static sp_val split_ascii(sp_str *s, sp_str *t, int64_t maxsplit, sp_val list)
{
    const char *d = s->data;
    size_t n = s->size, i = 0;
    if (t) {
        while (maxsplit > 0) {
            const char *hit = t->size == 1 ? memchr(d + i, t->data[0], n - i)
                                           : memmem(d + i, n - i, t->data, t->size);
            if (!hit) break;
            if (push_ascii_piece(list, d + i, (size_t)(hit - d) - i) < 0) return NULL;
            i = (size_t)(hit - d) + t->size;
            maxsplit--;
        }
        if (push_ascii_piece(list, d + i, n - i) < 0) return NULL;
        return list;
    }
    const unsigned char *u = (const unsigned char *)d;
    for (;;) {
        while (i < n && is_ascii_space(u[i]))
            i++;
        if (i >= n) break;
        if (maxsplit == 0) { /* the remainder is kept as is, trailing spaces too */
            if (push_ascii_piece(list, d + i, n - i) < 0) return NULL;
            break;
        }
        size_t j = i;
        while (j < n && !is_ascii_space(u[j]))
            j++;
        if (push_ascii_piece(list, d + i, j - i) < 0) return NULL;
        maxsplit--;
        i = j;
    }
    return list;
}

static sp_val str_split(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    sp_val sep;
    int64_t maxsplit;
    if (nargs == 0 && !(kw && ((sp_tuple *)kw)->len)) {
        sep = NULL; /* split(): the common case skips argument parsing */
        maxsplit = INT64_MAX;
    } else if (split_args("split", args, nargs, kw, &sep, &maxsplit) < 0) {
        return NULL;
    }
    sp_str *s = S(self);
    sp_val list = sp_list_new(0);
    if (!list) return NULL;
    if (ISASCII(s) && (!sep || ISASCII(S(sep))))
        return split_ascii(s, sep ? S(sep) : NULL, maxsplit, list);
    const char *d = s->data;
    size_t n = s->size, i = 0;
    if (sep) {
        sp_str *t = S(sep);
        while (maxsplit > 0) {
            const char *hit = memmem(d + i, n - i, t->data, t->size);
            if (!hit) break;
            if (push_piece(list, d + i, (size_t)(hit - d) - i) < 0) return NULL;
            i = (size_t)(hit - d) + t->size;
            maxsplit--;
        }
        if (push_piece(list, d + i, n - i) < 0) return NULL;
        return list;
    }
    for (;;) {
        /* skip whitespace */
        while (i < n) {
            const char *p = d + i;
            if (!is_space_cp(sp_utf8_decode(&p))) break;
            i = (size_t)(p - d);
        }
        if (i >= n) break;
        if (maxsplit == 0) { /* the remainder is kept as is, trailing spaces too */
            if (push_piece(list, d + i, n - i) < 0) return NULL;
            break;
        }
        size_t j = i;
        while (j < n) {
            const char *p = d + j;
            if (is_space_cp(sp_utf8_decode(&p))) break;
            j = (size_t)(p - d);
        }
        if (push_piece(list, d + i, j - i) < 0) return NULL;
        maxsplit--;
        i = j;
    }
    return list;
}

static int list_reverse_inplace(sp_val list)
{
    sp_list *l = (sp_list *)list;
    for (size_t a = 0, b = l->len; a + 1 < b; a++, b--) {
        sp_val t = l->items[a];
        l->items[a] = l->items[b - 1];
        l->items[b - 1] = t;
    }
    return 0;
}

static sp_val str_rsplit(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    sp_val sep;
    int64_t maxsplit;
    if (split_args("rsplit", args, nargs, kw, &sep, &maxsplit) < 0) return NULL;
    sp_str *s = S(self);
    sp_val list = sp_list_new(0);
    if (!list) return NULL;
    const char *d = s->data;
    size_t e = s->size;
    if (sep) {
        sp_str *t = S(sep);
        while (maxsplit > 0 && e >= t->size) {
            size_t off = e - t->size + 1;
            bool found = false;
            while (off-- > 0) {
                if (memcmp(d + off, t->data, t->size) == 0) {
                    found = true;
                    break;
                }
            }
            if (!found) break;
            if (push_piece(list, d + off + t->size, e - off - t->size) < 0) return NULL;
            e = off;
            maxsplit--;
        }
        if (push_piece(list, d, e) < 0) return NULL;
        list_reverse_inplace(list);
        return list;
    }
    for (;;) {
        while (e > 0) {
            size_t pe = prev_char(d, e);
            const char *p = d + pe;
            if (!is_space_cp(sp_utf8_decode(&p))) break;
            e = pe;
        }
        if (e == 0) break;
        if (maxsplit == 0) {
            if (push_piece(list, d, e) < 0) return NULL;
            break;
        }
        size_t b = e;
        while (b > 0) {
            size_t pb = prev_char(d, b);
            const char *p = d + pb;
            if (is_space_cp(sp_utf8_decode(&p))) break;
            b = pb;
        }
        if (push_piece(list, d + b, e - b) < 0) return NULL;
        maxsplit--;
        e = b;
    }
    list_reverse_inplace(list);
    return list;
}

static sp_val str_splitlines(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"keepends", NULL};
    sp_val keepv = NULL;
    if (sp_parse_args("splitlines", args, nargs, kw, "|O", names, &keepv) < 0) return NULL;
    int keep = 0;
    if (keepv && (keep = sp_truthy(keepv)) < 0) return NULL;
    sp_str *s = S(self);
    sp_val list = sp_list_new(0);
    if (!list) return NULL;
    const char *d = s->data;
    size_t n = s->size, i = 0;
    while (i < n) {
        size_t j = i, eol = n, next = n;
        while (j < n) {
            const char *p = d + j;
            uint32_t c = sp_utf8_decode(&p);
            if (is_linebreak(c)) {
                eol = j;
                next = (size_t)(p - d);
                if (c == '\r' && next < n && d[next] == '\n') next++;
                break;
            }
            j = (size_t)(p - d);
        }
        if (push_piece(list, d + i, (keep ? next : eol) - i) < 0) return NULL;
        i = next;
    }
    return list;
}

static sp_val partition_common(sp_val self, sp_val sep, bool reverse)
{
    if (need_str(sep, NULL) < 0) return NULL;
    sp_str *s = S(self), *t = S(sep);
    if (t->size == 0) return sp_err_set(&sp_exc_ValueError, "empty separator");
    const char *hit = NULL;
    if (!reverse) {
        hit = memmem(s->data, s->size, t->data, t->size);
    } else if (s->size >= t->size) {
        for (size_t off = s->size - t->size + 1; off-- > 0;)
            if (memcmp(s->data + off, t->data, t->size) == 0) {
                hit = s->data + off;
                break;
            }
    }
    sp_val empty = make_str("", 0);
    if (!hit)
        return reverse ? sp_tuple_pack(3, empty, empty, self)
                       : sp_tuple_pack(3, self, empty, empty);
    size_t off = (size_t)(hit - s->data);
    sp_val a = make_str(s->data, off);
    sp_val b = a ? make_str(hit + t->size, s->size - off - t->size) : NULL;
    if (!b) return NULL;
    return sp_tuple_pack(3, a, sep, b);
}

static sp_val str_partition(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "partition", kw) < 0 || sp_ck_nargs(TN, "partition", nargs, 1, 1) < 0)
        return NULL;
    return partition_common(self, args[0], false);
}

static sp_val str_rpartition(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "rpartition", kw) < 0 || sp_ck_nargs(TN, "rpartition", nargs, 1, 1) < 0)
        return NULL;
    return partition_common(self, args[0], true);
}

sp_val sp_str_join(sp_val sep, sp_val iterable)
{
    sp_val seq;
    sp_type *t = sp_typeof(iterable);
    if (t == &sp_type_list || t == &sp_type_tuple) {
        seq = iterable;
    } else {
        if (!t->iter && !sp_type_lookup(t, sp_str_intern("__getitem__")))
            return sp_err_set(&sp_exc_TypeError, "can only join an iterable");
        seq = sp_list_from_iterable(iterable);
        if (!seq) return NULL;
    }
    sp_val *items;
    size_t n;
    if (sp_typeof(seq) == &sp_type_tuple) {
        items = ((sp_tuple *)seq)->items;
        n = ((sp_tuple *)seq)->len;
    } else {
        items = ((sp_list *)seq)->items;
        n = ((sp_list *)seq)->len;
    }
    if (n == 1 && sp_typeof(items[0]) == &sp_type_str) return items[0];
    size_t total = 0, cps = 0;
    sp_str *sp = S(sep);
    for (size_t i = 0; i < n; i++) {
        if (!sp_str_check(items[i]))
            return sp_err_set(&sp_exc_TypeError,
                              "sequence item %zu: expected str instance, %s found", i,
                              sp_type_name(items[i]));
        total += S(items[i])->size;
        cps += S(items[i])->len;
    }
    if (n > 1) {
        total += sp->size * (n - 1);
        cps += sp->len * (n - 1);
    }
    sp_str *r = alloc_str(&sp_type_str, total, cps);
    if (!r) return NULL;
    char *p = r->data;
    /* the list may have been mutated by nothing here: no Python code ran since the checks */
    for (size_t i = 0; i < n; i++) {
        if (i) {
            memcpy(p, sp->data, sp->size);
            p += sp->size;
        }
        memcpy(p, S(items[i])->data, S(items[i])->size);
        p += S(items[i])->size;
    }
    /* items points into seq's raw buffer (a list, perhaps a temporary) across alloc_str */
    SP_KEEP_ALIVE(seq);
    *p = '\0';
    fill_block_table(r);
    if (total == 0) return make_str("", 0);
    return (sp_val)r;
}

static sp_val str_join(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "join", kw) < 0 || sp_ck_nargs(TN, "join", nargs, 1, 1) < 0) return NULL;
    return sp_str_join(self, args[0]);
}

static sp_val str_replace(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "replace", kw) < 0 || sp_ck_nargs(TN, "replace", nargs, 2, 3) < 0) return NULL;
    if (need_str(args[0], "replace() argument 1") < 0 ||
        need_str(args[1], "replace() argument 2") < 0)
        return NULL;
    int64_t count = -1;
    if (nargs > 2) {
        if (!sp_int_check(args[2]) && !sp_typeof(args[2])->index)
            return sp_err_set(&sp_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                              sp_type_name(args[2]));
        bool overflow = false;
        count = sp_index(args[2], &overflow);
        if (count == -1 && sp_err_occurred()) return NULL;
        if (overflow) count = sp_int_sign(args[2]) < 0 ? -1 : INT64_MAX;
    }
    if (count < 0) count = INT64_MAX;
    sp_str *s = S(self), *o = S(args[0]), *w = S(args[1]);
    sp_buf b;
    sp_buf_init(&b);
    if (o->size == 0) {
        const char *p = s->data, *end = s->data + s->size;
        while (count > 0) {
            if (sp_buf_append(&b, w->data, w->size) < 0) return NULL;
            count--;
            if (p >= end) break;
            const char *q = p;
            sp_utf8_decode(&q);
            if (sp_buf_append(&b, p, (size_t)(q - p)) < 0) return NULL;
            p = q;
        }
        if (sp_buf_append(&b, p, (size_t)(end - p)) < 0) return NULL;
        return sp_buf_to_str(&b);
    }
    size_t i = 0;
    bool any = false;
    while (count > 0) {
        const char *hit = memmem(s->data + i, s->size - i, o->data, o->size);
        if (!hit) break;
        size_t off = (size_t)(hit - s->data);
        if (sp_buf_append(&b, s->data + i, off - i) < 0 || sp_buf_append(&b, w->data, w->size) < 0)
            return NULL;
        i = off + o->size;
        count--;
        any = true;
    }
    if (!any && sp_typeof(self) == &sp_type_str) {
        sp_buf_free(&b);
        return self;
    }
    if (sp_buf_append(&b, s->data + i, s->size - i) < 0) return NULL;
    return sp_buf_to_str(&b);
}

/* ---- case mapping
 * ---------------------------------------------------------------------------------- */

typedef int (*case_fn)(uint32_t cp, uint32_t out[3]);

static int append_mapped(sp_buf *b, case_fn fn, uint32_t c)
{
    uint32_t out[3];
    int n = fn(c, out);
    for (int i = 0; i < n; i++)
        if (sp_buf_append_cp(b, out[i]) < 0) return -1;
    return 0;
}

/* Greek capital sigma lowers to final sigma at the end of a word (CPython's rule). */
static bool is_final_sigma(sp_str *s, size_t off, size_t after)
{
    size_t i = off;
    bool cased_before = false;
    while (i > 0) {
        i = prev_char(s->data, i);
        const char *p = s->data + i;
        uint32_t f = flags_of(sp_utf8_decode(&p));
        if (f & SP_UC_CASE_IGNORABLE) continue;
        cased_before = (f & SP_UC_CASED) != 0;
        break;
    }
    if (!cased_before) return false;
    const char *p = s->data + after, *end = s->data + s->size;
    while (p < end) {
        uint32_t f = flags_of(sp_utf8_decode(&p));
        if (f & SP_UC_CASE_IGNORABLE) continue;
        return (f & SP_UC_CASED) == 0;
    }
    return true;
}

static int append_lower(sp_buf *b, sp_str *s, uint32_t c, size_t off, size_t after)
{
    if (c == 0x3A3) return sp_buf_append_cp(b, is_final_sigma(s, off, after) ? 0x3C2 : 0x3C3);
    return append_mapped(b, sp_uc_lower, c);
}

typedef enum { CASE_LOWER, CASE_UPPER, CASE_FOLD, CASE_SWAP, CASE_TITLE, CASE_CAPITALIZE } case_op;

static sp_val change_case(sp_val self, case_op op)
{
    sp_str *s = S(self);
    sp_buf b;
    sp_buf_init(&b);
    if (ISASCII(s) && s->size > 1 && (op == CASE_LOWER || op == CASE_UPPER || op == CASE_FOLD)) {
        /* the result is ASCII of the same size: write it in place */
        sp_str *r = alloc_str(&sp_type_str, s->size, s->size);
        if (!r) return NULL;
        const char *src = s->data;
        char *dst = r->data;
        if (op == CASE_UPPER)
            for (size_t i = 0; i < s->size; i++)
                dst[i] = (char)(src[i] >= 'a' && src[i] <= 'z' ? src[i] - 32 : src[i]);
        else
            for (size_t i = 0; i < s->size; i++)
                dst[i] = (char)(src[i] >= 'A' && src[i] <= 'Z' ? src[i] + 32 : src[i]);
        dst[s->size] = '\0';
        str_check(r);
        return (sp_val)r;
    }
    if (ISASCII(s)) {
        if (sp_buf_grow(&b, s->size) < 0) return NULL;
        bool prev_cased = false;
        for (size_t i = 0; i < s->size; i++) {
            char c = s->data[i];
            bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
            bool to_upper = false, to_lower = false;
            switch (op) {
            case CASE_LOWER:
            case CASE_FOLD:
                to_lower = true;
                break;
            case CASE_UPPER:
                to_upper = true;
                break;
            case CASE_SWAP:
                to_upper = lo;
                to_lower = up;
                break;
            case CASE_TITLE:
                to_upper = !prev_cased;
                to_lower = prev_cased;
                break;
            case CASE_CAPITALIZE:
                to_upper = i == 0;
                to_lower = i != 0;
                break;
            }
            prev_cased = up || lo;
            if (to_upper && lo)
                c = (char)(c - 32);
            else if (to_lower && up)
                c = (char)(c + 32);
            b.data[b.len++] = c;
        }
        b.data[b.len] = '\0';
        return sp_buf_to_str(&b);
    }
    const char *p = s->data, *end = s->data + s->size;
    bool prev_cased = false, first = true;
    while (p < end) {
        size_t off = (size_t)(p - s->data);
        uint32_t c = sp_utf8_decode(&p);
        size_t after = (size_t)(p - s->data);
        uint32_t f = flags_of(c);
        int rc = 0;
        switch (op) {
        case CASE_LOWER:
            rc = append_lower(&b, s, c, off, after);
            break;
        case CASE_UPPER:
            rc = append_mapped(&b, sp_uc_upper, c);
            break;
        case CASE_FOLD:
            rc = append_mapped(&b, sp_uc_casefold, c);
            break;
        case CASE_SWAP:
            if (f & SP_UC_UPPER)
                rc = append_lower(&b, s, c, off, after);
            else if (f & SP_UC_LOWER)
                rc = append_mapped(&b, sp_uc_upper, c);
            else
                rc = sp_buf_append_cp(&b, c);
            break;
        case CASE_TITLE:
            rc =
                prev_cased ? append_lower(&b, s, c, off, after) : append_mapped(&b, sp_uc_title, c);
            prev_cased = (f & SP_UC_CASED) != 0;
            break;
        case CASE_CAPITALIZE:
            rc = first ? append_mapped(&b, sp_uc_title, c) : append_lower(&b, s, c, off, after);
            break;
        }
        first = false;
        if (rc < 0) return NULL;
    }
    return sp_buf_to_str(&b);
}

#define CASE_METHOD(fname, op)                                                                     \
    static sp_val str_##fname(sp_val self, sp_val const *args, size_t nargs, sp_val kw)            \
    {                                                                                              \
        if (sp_ck_kw(TN, #fname, kw) < 0 || sp_ck_nargs(TN, #fname, nargs, 0, 0) < 0) return NULL; \
        return change_case(self, op);                                                              \
    }
CASE_METHOD(lower, CASE_LOWER)
CASE_METHOD(upper, CASE_UPPER)
CASE_METHOD(casefold, CASE_FOLD)
CASE_METHOD(swapcase, CASE_SWAP)
CASE_METHOD(title, CASE_TITLE)
CASE_METHOD(capitalize, CASE_CAPITALIZE)
#undef CASE_METHOD

/* ---- predicates
 * -------------------------------------------------------------------------------------- */

/* True iff s is non-empty and every code point has one of `mask`'s bits. */
static sp_val all_have(sp_val self, uint32_t mask)
{
    sp_str *s = S(self);
    if (s->size == 0) return sp_False;
    const char *p = s->data, *end = s->data + s->size;
    while (p < end)
        if (!(flags_of(sp_utf8_decode(&p)) & mask)) return sp_False;
    return sp_True;
}

/* str.isupper() / str.islower(): true when some character has case `want` and
 * none has the opposite case `other` or is titlecase. */
static sp_val all_cased_as(sp_val self, uint32_t want, uint32_t other)
{
    sp_str *s = S(self);
    const char *p = s->data, *end = s->data + s->size;
    bool cased = false;
    while (p < end) {
        uint32_t f = flags_of(sp_utf8_decode(&p));
        if (f & (other | SP_UC_TITLE)) return sp_False;
        if (f & want) cased = true;
    }
    return sp_bool(cased);
}

#define PRED_METHOD(fname, ...)                                                                    \
    static sp_val str_##fname(sp_val self, sp_val const *args, size_t nargs, sp_val kw)            \
    {                                                                                              \
        if (sp_ck_kw(TN, #fname, kw) < 0 || sp_ck_nargs(TN, #fname, nargs, 0, 0) < 0) return NULL; \
        __VA_ARGS__                                                                                \
    }
PRED_METHOD(isalpha, return all_have(self, SP_UC_ALPHA);)
PRED_METHOD(isdecimal, return all_have(self, SP_UC_DECIMAL);)
PRED_METHOD(isdigit, return all_have(self, SP_UC_DIGIT);)
PRED_METHOD(isnumeric, return all_have(self, SP_UC_NUMERIC);)
PRED_METHOD(isspace, return all_have(self, SP_UC_SPACE);)
PRED_METHOD(isalnum,
            return all_have(self, SP_UC_ALPHA | SP_UC_DECIMAL | SP_UC_DIGIT | SP_UC_NUMERIC);)
PRED_METHOD(isascii, return sp_bool(ISASCII(S(self)));)
PRED_METHOD(isprintable, {
    sp_str *s = S(self);
    const char *p = s->data, *end = s->data + s->size;
    while (p < end)
        if (!(flags_of(sp_utf8_decode(&p)) & SP_UC_PRINTABLE)) return sp_False;
    return sp_True;
})
PRED_METHOD(isidentifier, {
    sp_str *s = S(self);
    if (s->size == 0) return sp_False;
    const char *p = s->data, *end = s->data + s->size;
    uint32_t c = sp_utf8_decode(&p);
    if (c != '_' && !(flags_of(c) & SP_UC_XID_START)) return sp_False;
    while (p < end)
        if (!(flags_of(sp_utf8_decode(&p)) & SP_UC_XID_CONTINUE)) return sp_False;
    return sp_True;
})
PRED_METHOD(isupper, return all_cased_as(self, SP_UC_UPPER, SP_UC_LOWER);)
PRED_METHOD(islower, return all_cased_as(self, SP_UC_LOWER, SP_UC_UPPER);)
PRED_METHOD(istitle, {
    sp_str *s = S(self);
    const char *p = s->data, *end = s->data + s->size;
    bool cased = false, prev = false;
    while (p < end) {
        uint32_t f = flags_of(sp_utf8_decode(&p));
        if (f & (SP_UC_UPPER | SP_UC_TITLE)) {
            if (prev) return sp_False;
            prev = cased = true;
        } else if (f & SP_UC_LOWER) {
            if (!prev) return sp_False;
            prev = cased = true;
        } else {
            prev = false;
        }
    }
    return sp_bool(cased);
})
#undef PRED_METHOD

/* ---- padding
 * ---------------------------------------------------------------------------------------------- */

static int pad_args(const char *fname, sp_val const *args, size_t nargs, sp_val kw, int64_t *width,
                    uint32_t *fill, bool fill_allowed)
{
    if (sp_ck_kw(TN, fname, kw) < 0 || sp_ck_nargs(TN, fname, nargs, 1, fill_allowed ? 2 : 1) < 0)
        return -1;
    if (!sp_int_check(args[0]) && !sp_typeof(args[0])->index) {
        sp_err_set(&sp_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                   sp_type_name(args[0]));
        return -1;
    }
    bool overflow = false;
    *width = sp_index(args[0], &overflow);
    if (*width == -1 && sp_err_occurred()) return -1;
    if (overflow) {
        sp_err_set(&sp_exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    *fill = ' ';
    if (nargs > 1) {
        if (!sp_str_check(args[1])) {
            sp_err_set(&sp_exc_TypeError, "%s() argument 2 must be str of length 1, not %s", fname,
                       sp_type_name(args[1]));
            return -1;
        }
        if (S(args[1])->len != 1) {
            sp_err_set(&sp_exc_TypeError, "The fill character must be exactly one character long");
            return -1;
        }
        *fill = sp_str_cp_at(args[1], 0);
    }
    return 0;
}

static sp_val pad(sp_val self, int64_t left, int64_t right, uint32_t fill)
{
    if (left <= 0 && right <= 0 && sp_typeof(self) == &sp_type_str) return self;
    if (left < 0) left = 0;
    if (right < 0) right = 0;
    sp_buf b;
    sp_buf_init(&b);
    char enc[4];
    size_t k = sp_utf8_encode(fill, enc);
    if (sp_buf_grow(&b, (size_t)(left + right) * k + S(self)->size) < 0) return NULL;
    for (int64_t i = 0; i < left; i++)
        sp_buf_append(&b, enc, k);
    sp_buf_append_val_str(&b, self);
    for (int64_t i = 0; i < right; i++)
        sp_buf_append(&b, enc, k);
    return sp_buf_to_str(&b);
}

static sp_val str_ljust(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t w;
    uint32_t f;
    if (pad_args("ljust", args, nargs, kw, &w, &f, true) < 0) return NULL;
    return pad(self, 0, w - (int64_t)S(self)->len, f);
}

static sp_val str_rjust(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t w;
    uint32_t f;
    if (pad_args("rjust", args, nargs, kw, &w, &f, true) < 0) return NULL;
    return pad(self, w - (int64_t)S(self)->len, 0, f);
}

static sp_val str_center(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t w;
    uint32_t f;
    if (pad_args("center", args, nargs, kw, &w, &f, true) < 0) return NULL;
    int64_t marg = w - (int64_t)S(self)->len;
    if (marg <= 0) return pad(self, 0, 0, f);
    int64_t left = marg / 2 + (marg & w & 1);
    return pad(self, left, marg - left, f);
}

static sp_val str_zfill(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t w;
    uint32_t f;
    if (pad_args("zfill", args, nargs, kw, &w, &f, false) < 0) return NULL;
    sp_str *s = S(self);
    int64_t fill = w - (int64_t)s->len;
    if (fill <= 0) return pad(self, 0, 0, ' ');
    if ((uint64_t)fill > ((uint64_t)1 << 48)) return sp_err_no_memory();
    /* sign | zeros | the rest, written straight into the result */
    sp_str *r = alloc_str(&sp_type_str, s->size + (size_t)fill, s->len + (size_t)fill);
    if (!r) return NULL;
    size_t i = s->size && (s->data[0] == '+' || s->data[0] == '-');
    memcpy(r->data, s->data, i);
    memset(r->data + i, '0', (size_t)fill);
    memcpy(r->data + i + (size_t)fill, s->data + i, s->size - i);
    r->data[r->size] = '\0';
    fill_block_table(r);
    str_check(r);
    return (sp_val)r;
}

static sp_val str_expandtabs(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"tabsize", NULL};
    int64_t tabsize = 8;
    if (sp_parse_args("expandtabs", args, nargs, kw, "|i", names, &tabsize) < 0) return NULL;
    sp_str *s = S(self);
    sp_buf b;
    sp_buf_init(&b);
    int64_t col = 0;
    const char *p = s->data, *end = s->data + s->size;
    while (p < end) {
        const char *q = p;
        uint32_t c = sp_utf8_decode(&q);
        if (c == '\t') {
            if (tabsize > 0) {
                int64_t n = tabsize - col % tabsize;
                for (int64_t i = 0; i < n; i++)
                    if (sp_buf_append_char(&b, ' ') < 0) return NULL;
                col += n;
            }
        } else {
            if (sp_buf_append(&b, p, (size_t)(q - p)) < 0) return NULL;
            col = (c == '\n' || c == '\r') ? 0 : col + 1;
        }
        p = q;
    }
    return sp_buf_to_str(&b);
}

static sp_val str_removeprefix(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "removeprefix", kw) < 0 || sp_ck_nargs(TN, "removeprefix", nargs, 1, 1) < 0)
        return NULL;
    if (need_str(args[0], "removeprefix() argument") < 0) return NULL;
    sp_str *s = S(self), *t = S(args[0]);
    if (t->size <= s->size && memcmp(s->data, t->data, t->size) == 0 && t->size)
        return make_str(s->data + t->size, s->size - t->size);
    return pad(self, 0, 0, ' ');
}

static sp_val str_removesuffix(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "removesuffix", kw) < 0 || sp_ck_nargs(TN, "removesuffix", nargs, 1, 1) < 0)
        return NULL;
    if (need_str(args[0], "removesuffix() argument") < 0) return NULL;
    sp_str *s = S(self), *t = S(args[0]);
    if (t->size <= s->size && t->size && memcmp(s->data + s->size - t->size, t->data, t->size) == 0)
        return make_str(s->data, s->size - t->size);
    return pad(self, 0, 0, ' ');
}

static sp_val str_encode(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"encoding", "errors", NULL};
    sp_val enc = NULL, errs = NULL;
    if (sp_parse_args("encode", args, nargs, kw, "|OO", names, &enc, &errs) < 0) return NULL;
    if (enc && need_str(enc, "encode() argument 'encoding'") < 0) return NULL;
    if (errs && need_str(errs, "encode() argument 'errors'") < 0) return NULL;
    return str_encode_to_bytes(self, enc ? sp_str_cstr(enc) : "utf-8",
                               errs ? sp_str_cstr(errs) : "strict");
}

/* ---- translate / maketrans
 * ------------------------------------------------------------------------------- */

static sp_val str_translate(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "translate", kw) < 0 || sp_ck_nargs(TN, "translate", nargs, 1, 1) < 0)
        return NULL;
    sp_val table = args[0];
    sp_str *s = S(self);
    sp_buf b;
    sp_buf_init(&b);
    const char *p = s->data, *end = s->data + s->size;
    while (p < end) {
        uint32_t c = sp_utf8_decode(&p);
        sp_val r = sp_getitem(table, sp_small(c));
        if (!r) {
            if (!sp_err_matches(&sp_exc_LookupError)) {
                sp_buf_free(&b);
                return NULL;
            }
            sp_err_clear();
            if (sp_buf_append_cp(&b, c) < 0) return NULL;
            continue;
        }
        if (r == sp_None) continue;
        if (sp_str_check(r)) {
            if (sp_buf_append_val_str(&b, r) < 0) return NULL;
        } else if (sp_int_check(r)) {
            int64_t v;
            if (sp_int_to_i64(r, &v) < 0 || v < 0 || v > 0x10FFFF) {
                sp_err_clear();
                sp_buf_free(&b);
                return sp_err_set(&sp_exc_ValueError,
                                  "character mapping must be in range(0x110000)");
            }
            if (sp_buf_append_cp(&b, (uint32_t)v) < 0) return NULL;
        } else {
            sp_buf_free(&b);
            return sp_err_set(&sp_exc_TypeError,
                              "character mapping must return integer, None or str");
        }
    }
    return sp_buf_to_str(&b);
}

static sp_val str_maketrans(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "maketrans", kw) < 0 || sp_ck_nargs(TN, "maketrans", nargs, 1, 3) < 0)
        return NULL;
    sp_val d = sp_dict_new();
    if (!d) return NULL;
    if (nargs == 1) {
        if (!sp_isinstance(args[0], &sp_type_dict))
            return sp_err_set(&sp_exc_TypeError,
                              "if you give only one argument to maketrans it must be a dict");
        size_t pos = 0;
        sp_val k, v;
        while (sp_dict_next(args[0], &pos, &k, &v)) {
            if (sp_str_check(k)) {
                if (S(k)->len != 1)
                    return sp_err_set(&sp_exc_ValueError,
                                      "string keys in translate table must be of length 1");
                k = sp_small(sp_str_cp_at(k, 0));
            } else if (!sp_int_check(k)) {
                return sp_err_set(&sp_exc_TypeError,
                                  "keys in translate table must be strings or integers");
            }
            if (sp_dict_set(d, k, v) < 0) return NULL;
        }
        return d;
    }
    if (need_str(args[0], "maketrans() argument 1") < 0 ||
        need_str(args[1], "maketrans() argument 2") < 0)
        return NULL;
    if (S(args[0])->len != S(args[1])->len)
        return sp_err_set(&sp_exc_ValueError,
                          "the first two maketrans arguments must have equal length");
    for (size_t i = 0; i < S(args[0])->len; i++)
        if (sp_dict_set(d, sp_small(sp_str_cp_at(args[0], i)), sp_small(sp_str_cp_at(args[1], i))) <
            0)
            return NULL;
    if (nargs == 3) {
        if (need_str(args[2], "maketrans() argument 3") < 0) return NULL;
        for (size_t i = 0; i < S(args[2])->len; i++)
            if (sp_dict_set(d, sp_small(sp_str_cp_at(args[2], i)), sp_None) < 0) return NULL;
    }
    return d;
}

/* ---- str.__format__
 * ------------------------------------------------------------------------------------------- */

static sp_val str___format__(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "__format__", kw) < 0 || sp_ck_nargs(TN, "__format__", nargs, 1, 1) < 0)
        return NULL;
    if (!sp_str_check(args[0]))
        return sp_err_set(&sp_exc_TypeError, "__format__() argument must be str, not %s",
                          sp_type_name(args[0]));
    return sp_format_str(self, args[0]);
}

/* ---- str.format
 * ----------------------------------------------------------------------------------------------------
 */

typedef struct fmt_state {
    sp_val args;   /* tuple of positional arguments (or NULL for format_map) */
    sp_val kwargs; /* mapping or NULL */
    int auto_mode; /* 0 undecided, 1 automatic numbering, 2 manual */
    int64_t next_auto;
} fmt_state;

static sp_val vformat(fmt_state *st, const char *p, const char *end, int depth);

static bool all_digits(const char *p, const char *e)
{
    if (p == e) return false;
    for (; p < e; p++)
        if (*p < '0' || *p > '9') return false;
    return true;
}

static int64_t parse_digits(const char *p, const char *e)
{
    int64_t v = 0;
    for (; p < e; p++) {
        v = v * 10 + (*p - '0');
        if (v > ((int64_t)1 << 53)) return -1;
    }
    return v;
}

static sp_val positional_arg(fmt_state *st, int64_t idx)
{
    if (!st->args)
        return sp_err_set(&sp_exc_ValueError, "Format string contains positional fields");
    sp_tuple *t = (sp_tuple *)st->args;
    if (idx < 0 || (size_t)idx >= t->len)
        return sp_err_set(&sp_exc_IndexError,
                          "Replacement index %lld out of range for positional args tuple",
                          (long long)idx);
    return t->items[idx];
}

/* Resolve a field name such as "0", "", "name.attr[key][1]". */
static sp_val resolve_field(fmt_state *st, const char *p, const char *e)
{
    const char *q = p;
    while (q < e && *q != '.' && *q != '[')
        q++;
    sp_val obj;
    if (q == p) {
        if (st->auto_mode == 2)
            return sp_err_set(&sp_exc_ValueError,
                              "cannot switch from manual field specification to automatic field "
                              "numbering");
        st->auto_mode = 1;
        obj = positional_arg(st, st->next_auto++);
    } else if (all_digits(p, q)) {
        if (st->auto_mode == 1)
            return sp_err_set(&sp_exc_ValueError,
                              "cannot switch from automatic field numbering to manual field "
                              "specification");
        st->auto_mode = 2;
        int64_t idx = parse_digits(p, q);
        if (idx < 0)
            return sp_err_set(&sp_exc_ValueError, "Too many decimal digits in format string");
        obj = positional_arg(st, idx);
    } else {
        sp_val key = make_str(p, (size_t)(q - p));
        if (!key) return NULL;
        if (!st->kwargs) {
            sp_val exc = sp_exc_new(&sp_exc_KeyError, &key, 1);
            return exc ? sp_err_set_value(exc) : NULL;
        }
        obj = sp_getitem(st->kwargs, key);
    }
    if (!obj) return NULL;
    while (q < e) {
        if (*q == '.') {
            const char *a = ++q;
            while (q < e && *q != '.' && *q != '[')
                q++;
            if (q == a) return sp_err_set(&sp_exc_ValueError, "Empty attribute in format string");
            sp_val name = make_str(a, (size_t)(q - a));
            if (!name || !(obj = sp_getattr(obj, name))) return NULL;
        } else if (*q == '[') {
            const char *a = ++q;
            while (q < e && *q != ']')
                q++;
            if (q >= e) return sp_err_set(&sp_exc_ValueError, "Missing ']' in format string");
            if (q == a) return sp_err_set(&sp_exc_ValueError, "Empty attribute in format string");
            sp_val key;
            if (all_digits(a, q)) {
                key = sp_small(parse_digits(a, q));
            } else {
                key = make_str(a, (size_t)(q - a));
                if (!key) return NULL;
            }
            q++;
            if (!(obj = sp_getitem(obj, key))) return NULL;
            if (q < e && *q != '.' && *q != '[')
                return sp_err_set(&sp_exc_ValueError,
                                  "Only '.' or '[' may follow ']' in format field specifier");
        } else {
            return sp_err_set(&sp_exc_ValueError,
                              "Only '.' or '[' may follow ']' in format field specifier");
        }
    }
    return obj;
}

/* One replacement field: text between the braces. */
static int format_field(fmt_state *st, sp_buf *out, const char *p, const char *e, int depth)
{
    const char *q = p;
    bool bracket = false;
    while (q < e) {
        if (*q == '[')
            bracket = true;
        else if (*q == ']')
            bracket = false;
        else if (!bracket && (*q == '!' || *q == ':'))
            break;
        q++;
    }
    const char *name_end = q;
    char conv = 0;
    if (q < e && *q == '!') {
        q++;
        if (q >= e) {
            sp_err_set(&sp_exc_ValueError, "end of string while looking for conversion specifier");
            return -1;
        }
        conv = *q++;
        if (q < e && *q != ':') {
            sp_err_set(&sp_exc_ValueError, "expected ':' after conversion specifier");
            return -1;
        }
    }
    const char *spec_start = q < e ? q + 1 : e;
    sp_val obj = resolve_field(st, p, name_end);
    if (!obj) return -1;
    if (conv == 'r')
        obj = sp_repr(obj);
    else if (conv == 's')
        obj = sp_str_of(obj);
    else if (conv == 'a')
        obj = sp_ascii(obj);
    else if (conv) {
        if ((unsigned char)conv >= 32 && (unsigned char)conv < 127)
            sp_err_set(&sp_exc_ValueError, "Unknown conversion specifier %c", conv);
        else
            sp_err_set(&sp_exc_ValueError, "Unknown conversion specifier \\x%x",
                       (unsigned char)conv);
        return -1;
    }
    if (!obj) return -1;
    sp_val spec;
    if (memchr(spec_start, '{', (size_t)(e - spec_start)))
        spec = vformat(st, spec_start, e, depth - 1);
    else
        spec = make_str(spec_start, (size_t)(e - spec_start));
    if (!spec) return -1;
    sp_val r;
    if (sp_typeof(obj) == &sp_type_str)
        r = sp_format_str(obj, spec);
    else
        r = sp_format(obj, spec);
    if (!r) return -1;
    return sp_buf_append_val_str(out, r);
}

static sp_val vformat(fmt_state *st, const char *p, const char *end, int depth)
{
    if (depth <= 0) return sp_err_set(&sp_exc_ValueError, "Max string recursion exceeded");
    sp_buf b;
    sp_buf_init(&b);
    while (p < end) {
        const char *brace = p;
        while (brace < end && *brace != '{' && *brace != '}')
            brace++;
        if (sp_buf_append(&b, p, (size_t)(brace - p)) < 0) return NULL;
        if (brace >= end) break;
        if (*brace == '}') {
            if (brace + 1 < end && brace[1] == '}') {
                if (sp_buf_append_char(&b, '}') < 0) return NULL;
                p = brace + 2;
                continue;
            }
            sp_buf_free(&b);
            return sp_err_set(&sp_exc_ValueError, "Single '}' encountered in format string");
        }
        if (brace + 1 < end && brace[1] == '{') {
            if (sp_buf_append_char(&b, '{') < 0) return NULL;
            p = brace + 2;
            continue;
        }
        if (brace + 1 >= end) {
            sp_buf_free(&b);
            return sp_err_set(&sp_exc_ValueError, "Single '{' encountered in format string");
        }
        /* find the matching '}' (nested braces belong to the format spec) */
        const char *q = brace + 1;
        int level = 1;
        bool bracket = false, in_spec = false;
        while (q < end) {
            if (!in_spec && *q == '[')
                bracket = true;
            else if (!in_spec && *q == ']')
                bracket = false;
            else if (!bracket && (*q == ':' || *q == '!'))
                in_spec = true;
            if (*q == '{' && (in_spec || !bracket)) {
                if (!in_spec) {
                    sp_buf_free(&b);
                    return sp_err_set(&sp_exc_ValueError, "unexpected '{' in field name");
                }
                level++;
            } else if (*q == '}' && !bracket) {
                if (--level == 0) break;
            }
            q++;
        }
        if (q >= end) {
            sp_buf_free(&b);
            return sp_err_set(&sp_exc_ValueError, "expected '}' before end of string");
        }
        if (format_field(st, &b, brace + 1, q, depth) < 0) {
            sp_buf_free(&b);
            return NULL;
        }
        p = q + 1;
    }
    return sp_buf_to_str(&b);
}

sp_val sp_str_format_call(sp_val fmt, sp_val args, sp_val kwargs)
{
    fmt_state st = {args, kwargs, 0, 0};
    return vformat(&st, S(fmt)->data, S(fmt)->data + S(fmt)->size, 2);
}

static sp_val str_format(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    size_t nkw = kw ? ((sp_tuple *)kw)->len : 0;
    sp_val t = sp_tuple_new(nargs);
    if (!t) return NULL;
    for (size_t i = 0; i < nargs; i++)
        ((sp_tuple *)t)->items[i] = args[i];
    sp_val d = NULL;
    if (nkw) {
        d = sp_dict_new();
        if (!d) return NULL;
        for (size_t i = 0; i < nkw; i++)
            if (sp_dict_set(d, ((sp_tuple *)kw)->items[i], args[nargs + i]) < 0) return NULL;
    }
    return sp_str_format_call(self, t, d);
}

static sp_val str_format_map(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "format_map", kw) < 0 || sp_ck_nargs(TN, "format_map", nargs, 1, 1) < 0)
        return NULL;
    return sp_str_format_call(self, NULL, args[0]);
}

/* ---- printf-style formatting (str % args)
 * ------------------------------------------------------------------ */

/* The spec layout is format_spec.h's, so numeric conversions can be delegated. */
typedef sp_pct_spec pct_spec;

/* Pad `body` (sign and prefix first) to the spec's width: '-' left-justifies,
 * '0' inserts zeros after the sign/prefix (numbers only), else right-justify. */
static int pct_emit(sp_buf *out, const pct_spec *ps, const char *body, size_t n, size_t ncp,
                    bool numeric)
{
    int64_t marg = ps->width - (int64_t)ncp;
    if (marg <= 0) return sp_buf_append(out, body, n);
    if (ps->left) {
        if (sp_buf_append(out, body, n) < 0) return -1;
        while (marg-- > 0)
            if (sp_buf_append_char(out, ' ') < 0) return -1;
        return 0;
    }
    if (ps->zero && numeric) {
        size_t pre = 0;
        if (pre < n && (body[pre] == '-' || body[pre] == '+' || body[pre] == ' ')) pre++;
        if (ps->alt && pre + 1 < n && body[pre] == '0' && strchr("xXo", body[pre + 1])) pre += 2;
        if (sp_buf_append(out, body, pre) < 0) return -1;
        while (marg-- > 0)
            if (sp_buf_append_char(out, '0') < 0) return -1;
        return sp_buf_append(out, body + pre, n - pre);
    }
    while (marg-- > 0)
        if (sp_buf_append_char(out, ' ') < 0) return -1;
    return sp_buf_append(out, body, n);
}

static int pct_text(sp_buf *out, const pct_spec *ps, sp_val v)
{
    if (sp_is_small(v) && ps->conv != 'a' && ps->prec < 0) {
        /* "%s" / "%r" of a small int: its digits, no intermediate str */
        char tmp[24];
        char *end = tmp + sizeof tmp;
        char *p = sp_i64_to_dec(end, sp_small_value(v));
        return pct_emit(out, ps, p, (size_t)(end - p), (size_t)(end - p), false);
    }
    if (!sp_is_small(v) && v->type == &sp_type_str && ps->conv == 's' && ps->prec < 0)
        return pct_emit(out, ps, S(v)->data, S(v)->size, S(v)->len, false); /* str(v) is v */
    sp_val s = ps->conv == 's' ? sp_str_of(v) : ps->conv == 'r' ? sp_repr(v) : sp_ascii(v);
    if (!s) return -1;
    if (ps->prec >= 0 && (size_t)ps->prec < S(s)->len) s = sp_str_substr(s, 0, (size_t)ps->prec);
    if (!s) return -1;
    return pct_emit(out, ps, S(s)->data, S(s)->size, S(s)->len, false);
}

static bool is_mapping_arg(sp_val v)
{
    sp_type *t = sp_typeof(v);
    if (sp_tuple_check(v) || sp_str_check(v)) return false;
    /* built-in types without __getitem__ (their dicts cannot change): no lookup */
    if (t == &sp_type_int || t == &sp_type_float || t == &sp_type_bool || t == &sp_type_none)
        return false;
    return t == &sp_type_dict || t->getitem != NULL ||
           sp_type_lookup(t, sp_str_intern("__getitem__")) != NULL;
}

sp_val sp_str_mod(sp_val fmt, sp_val args)
{
    sp_str *f = S(fmt);
    const char *p = f->data, *end = f->data + f->size;
    sp_val *items;
    size_t nitems, argi = 0;
    bool tuple_args = sp_tuple_check(args);
    if (tuple_args) {
        items = ((sp_tuple *)args)->items;
        nitems = ((sp_tuple *)args)->len;
    } else {
        items = &args;
        nitems = 1;
    }
    bool mapping = !tuple_args && is_mapping_arg(args);
    bool used_mapping = false;
    sp_buf b;
    sp_buf_init(&b);
#define FAIL()                                                                                     \
    do {                                                                                           \
        sp_buf_free(&b);                                                                           \
        return NULL;                                                                               \
    } while (0)
    while (p < end) {
        const char *pc = memchr(p, '%', (size_t)(end - p));
        if (!pc) {
            if (sp_buf_append(&b, p, (size_t)(end - p)) < 0) FAIL();
            break;
        }
        if (sp_buf_append(&b, p, (size_t)(pc - p)) < 0) FAIL();
        p = pc + 1;
        pct_spec ps = {false, false, false, false, false, -1, -1, 0};
        sp_val value = NULL;
        if (p < end && *p == '(') {
            if (!mapping) {
                sp_buf_free(&b);
                return sp_err_set(&sp_exc_TypeError, "format requires a mapping");
            }
            int level = 1;
            const char *k = ++p;
            while (p < end && level) {
                if (*p == '(')
                    level++;
                else if (*p == ')')
                    level--;
                p++;
            }
            if (level) {
                sp_buf_free(&b);
                return sp_err_set(&sp_exc_ValueError, "incomplete format key");
            }
            sp_val key = make_str(k, (size_t)(p - 1 - k));
            if (!key || !(value = sp_getitem(args, key))) FAIL();
            used_mapping = true;
        }
        for (; p < end; p++) {
            if (*p == '-')
                ps.left = true;
            else if (*p == '+')
                ps.plus = true;
            else if (*p == ' ')
                ps.space = true;
            else if (*p == '#')
                ps.alt = true;
            else if (*p == '0')
                ps.zero = true;
            else
                break;
        }
        for (int part = 0; part < 2; part++) {
            int64_t *dst = part == 0 ? &ps.width : &ps.prec;
            if (part == 1) {
                if (p >= end || *p != '.') break;
                p++;
                *dst = 0;
            }
            if (p < end && *p == '*') {
                p++;
                if (argi >= nitems) {
                    sp_buf_free(&b);
                    return sp_err_set(&sp_exc_TypeError, "not enough arguments for format string");
                }
                sp_val w = items[argi++];
                if (!sp_int_check(w)) {
                    sp_buf_free(&b);
                    return sp_err_set(&sp_exc_TypeError, "* wants int");
                }
                int64_t wv;
                if (sp_int_to_i64(w, &wv) < 0) FAIL();
                if (part == 0 && wv < 0) {
                    ps.left = true;
                    wv = -wv;
                }
                *dst = part == 1 && wv < 0 ? 0 : wv;
            } else {
                if (part == 0 && (p >= end || *p < '0' || *p > '9')) continue;
                int64_t v = 0;
                while (p < end && *p >= '0' && *p <= '9') {
                    v = v * 10 + (*p++ - '0');
                    if (v > ((int64_t)1 << 40)) {
                        sp_buf_free(&b);
                        return sp_err_set(&sp_exc_ValueError,
                                          part ? "prec too big" : "width too big");
                    }
                }
                *dst = v;
            }
        }
        while (p < end && (*p == 'h' || *p == 'l' || *p == 'L'))
            p++;
        if (p >= end) {
            sp_buf_free(&b);
            return sp_err_set(&sp_exc_ValueError, "incomplete format");
        }
        const char *tp = p;
        uint32_t type = sp_utf8_decode(&p);
        if (type == '%') {
            if (sp_buf_append_char(&b, '%') < 0) FAIL();
            continue;
        }
        if (!value) {
            if (argi >= nitems) {
                sp_buf_free(&b);
                return sp_err_set(&sp_exc_TypeError, "not enough arguments for format string");
            }
            value = items[argi++];
        }
        ps.conv = (char)type;
        int rc;
        switch (type) {
        case 's':
        case 'r':
        case 'a':
            rc = pct_text(&b, &ps, value);
            break;
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'o':
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'c':
            rc = sp_pct_format_number(&b, &ps, value);
            break;
        default:
            sp_buf_free(&b);
            if (type >= 32 && type < 127)
                return sp_err_set(&sp_exc_ValueError,
                                  "unsupported format character '%c' (0x%x) at index %zu",
                                  (int)type, type, cp_index_of_offset(f, (size_t)(tp - f->data)));
            return sp_err_set(&sp_exc_ValueError,
                              "unsupported format character '\\x%x' (0x%x) at index %zu", type,
                              type, cp_index_of_offset(f, (size_t)(tp - f->data)));
        }
        if (rc < 0) FAIL();
    }
#undef FAIL
    if (argi < nitems && !mapping && !used_mapping) {
        sp_buf_free(&b);
        return sp_err_set(&sp_exc_TypeError,
                          "not all arguments converted during string formatting");
    }
    return sp_buf_to_str(&b);
}

/* ---- type object
 * -----------------------------------------------------------------------------------------------
 */

static sp_val str_iter_slot(sp_val v)
{
    return str_iter_new(v);
}

static sp_val str_getnewargs(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    sp_val s = make_str(S(self)->data, S(self)->size);
    return s ? sp_tuple_pack(1, s) : NULL;
}

static const sp_method_def str_methods[] = {
    {"capitalize", str_capitalize, 0},
    {"casefold", str_casefold, 0},
    {"center", str_center, 0},
    {"count", str_count, 0},
    {"encode", str_encode, 0},
    {"endswith", str_endswith, 0},
    {"expandtabs", str_expandtabs, 0},
    {"find", str_find, 0},
    {"format", str_format, 0},
    {"format_map", str_format_map, 0},
    {"index", str_index, 0},
    {"isalnum", str_isalnum, 0},
    {"isalpha", str_isalpha, 0},
    {"isascii", str_isascii, 0},
    {"isdecimal", str_isdecimal, 0},
    {"isdigit", str_isdigit, 0},
    {"isidentifier", str_isidentifier, 0},
    {"islower", str_islower, 0},
    {"isnumeric", str_isnumeric, 0},
    {"isprintable", str_isprintable, 0},
    {"isspace", str_isspace, 0},
    {"istitle", str_istitle, 0},
    {"isupper", str_isupper, 0},
    {"join", str_join, 0},
    {"ljust", str_ljust, 0},
    {"lower", str_lower, 0},
    {"lstrip", str_lstrip, 0},
    {"maketrans", str_maketrans, SP_METH_STATIC},
    {"partition", str_partition, 0},
    {"removeprefix", str_removeprefix, 0},
    {"removesuffix", str_removesuffix, 0},
    {"replace", str_replace, 0},
    {"rfind", str_rfind, 0},
    {"rindex", str_rindex, 0},
    {"rjust", str_rjust, 0},
    {"rpartition", str_rpartition, 0},
    {"rsplit", str_rsplit, 0},
    {"rstrip", str_rstrip, 0},
    {"split", str_split, 0},
    {"splitlines", str_splitlines, 0},
    {"startswith", str_startswith, 0},
    {"strip", str_strip, 0},
    {"swapcase", str_swapcase, 0},
    {"title", str_title, 0},
    {"translate", str_translate, 0},
    {"upper", str_upper, 0},
    {"zfill", str_zfill, 0},
    {"__format__", str___format__, 0},
    {"__getnewargs__", str_getnewargs, 0},
    {NULL, NULL, 0},
};

sp_type sp_type_str = {
    .name = "str",
    .flags = SP_TF_BASETYPE | SP_TF_STR_SUB,
    .basic_size = sizeof(sp_str),
    .tp_new = str_tp_new,
    .repr = str_repr_slot,
    .str = str_str_slot,
    .hash = str_hash_slot,
    .richcompare = str_richcompare,
    .truthy = str_truthy,
    .iter = str_iter_slot,
    .binop = {[SP_OP_ADD] = str_add, [SP_OP_MUL] = str_mul, [SP_OP_MOD] = str_mod_slot},
    .len = str_len,
    .getitem = str_getitem,
    .contains = str_contains,
};

int sp_str_init(void)
{
    setup_statics();
    sp_gc_make_static(&empty_str.ob);
    for (int i = 0; i < 128; i++)
        sp_gc_make_static(&ascii_chars[i].ob);
    /* A new run starts with a new heap: forget the previous run's interned strings. */
    intern_main = intern_run = (intern_table){NULL, 0, 0};
    intern_vcap = 0;
    sp_gc_add_tracer(intern_trace);
    if (sp_type_ready(&sp_type_str, str_methods, NULL) < 0) return -1;
    if (sp_type_ready(&sp_type_str_iter, str_iter_methods, NULL) < 0) return -1;
    return 0;
}
