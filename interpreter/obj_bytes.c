/*
 * obj_bytes.c — bytes and bytearray (the commonly used subset of their methods).
 *
 * Design overview
 * ---------------
 * bytes stores its data inline (immutable, cached hash); bytearray keeps a raw
 * growable buffer owned by the object. Nearly every method is written once over a
 * (data, len) view and builds its result with make_like(), which yields the same
 * type as `self`, so bytes and bytearray share the code.
 *
 * Invariants
 *  1. bytes: data[len] == '\0'; hash is -1 or the hash of the contents.
 *  2. bytearray: len <= cap; data is NULL iff cap == 0.
 *  3. A bytearray's (data, len) view is read only AFTER the last call that can run
 *     Python code (__index__ of an argument or slice bound, iterating a value): that
 *     code may resize or clear the bytearray, freeing the buffer a cached view points
 *     into. Hence every argument is converted first and view_of() comes last.
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <string.h>

#include "gc.h"
#include "obj_dict.h"
#include "obj_slice.h"
#include "obj_str.h"
#include "obj_type.h"

/* type name in argument-check messages ("str.upper() takes no arguments") */
#define TN (sp_bytearray_check(self) ? "bytearray" : "bytes")

#define B(v) ((sp_bytes *)(v))
#define BA(v) ((sp_bytearray *)(v))

/* ---- construction -----------------------------------------------------------------------------
 */

static sp_val bytes_new_typed(sp_type *type, const char *data, size_t n)
{
    if (n > ((size_t)1 << 50)) return sp_err_no_memory();
    size_t base = type->basic_size > sizeof(sp_bytes) ? type->basic_size : sizeof(sp_bytes);
    sp_bytes *b = sp_gc_new(type, base + n + 1);
    if (!b) return NULL;
    b->hash = -1;
    b->len = n;
    if (data && n) memcpy(b->data, data, n);
    b->data[n] = '\0';
    return (sp_val)b;
}

sp_val sp_bytes_new(const char *data, size_t n)
{
    return bytes_new_typed(&sp_type_bytes, data, n);
}

static int ba_reserve(sp_bytearray *b, size_t need)
{
    if (need <= b->cap) return 0;
    if (need > ((size_t)1 << 50)) return sp_err_no_memory(), -1;
    size_t ncap = b->cap + (b->cap >> 1) + 16;
    if (ncap < need) ncap = need;
    char *nd = sp_mem_realloc(b->data, b->cap, ncap);
    if (!nd) return -1;
    b->data = nd;
    b->cap = ncap;
    return 0;
}

static sp_val bytearray_new_typed(sp_type *type, const char *data, size_t n)
{
    size_t base = type->basic_size > sizeof(sp_bytearray) ? type->basic_size : sizeof(sp_bytearray);
    sp_bytearray *b = sp_gc_new(type, base);
    if (!b) return NULL;
    if (n && ba_reserve(b, n) < 0) return NULL;
    if (n) {
        if (data)
            memcpy(b->data, data, n);
        else
            memset(b->data, 0, n);
    }
    b->len = n;
    return (sp_val)b;
}

sp_val sp_bytearray_new(const char *data, size_t n)
{
    return bytearray_new_typed(&sp_type_bytearray, data, n);
}

bool sp_bytes_check(sp_val v)
{
    return !sp_is_small(v) && (v->type == &sp_type_bytes || sp_isinstance(v, &sp_type_bytes));
}

bool sp_bytearray_check(sp_val v)
{
    return !sp_is_small(v) &&
           (v->type == &sp_type_bytearray || sp_isinstance(v, &sp_type_bytearray));
}

bool sp_bytes_view(sp_val v, const char **data, size_t *len)
{
    if (sp_is_small(v)) return false;
    if (sp_bytes_check(v)) {
        *data = B(v)->data;
        *len = B(v)->len;
        return true;
    }
    if (sp_bytearray_check(v)) {
        *data = BA(v)->data ? BA(v)->data : "";
        *len = BA(v)->len;
        return true;
    }
    return false;
}

/* A result of the same kind as `self` (bytes for bytes, bytearray for bytearray). */
static sp_val make_like(sp_val self, const char *data, size_t n)
{
    if (sp_bytearray_check(self)) return sp_bytearray_new(data, n);
    return sp_bytes_new(data, n);
}

static void view_of(sp_val v, const char **d, size_t *n)
{
    if (!sp_bytes_view(v, d, n)) {
        *d = "";
        *n = 0;
    }
}

/* ---- storage hooks -----------------------------------------------------------------------------
 */

static void bytearray_finalize(sp_val v)
{
    sp_bytearray *b = BA(v);
    if (b->data) sp_mem_free(b->data, b->cap);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- repr --------------------------------------------------------------------------------------
 */

sp_val sp_bytes_repr_of(const char *data, size_t n, const char *prefix, const char *suffix)
{
    bool sq = memchr(data, '\'', n) != NULL, dq = memchr(data, '"', n) != NULL;
    char quote = (sq && !dq) ? '"' : '\'';
    sp_buf b;
    sp_buf_init(&b);
    if (sp_buf_append_cstr(&b, prefix) < 0 || sp_buf_append_char(&b, 'b') < 0 ||
        sp_buf_append_char(&b, quote) < 0)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)data[i];
        char tmp[8];
        int rc;
        if (c == (unsigned char)quote || c == '\\') {
            tmp[0] = '\\';
            tmp[1] = (char)c;
            rc = sp_buf_append(&b, tmp, 2);
        } else if (c == '\n') {
            rc = sp_buf_append(&b, "\\n", 2);
        } else if (c == '\r') {
            rc = sp_buf_append(&b, "\\r", 2);
        } else if (c == '\t') {
            rc = sp_buf_append(&b, "\\t", 2);
        } else if (c < 0x20 || c >= 0x7f) {
            snprintf(tmp, sizeof tmp, "\\x%02x", c);
            rc = sp_buf_append(&b, tmp, 4);
        } else {
            rc = sp_buf_append_char(&b, (char)c);
        }
        if (rc < 0) {
            sp_buf_free(&b);
            return NULL;
        }
    }
    if (sp_buf_append_char(&b, quote) < 0 || sp_buf_append_cstr(&b, suffix) < 0) {
        sp_buf_free(&b);
        return NULL;
    }
    return sp_buf_to_str(&b);
}

static sp_val bytes_repr(sp_val v)
{
    return sp_bytes_repr_of(B(v)->data, B(v)->len, "", "");
}

static sp_val bytearray_repr(sp_val v)
{
    const char *d;
    size_t n;
    view_of(v, &d, &n);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "%s(", sp_typeof(v)->name);
    return sp_bytes_repr_of(d, n, prefix, ")");
}

/* ---- slots --------------------------------------------------------------------------------------
 */

static int bytes_hash(sp_val v, int64_t *out)
{
    sp_bytes *b = B(v);
    if (b->hash == -1) {
        /* Same function as str hashing of ASCII text: hash(b'a') need not match CPython. */
        uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; i < b->len; i++) {
            h ^= (unsigned char)b->data[i];
            h *= 1099511628211ull;
        }
        h ^= h >> 29;
        int64_t r = (int64_t)h;
        b->hash = r == -1 ? -2 : r;
    }
    *out = b->hash;
    return 0;
}

static sp_val bytes_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    const char *x, *y;
    size_t nx, ny;
    if (!sp_bytes_view(a, &x, &nx) || !sp_bytes_view(b, &y, &ny)) return sp_NotImplemented;
    if ((op == SP_CMP_EQ || op == SP_CMP_NE) && nx != ny) return sp_bool(op == SP_CMP_NE);
    size_t n = nx < ny ? nx : ny;
    int c = n ? memcmp(x, y, n) : 0;
    if (c == 0) c = nx < ny ? -1 : nx > ny;
    switch (op) {
    case SP_CMP_LT:
        return sp_bool(c < 0);
    case SP_CMP_LE:
        return sp_bool(c <= 0);
    case SP_CMP_EQ:
        return sp_bool(c == 0);
    case SP_CMP_NE:
        return sp_bool(c != 0);
    case SP_CMP_GT:
        return sp_bool(c > 0);
    default:
        return sp_bool(c >= 0);
    }
}

static int64_t bytes_len(sp_val v)
{
    const char *d;
    size_t n;
    view_of(v, &d, &n);
    return (int64_t)n;
}

static int bytes_truthy(sp_val v)
{
    return bytes_len(v) != 0;
}

static int byte_value(sp_val v, int *out, const char *range_msg)
{
    if (!sp_int_check(v) && !sp_typeof(v)->index) {
        sp_err_set(&sp_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                   sp_type_name(v));
        return -1;
    }
    bool overflow = false;
    int64_t i = sp_index(v, &overflow);
    if (i == -1 && sp_err_occurred()) return -1;
    if (overflow || i < 0 || i > 255) {
        sp_err_set(&sp_exc_ValueError, "%s", range_msg);
        return -1;
    }
    *out = (int)i;
    return 0;
}

static int bytes_contains(sp_val v, sp_val item)
{
    const char *d, *s;
    size_t n, m;
    if (sp_bytes_view(item, &s, &m)) {
        view_of(v, &d, &n);
        return m == 0 || memmem(d, n, s, m) != NULL;
    }
    int c;
    if (byte_value(item, &c, "byte must be in range(0, 256)") < 0) return -1;
    view_of(v, &d, &n); /* invariant 3: item's __index__ may have resized v */
    return memchr(d, c, n) != NULL;
}

/* An integer subscript (CPython's PyNumber_AsSsize_t(key, IndexError)). */
static int subscript_index(sp_val key, int64_t *out)
{
    bool overflow = false;
    int64_t i = sp_index(key, &overflow);
    if (i == -1 && sp_err_occurred()) return -1;
    if (overflow) {
        sp_err_set(&sp_exc_IndexError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    *out = i;
    return 0;
}

static sp_val bytes_getitem(sp_val v, sp_val key)
{
    const char *d;
    size_t n;
    if (sp_is_small(key) || sp_int_check(key) || sp_typeof(key)->index) {
        int64_t i;
        if (subscript_index(key, &i) < 0) return NULL;
        view_of(v, &d, &n); /* invariant 3 */
        if (i < 0) i += (int64_t)n;
        if (i < 0 || i >= (int64_t)n)
            return sp_err_set(&sp_exc_IndexError, sp_bytearray_check(v)
                                                      ? "bytearray index out of range"
                                                      : "index out of range");
        return sp_small((unsigned char)d[i]);
    }
    if (sp_typeof(key) == &sp_type_slice) {
        int64_t start, stop, step;
        if (sp_slice_unpack(key, &start, &stop, &step) < 0) return NULL;
        view_of(v, &d, &n); /* invariant 3: the bounds' __index__ may have resized v */
        int64_t len = sp_slice_adjust((int64_t)n, &start, &stop, step);
        if (step == 1) return make_like(v, d + start, (size_t)len);
        sp_val r = make_like(v, NULL, (size_t)len);
        if (!r) return NULL;
        view_of(v, &d, &n);
        char *out = sp_bytes_check(r) ? B(r)->data : BA(r)->data;
        for (int64_t k = 0, j = start; k < len; k++, j += step)
            out[k] = d[j];
        return r;
    }
    return sp_err_set(&sp_exc_TypeError, "%s indices must be integers or slices, not %s",
                      sp_bytearray_check(v) ? "bytearray" : "byte", sp_type_name(key));
}

static sp_val bytes_add(sp_val a, sp_val b)
{
    const char *x, *y;
    size_t nx, ny;
    if (!sp_bytes_view(a, &x, &nx)) return sp_NotImplemented;
    if (!sp_bytes_view(b, &y, &ny)) {
        sp_type *tb = sp_typeof(b);
        if (tb != sp_typeof(a) && tb->binop[SP_OP_ADD]) {
            sp_val r = tb->binop[SP_OP_ADD](a, b);
            if (r != sp_NotImplemented) return r;
        }
        return sp_err_set(&sp_exc_TypeError, "can't concat %s to %s", sp_type_name(b),
                          sp_type_name(a));
    }
    sp_val r = make_like(a, NULL, nx + ny);
    if (!r) return NULL;
    char *out = sp_bytes_check(r) ? B(r)->data : BA(r)->data;
    if (nx) memcpy(out, x, nx);
    if (ny) memcpy(out + nx, y, ny);
    return r;
}

static sp_val bytes_mul(sp_val a, sp_val b)
{
    const char *x;
    size_t nx;
    sp_val s = sp_bytes_view(a, &x, &nx) ? a : b, n = s == a ? b : a;
    view_of(s, &x, &nx);
    if (!sp_is_small(n) && !sp_int_check(n) && !sp_typeof(n)->index) {
        if (s == b) return sp_NotImplemented;
        sp_type *tn = sp_typeof(n);
        if (tn != sp_typeof(a) && tn->binop[SP_OP_MUL]) {
            sp_val r = tn->binop[SP_OP_MUL](a, b);
            if (r != sp_NotImplemented) return r;
        }
        return sp_err_set(&sp_exc_TypeError, "can't multiply sequence by non-int of type '%s'",
                          sp_type_name(n));
    }
    bool overflow = false;
    int64_t k = sp_index(n, &overflow);
    if (overflow)
        return sp_err_set(&sp_exc_OverflowError, "cannot fit 'int' into an index-sized integer");
    if (k == -1 && sp_err_occurred()) return NULL;
    if (k < 0) k = 0;
    if (nx && (uint64_t)k > ((uint64_t)1 << 50) / nx) return sp_err_no_memory();
    sp_val r = make_like(s, NULL, nx * (size_t)k);
    if (!r) return NULL;
    view_of(s, &x, &nx);
    char *out = sp_bytes_check(r) ? B(r)->data : BA(r)->data;
    for (int64_t i = 0; nx && i < k; i++)
        memcpy(out + (size_t)i * nx, x, nx);
    return r;
}

/* ba[i] = x / del ba[i]. As CPython does since gh-91153, the value is converted before
 * the bounds check: both __index__ calls may resize the bytearray, so its length is read
 * after them (invariant 3). */
static int ba_setindex(sp_bytearray *b, sp_val key, sp_val value)
{
    int64_t i;
    if (subscript_index(key, &i) < 0) return -1;
    int c = 0;
    if (value && byte_value(value, &c, "byte must be in range(0, 256)") < 0) return -1;
    if (i < 0) i += (int64_t)b->len;
    if (i < 0 || i >= (int64_t)b->len) {
        sp_err_set(&sp_exc_IndexError, "bytearray index out of range");
        return -1;
    }
    if (!value) {
        memmove(b->data + i, b->data + i + 1, b->len - (size_t)i - 1);
        b->len--;
        return 0;
    }
    b->data[i] = (char)c;
    return 0;
}

/* CPython's PyNumber_Check, the values a slice assignment refuses outright. */
static int is_number(sp_val v)
{
    if (sp_is_small(v) || sp_int_check(v) || sp_typeof(v)->index ||
        sp_isinstance(v, &sp_type_float) || sp_isinstance(v, &sp_type_complex))
        return 1;
    /* a bare MRO look-up: binding the attribute could run a descriptor's Python code */
    sp_val ff = sp_str_intern("__float__"), fi = sp_str_intern("__int__");
    if (!ff || !fi) return -1;
    return sp_type_lookup(sp_typeof(v), ff) || sp_type_lookup(sp_typeof(v), fi);
}

/* Replace the adjusted slice start:stop:step (n items) of b with sn bytes at sd, or
 * delete it when sd is NULL. Runs no Python code: b->len and b->data are current. */
static int ba_assign_slice(sp_bytearray *b, int64_t start, int64_t stop, int64_t step, int64_t n,
                           const char *sd, size_t sn)
{
    /* ba[5:2] = x inserts before 5 */
    if ((step < 0 && start < stop) || (step > 0 && start > stop)) stop = start;
    if (step == 1) {
        size_t removed = (size_t)(stop - start), newlen = b->len - removed + sn;
        if (newlen > b->len && ba_reserve(b, newlen) < 0) return -1;
        if (b->len > (size_t)stop)
            memmove(b->data + start + sn, b->data + stop, b->len - (size_t)stop);
        if (sn) memcpy(b->data + start, sd, sn);
        b->len = newlen;
        return 0;
    }
    if (sn == 0) { /* CPython: assigning b"" to an extended slice deletes */
        if (n == 0) return 0;
        if (step < 0) {
            start = start + step * (n - 1);
            step = -step;
        }
        size_t w = 0;
        for (size_t r = 0, k = 0; r < b->len; r++) {
            if (k < (size_t)n && (int64_t)r == start + (int64_t)k * step) {
                k++;
                continue;
            }
            b->data[w++] = b->data[r];
        }
        b->len = w;
        return 0;
    }
    if ((int64_t)sn != n) {
        sp_err_set(&sp_exc_ValueError,
                   "attempt to assign bytes of size %zu to extended slice of size %lld", sn,
                   (long long)n);
        return -1;
    }
    for (int64_t k = 0, j = start; k < n; k++, j += step)
        b->data[j] = sd[k];
    return 0;
}

static int bytearray_setitem(sp_val v, sp_val key, sp_val value)
{
    sp_bytearray *b = BA(v);
    if (sp_is_small(key) || sp_int_check(key) || sp_typeof(key)->index)
        return ba_setindex(b, key, value);
    if (sp_typeof(key) != &sp_type_slice) {
        sp_err_set(&sp_exc_TypeError, "bytearray indices must be integers or slices, not %s",
                   sp_type_name(key));
        return -1;
    }
    int64_t start, stop, step;
    if (sp_slice_unpack(key, &start, &stop, &step) < 0) return -1;
    if (value && (value == v || !sp_bytearray_check(value))) {
        int num = is_number(value);
        if (num < 0) return -1;
        if (num || sp_str_check(value)) {
            sp_err_set(&sp_exc_TypeError,
                       "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
            return -1;
        }
        /* As CPython: convert to a fresh bytearray, then start over. The conversion can run
         * Python code (a generator that clears v), so the slice is unpacked again and
         * adjusted to the length it left (invariant 3); its __index__ runs twice, as there. */
        sp_val args[1] = {value};
        sp_val copy = sp_call((sp_val)&sp_type_bytearray, args, 1, NULL);
        if (!copy) return -1;
        int rc = bytearray_setitem(v, key, copy);
        SP_KEEP_ALIVE(copy); /* the callee reads its raw buffer across ba_reserve */
        return rc;
    }
    /* value is NULL (del) or another bytearray: no Python code runs from here on */
    const char *sd = NULL;
    size_t sn = 0;
    if (value) view_of(value, &sd, &sn);
    int64_t n = sp_slice_adjust((int64_t)b->len, &start, &stop, step);
    int rc = ba_assign_slice(b, start, stop, step, n, sd, sn);
    SP_KEEP_ALIVE(value); /* sd points into its raw buffer; a C caller may pass a temporary */
    return rc;
}

static sp_val bytearray_iadd(sp_val a, sp_val b)
{
    const char *y;
    size_t ny;
    if (!sp_bytes_view(b, &y, &ny))
        return sp_err_set(&sp_exc_TypeError, "can't concat %s to bytearray", sp_type_name(b));
    sp_bytearray *x = BA(a);
    if (ba_reserve(x, x->len + ny) < 0) return NULL;
    view_of(b, &y, &ny);
    if (ny) memmove(x->data + x->len, y, ny);
    x->len += ny;
    return a;
}

/* ---- iterator
 * ------------------------------------------------------------------------------------- */

typedef struct bytes_iter {
    sp_object ob;
    sp_val seq; /* NULL once exhausted */
    size_t index;
} bytes_iter;

static sp_type sp_type_bytes_iter;

static void bytes_iter_trace(sp_val v)
{
    sp_gc_mark(((bytes_iter *)v)->seq);
}

static sp_val iter_self(sp_val v)
{
    return v;
}

static sp_val bytes_iter_next(sp_val v)
{
    bytes_iter *it = (bytes_iter *)v;
    if (!it->seq) return NULL;
    const char *d;
    size_t n;
    view_of(it->seq, &d, &n);
    if (it->index < n) return sp_small((unsigned char)d[it->index++]);
    it->seq = NULL;
    return NULL;
}

static sp_type sp_type_bytes_iter = {
    .name = "bytes_iterator",
    .basic_size = sizeof(bytes_iter),
    .trace = bytes_iter_trace,
    .iter = iter_self,
    .iternext = bytes_iter_next,
};

static sp_val bytes_iter_slot(sp_val v)
{
    bytes_iter *it = sp_gc_new(&sp_type_bytes_iter, sizeof(bytes_iter));
    if (!it) return NULL;
    it->seq = v;
    return (sp_val)it;
}

/* ---- constructors
 * ------------------------------------------------------------------------------------ */

/* The bytes that bytes(x) / bytearray(x) would hold, as a bytes object. */
static sp_val bytes_from_object(const char *fname, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const names[] = {"source", "encoding", "errors", NULL};
    sp_val src = NULL, enc = NULL, errs = NULL;
    if (sp_parse_args(fname, args, nargs, kwnames, "|OOO", names, &src, &enc, &errs) < 0)
        return NULL;
    if (enc && !sp_str_check(enc))
        return sp_err_set(&sp_exc_TypeError, "%s() argument 'encoding' must be str, not %s", fname,
                          sp_type_name(enc));
    if (errs && !sp_str_check(errs))
        return sp_err_set(&sp_exc_TypeError, "%s() argument 'errors' must be str, not %s", fname,
                          sp_type_name(errs));
    if (!src) {
        if (enc || errs)
            return sp_err_set(&sp_exc_TypeError, enc ? "encoding without a string argument"
                                                     : "errors without a string argument");
        return sp_bytes_new(NULL, 0);
    }
    if (sp_str_check(src)) {
        if (!enc) return sp_err_set(&sp_exc_TypeError, "string argument without an encoding");
        sp_val a[2] = {enc, errs ? errs : NULL};
        return sp_call_method(src, "encode", a, errs ? 2 : 1);
    }
    if (enc || errs)
        return sp_err_set(&sp_exc_TypeError, enc ? "encoding without a string argument"
                                                 : "errors without a string argument");
    const char *d;
    size_t n;
    if (sp_bytes_view(src, &d, &n)) return sp_bytes_new(d, n);
    if (sp_is_small(src) || sp_int_check(src) || sp_typeof(src)->index) {
        bool overflow = false;
        int64_t k = sp_index(src, &overflow);
        if (k == -1 && sp_err_occurred()) return NULL;
        if (overflow)
            return sp_err_set(&sp_exc_OverflowError,
                              "cannot fit 'int' into an index-sized integer");
        if (k < 0) return sp_err_set(&sp_exc_ValueError, "negative count");
        return sp_bytes_new(NULL, (size_t)k);
    }
    sp_val bytes_m = sp_lookup_special(src, "__bytes__");
    if (bytes_m) {
        sp_val r = sp_call0(bytes_m);
        if (r && !sp_bytes_check(r))
            return sp_err_set(&sp_exc_TypeError, "__bytes__ returned non-bytes (type %s)",
                              sp_type_name(r));
        return r;
    }
    if (sp_err_occurred()) return NULL;
    sp_val it = sp_iter(src);
    if (!it) {
        if (sp_err_matches(&sp_exc_TypeError)) {
            sp_err_clear();
            return sp_err_set(&sp_exc_TypeError, "cannot convert '%s' object to %s",
                              sp_type_name(src), fname);
        }
        return NULL;
    }
    sp_buf b;
    sp_buf_init(&b);
    for (;;) {
        sp_val x = sp_next(it);
        if (!x) {
            if (sp_err_occurred()) {
                sp_buf_free(&b);
                return NULL;
            }
            break;
        }
        int c;
        if (byte_value(x, &c, "bytes must be in range(0, 256)") < 0 ||
            sp_buf_append_char(&b, (char)c) < 0) {
            sp_buf_free(&b);
            return NULL;
        }
    }
    sp_val r = sp_bytes_new(b.data, b.len);
    sp_buf_free(&b);
    return r;
}

static sp_val bytes_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_val b = bytes_from_object("bytes", args, nargs, kwnames);
    if (!b || type == &sp_type_bytes) return b;
    return bytes_new_typed(type, B(b)->data, B(b)->len);
}

static sp_val bytearray_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return bytearray_new_typed(type, NULL, 0);
}

static int bytearray_tp_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_val b = bytes_from_object("bytearray", args, nargs, kwnames);
    if (!b) return -1;
    sp_bytearray *ba = BA(self);
    if (ba_reserve(ba, B(b)->len) < 0) return -1;
    if (B(b)->len) memcpy(ba->data, B(b)->data, B(b)->len);
    ba->len = B(b)->len;
    return 0;
}

/* ---- methods (shared)
 * ------------------------------------------------------------------------------- */

static int bytes_arg(sp_val v, const char **d, size_t *n)
{
    if (sp_bytes_view(v, d, n)) return 0;
    sp_err_set(&sp_exc_TypeError, "a bytes-like object is required, not '%s'", sp_type_name(v));
    return -1;
}

static sp_val b_decode(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"encoding", "errors", NULL};
    sp_val enc = NULL, errs = NULL;
    if (sp_parse_args("decode", args, nargs, kw, "|OO", names, &enc, &errs) < 0) return NULL;
    if ((enc && !sp_str_check(enc)) || (errs && !sp_str_check(errs)))
        return sp_err_set(&sp_exc_TypeError, "decode() argument must be str, not %s",
                          sp_type_name(enc && !sp_str_check(enc) ? enc : errs));
    const char *d;
    size_t n;
    view_of(self, &d, &n);
    return sp_str_decode(d, n, enc ? sp_str_cstr(enc) : "utf-8",
                         errs ? sp_str_cstr(errs) : "strict");
}

static sp_val b_hex(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"sep", "bytes_per_sep", NULL};
    sp_val sep = NULL;
    int64_t per = 1;
    if (sp_parse_args("hex", args, nargs, kw, "|Oi", names, &sep, &per) < 0) return NULL;
    const char *d;
    size_t n;
    view_of(self, &d, &n);
    const char *sepc = NULL;
    if (sep) {
        if (!sp_str_check(sep) || ((sp_str *)sep)->len != 1)
            return sp_err_set(&sp_exc_ValueError, "sep must be length 1.");
        sepc = sp_str_cstr(sep);
    }
    sp_buf b;
    sp_buf_init(&b);
    static const char hexd[] = "0123456789abcdef";
    int64_t group = per < 0 ? -per : per;
    for (size_t i = 0; i < n; i++) {
        if (sepc && i && group) {
            /* positive: groups counted from the right; negative: from the left */
            bool boundary = per > 0 ? ((n - i) % (size_t)group == 0) : (i % (size_t)group == 0);
            if (boundary && sp_buf_append_cstr(&b, sepc) < 0) return NULL;
        }
        unsigned char c = (unsigned char)d[i];
        char two[2] = {hexd[c >> 4], hexd[c & 15]};
        if (sp_buf_append(&b, two, 2) < 0) return NULL;
    }
    return sp_buf_to_str(&b);
}

static sp_val b_fromhex(sp_val cls, sp_val const *args, size_t nargs, sp_val kw)
{
    const char *tname = cls == (sp_val)&sp_type_bytearray ? "bytearray" : "bytes";
    if (sp_ck_kw(tname, "fromhex", kw) < 0 || sp_ck_nargs(tname, "fromhex", nargs, 1, 1) < 0)
        return NULL;
    if (!sp_str_check(args[0]))
        return sp_err_set(&sp_exc_TypeError, "fromhex() argument must be str, not %s",
                          sp_type_name(args[0]));
    const char *s = sp_str_cstr(args[0]);
    size_t n = ((sp_str *)args[0])->size;
    sp_buf b;
    sp_buf_init(&b);
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ' || (s[i] >= 9 && s[i] <= 13)) {
            i++;
            continue;
        }
        int v[2];
        for (int k = 0; k < 2; k++) {
            char c = i + (size_t)k < n ? s[i + k] : 0;
            v[k] = c >= '0' && c <= '9'   ? c - '0'
                   : c >= 'a' && c <= 'f' ? c - 'a' + 10
                   : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                          : -1;
            if (v[k] < 0) {
                sp_buf_free(&b);
                return sp_err_set(&sp_exc_ValueError,
                                  "non-hexadecimal number found in fromhex() arg at position %zu",
                                  i + (size_t)k);
            }
        }
        if (sp_buf_append_char(&b, (char)(v[0] * 16 + v[1])) < 0) return NULL;
        i += 2;
    }
    sp_val r = (cls == (sp_val)&sp_type_bytearray) ? sp_bytearray_new(b.data, b.len)
                                                   : sp_bytes_new(b.data, b.len);
    sp_buf_free(&b);
    return r;
}

static sp_val b_join(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "join", kw) < 0 || sp_ck_nargs(TN, "join", nargs, 1, 1) < 0) return NULL;
    sp_val items = sp_list_from_iterable(args[0]);
    if (!items) return NULL;
    sp_list *l = (sp_list *)items;
    sp_buf b;
    sp_buf_init(&b);
    for (size_t i = 0; i < l->len; i++) {
        const char *d, *sd;
        size_t n, sn;
        if (!sp_bytes_view(l->items[i], &d, &n)) {
            sp_buf_free(&b);
            return sp_err_set(&sp_exc_TypeError,
                              "sequence item %zu: expected a bytes-like object, %s found", i,
                              sp_type_name(l->items[i]));
        }
        view_of(self, &sd, &sn);
        if ((i && sp_buf_append(&b, sd, sn) < 0) || sp_buf_append(&b, d, n) < 0) return NULL;
    }
    sp_val r = make_like(self, b.data, b.len);
    sp_buf_free(&b);
    return r;
}

static bool is_ws(char c)
{
    return c == ' ' || (c >= 9 && c <= 13);
}

static sp_val b_split_common(sp_val self, sp_val const *args, size_t nargs, sp_val kw, bool right)
{
    static const char *const names[] = {"sep", "maxsplit", NULL};
    sp_val sep = sp_None;
    int64_t maxsplit = -1;
    if (sp_parse_args(right ? "rsplit" : "split", args, nargs, kw, "|Oi", names, &sep, &maxsplit) <
        0)
        return NULL;
    if (maxsplit < 0) maxsplit = INT64_MAX;
    const char *d, *s = NULL;
    size_t n, sn = 0;
    if (sep != sp_None) {
        if (bytes_arg(sep, &s, &sn) < 0) return NULL;
        if (sn == 0) return sp_err_set(&sp_exc_ValueError, "empty separator");
    }
    view_of(self, &d, &n);
    sp_val list = sp_list_new(0);
    if (!list) return NULL;
    if (!right) {
        size_t i = 0;
        if (s) {
            while (maxsplit-- > 0) {
                const char *hit = memmem(d + i, n - i, s, sn);
                if (!hit) break;
                sp_val piece = make_like(self, d + i, (size_t)(hit - d) - i);
                if (!piece || sp_list_append(list, piece) < 0) return NULL;
                i = (size_t)(hit - d) + sn;
            }
            sp_val piece = make_like(self, d + i, n - i);
            if (!piece || sp_list_append(list, piece) < 0) return NULL;
            return list;
        }
        for (;;) {
            while (i < n && is_ws(d[i]))
                i++;
            if (i >= n) break;
            size_t j = i;
            if (maxsplit-- <= 0) {
                j = n;
            } else {
                while (j < n && !is_ws(d[j]))
                    j++;
            }
            sp_val piece = make_like(self, d + i, j - i);
            if (!piece || sp_list_append(list, piece) < 0) return NULL;
            i = j;
        }
        return list;
    }
    size_t e = n;
    if (s) {
        while (maxsplit-- > 0 && e >= sn) {
            size_t off = e - sn + 1;
            bool found = false;
            while (off-- > 0)
                if (memcmp(d + off, s, sn) == 0) {
                    found = true;
                    break;
                }
            if (!found) break;
            sp_val piece = make_like(self, d + off + sn, e - off - sn);
            if (!piece || sp_list_append(list, piece) < 0) return NULL;
            e = off;
        }
        sp_val piece = make_like(self, d, e);
        if (!piece || sp_list_append(list, piece) < 0) return NULL;
    } else {
        for (;;) {
            while (e > 0 && is_ws(d[e - 1]))
                e--;
            if (e == 0) break;
            size_t b = e;
            if (maxsplit-- <= 0) {
                b = 0;
            } else {
                while (b > 0 && !is_ws(d[b - 1]))
                    b--;
            }
            sp_val piece = make_like(self, d + b, e - b);
            if (!piece || sp_list_append(list, piece) < 0) return NULL;
            e = b;
        }
    }
    sp_list_reverse(list);
    return list;
}

static sp_val b_split(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_split_common(self, args, nargs, kw, false);
}

static sp_val b_rsplit(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_split_common(self, args, nargs, kw, true);
}

static sp_val b_strip_common(const char *fname, sp_val self, sp_val const *args, size_t nargs,
                             sp_val kw, bool left, bool right)
{
    if (sp_ck_kw(TN, fname, kw) < 0 || sp_ck_nargs(TN, fname, nargs, 0, 1) < 0) return NULL;
    const char *chars = NULL, *d;
    size_t nchars = 0, n;
    if (nargs && args[0] != sp_None && bytes_arg(args[0], &chars, &nchars) < 0) return NULL;
    view_of(self, &d, &n);
    size_t a = 0, b = n;
    if (left)
        while (a < b && (chars ? memchr(chars, d[a], nchars) != NULL : is_ws(d[a])))
            a++;
    if (right)
        while (b > a && (chars ? memchr(chars, d[b - 1], nchars) != NULL : is_ws(d[b - 1])))
            b--;
    return make_like(self, d + a, b - a);
}

static sp_val b_strip(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_strip_common("strip", self, args, nargs, kw, true, true);
}
static sp_val b_lstrip(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_strip_common("lstrip", self, args, nargs, kw, true, false);
}
static sp_val b_rstrip(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_strip_common("rstrip", self, args, nargs, kw, false, true);
}

/* Sub-sequence argument of find/count/...: bytes-like or an int byte value (anything with
 * __index__, as CPython's parse_args_finds_byte). */
static int sub_arg(sp_val v, const char **s, size_t *n, char *one)
{
    if (sp_bytes_view(v, s, n)) return 0;
    if (sp_is_small(v) || sp_int_check(v) || sp_typeof(v)->index) {
        int c;
        if (byte_value(v, &c, "byte must be in range(0, 256)") < 0) return -1;
        *one = (char)c;
        *s = one;
        *n = 1;
        return 0;
    }
    sp_err_set(&sp_exc_TypeError, "argument should be integer or bytes-like object, not '%s'",
               sp_type_name(v));
    return -1;
}

/* The optional start/end of find, count, startswith...: CPython's _PyEval_SliceIndex
 * (None is absent; clipped on overflow). Not yet adjusted: the __index__ calls may
 * resize self, so the caller reads its length afterwards and calls adjust_bounds. */
static int find_bounds(sp_val const *args, size_t nargs, int64_t *a, int64_t *b)
{
    *a = 0;
    *b = INT64_MAX;
    for (size_t k = 1; k < nargs && k < 3; k++) {
        sp_val x = args[k];
        if (x == sp_None) continue;
        if (!sp_is_small(x) && !sp_int_check(x) && !sp_typeof(x)->index) {
            sp_err_set(&sp_exc_TypeError,
                       "slice indices must be integers or None or have an __index__ method");
            return -1;
        }
        bool overflow = false; /* sp_index then saturates to INT64_MIN / INT64_MAX */
        int64_t v = sp_index(x, &overflow);
        if (v == -1 && sp_err_occurred()) return -1;
        *(k == 1 ? a : b) = v;
    }
    return 0;
}

/* CPython's ADJUST_INDICES: afterwards 0 <= *b <= n and *a >= 0 (it may exceed n). */
static void adjust_bounds(size_t n, int64_t *a, int64_t *b)
{
    int64_t len = (int64_t)n;
    if (*b > len) {
        *b = len;
    } else if (*b < 0) {
        *b += len;
        if (*b < 0) *b = 0;
    }
    if (*a < 0) {
        *a += len;
        if (*a < 0) *a = 0;
    }
}

static sp_val b_find_common(const char *fname, sp_val self, sp_val const *args, size_t nargs,
                            sp_val kw, bool reverse, bool raise)
{
    if (sp_ck_kw(TN, fname, kw) < 0 || sp_ck_nargs_tuple(fname, nargs, 1, 3) < 0) return NULL;
    /* CPython's order: start, end, then the sub-sequence; each may run __index__ */
    int64_t a, b;
    if (find_bounds(args, nargs, &a, &b) < 0) return NULL;
    const char *s, *d;
    size_t sn, n;
    char one;
    if (sub_arg(args[0], &s, &sn, &one) < 0) return NULL;
    view_of(self, &d, &n); /* invariant 3 */
    adjust_bounds(n, &a, &b);
    int64_t r = -1;
    if (a <= (int64_t)n && b - a >= (int64_t)sn) {
        if (!reverse) {
            const char *hit = sn ? memmem(d + a, (size_t)(b - a), s, sn) : d + a;
            if (hit) r = hit - d;
        } else {
            for (int64_t i = b - (int64_t)sn; i >= a; i--)
                if (memcmp(d + i, s, sn) == 0) {
                    r = i;
                    break;
                }
        }
    }
    if (r < 0 && raise) return sp_err_set(&sp_exc_ValueError, "subsection not found");
    return sp_small(r);
}

static sp_val b_find(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_find_common("find", self, args, nargs, kw, false, false);
}
static sp_val b_rfind(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_find_common("rfind", self, args, nargs, kw, true, false);
}
static sp_val b_index(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_find_common("index", self, args, nargs, kw, false, true);
}
static sp_val b_rindex(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_find_common("rindex", self, args, nargs, kw, true, true);
}

static sp_val b_count(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "count", kw) < 0 || sp_ck_nargs_tuple("count", nargs, 1, 3) < 0) return NULL;
    int64_t a, b;
    if (find_bounds(args, nargs, &a, &b) < 0) return NULL;
    const char *s, *d;
    size_t sn, n;
    char one;
    if (sub_arg(args[0], &s, &sn, &one) < 0) return NULL;
    view_of(self, &d, &n); /* invariant 3 */
    adjust_bounds(n, &a, &b);
    if (a > (int64_t)n || b < a) return sp_small(0);
    if (sn == 0) return sp_small(b - a + 1);
    int64_t count = 0;
    const char *p = d + a, *end = d + b;
    while ((size_t)(end - p) >= sn) {
        const char *hit = memmem(p, (size_t)(end - p), s, sn);
        if (!hit) break;
        count++;
        p = hit + sn;
    }
    return sp_small(count);
}

static sp_val b_affix(const char *fname, sp_val self, sp_val const *args, size_t nargs, sp_val kw,
                      bool suffix)
{
    if (sp_ck_kw(TN, fname, kw) < 0 || sp_ck_nargs_tuple(fname, nargs, 1, 3) < 0) return NULL;
    int64_t a, b;
    if (find_bounds(args, nargs, &a, &b) < 0) return NULL;
    const char *d;
    size_t n;
    view_of(self, &d, &n); /* invariant 3; nothing below runs Python code */
    adjust_bounds(n, &a, &b);
    sp_val const *cands = &args[0];
    size_t ncand = 1;
    bool tuple = sp_tuple_check(args[0]);
    if (tuple) {
        cands = ((sp_tuple *)args[0])->items;
        ncand = ((sp_tuple *)args[0])->len;
    }
    for (size_t i = 0; i < ncand; i++) {
        const char *s;
        size_t sn;
        if (!sp_bytes_view(cands[i], &s, &sn))
            return tuple
                       ? sp_err_set(&sp_exc_TypeError, "a bytes-like object is required, not '%s'",
                                    sp_type_name(cands[i]))
                       : sp_err_set(&sp_exc_TypeError,
                                    "%s first arg must be bytes or a tuple of bytes, not %s", fname,
                                    sp_type_name(cands[i]));
        if (a > (int64_t)n || b - a < (int64_t)sn) continue;
        if (memcmp(suffix ? d + b - sn : d + a, s, sn) == 0) return sp_True;
    }
    return sp_False;
}

static sp_val b_startswith(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_affix("startswith", self, args, nargs, kw, false);
}
static sp_val b_endswith(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_affix("endswith", self, args, nargs, kw, true);
}

static sp_val b_replace(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "replace", kw) < 0 || sp_ck_nargs(TN, "replace", nargs, 2, 3) < 0) return NULL;
    const char *o, *w, *d;
    size_t on, wn, n;
    /* type errors in CPython's order: old, new, then count */
    if (bytes_arg(args[0], &o, &on) < 0 || bytes_arg(args[1], &w, &wn) < 0) return NULL;
    int64_t count = -1;
    if (nargs > 2) {
        bool overflow = false;
        count = sp_index(args[2], &overflow);
        if (count == -1 && sp_err_occurred()) return NULL;
        if (overflow)
            return sp_err_set(&sp_exc_OverflowError,
                              "Python int too large to convert to C ssize_t");
    }
    if (count < 0) count = INT64_MAX;
    /* invariant 3: count's __index__ may have resized self or a bytearray argument */
    view_of(args[0], &o, &on);
    view_of(args[1], &w, &wn);
    view_of(self, &d, &n);
    sp_buf b;
    sp_buf_init(&b);
    size_t i = 0;
    if (on == 0) {
        while (count-- > 0) {
            if (sp_buf_append(&b, w, wn) < 0) return NULL;
            if (i >= n) break;
            if (sp_buf_append_char(&b, d[i++]) < 0) return NULL;
        }
    } else {
        while (count-- > 0) {
            const char *hit = memmem(d + i, n - i, o, on);
            if (!hit) break;
            size_t off = (size_t)(hit - d);
            if (sp_buf_append(&b, d + i, off - i) < 0 || sp_buf_append(&b, w, wn) < 0) return NULL;
            i = off + on;
        }
    }
    if (sp_buf_append(&b, d + i, n - i) < 0) return NULL;
    sp_val r = make_like(self, b.data, b.len);
    sp_buf_free(&b);
    return r;
}

typedef enum { BC_UPPER, BC_LOWER, BC_SWAP, BC_TITLE, BC_CAPITALIZE } bcase;

static sp_val b_case(sp_val self, bcase op)
{
    const char *d;
    size_t n;
    view_of(self, &d, &n);
    sp_val r = make_like(self, d, n);
    if (!r) return NULL;
    char *out = sp_bytes_check(r) ? B(r)->data : BA(r)->data;
    bool prev = false;
    for (size_t i = 0; i < n; i++) {
        char c = out[i];
        bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
        bool to_up = op == BC_UPPER || (op == BC_SWAP && lo) || (op == BC_TITLE && !prev) ||
                     (op == BC_CAPITALIZE && i == 0);
        bool to_lo = op == BC_LOWER || (op == BC_SWAP && up) || (op == BC_TITLE && prev) ||
                     (op == BC_CAPITALIZE && i != 0);
        if (to_up && lo)
            out[i] = (char)(c - 32);
        else if (to_lo && up)
            out[i] = (char)(c + 32);
        prev = up || lo;
    }
    return r;
}

static sp_val b_upper(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (sp_ck_kw(TN, "upper", kw) < 0 || sp_ck_nargs(TN, "upper", n, 0, 0) < 0) return NULL;
    return b_case(self, BC_UPPER);
}
static sp_val b_lower(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (sp_ck_kw(TN, "lower", kw) < 0 || sp_ck_nargs(TN, "lower", n, 0, 0) < 0) return NULL;
    return b_case(self, BC_LOWER);
}
static sp_val b_swapcase(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (sp_ck_kw(TN, "swapcase", kw) < 0 || sp_ck_nargs(TN, "swapcase", n, 0, 0) < 0) return NULL;
    return b_case(self, BC_SWAP);
}
static sp_val b_title(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (sp_ck_kw(TN, "title", kw) < 0 || sp_ck_nargs(TN, "title", n, 0, 0) < 0) return NULL;
    return b_case(self, BC_TITLE);
}
static sp_val b_capitalize(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (sp_ck_kw(TN, "capitalize", kw) < 0 || sp_ck_nargs(TN, "capitalize", n, 0, 0) < 0)
        return NULL;
    return b_case(self, BC_CAPITALIZE);
}

typedef bool (*byte_pred)(unsigned char c);
static bool p_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}
static bool p_alpha(unsigned char c)
{
    return (c | 32) >= 'a' && (c | 32) <= 'z';
}
static bool p_alnum(unsigned char c)
{
    return p_digit(c) || p_alpha(c);
}
static bool p_space(unsigned char c)
{
    return is_ws((char)c);
}
static bool p_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}
static bool p_lower(unsigned char c)
{
    return c >= 'a' && c <= 'z';
}
static bool p_ascii(unsigned char c)
{
    return c < 128;
}

static sp_val all_bytes(sp_val self, byte_pred p, bool empty_result)
{
    const char *d;
    size_t n;
    view_of(self, &d, &n);
    if (n == 0) return sp_bool(empty_result);
    for (size_t i = 0; i < n; i++)
        if (!p((unsigned char)d[i])) return sp_False;
    return sp_True;
}

/* bytes.isdigit() and friends: no arguments, true when every byte satisfies the
 * predicate; `on_empty` is the answer for b"". */
#define BYTES_ALL_PREDICATE(name, pred, on_empty)                                                  \
    static sp_val b_##name(sp_val self, sp_val const *a, size_t n, sp_val kw)                      \
    {                                                                                              \
        (void)a;                                                                                   \
        if (sp_ck_kw(TN, #name, kw) < 0 || sp_ck_nargs(TN, #name, n, 0, 0) < 0) return NULL;       \
        return all_bytes(self, pred, on_empty);                                                    \
    }
BYTES_ALL_PREDICATE(isdigit, p_digit, false)
BYTES_ALL_PREDICATE(isalpha, p_alpha, false)
BYTES_ALL_PREDICATE(isalnum, p_alnum, false)
BYTES_ALL_PREDICATE(isspace, p_space, false)
BYTES_ALL_PREDICATE(isascii, p_ascii, true)
#undef BYTES_ALL_PREDICATE

static sp_val b_isupper(sp_val self, sp_val const *a, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "isupper", kw) < 0 || sp_ck_nargs(TN, "isupper", nargs, 0, 0) < 0) return NULL;
    const char *d;
    size_t n;
    view_of(self, &d, &n);
    bool cased = false;
    for (size_t i = 0; i < n; i++) {
        if (p_lower((unsigned char)d[i])) return sp_False;
        cased |= p_upper((unsigned char)d[i]);
    }
    return sp_bool(cased);
}

static sp_val b_islower(sp_val self, sp_val const *a, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "islower", kw) < 0 || sp_ck_nargs(TN, "islower", nargs, 0, 0) < 0) return NULL;
    const char *d;
    size_t n;
    view_of(self, &d, &n);
    bool cased = false;
    for (size_t i = 0; i < n; i++) {
        if (p_upper((unsigned char)d[i])) return sp_False;
        cased |= p_lower((unsigned char)d[i]);
    }
    return sp_bool(cased);
}

static sp_val b_partition_common(sp_val self, sp_val const *args, size_t nargs, sp_val kw,
                                 bool reverse)
{
    const char *fname = reverse ? "rpartition" : "partition";
    if (sp_ck_kw(TN, fname, kw) < 0 || sp_ck_nargs(TN, fname, nargs, 1, 1) < 0) return NULL;
    const char *s, *d;
    size_t sn, n;
    if (bytes_arg(args[0], &s, &sn) < 0) return NULL;
    if (sn == 0) return sp_err_set(&sp_exc_ValueError, "empty separator");
    view_of(self, &d, &n);
    int64_t at = -1;
    if (n >= sn) {
        if (!reverse) {
            const char *hit = memmem(d, n, s, sn);
            at = hit ? hit - d : -1;
        } else {
            for (int64_t i = (int64_t)(n - sn); i >= 0; i--)
                if (memcmp(d + i, s, sn) == 0) {
                    at = i;
                    break;
                }
        }
    }
    sp_val e1 = make_like(self, NULL, 0), e2 = make_like(self, NULL, 0);
    if (!e1 || !e2) return NULL;
    if (at < 0) {
        sp_val whole = make_like(self, d, n);
        if (!whole) return NULL;
        return reverse ? sp_tuple_pack(3, e1, e2, whole) : sp_tuple_pack(3, whole, e1, e2);
    }
    sp_val a = make_like(self, d, (size_t)at);
    sp_val m = make_like(self, s, sn);
    sp_val b = make_like(self, d + at + sn, n - (size_t)at - sn);
    if (!a || !m || !b) return NULL;
    return sp_tuple_pack(3, a, m, b);
}

static sp_val b_partition(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_partition_common(self, args, nargs, kw, false);
}
static sp_val b_rpartition(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_partition_common(self, args, nargs, kw, true);
}

static sp_val b_splitlines(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"keepends", NULL};
    sp_val keepv = NULL;
    if (sp_parse_args("splitlines", args, nargs, kw, "|O", names, &keepv) < 0) return NULL;
    int keep = keepv ? sp_truthy(keepv) : 0;
    if (keep < 0) return NULL;
    const char *d;
    size_t n;
    view_of(self, &d, &n);
    sp_val list = sp_list_new(0);
    size_t i = 0;
    while (list && i < n) {
        size_t j = i;
        while (j < n && d[j] != '\n' && d[j] != '\r')
            j++;
        size_t eol = j;
        if (j < n) {
            j += (d[j] == '\r' && j + 1 < n && d[j + 1] == '\n') ? 2 : 1;
        }
        sp_val piece = make_like(self, d + i, (keep ? j : eol) - i);
        if (!piece || sp_list_append(list, piece) < 0) return NULL;
        i = j;
    }
    return list;
}

/* ---- padding, prefixes, translate
 * ---------------------------------------------------------------------- */

static int b_pad_args(sp_val self, const char *fname, sp_val const *args, size_t nargs, sp_val kw,
                      int64_t *width, char *fill, bool fill_allowed)
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
    *fill = ' ';
    if (nargs > 1) {
        const char *d;
        size_t n;
        if (!sp_bytes_view(args[1], &d, &n) || n != 1) {
            sp_err_set(&sp_exc_TypeError,
                       "%s() argument 2 must be a byte string of length 1, not %s", fname,
                       sp_type_name(args[1]));
            return -1;
        }
        *fill = d[0];
    }
    return 0;
}

static sp_val b_padded(sp_val self, int64_t left, int64_t right, char fill)
{
    const char *d;
    size_t n;
    view_of(self, &d, &n);
    if (left < 0) left = 0;
    if (right < 0) right = 0;
    sp_val r = make_like(self, NULL, n + (size_t)left + (size_t)right);
    if (!r) return NULL;
    view_of(self, &d, &n);
    char *out = sp_bytes_check(r) ? B(r)->data : BA(r)->data;
    if (!out) return r; /* empty bytearray */
    memset(out, fill, (size_t)left);
    if (n) memcpy(out + left, d, n);
    memset(out + left + n, fill, (size_t)right);
    return r;
}

static sp_val b_ljust(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t w;
    char f;
    if (b_pad_args(self, "ljust", args, nargs, kw, &w, &f, true) < 0) return NULL;
    return b_padded(self, 0, w - bytes_len(self), f);
}

static sp_val b_rjust(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t w;
    char f;
    if (b_pad_args(self, "rjust", args, nargs, kw, &w, &f, true) < 0) return NULL;
    return b_padded(self, w - bytes_len(self), 0, f);
}

static sp_val b_center(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t w;
    char f;
    if (b_pad_args(self, "center", args, nargs, kw, &w, &f, true) < 0) return NULL;
    int64_t marg = w - bytes_len(self);
    if (marg <= 0) return b_padded(self, 0, 0, f);
    int64_t left = marg / 2 + (marg & w & 1);
    return b_padded(self, left, marg - left, f);
}

static sp_val b_zfill(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int64_t w;
    char f;
    if (b_pad_args(self, "zfill", args, nargs, kw, &w, &f, false) < 0) return NULL;
    int64_t fill = w - bytes_len(self);
    sp_val r = b_padded(self, fill, 0, '0');
    if (!r || fill <= 0) return r;
    char *out = sp_bytes_check(r) ? B(r)->data : BA(r)->data;
    if (out[fill] == '+' || out[fill] == '-') {
        out[0] = out[fill];
        out[fill] = '0';
    }
    return r;
}

static sp_val b_expandtabs(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"tabsize", NULL};
    int64_t tabsize = 8;
    if (sp_parse_args("expandtabs", args, nargs, kw, "|i", names, &tabsize) < 0) return NULL;
    const char *d;
    size_t n;
    view_of(self, &d, &n);
    sp_buf b;
    sp_buf_init(&b);
    int64_t col = 0;
    for (size_t i = 0; i < n; i++) {
        if (d[i] == '\t') {
            for (int64_t k = tabsize > 0 ? tabsize - col % tabsize : 0; k > 0; k--, col++)
                if (sp_buf_append_char(&b, ' ') < 0) return NULL;
        } else {
            if (sp_buf_append_char(&b, d[i]) < 0) return NULL;
            col = (d[i] == '\n' || d[i] == '\r') ? 0 : col + 1;
        }
    }
    sp_val r = make_like(self, b.data, b.len);
    sp_buf_free(&b);
    return r;
}

static sp_val b_istitle(sp_val self, sp_val const *a, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "istitle", kw) < 0 || sp_ck_nargs(TN, "istitle", nargs, 0, 0) < 0) return NULL;
    const char *d;
    size_t n;
    view_of(self, &d, &n);
    bool cased = false, prev = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];
        if (p_upper(c)) {
            if (prev) return sp_False;
            prev = cased = true;
        } else if (p_lower(c)) {
            if (!prev) return sp_False;
            prev = cased = true;
        } else {
            prev = false;
        }
    }
    return sp_bool(cased);
}

static sp_val b_affix_remove(sp_val self, const char *fname, sp_val const *args, size_t nargs,
                             sp_val kw, bool suffix)
{
    if (sp_ck_kw(TN, fname, kw) < 0 || sp_ck_nargs(TN, fname, nargs, 1, 1) < 0) return NULL;
    const char *d, *s;
    size_t n, sn;
    if (bytes_arg(args[0], &s, &sn) < 0) return NULL;
    view_of(self, &d, &n);
    if (sn && sn <= n && memcmp(suffix ? d + n - sn : d, s, sn) == 0)
        return make_like(self, suffix ? d : d + sn, n - sn);
    if (sp_bytes_check(self) && sp_typeof(self) == &sp_type_bytes) return self;
    return make_like(self, d, n);
}

static sp_val b_removeprefix(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_affix_remove(self, "removeprefix", args, nargs, kw, false);
}

static sp_val b_removesuffix(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return b_affix_remove(self, "removesuffix", args, nargs, kw, true);
}

static sp_val b_translate(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"", "delete", NULL};
    sp_val table = NULL, del = NULL;
    if (nargs == 0)
        return sp_err_set(&sp_exc_TypeError,
                          "translate() takes at least 1 positional argument (0 given)");
    if (sp_parse_args("translate", args, nargs, kw, "O|O", names, &table, &del) < 0) return NULL;
    const char *t = NULL, *dl = "", *d;
    size_t tn = 0, dn = 0, n;
    if (table != sp_None) {
        if (bytes_arg(table, &t, &tn) < 0) return NULL;
        if (tn != 256)
            return sp_err_set(&sp_exc_ValueError, "translation table must be 256 characters long");
    }
    if (del && bytes_arg(del, &dl, &dn) < 0) return NULL;
    view_of(self, &d, &n);
    sp_buf b;
    sp_buf_init(&b);
    for (size_t i = 0; i < n; i++) {
        if (dn && memchr(dl, d[i], dn)) continue;
        char c = t ? t[(unsigned char)d[i]] : d[i];
        if (sp_buf_append_char(&b, c) < 0) return NULL;
    }
    sp_val r = make_like(self, b.data, b.len);
    sp_buf_free(&b);
    return r;
}

/* ---- bytearray-only methods
 * --------------------------------------------------------------------------- */

static sp_val ba_append(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int c;
    if (sp_ck_kw(TN, "append", kw) < 0 || sp_ck_nargs(TN, "append", nargs, 1, 1) < 0 ||
        byte_value(args[0], &c, "byte must be in range(0, 256)") < 0)
        return NULL;
    sp_bytearray *b = BA(self);
    if (ba_reserve(b, b->len + 1) < 0) return NULL;
    b->data[b->len++] = (char)c;
    return sp_None;
}

static sp_val ba_extend(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "extend", kw) < 0 || sp_ck_nargs(TN, "extend", nargs, 1, 1) < 0) return NULL;
    sp_val src = args[0];
    const char *d;
    size_t n;
    if (!sp_bytes_view(src, &d, &n)) {
        if (sp_str_check(src))
            return sp_err_set(&sp_exc_TypeError, "expected iterable of integers; got: 'str'");
        sp_val a[1] = {src};
        src = sp_call((sp_val)&sp_type_bytes, a, 1, NULL);
        if (!src) return NULL;
        view_of(src, &d, &n);
    }
    return bytearray_iadd(self, src) ? sp_None : NULL;
}

static sp_val ba_pop(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "pop", kw) < 0 || sp_ck_nargs(TN, "pop", nargs, 0, 1) < 0) return NULL;
    sp_bytearray *b = BA(self);
    int64_t i = -1;
    if (nargs) {
        bool overflow = false;
        i = sp_index(args[0], &overflow);
        if (i == -1 && sp_err_occurred()) return NULL;
    }
    if (b->len == 0) return sp_err_set(&sp_exc_IndexError, "pop from empty bytearray");
    if (i < 0) i += (int64_t)b->len;
    if (i < 0 || i >= (int64_t)b->len)
        return sp_err_set(&sp_exc_IndexError, "pop index out of range");
    unsigned char c = (unsigned char)b->data[i];
    memmove(b->data + i, b->data + i + 1, b->len - (size_t)i - 1);
    b->len--;
    return sp_small(c);
}

static sp_val ba_insert(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "insert", kw) < 0 || sp_ck_nargs(TN, "insert", nargs, 2, 2) < 0) return NULL;
    bool overflow = false;
    int64_t i = sp_index(args[0], &overflow);
    if (i == -1 && sp_err_occurred()) return NULL;
    int c;
    if (byte_value(args[1], &c, "byte must be in range(0, 256)") < 0) return NULL;
    sp_bytearray *b = BA(self);
    if (i < 0) {
        i += (int64_t)b->len;
        if (i < 0) i = 0;
    }
    if (i > (int64_t)b->len) i = (int64_t)b->len;
    if (ba_reserve(b, b->len + 1) < 0) return NULL;
    memmove(b->data + i + 1, b->data + i, b->len - (size_t)i);
    b->data[i] = (char)c;
    b->len++;
    return sp_None;
}

static sp_val ba_remove(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    int c;
    if (sp_ck_kw(TN, "remove", kw) < 0 || sp_ck_nargs(TN, "remove", nargs, 1, 1) < 0 ||
        byte_value(args[0], &c, "byte must be in range(0, 256)") < 0)
        return NULL;
    sp_bytearray *b = BA(self);
    char *hit = b->len ? memchr(b->data, c, b->len) : NULL;
    if (!hit) return sp_err_set(&sp_exc_ValueError, "value not found in bytearray");
    size_t i = (size_t)(hit - b->data);
    memmove(b->data + i, b->data + i + 1, b->len - i - 1);
    b->len--;
    return sp_None;
}

static sp_val ba_clear(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "clear", kw) < 0 || sp_ck_nargs(TN, "clear", nargs, 0, 0) < 0) return NULL;
    bytearray_finalize(self);
    return sp_None;
}

static sp_val ba_copy(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "copy", kw) < 0 || sp_ck_nargs(TN, "copy", nargs, 0, 0) < 0) return NULL;
    return sp_bytearray_new(BA(self)->data, BA(self)->len);
}

static sp_val ba_reverse(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_ck_kw(TN, "reverse", kw) < 0 || sp_ck_nargs(TN, "reverse", nargs, 0, 0) < 0) return NULL;
    sp_bytearray *b = BA(self);
    for (size_t i = 0, j = b->len; i + 1 < j; i++, j--) {
        char t = b->data[i];
        b->data[i] = b->data[j - 1];
        b->data[j - 1] = t;
    }
    return sp_None;
}

#define SHARED_METHODS                                                                             \
    {"decode", b_decode, 0}, {"hex", b_hex, 0}, {"fromhex", b_fromhex, SP_METH_CLASS},             \
        {"join", b_join, 0}, {"split", b_split, 0}, {"rsplit", b_rsplit, 0},                       \
        {"strip", b_strip, 0}, {"lstrip", b_lstrip, 0}, {"rstrip", b_rstrip, 0},                   \
        {"find", b_find, 0}, {"rfind", b_rfind, 0}, {"index", b_index, 0},                         \
        {"rindex", b_rindex, 0}, {"count", b_count, 0}, {"startswith", b_startswith, 0},           \
        {"endswith", b_endswith, 0}, {"replace", b_replace, 0}, {"upper", b_upper, 0},             \
        {"lower", b_lower, 0}, {"swapcase", b_swapcase, 0}, {"title", b_title, 0},                 \
        {"capitalize", b_capitalize, 0}, {"isdigit", b_isdigit, 0}, {"isalpha", b_isalpha, 0},     \
        {"isalnum", b_isalnum, 0}, {"isspace", b_isspace, 0}, {"isascii", b_isascii, 0},           \
        {"isupper", b_isupper, 0}, {"islower", b_islower, 0}, {"partition", b_partition, 0},       \
        {"rpartition", b_rpartition, 0}, {"splitlines", b_splitlines, 0}, {"ljust", b_ljust, 0},   \
        {"rjust", b_rjust, 0}, {"center", b_center, 0}, {"zfill", b_zfill, 0},                     \
        {"expandtabs", b_expandtabs, 0}, {"istitle", b_istitle, 0},                                \
        {"removeprefix", b_removeprefix, 0}, {"removesuffix", b_removesuffix, 0},                  \
    {                                                                                              \
        "translate", b_translate, 0                                                                \
    }

static const sp_method_def bytes_methods[] = {
    SHARED_METHODS,
    {NULL, NULL, 0},
};

static const sp_method_def bytearray_methods[] = {
    SHARED_METHODS,         {"append", ba_append, 0}, {"extend", ba_extend, 0},
    {"pop", ba_pop, 0},     {"insert", ba_insert, 0}, {"remove", ba_remove, 0},
    {"clear", ba_clear, 0}, {"copy", ba_copy, 0},     {"reverse", ba_reverse, 0},
    {NULL, NULL, 0},
};

sp_type sp_type_bytes = {
    .name = "bytes",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(sp_bytes),
    .tp_new = bytes_tp_new,
    .repr = bytes_repr,
    .str = bytes_repr,
    .hash = bytes_hash,
    .richcompare = bytes_richcompare,
    .truthy = bytes_truthy,
    .iter = bytes_iter_slot,
    .binop = {[SP_OP_ADD] = bytes_add, [SP_OP_MUL] = bytes_mul},
    .len = bytes_len,
    .getitem = bytes_getitem,
    .contains = bytes_contains,
};

sp_type sp_type_bytearray = {
    .name = "bytearray",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(sp_bytearray),
    .finalize = bytearray_finalize,
    .tp_new = bytearray_tp_new,
    .tp_init = bytearray_tp_init,
    .repr = bytearray_repr,
    .str = bytearray_repr,
    .hash = sp_unhashable,
    .richcompare = bytes_richcompare,
    .truthy = bytes_truthy,
    .iter = bytes_iter_slot,
    .binop = {[SP_OP_ADD] = bytes_add, [SP_OP_MUL] = bytes_mul},
    .inplace = {[SP_OP_ADD] = bytearray_iadd},
    .len = bytes_len,
    .getitem = bytes_getitem,
    .setitem = bytearray_setitem,
    .contains = bytes_contains,
};

int sp_bytes_init(void)
{
    if (sp_type_ready(&sp_type_bytes, bytes_methods, NULL) < 0 ||
        sp_type_ready(&sp_type_bytearray, bytearray_methods, NULL) < 0 ||
        sp_type_ready(&sp_type_bytes_iter, NULL, NULL) < 0)
        return -1;
    return 0;
}
