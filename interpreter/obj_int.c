/*
 * obj_int.c — the int type: tagged small ints plus arbitrary precision.
 *
 * Design overview
 * ---------------
 * Most ints live in the tagged range (object.h) and every operation tries a
 * C-arithmetic fast path on them first. Anything else is an sp_int: sign plus a
 * magnitude in base 2**32 digits. The big-number layer works on plain digit
 * arrays ("mag_*" functions: add, sub, schoolbook and Karatsuba multiplication,
 * Knuth's algorithm D division); the value layer wraps them with Python's sign
 * rules (floor division, two's-complement bitwise ops) and normalises results so
 * that any value that fits is returned tagged.
 *
 * Speed (pidigits-style work: long numbers times, plus and floor-divided by short
 * ones): the linear loops (add, sub, multiply-by-digit, multiply-subtract) step
 * two digits at a time with 64-bit words and 128-bit products, so the storage
 * stays base 2**32 while the trip count halves; multiplication writes its rows
 * without zeroing first; `big // big` with a quotient under 2**63 skips algorithm
 * D's normalised copies (mag_divmod_short); floor rounding is done in place on
 * the magnitudes; and long exact ints keep their digits in an uninitialised
 * sp_mem buffer rather than a calloc'd large object (int_alloc).
 *
 * Operands are read through an `iview` (sign, digit count, digit pointer), which
 * hides the four int shapes: tagged, heap sp_int, int-subclass instance, bool.
 *
 * Temporaries: results are allocated as GC objects directly (kept alive by the
 * conservative stack scan while we work on them); scratch arrays come from
 * sp_mem_alloc and are freed before returning.
 */
#include <assert.h>
#include <float.h>
#include <math.h>
#include <string.h>
#if defined(__x86_64__)
#include <x86intrin.h> /* _addcarry_u64, _subborrow_u64 */
#endif

#include "format_spec.h"
#include "gc.h"
#include "obj_float.h"
#include "obj_int.h"
#include "unicode_data.h"

typedef uint32_t digit;
typedef uint64_t twodigits;
#define DIGIT_BITS 32
/* Karatsuba pays from about here (measured against the paired-digit schoolbook,
 * which is twice as fast as a digit-by-digit one). */
#define KARATSUBA_CUTOFF 64

int64_t sp_int_max_str_digits = SP_INT_MAX_STR_DIGITS_DEFAULT;

/* ---- views of int operands --------------------------------------------------- */

typedef struct iview {
    int sign;       /* -1, 0, 1 */
    size_t n;       /* digits in use */
    const digit *d; /* borrowed (or points at buf) */
    digit buf[2];
} iview;

/* Value of a tagged int or bool; false for heap ints. */
static inline bool small_value(sp_val v, int64_t *out)
{
    if (sp_is_small(v)) {
        *out = sp_small_value(v);
        return true;
    }
    if (v->type == &sp_type_bool) {
        *out = v->aux;
        return true;
    }
    return false;
}

static void view_u64(iview *w, uint64_t m, int sign)
{
    w->buf[0] = (digit)m;
    w->buf[1] = (digit)(m >> 32);
    w->d = w->buf;
    w->n = m == 0 ? 0 : (m >> 32) ? 2 : 1;
    w->sign = m == 0 ? 0 : sign;
}

static void view_of(sp_val v, iview *w)
{
    int64_t i;
    if (small_value(v, &i)) {
        view_u64(w, i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i, i < 0 ? -1 : 1);
        return;
    }
    sp_int *o = (sp_int *)v;
    w->n = (size_t)(o->size < 0 ? -o->size : o->size);
    w->sign = o->size < 0 ? -1 : o->size > 0;
    w->d = o->digits;
    assert(w->n == 0 || w->d[w->n - 1] != 0); /* invariant 1 */
    assert(v->type != &sp_type_int || w->n > 2 ||
           (w->n == 2 && (w->d[1] >> 30) != 0)); /* invariant 2, roughly: not tagged-size */
}

/* ---- allocation and normalisation ---------------------------------------------- */

/* Exact ints up to this many bytes keep their digits inline (one small-object
 * slot). Larger ones would be large objects, which the collector calloc's: for
 * the long numbers of e.g. a pi spigot that zeroing is a second full pass over
 * every result, so their digits go to an uninitialised sp_mem buffer instead
 * (invariant 3; released by int_finalize). */
#define INT_INLINE_MAX_BYTES 512

/* A new exact int with room for n digits (contents undefined). */
static sp_int *int_alloc(size_t n)
{
    if (n > (SIZE_MAX - sizeof(sp_int)) / sizeof(digit)) return sp_err_no_memory();
    size_t inl = sizeof(sp_int) + (n ? n : 1) * sizeof(digit);
    if (inl <= INT_INLINE_MAX_BYTES) {
        sp_int *r = sp_gc_new(&sp_type_int, inl);
        if (!r) return NULL;
        r->digits = r->inl;
        r->cap = n;
        return r;
    }
    sp_int *r = sp_gc_new(&sp_type_int, sizeof(sp_int));
    if (!r) return NULL;
    /* r is live in this frame (conservative stack scan) if this collects. */
    digit *d = sp_mem_alloc(n * sizeof(digit));
    if (!d) return NULL;
    r->digits = d;
    r->cap = n;
    return r;
}

/* Trim, sign and tag if the value fits (invariant 2). */
static sp_val int_finish(sp_int *r, size_t n, int sign)
{
    assert(n <= r->cap);
    while (n && r->digits[n - 1] == 0)
        n--;
    if (n <= 2) {
        uint64_t m = n == 0   ? 0
                     : n == 1 ? r->digits[0]
                              : (r->digits[0] | ((uint64_t)r->digits[1] << 32));
        if (m <= (uint64_t)SP_SMALL_MAX) return sp_small(sign < 0 ? -(int64_t)m : (int64_t)m);
        if (sign < 0 && m == (uint64_t)1 << 62) return sp_small(SP_SMALL_MIN);
    }
    r->size = sign < 0 ? -(int64_t)n : (int64_t)n;
    return (sp_val)r;
}

static sp_val int_from_mag(int sign, const digit *d, size_t n)
{
    while (n && d[n - 1] == 0)
        n--;
    sp_int *r = int_alloc(n);
    if (!r) return NULL;
    memcpy(r->digits, d, n * sizeof(digit));
    return int_finish(r, n, sign);
}

sp_val sp_int_from_u64(uint64_t u)
{
    if (u <= (uint64_t)SP_SMALL_MAX) return sp_small((int64_t)u);
    digit d[2] = {(digit)u, (digit)(u >> 32)};
    return int_from_mag(1, d, 2);
}

sp_val sp_int_from_i64(int64_t i)
{
    if (sp_small_fits(i)) return sp_small(i);
    uint64_t m = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
    digit d[2] = {(digit)m, (digit)(m >> 32)};
    return int_from_mag(i < 0 ? -1 : 1, d, 2);
}

static sp_val view_to_val(const iview *w)
{
    return int_from_mag(w->sign, w->d, w->n);
}

bool sp_int_check(sp_val v)
{
    return sp_is_small(v) || (v->type->flags & SP_TF_INT_SUB) != 0;
}

sp_val sp_int_exact(sp_val a)
{
    if (sp_is_small(a) || a->type == &sp_type_int) return a;
    iview w;
    view_of(a, &w);
    sp_val r = view_to_val(&w);
    SP_KEEP_ALIVE(a);
    return r;
}

int sp_int_sign(sp_val v)
{
    iview w;
    view_of(v, &w);
    return w.sign;
}

bool sp_int_is_zero(sp_val a)
{
    return sp_int_sign(a) == 0;
}

/* ---- magnitude arithmetic ----------------------------------------------------------- */

static int mag_cmp(const digit *a, size_t na, const digit *b, size_t nb)
{
    if (na != nb) return na < nb ? -1 : 1;
    while (na--) {
        if (a[na] != b[na]) return a[na] < b[na] ? -1 : 1;
    }
    return 0;
}

/* Pair access: the hot loops below step through digit arrays two digits (64 bits)
 * at a time with 128-bit intermediates, which halves their trip count while the
 * storage format stays base 2**32. Digits are little-endian, so digits i and i+1
 * read as one uint64_t are d[i] + d[i+1] * 2**32 (memcpy: unaligned, no aliasing
 * issue; it compiles to a single move). */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "obj_int.c: the paired digit loops assume a little-endian machine"
#endif
typedef unsigned __int128 u128;

static inline uint64_t ld2(const digit *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void st2(digit *p, uint64_t v)
{
    memcpy(p, &v, sizeof v);
}

/* 64-bit add / subtract with carry in and out: adc / sbb on x86-64. */
#if defined(__x86_64__)
static inline uint64_t add_carry(uint64_t x, uint64_t y, unsigned char *c)
{
    unsigned long long s;
    *c = _addcarry_u64(*c, x, y, &s);
    return s;
}
static inline uint64_t sub_borrow(uint64_t x, uint64_t y, unsigned char *c)
{
    unsigned long long s;
    *c = _subborrow_u64(*c, x, y, &s);
    return s;
}
#else
static inline uint64_t add_carry(uint64_t x, uint64_t y, unsigned char *c)
{
    u128 s = (u128)x + y + *c;
    *c = (unsigned char)(s >> 64);
    return (uint64_t)s;
}
static inline uint64_t sub_borrow(uint64_t x, uint64_t y, unsigned char *c)
{
    u128 s = (u128)x - y - *c;
    *c = (unsigned char)((s >> 64) & 1);
    return (uint64_t)s;
}
#endif

/* r = a + b with na >= nb; r has room for na + 1 digits (r may alias a or b).
 * Returns digits written (na + 1). */
static size_t mag_add(digit *r, const digit *a, size_t na, const digit *b, size_t nb)
{
    unsigned char c = 0;
    size_t i = 0;
#pragma GCC unroll 4
    for (; i + 2 <= nb; i += 2)
        st2(r + i, add_carry(ld2(a + i), ld2(b + i), &c));
    twodigits carry = c;
    for (; i < nb; i++) {
        carry += (twodigits)a[i] + b[i];
        r[i] = (digit)carry;
        carry >>= 32;
    }
    for (; carry && i < na; i++) {
        carry += a[i];
        r[i] = (digit)carry;
        carry >>= 32;
    }
    if (r != a && i < na) memcpy(r + i, a + i, (na - i) * sizeof(digit));
    r[na] = (digit)carry;
    return na + 1;
}

/* r = a - b, requires a >= b (so na >= nb); r may alias a or b. Returns na
 * (untrimmed). */
static size_t mag_sub(digit *r, const digit *a, size_t na, const digit *b, size_t nb)
{
    unsigned char c = 0;
    size_t i = 0;
#pragma GCC unroll 4
    for (; i + 2 <= nb; i += 2)
        st2(r + i, sub_borrow(ld2(a + i), ld2(b + i), &c));
    int64_t borrow = c;
    for (; i < nb; i++) {
        int64_t t = (int64_t)a[i] - b[i] - borrow;
        r[i] = (digit)t;
        borrow = t < 0;
    }
    for (; borrow && i < na; i++) {
        int64_t t = (int64_t)a[i] - 1;
        r[i] = (digit)t;
        borrow = t < 0;
    }
    assert(borrow == 0);
    if (r != a && i < na) memcpy(r + i, a + i, (na - i) * sizeof(digit));
    return na;
}

/* r[0..n] = a * d (n + 1 digits written; r may alias a). */
static void mag_mul1(digit *r, const digit *a, size_t n, digit d)
{
    uint64_t carry = 0; /* < 2**32 */
    size_t i = 0;
#pragma GCC unroll 4
    for (; i + 2 <= n; i += 2) {
        u128 p = (u128)ld2(a + i) * d + carry;
        st2(r + i, (uint64_t)p);
        carry = (uint64_t)(p >> 64);
    }
    for (; i < n; i++) {
        carry += (twodigits)a[i] * d;
        r[i] = (digit)carry;
        carry >>= 32;
    }
    r[n] = (digit)carry;
}

/* r[0..na) = a - q * b, requires a >= q * b and nb <= na (r may alias a). The
 * product runs through a 128-bit carry, so q may use all 64 bits. */
static void mag_submul(digit *r, const digit *a, size_t na, const digit *b, size_t nb, uint64_t q)
{
    u128 carry = 0; /* product bits above the current position, < 2**64 */
    unsigned char c = 0;
    size_t i = 0;
    if ((q >> 32) == 0) {
        /* The usual case: the carry then fits 64 bits, one add fewer per pair. */
        uint64_t c64 = 0;
#pragma GCC unroll 4
        for (; i + 2 <= nb; i += 2) {
            u128 p = (u128)ld2(b + i) * q + c64;
            c64 = (uint64_t)(p >> 64);
            st2(r + i, sub_borrow(ld2(a + i), (uint64_t)p, &c));
        }
        carry = c64;
    } else {
#pragma GCC unroll 4
        for (; i + 2 <= nb; i += 2) {
            u128 p = (u128)ld2(b + i) * q + carry;
            carry = p >> 64;
            st2(r + i, sub_borrow(ld2(a + i), (uint64_t)p, &c));
        }
    }
    int64_t borrow = c;
    for (; i < na; i++) {
        u128 p = (i < nb ? (u128)b[i] * q : 0) + carry;
        carry = p >> 32;
        int64_t t = (int64_t)a[i] - (int64_t)(digit)p - borrow;
        r[i] = (digit)t;
        borrow = t < 0;
    }
    assert(carry == 0 && borrow == 0);
}

/* a += b in place over na digits (na >= nb); returns the carry out. */
static digit mag_add_into(digit *a, size_t na, const digit *b, size_t nb)
{
    twodigits carry = 0;
    size_t i = 0;
    for (; i < nb; i++) {
        carry += (twodigits)a[i] + b[i];
        a[i] = (digit)carry;
        carry >>= 32;
    }
    for (; carry && i < na; i++) {
        carry += a[i];
        a[i] = (digit)carry;
        carry >>= 32;
    }
    return (digit)carry;
}

/* a -= b in place (a >= b). */
static void mag_sub_into(digit *a, size_t na, const digit *b, size_t nb)
{
    int64_t borrow = 0;
    size_t i = 0;
    for (; i < nb; i++) {
        int64_t t = (int64_t)a[i] - b[i] - borrow;
        a[i] = (digit)t;
        borrow = t < 0;
    }
    for (; borrow && i < na; i++) {
        int64_t t = (int64_t)a[i] - borrow;
        a[i] = (digit)t;
        borrow = t < 0;
    }
}

/* r[0..n+2) = a * d for a 64-bit d: one pass, as (2**64-1)**2 + 2**64-1 < 2**128. */
static void mag_mul2(digit *r, const digit *a, size_t n, uint64_t d)
{
    uint64_t carry = 0;
    size_t i = 0;
#pragma GCC unroll 4
    for (; i + 2 <= n; i += 2) {
        u128 p = (u128)ld2(a + i) * d + carry;
        st2(r + i, (uint64_t)p);
        carry = (uint64_t)(p >> 64);
    }
    if (i < n) { /* odd length: 32 x 64 bits + carry < 2**96 */
        u128 p = (u128)a[i] * d + carry;
        r[i] = (digit)p;
        carry = (uint64_t)(p >> 32);
        i++;
    }
    st2(r + i, carry);
}

/* r[0..n) += a * d for a 64-bit d; returns the 64-bit carry (the caller stores it
 * at r[n], r[n+1]). (2**64-1)**2 + 2 * (2**64-1) == 2**128 - 1: no overflow. */
static uint64_t mag_addmul2(digit *r, const digit *a, size_t n, uint64_t d)
{
    uint64_t carry = 0;
    size_t i = 0;
#pragma GCC unroll 4
    for (; i + 2 <= n; i += 2) {
        u128 p = (u128)ld2(a + i) * d + ld2(r + i) + carry;
        st2(r + i, (uint64_t)p);
        carry = (uint64_t)(p >> 64);
    }
    if (i < n) {
        u128 p = (u128)a[i] * d + r[i] + carry; /* < 2**96 */
        r[i] = (digit)p;
        carry = (uint64_t)(p >> 32);
    }
    return carry;
}

/* r (na + nb digits, all written) = a * b, na >= nb: one row per pair of digits of
 * the shorter operand (64-bit multipliers), so a small multiplier makes a single
 * pass over the long one and nothing needs zeroing first. */
static void mag_mul_school(digit *r, const digit *a, size_t na, const digit *b, size_t nb)
{
    if (nb == 0) {
        memset(r, 0, na * sizeof(digit));
        return;
    }
    size_t j;
    if (nb & 1) {
        mag_mul1(r, a, na, b[0]);
        j = 1;
    } else {
        mag_mul2(r, a, na, ld2(b));
        j = 2;
    }
    for (; j < nb; j += 2)
        st2(r + j + na, mag_addmul2(r + j, a, na, ld2(b + j)));
}

static size_t trimmed(const digit *d, size_t n)
{
    while (n && d[n - 1] == 0)
        n--;
    return n;
}

/* r (na + nb digits, need not be zeroed) = a * b. Karatsuba above the cutoff.
 * Returns 0, or -1 with MemoryError set. */
static int mag_mul(digit *r, const digit *a, size_t na, const digit *b, size_t nb)
{
    if (na < nb) {
        const digit *t = a;
        a = b;
        b = t;
        size_t tn = na;
        na = nb;
        nb = tn;
    }
    if (nb < KARATSUBA_CUTOFF) {
        mag_mul_school(r, a, na, b, nb);
        return 0;
    }
    if (2 * nb <= na) {
        /* Unbalanced: multiply b by nb-sized slices of a. */
        memset(r, 0, (na + nb) * sizeof(digit));
        digit *tmp = sp_mem_alloc(2 * nb * sizeof(digit));
        if (!tmp) return -1;
        for (size_t off = 0; off < na; off += nb) {
            size_t len = na - off < nb ? na - off : nb;
            if (mag_mul(tmp, a + off, len, b, nb) < 0) {
                sp_mem_free(tmp, 2 * nb * sizeof(digit));
                return -1;
            }
            mag_add_into(r + off, na + nb - off, tmp, len + nb);
        }
        sp_mem_free(tmp, 2 * nb * sizeof(digit));
        return 0;
    }
    /* a = a1*B^h + a0, b = b1*B^h + b0 with nb > h. */
    size_t h = (na + 1) / 2;
    const digit *a0 = a, *a1 = a + h, *b0 = b, *b1 = b + h;
    size_t na0 = trimmed(a0, h), na1 = na - h, nb0 = trimmed(b0, h), nb1 = nb - h;
    size_t sa = h + 1, sb = h + 1;
    size_t tmpsize = (sa + sb + 2 * sa) * sizeof(digit);
    digit *tmp = sp_mem_alloc(tmpsize);
    if (!tmp) return -1;
    digit *asum = tmp, *bsum = tmp + sa, *z1 = tmp + sa + sb;
    /* z0 and z2 go straight into r's halves. */
    if (mag_mul(r, a0, na0, b0, nb0) < 0) goto fail;
    memset(r + na0 + nb0, 0, (2 * h - na0 - nb0) * sizeof(digit));
    if (mag_mul(r + 2 * h, a1, na1, b1, nb1) < 0) goto fail;
    size_t nz2 = na1 + nb1;
    memset(r + 2 * h + nz2, 0, (na + nb - 2 * h - nz2) * sizeof(digit));
    size_t nas = na0 >= na1 ? mag_add(asum, a0, na0, a1, na1) : mag_add(asum, a1, na1, a0, na0);
    size_t nbs = nb0 >= nb1 ? mag_add(bsum, b0, nb0, b1, nb1) : mag_add(bsum, b1, nb1, b0, nb0);
    nas = trimmed(asum, nas);
    nbs = trimmed(bsum, nbs);
    if (mag_mul(z1, asum, nas, bsum, nbs) < 0) goto fail;
    size_t nz1 = trimmed(z1, nas + nbs);
    mag_sub_into(z1, nz1, r, trimmed(r, 2 * h));               /* - z0 */
    mag_sub_into(z1, nz1, r + 2 * h, trimmed(r + 2 * h, nz2)); /* - z2 */
    nz1 = trimmed(z1, nz1);
    mag_add_into(r + h, na + nb - h, z1, nz1);
    sp_mem_free(tmp, tmpsize);
    return 0;
fail:
    sp_mem_free(tmp, tmpsize);
    return -1;
}

/* q = a / d, returns a % d. q may alias a. Inline so that a constant d (str()'s
 * 10**9) becomes a multiplication by its reciprocal instead of a div per digit. */
static inline __attribute__((always_inline)) digit mag_divrem1(digit *q, const digit *a, size_t n,
                                                               digit d)
{
    twodigits rem = 0;
    while (n--) {
        rem = (rem << 32) | a[n];
        q[n] = (digit)(rem / d);
        rem %= d;
    }
    return (digit)rem;
}

/* r[0..n) -= q * b[0..n); returns what is still to subtract at r[n] (<= 2**32). */
static twodigits mag_submul1(digit *r, const digit *b, size_t n, digit q)
{
    uint64_t carry = 0; /* product bits above the current pair, < 2**32 */
    unsigned char c = 0;
    size_t i = 0;
#pragma GCC unroll 4
    for (; i + 2 <= n; i += 2) {
        u128 p = (u128)ld2(b + i) * q + carry;
        carry = (uint64_t)(p >> 64);
        st2(r + i, sub_borrow(ld2(r + i), (uint64_t)p, &c));
    }
    twodigits k = carry + c;
    for (; i < n; i++) {
        twodigits p = (twodigits)b[i] * q + k;
        digit lo = (digit)p;
        k = (p >> 32) + (r[i] < lo);
        r[i] -= lo;
    }
    return k;
}

/* Knuth's algorithm D. q gets na - nb + 1 digits, r gets nb digits (either may be
 * NULL). Requires nb >= 2, b normalised (top digit non-zero), na >= nb. */
static int mag_divmod_knuth(digit *q, digit *r, const digit *a, size_t na, const digit *b,
                            size_t nb)
{
    int s = __builtin_clz(b[nb - 1]);
    size_t bytes = (nb + na + 1) * sizeof(digit);
    digit *vn = sp_mem_alloc(bytes);
    if (!vn) return -1;
    digit *un = vn + nb;
    for (size_t i = nb - 1; i > 0; i--)
        vn[i] = (b[i] << s) | (s ? (digit)((twodigits)b[i - 1] >> (32 - s)) : 0);
    vn[0] = b[0] << s;
    un[na] = s ? (digit)((twodigits)a[na - 1] >> (32 - s)) : 0;
    for (size_t i = na - 1; i > 0; i--)
        un[i] = (a[i] << s) | (s ? (digit)((twodigits)a[i - 1] >> (32 - s)) : 0);
    un[0] = a[0] << s;
    twodigits vtop = vn[nb - 1], vnext = vn[nb - 2];
    for (size_t jj = na - nb + 1; jj-- > 0;) {
        size_t j = jj;
        twodigits num = ((twodigits)un[j + nb] << 32) | un[j + nb - 1];
        twodigits qhat = num / vtop, rhat = num % vtop;
        while (qhat >> 32 || qhat * vnext > ((rhat << 32) | un[j + nb - 2])) {
            qhat--;
            rhat += vtop;
            if (rhat >> 32) break;
        }
        assert((qhat >> 32) == 0);
        twodigits k = mag_submul1(un + j, vn, nb, (digit)qhat);
        int64_t t = (int64_t)un[j + nb] - (int64_t)k;
        un[j + nb] = (digit)t;
        if (t < 0) {
            /* qhat was one too large (rare): add the divisor back. */
            qhat--;
            un[j + nb] += mag_add_into(un + j, nb, vn, nb);
        }
        if (q) q[j] = (digit)qhat;
    }
    if (r) {
        for (size_t i = 0; i < nb - 1; i++)
            r[i] = (un[i] >> s) | (s ? (digit)((twodigits)un[i + 1] << (32 - s)) : 0);
        r[nb - 1] = un[nb - 1] >> s;
    }
    sp_mem_free(vn, bytes);
    return 0;
}

/* ---- value-level helpers --------------------------------------------------------- */

static sp_val add_views(const iview *a, const iview *b, int bsign)
{
    /* a + (bsign * |b|) */
    if (b->n == 0 || bsign == 0) return view_to_val(a);
    if (a->n == 0) return int_from_mag(bsign, b->d, b->n);
    if (a->sign == bsign) {
        const iview *x = a->n >= b->n ? a : b, *y = a->n >= b->n ? b : a;
        sp_int *r = int_alloc(x->n + 1);
        if (!r) return NULL;
        size_t n = mag_add(r->digits, x->d, x->n, y->d, y->n);
        return int_finish(r, n, a->sign);
    }
    int c = mag_cmp(a->d, a->n, b->d, b->n);
    if (c == 0) return sp_small(0);
    const iview *x = c > 0 ? a : b, *y = c > 0 ? b : a;
    sp_int *r = int_alloc(x->n);
    if (!r) return NULL;
    size_t n = mag_sub(r->digits, x->d, x->n, y->d, y->n);
    return int_finish(r, n, c > 0 ? a->sign : bsign);
}

sp_val sp_int_add(sp_val a, sp_val b)
{
    int64_t x, y;
    if (small_value(a, &x) && small_value(b, &y))
        return sp_int_from_i64(x + y); /* 63-bit operands cannot overflow int64 */
    iview va, vb;
    view_of(a, &va);
    view_of(b, &vb);
    sp_val r = add_views(&va, &vb, vb.sign);
    SP_KEEP_ALIVE(a);
    SP_KEEP_ALIVE(b);
    return r;
}

sp_val sp_int_sub(sp_val a, sp_val b)
{
    int64_t x, y;
    if (small_value(a, &x) && small_value(b, &y)) return sp_int_from_i64(x - y);
    iview va, vb;
    view_of(a, &va);
    view_of(b, &vb);
    sp_val r = add_views(&va, &vb, -vb.sign);
    SP_KEEP_ALIVE(a);
    SP_KEEP_ALIVE(b);
    return r;
}

static sp_val mul_views(const iview *a, const iview *b)
{
    if (a->n == 0 || b->n == 0) return sp_small(0);
    sp_int *r = int_alloc(a->n + b->n);
    if (!r) return NULL;
    if (a == b || (a->d == b->d && a->n == b->n)) {
        if (mag_mul(r->digits, a->d, a->n, a->d, a->n) < 0) return NULL;
    } else if (mag_mul(r->digits, a->d, a->n, b->d, b->n) < 0) {
        return NULL;
    }
    return int_finish(r, a->n + b->n, a->sign * b->sign);
}

sp_val sp_int_mul(sp_val a, sp_val b)
{
    int64_t x, y, z;
    if (small_value(a, &x) && small_value(b, &y) && !__builtin_mul_overflow(x, y, &z))
        return sp_int_from_i64(z);
    iview va, vb;
    view_of(a, &va);
    view_of(b, &vb);
    sp_val r = mul_views(&va, &vb);
    SP_KEEP_ALIVE(a);
    SP_KEEP_ALIVE(b);
    return r;
}

static uint64_t mag_bit_length(const digit *d, size_t n)
{
    return n == 0 ? 0 : (uint64_t)(n - 1) * 32 + (32 - __builtin_clz(d[n - 1]));
}

/* floor(|d| / 2**sh) truncated to 128 bits (the caller ensures it fits). */
static u128 mag_bits_from(const digit *d, size_t n, uint64_t sh)
{
    size_t i0 = sh / 32;
    unsigned bs = sh % 32;
    u128 v = 0;
    for (size_t k = 4; k-- > 0;)
        v = (v << 32) | (i0 + k < n ? d[i0 + k] : 0);
    v >>= bs;
    if (bs && i0 + 4 < n) v |= (u128)d[i0 + 4] << (128 - bs);
    return v;
}

/* Division with a short quotient (bit_length(a) - bit_length(b) <= 62, and b of at
 * least 64 bits): pidigits-style `big // big` whose result is a small number. No
 * normalised copies as in algorithm D: estimate q from the top 128 bits of a and
 * the top 64 of b, rounding down, then one multiply-subtract pass and at most a
 * few corrective subtractions. With A, B the truncated tops, A/(B+1) - 1 < q <
 * (A+1)/B, and A < 2**127, B >= 2**63 bound the underestimate by 3.
 * q gets 2 digits; r (room for na digits) gets a % b in its low nb digits, the
 * rest zero. */
static void mag_divmod_short(digit *q, digit *r, const digit *a, size_t na, const digit *b,
                             size_t nb)
{
    uint64_t sh = mag_bit_length(b, nb) - 64;
    uint64_t btop = (uint64_t)mag_bits_from(b, nb, sh);
    u128 atop = mag_bits_from(a, na, sh);
    assert((btop >> 63) == 1 && (atop >> 127) == 0);
    uint64_t qe = (uint64_t)(atop / ((u128)btop + 1));
    mag_submul(r, a, na, b, nb, qe);
    size_t nr = trimmed(r, na);
    int fixes = 0;
    while (mag_cmp(r, nr, b, nb) >= 0) {
        mag_sub(r, r, nr, b, nb);
        nr = trimmed(r, nr);
        qe++;
        fixes++;
    }
    assert(fixes <= 3);
    (void)fixes;
    q[0] = (digit)qe;
    q[1] = (digit)(qe >> 32);
}

/* a % d without the quotient. */
static digit mag_rem1(const digit *a, size_t n, digit d)
{
    twodigits rem = 0;
    while (n--)
        rem = ((rem << 32) | a[n]) % d;
    return (digit)rem;
}

static int64_t floordiv64(int64_t x, int64_t y)
{
    int64_t q = x / y;
    if ((x % y != 0) && ((x < 0) != (y < 0))) q--;
    return q;
}

static int64_t floormod64(int64_t x, int64_t y)
{
    int64_t m = x % y;
    if (m != 0 && ((m < 0) != (y < 0))) m += y;
    return m;
}

/* Floor division of heap-sized operands with |a| >= |b| > 0 and b of several
 * digits. Works on magnitudes: q_mag = |a| / |b|, r_mag = |a| % |b| (truncating);
 * when the signs differ and r_mag != 0, floor rounding makes q_mag + 1 and
 * |b| - r_mag, both done in place (qo has a spare digit for the carry).
 * Quotient sign: -1 iff the signs differ; remainder sign: b's. */
static int divmod_multi(const iview *a, const iview *b, sp_val *q, sp_val *r)
{
    bool differ = a->sign != b->sign;
    size_t na = a->n, nb = b->n, nq = na - nb + 1;
    uint64_t bla = mag_bit_length(a->d, na), blb = mag_bit_length(b->d, nb);
    bool short_q = blb >= 64 && bla - blb <= 62;
    /* The remainder is needed for r, for the floor adjustment, and as the working
     * area of the short path (na digits there, nb for algorithm D). */
    bool need_r = r || differ || short_q;
    size_t rcap = short_q ? na : nb;
    sp_int *qo = NULL, *ro = NULL;
    digit *qd = NULL, *rd = NULL, qtmp[2];
    if (q || short_q) {
        if (q) {
            if (!(qo = int_alloc(nq + 1))) return -1;
            qd = qo->digits;
        } else {
            qd = qtmp;
        }
    }
    if (need_r) {
        if (r) {
            if (!(ro = int_alloc(rcap))) return -1;
            rd = ro->digits;
        } else if (!(rd = sp_mem_alloc(rcap * sizeof(digit)))) {
            return -1;
        }
    }
    if (short_q) {
        assert(nq <= 3);
        mag_divmod_short(qd, rd, a->d, na, b->d, nb);
        if (qo)
            for (size_t i = 2; i <= nq; i++)
                qd[i] = 0;
    } else {
        if (mag_divmod_knuth(qo ? qd : NULL, rd, a->d, na, b->d, nb) < 0) goto fail;
        if (qo) qd[nq] = 0;
    }
    size_t nr = need_r ? trimmed(rd, nb) : 0;
    if (differ && nr) {
        digit one = 1;
        if (qo) mag_add_into(qd, nq + 1, &one, 1);
        if (ro) nr = mag_sub(rd, b->d, nb, rd, nr);
    }
    if (rd && !ro) sp_mem_free(rd, rcap * sizeof(digit));
    if (q) *q = int_finish(qo, nq + 1, differ ? -1 : 1);
    if (r) *r = int_finish(ro, nr, b->sign);
    return 0;
fail:
    if (rd && !ro) sp_mem_free(rd, rcap * sizeof(digit));
    return -1;
}

/* Python floor division and modulo: *q = a // b, *r = a % b (either output may be
 * NULL). b must be non-zero. */
static int int_divmod_floor(sp_val a, sp_val b, sp_val *q, sp_val *r)
{
    int64_t x, y;
    if (small_value(a, &x) && small_value(b, &y)) {
        if (q && !(*q = sp_int_from_i64(floordiv64(x, y)))) return -1;
        if (r) *r = sp_small(floormod64(x, y));
        return 0;
    }
    iview va, vb;
    view_of(a, &va);
    view_of(b, &vb);
    bool differ = va.sign != vb.sign && va.sign != 0;
    if (mag_cmp(va.d, va.n, vb.d, vb.n) < 0) {
        /* q_mag = 0: a // b is 0 or -1, and a % b is a or a + b. */
        if (q) *q = sp_small(differ ? -1 : 0);
        if (r && !(*r = differ ? add_views(&va, &vb, vb.sign) : view_to_val(&va))) return -1;
        SP_KEEP_ALIVE(a);
        SP_KEEP_ALIVE(b);
        return 0;
    }
    if (vb.n > 1) {
        int rc = divmod_multi(&va, &vb, q, r);
        SP_KEEP_ALIVE(a);
        SP_KEEP_ALIVE(b);
        return rc;
    }
    digit d = vb.d[0], rem;
    if (q) {
        sp_int *qo = int_alloc(va.n + 1);
        if (!qo) return -1;
        rem = mag_divrem1(qo->digits, va.d, va.n, d);
        qo->digits[va.n] = 0;
        if (differ && rem) {
            digit one = 1;
            mag_add_into(qo->digits, va.n + 1, &one, 1);
        }
        *q = int_finish(qo, va.n + 1, differ ? -1 : 1);
    } else {
        rem = mag_rem1(va.d, va.n, d);
    }
    if (r) {
        if (differ && rem) rem = d - rem;
        *r = sp_int_from_i64(vb.sign < 0 ? -(int64_t)rem : (int64_t)rem);
    }
    SP_KEEP_ALIVE(a);
    SP_KEEP_ALIVE(b);
    return 0;
}

sp_val sp_int_floordiv(sp_val a, sp_val b)
{
    if (sp_int_is_zero(b))
        return sp_err_set(&sp_exc_ZeroDivisionError, "integer division or modulo by zero");
    sp_val q;
    return int_divmod_floor(a, b, &q, NULL) < 0 ? NULL : q;
}

sp_val sp_int_mod(sp_val a, sp_val b)
{
    if (sp_int_is_zero(b)) return sp_err_set(&sp_exc_ZeroDivisionError, "integer modulo by zero");
    sp_val r;
    return int_divmod_floor(a, b, NULL, &r) < 0 ? NULL : r;
}

sp_val sp_int_divmod(sp_val a, sp_val b)
{
    if (sp_int_is_zero(b))
        return sp_err_set(&sp_exc_ZeroDivisionError, "integer division or modulo by zero");
    sp_val q, r;
    if (int_divmod_floor(a, b, &q, &r) < 0) return NULL;
    return sp_tuple_pack(2, q, r);
}

sp_val sp_int_neg(sp_val a)
{
    int64_t x;
    if (small_value(a, &x)) return sp_int_from_i64(-x);
    iview w;
    view_of(a, &w);
    sp_val r = int_from_mag(-w.sign, w.d, w.n);
    SP_KEEP_ALIVE(a);
    return r;
}

sp_val sp_int_abs(sp_val a)
{
    return sp_int_sign(a) < 0 ? sp_int_neg(a) : sp_int_exact(a);
}

int sp_int_cmp(sp_val a, sp_val b)
{
    int64_t x, y;
    if (small_value(a, &x) && small_value(b, &y)) return (x > y) - (x < y);
    iview va, vb;
    view_of(a, &va);
    view_of(b, &vb);
    if (va.sign != vb.sign) return va.sign < vb.sign ? -1 : 1;
    int c = mag_cmp(va.d, va.n, vb.d, vb.n);
    return va.sign < 0 ? -c : c;
}

uint64_t sp_int_bit_length(sp_val a)
{
    iview w;
    view_of(a, &w);
    if (w.n == 0) return 0;
    return (uint64_t)(w.n - 1) * 32 + (32 - __builtin_clz(w.d[w.n - 1]));
}

/* ---- conversions ------------------------------------------------------------------------ */

int sp_int_to_i64(sp_val v, int64_t *out)
{
    if (small_value(v, out)) return 0;
    iview w;
    view_of(v, &w);
    if (w.n <= 2) {
        uint64_t m = w.n == 0 ? 0 : w.n == 1 ? w.d[0] : (w.d[0] | ((uint64_t)w.d[1] << 32));
        if (w.sign >= 0 && m <= (uint64_t)INT64_MAX) {
            *out = (int64_t)m;
            return 0;
        }
        if (w.sign < 0 && m <= (uint64_t)INT64_MAX + 1) {
            *out = (int64_t)(0 - m);
            return 0;
        }
    }
    sp_err_set(&sp_exc_OverflowError, "Python int too large to convert to C long");
    return -1;
}

/* Top 64 bits of a magnitude with a sticky bit for the rest; *shift gets the
 * power of two to scale by. */
static uint64_t top64_sticky(const iview *w, int64_t *shift)
{
    uint64_t nbits = (uint64_t)(w->n - 1) * 32 + (32 - __builtin_clz(w->d[w->n - 1]));
    if (nbits <= 64) {
        uint64_t m = 0;
        for (size_t i = w->n; i-- > 0;)
            m = (m << 32) | w->d[i];
        *shift = 0;
        return m;
    }
    uint64_t drop = nbits - 64;
    size_t dd = drop / 32;
    unsigned bb = drop % 32;
    /* Gather 96 bits starting at digit dd, then shift. */
    unsigned __int128 acc = 0;
    for (size_t i = dd + 3; i-- > dd;)
        acc = (acc << 32) | (i < w->n ? w->d[i] : 0);
    uint64_t m = (uint64_t)(acc >> bb);
    bool sticky = (bb && (acc & (((unsigned __int128)1 << bb) - 1)));
    for (size_t i = 0; !sticky && i < dd; i++)
        sticky = w->d[i] != 0;
    *shift = (int64_t)drop;
    return m | (sticky ? 1 : 0);
}

double sp_int_to_double(sp_val v)
{
    int64_t x;
    if (small_value(v, &x)) return (double)x;
    iview w;
    view_of(v, &w);
    if (w.n == 0) return 0.0;
    int64_t shift;
    uint64_t m = top64_sticky(&w, &shift);
    if (shift > 1100) {
        sp_err_set(&sp_exc_OverflowError, "int too large to convert to float");
        return -1.0;
    }
    /* m has 64 significant bits with the sticky bit folded into bit 0, so the
     * hardware's round-half-even of m gives the correctly rounded result. */
    double d = ldexp((double)m, (int)shift);
    if (isinf(d)) {
        sp_err_set(&sp_exc_OverflowError, "int too large to convert to float");
        return -1.0;
    }
    return w.sign < 0 ? -d : d;
}

sp_val sp_int_from_double_exact(double d)
{
    if (fabs(d) < 4611686018427387904.0) /* 2**62 */
        return sp_small((int64_t)d);
    int e;
    double m = frexp(fabs(d), &e); /* d = m * 2**e, 0.5 <= m < 1 */
    uint64_t mant = (uint64_t)ldexp(m, 64);
    int shift = e - 64;
    size_t nd = (size_t)(e / 32) + 2;
    sp_int *r = int_alloc(nd);
    if (!r) return NULL;
    memset(r->digits, 0, nd * sizeof(digit));
    /* shift > 0 here because |d| >= 2**62 and mant has 64 bits. */
    if (shift < 0) {
        mant >>= -shift;
        shift = 0;
    }
    size_t dq = (size_t)shift / 32;
    unsigned br = (unsigned)shift % 32;
    unsigned __int128 v = (unsigned __int128)mant << br;
    for (size_t i = 0; i < 3 && dq + i < nd; i++)
        r->digits[dq + i] = (digit)(v >> (32 * i));
    return int_finish(r, nd, d < 0 ? -1 : 1);
}

sp_val sp_int_from_double(double d)
{
    if (isinf(d))
        return sp_err_set(&sp_exc_OverflowError, "cannot convert float infinity to integer");
    if (isnan(d)) return sp_err_set(&sp_exc_ValueError, "cannot convert float NaN to integer");
    return sp_int_from_double_exact(trunc(d));
}

int sp_int_cmp_double(sp_val a, double d)
{
    if (isnan(d)) return 2;
    if (isinf(d)) return d > 0 ? -1 : 1;
    int64_t x;
    if (small_value(a, &x) && x > -((int64_t)1 << 53) && x < ((int64_t)1 << 53)) {
        double xd = (double)x;
        return (xd > d) - (xd < d);
    }
    double fl = floor(d), frac = d - fl;
    sp_val di = sp_int_from_double_exact(fl);
    if (!di) {
        sp_err_clear();
        return 0;
    }
    int c = sp_int_cmp(a, di);
    if (c != 0) return c;
    return frac > 0 ? -1 : 0;
}

/* ---- shifts and bitwise ops -------------------------------------------------------------- */

static int shift_count(sp_val b, uint64_t *out, bool *huge)
{
    iview w;
    view_of(b, &w);
    if (w.sign < 0) {
        sp_err_set(&sp_exc_ValueError, "negative shift count");
        return -1;
    }
    *huge = w.n > 2;
    *out = w.n == 0 ? 0 : w.n == 1 ? w.d[0] : (w.d[0] | ((uint64_t)w.d[1] << 32));
    if (*out > ((uint64_t)1 << 50)) *huge = true;
    return 0;
}

static sp_val lshift_view(const iview *a, uint64_t k)
{
    if (a->n == 0) return sp_small(0);
    size_t dq = k / 32;
    unsigned br = k % 32;
    size_t n = a->n + dq + 1;
    sp_int *r = int_alloc(n);
    if (!r) return NULL;
    memset(r->digits, 0, dq * sizeof(digit));
    digit carry = 0;
    for (size_t i = 0; i < a->n; i++) {
        r->digits[dq + i] = (a->d[i] << br) | carry;
        carry = br ? (digit)((twodigits)a->d[i] >> (32 - br)) : 0;
    }
    r->digits[dq + a->n] = carry;
    return int_finish(r, n, a->sign);
}

sp_val sp_int_lshift(sp_val a, sp_val b)
{
    uint64_t k;
    bool huge;
    if (shift_count(b, &k, &huge) < 0) return NULL;
    iview va;
    view_of(a, &va);
    if (va.n == 0) return sp_small(0);
    if (huge) {
        /* CPython: counts past the machine size overflow; large ones exhaust memory. */
        if (sp_int_bit_length(b) > 63)
            return sp_err_set(&sp_exc_OverflowError, "too many digits in integer");
        return sp_err_no_memory();
    }
    int64_t x;
    if (k < 62 && small_value(a, &x)) {
        int64_t y = (int64_t)((uint64_t)x << k); /* no signed-overflow UB */
        if ((y >> k) == x) return sp_int_from_i64(y);
    }
    sp_val r = lshift_view(&va, k);
    SP_KEEP_ALIVE(a);
    return r;
}

sp_val sp_int_rshift(sp_val a, sp_val b)
{
    uint64_t k;
    bool huge;
    if (shift_count(b, &k, &huge) < 0) return NULL;
    int64_t x;
    if (small_value(a, &x)) return sp_small(k >= 63 ? (x < 0 ? -1 : 0) : (x >> k));
    iview va;
    view_of(a, &va);
    uint64_t nbits = sp_int_bit_length(a);
    if (huge || k >= nbits) return sp_small(va.sign < 0 ? -1 : 0);
    size_t dq = k / 32;
    unsigned br = k % 32;
    size_t n = va.n - dq;
    sp_int *r = int_alloc(n + 1);
    if (!r) return NULL;
    for (size_t i = 0; i < n; i++) {
        digit hi = dq + i + 1 < va.n ? va.d[dq + i + 1] : 0;
        r->digits[i] = (va.d[dq + i] >> br) | (br ? (digit)((twodigits)hi << (32 - br)) : 0);
    }
    r->digits[n] = 0;
    if (va.sign < 0) {
        /* Floor: round the magnitude up if any 1 bits were shifted out. */
        bool lost = br && (va.d[dq] & ((1u << br) - 1));
        for (size_t i = 0; !lost && i < dq; i++)
            lost = va.d[i] != 0;
        if (lost) {
            digit one = 1;
            mag_add_into(r->digits, n + 1, &one, 1);
        }
    }
    SP_KEEP_ALIVE(a);
    return int_finish(r, n + 1, va.sign);
}

/* Two's complement of a view over n digits (n > a->n). */
static void to_twos(const iview *a, digit *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = i < a->n ? a->d[i] : 0;
    if (a->sign < 0) {
        twodigits carry = 1;
        for (size_t i = 0; i < n; i++) {
            carry += (digit)~out[i];
            out[i] = (digit)carry;
            carry >>= 32;
        }
    }
}

/* Bitwise op of two non-negative values: straight on the magnitudes, no two's
 * complement copies; & is as long as the shorter operand. */
static sp_val bitwise_nonneg(const iview *a, const iview *b, char op)
{
    if (a->n < b->n) {
        const iview *t = a;
        a = b;
        b = t;
    }
    size_t n = op == '&' ? b->n : a->n;
    sp_int *r = int_alloc(n);
    if (!r) return NULL;
    digit *d = r->digits;
    for (size_t i = 0; i < b->n; i++)
        d[i] = op == '&'   ? (a->d[i] & b->d[i])
               : op == '|' ? (a->d[i] | b->d[i])
                           : (a->d[i] ^ b->d[i]);
    if (n > b->n) memcpy(d + b->n, a->d + b->n, (n - b->n) * sizeof(digit));
    return int_finish(r, n, 1);
}

static sp_val bitwise(sp_val a, sp_val b, char op)
{
    int64_t x, y;
    if (small_value(a, &x) && small_value(b, &y))
        return sp_small(op == '&' ? (x & y) : op == '|' ? (x | y) : (x ^ y));
    iview va, vb;
    view_of(a, &va);
    view_of(b, &vb);
    if (va.sign >= 0 && vb.sign >= 0) {
        sp_val r = bitwise_nonneg(&va, &vb, op);
        SP_KEEP_ALIVE(a);
        SP_KEEP_ALIVE(b);
        return r;
    }
    size_t n = (va.n > vb.n ? va.n : vb.n) + 1;
    size_t bytes = 2 * n * sizeof(digit);
    digit *ta = sp_mem_alloc(bytes);
    if (!ta) return NULL;
    digit *tb = ta + n;
    to_twos(&va, ta, n);
    to_twos(&vb, tb, n);
    SP_KEEP_ALIVE(a);
    SP_KEEP_ALIVE(b);
    sp_int *r = int_alloc(n);
    if (!r) {
        sp_mem_free(ta, bytes);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        r->digits[i] = op == '&' ? (ta[i] & tb[i]) : op == '|' ? (ta[i] | tb[i]) : (ta[i] ^ tb[i]);
    sp_mem_free(ta, bytes);
    int sign = 1;
    if (r->digits[n - 1] >> 31) {
        sign = -1;
        twodigits carry = 1;
        for (size_t i = 0; i < n; i++) {
            carry += (digit)~r->digits[i];
            r->digits[i] = (digit)carry;
            carry >>= 32;
        }
    }
    return int_finish(r, n, sign);
}

sp_val sp_int_and(sp_val a, sp_val b)
{
    return bitwise(a, b, '&');
}
sp_val sp_int_or(sp_val a, sp_val b)
{
    return bitwise(a, b, '|');
}
sp_val sp_int_xor(sp_val a, sp_val b)
{
    return bitwise(a, b, '^');
}

sp_val sp_int_invert(sp_val a)
{
    /* ~a == -(a + 1) */
    sp_val t = sp_int_add(a, sp_small(1));
    return t ? sp_int_neg(t) : NULL;
}

/* ---- true division ------------------------------------------------------------------------ */

sp_val sp_int_truediv(sp_val a, sp_val b)
{
    int64_t x, y;
    if (sp_int_is_zero(b)) return sp_err_set(&sp_exc_ZeroDivisionError, "division by zero");
    const int64_t exact = (int64_t)1 << 53;
    if (small_value(a, &x) && small_value(b, &y) && x > -exact && x < exact && y > -exact &&
        y < exact)
        return sp_float_new((double)x / (double)y);
    /* CPython's algorithm: scale so the quotient has DBL_MANT_DIG + 2 bits, divide,
     * fold the remainder into a sticky bit, and round once. */
    iview va, vb;
    view_of(a, &va);
    view_of(b, &vb);
    int negate = va.sign * vb.sign < 0;
    if (va.n == 0) return sp_float_new(negate ? -0.0 : 0.0);
    sp_val aa = sp_int_abs(a), bb = sp_int_abs(b);
    if (!aa || !bb) return NULL;
    int64_t diff = (int64_t)sp_int_bit_length(aa) - (int64_t)sp_int_bit_length(bb);
    if (diff > DBL_MAX_EXP)
        return sp_err_set(&sp_exc_OverflowError, "integer division result too large for a float");
    if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 1) return sp_float_new(negate ? -0.0 : 0.0);
    int64_t shift = (diff > DBL_MIN_EXP ? diff : DBL_MIN_EXP) - DBL_MANT_DIG - 2;
    bool inexact = false;
    sp_val num;
    if (shift <= 0) {
        num = sp_int_lshift(aa, sp_small(-shift));
    } else {
        num = sp_int_rshift(aa, sp_small(shift));
        sp_val back = num ? sp_int_lshift(num, sp_small(shift)) : NULL;
        if (!back) return NULL;
        inexact = sp_int_cmp(back, aa) != 0;
    }
    if (!num) return NULL;
    sp_val q, r;
    if (int_divmod_floor(num, bb, &q, &r) < 0) return NULL;
    if (!sp_int_is_zero(r)) inexact = true;
    int64_t qi;
    if (sp_int_to_i64(q, &qi) < 0) return NULL;
    uint64_t qu = (uint64_t)qi;
    int qbits = 64 - __builtin_clzll(qu);
    int64_t extra = (qbits > DBL_MIN_EXP - shift ? qbits : DBL_MIN_EXP - shift) - DBL_MANT_DIG;
    if (extra > 0) {
        uint64_t mask = ((uint64_t)1 << extra) - 1, half = (uint64_t)1 << (extra - 1);
        uint64_t low = qu & mask;
        qu &= ~mask;
        if (low > half || (low == half && (inexact || (qu & (mask + 1))))) qu += mask + 1;
    }
    double res = ldexp((double)qu, (int)shift);
    if (isinf(res))
        return sp_err_set(&sp_exc_OverflowError, "integer division result too large for a float");
    return sp_float_new(negate ? -res : res);
}

/* ---- power ----------------------------------------------------------------------------------- */

static sp_val mulmod(sp_val a, sp_val b, sp_val m)
{
    sp_val p = sp_int_mul(a, b);
    return p && m ? sp_int_mod(p, m) : p;
}

/* Modular inverse of a mod m (m > 0), or NULL + ValueError. */
static sp_val mod_inverse(sp_val a, sp_val m)
{
    sp_val r0 = m, r1 = sp_int_mod(a, m), s0 = sp_small(0), s1 = sp_small(1);
    if (!r1) return NULL;
    while (!sp_int_is_zero(r1)) {
        sp_val q, r;
        if (int_divmod_floor(r0, r1, &q, &r) < 0) return NULL;
        sp_val qs = sp_int_mul(q, s1);
        sp_val s2 = qs ? sp_int_sub(s0, qs) : NULL;
        if (!s2) return NULL;
        r0 = r1;
        r1 = r;
        s0 = s1;
        s1 = s2;
    }
    if (sp_int_cmp(r0, sp_small(1)) != 0)
        return sp_err_set(&sp_exc_ValueError, "base is not invertible for the given modulus");
    return sp_int_mod(s0, m);
}

sp_val sp_int_pow(sp_val a, sp_val b, sp_val mod)
{
    if (mod == sp_None) mod = NULL;
    int bsign = sp_int_sign(b);
    if (!mod && bsign < 0) {
        double x = sp_int_to_double(a);
        if (x == -1.0 && sp_err_occurred()) return NULL;
        double y = sp_int_to_double(b);
        if (y == -1.0 && sp_err_occurred()) return NULL;
        return sp_float_pow_double(x, y);
    }
    bool negmod = false;
    if (mod) {
        int ms = sp_int_sign(mod);
        if (ms == 0) return sp_err_set(&sp_exc_ValueError, "pow() 3rd argument cannot be 0");
        negmod = ms < 0;
        if (negmod && !(mod = sp_int_neg(mod))) return NULL;
        if (bsign < 0) {
            if (!(a = mod_inverse(a, mod)) || !(b = sp_int_neg(b))) return NULL;
        }
        if (!(a = sp_int_mod(a, mod))) return NULL;
    }
    int64_t x, y;
    if (!mod && small_value(a, &x) && small_value(b, &y)) {
        /* Fast path while the product stays in int64. */
        int64_t result = 1, base = x;
        bool ok = true;
        for (int64_t e = y; e > 0; e >>= 1) {
            if ((e & 1) && __builtin_mul_overflow(result, base, &result)) {
                ok = false;
                break;
            }
            if (e > 1 && __builtin_mul_overflow(base, base, &base)) {
                ok = false;
                break;
            }
        }
        if (ok) return sp_int_from_i64(result);
        if (x == 0 || x == 1) return sp_small(x);
        if (x == -1) return sp_small((y & 1) ? -1 : 1);
    }
    /* Left-to-right binary exponentiation over the bits of b. */
    uint64_t nbits = sp_int_bit_length(b);
    iview vb;
    view_of(b, &vb);
    sp_val result = sp_small(1);
    for (uint64_t i = nbits; i-- > 0;) {
        if (!(result = mulmod(result, result, mod))) return NULL;
        if ((vb.d[i / 32] >> (i % 32)) & 1) {
            if (!(result = mulmod(result, a, mod))) return NULL;
        }
    }
    SP_KEEP_ALIVE(b);
    if (mod && !(result = sp_int_mod(result, mod))) return NULL;
    if (negmod && !sp_int_is_zero(result))
        result = sp_int_sub(result, mod); /* result takes the (negative) modulus's sign */
    return result ? sp_int_exact(result) : NULL;
}

/* ---- hashing ------------------------------------------------------------------------------ */

#define HASH_MODULUS (((uint64_t)1 << 61) - 1)

int64_t sp_int_hash(sp_val a)
{
    int64_t x;
    uint64_t h;
    int sign;
    if (small_value(a, &x)) {
        sign = x < 0 ? -1 : 1;
        h = (x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x) % HASH_MODULUS;
    } else {
        iview w;
        view_of(a, &w);
        sign = w.sign;
        /* h = (h * 2**32 + digit) mod (2**61 - 1): as 2**61 == 1 there, the
         * multiplication is a 32-bit rotation within 61 bits (CPython's loop). */
        h = 0;
        for (size_t i = w.n; i-- > 0;) {
            h = ((h << 32) & HASH_MODULUS) | (h >> (61 - 32));
            h += w.d[i];
            if (h >= HASH_MODULUS) h -= HASH_MODULUS;
        }
    }
    int64_t r = sign < 0 ? -(int64_t)h : (int64_t)h;
    return r == -1 ? -2 : r;
}

/* ---- string conversion ------------------------------------------------------------------- */

static sp_val limit_error(void)
{
    return sp_err_set(&sp_exc_ValueError,
                      "Exceeds the limit (%lld digits) for integer string conversion; "
                      "use sys.set_int_max_str_digits() to increase the limit",
                      (long long)sp_int_max_str_digits);
}

/* Bases 2, 4, 8, 16, 32: read the bits straight out, most significant first. */
static int pow2_base_to_buf(const iview *w, int base, sp_buf *buf)
{
    static const char digits36[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    unsigned bits = (unsigned)__builtin_ctz((unsigned)base);
    uint64_t nbits = (uint64_t)(w->n - 1) * 32 + (32 - __builtin_clz(w->d[w->n - 1]));
    uint64_t nchars = (nbits + bits - 1) / bits;
    char *tmp = sp_mem_alloc(nchars);
    if (!tmp) return -1;
    for (uint64_t c = 0; c < nchars; c++) {
        uint64_t pos = c * bits; /* bit offset of this character (from the bottom) */
        size_t di = pos / 32;
        unsigned off = pos % 32;
        uint64_t word = w->d[di] | (di + 1 < w->n ? (uint64_t)w->d[di + 1] << 32 : 0);
        tmp[nchars - 1 - c] = digits36[(word >> off) & ((1u << bits) - 1)];
    }
    int rc = sp_buf_append(buf, tmp, nchars);
    sp_mem_free(tmp, nchars);
    return rc;
}

/* Appends |a| in `base` to buf (digits only). Returns 0 / -1. */
static int mag_to_buf(const iview *w, int base, sp_buf *buf)
{
    static const char digits36[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    if (w->n == 0) return sp_buf_append_char(buf, '0');
    if ((base & (base - 1)) == 0) return pow2_base_to_buf(w, base, buf);
    /* Divide repeatedly by the largest power of base that fits a digit. */
    digit chunk = (digit)base;
    int per = 1;
    while ((twodigits)chunk * base <= 0xffffffffu) {
        chunk *= base;
        per++;
    }
    size_t n = w->n;
    size_t cbytes = n * sizeof(digit);
    size_t maxchunks = (size_t)((double)n * 32 / (per * log2((double)base))) + 2;
    size_t rbytes = maxchunks * sizeof(digit);
    digit *tmp = sp_mem_alloc(cbytes + rbytes);
    if (!tmp) return -1;
    digit *rems = tmp + n;
    memcpy(tmp, w->d, cbytes);
    size_t nr = 0;
    while (n) {
        if (base == 10) /* constant divisor: see mag_divrem1 */
            rems[nr++] = mag_divrem1(tmp, tmp, n, 1000000000u);
        else
            rems[nr++] = mag_divrem1(tmp, tmp, n, chunk);
        n = trimmed(tmp, n);
    }
    char cb[40];
    int rc = 0;
    for (size_t i = nr; i-- > 0 && rc == 0;) {
        digit v = rems[i];
        int k = 0;
        for (int j = 0; j < per; j++) {
            cb[per - 1 - j] = digits36[v % base];
            v /= base;
        }
        k = per;
        const char *p = cb;
        if (i == nr - 1) { /* no leading zeros on the top chunk */
            while (k > 1 && *p == '0') {
                p++;
                k--;
            }
        }
        rc = sp_buf_append(buf, p, (size_t)k);
    }
    sp_mem_free(tmp, cbytes + rbytes);
    return rc;
}

/* Appends the digits (with '-' when negative) of a in base; honours the str limit
 * for base 10. */
int sp_int_append_digits(sp_buf *buf, sp_val a, int base, bool with_sign)
{
    int64_t x;
    if (small_value(a, &x) && base == 10) {
        char tmp[24], *end = tmp + sizeof tmp;
        char *p = sp_i64_to_dec(end, with_sign ? x : x < 0 ? -x : x);
        return sp_buf_append(buf, p, (size_t)(end - p));
    }
    iview w;
    view_of(a, &w);
    if (base == 10 && sp_int_max_str_digits > 0 && w.n > 2) {
        /* Cheap pre-check on the bit length, then the exact one afterwards. */
        double ndig = (double)sp_int_bit_length(a) * 0.30102999566398120;
        if (ndig > (double)sp_int_max_str_digits + 2) {
            limit_error();
            return -1;
        }
    }
    if (with_sign && w.sign < 0 && sp_buf_append_char(buf, '-') < 0) return -1;
    size_t before = buf->len;
    int mrc = mag_to_buf(&w, base, buf);
    SP_KEEP_ALIVE(a);
    if (mrc < 0) return -1;
    if (base == 10 && sp_int_max_str_digits > 0 &&
        (int64_t)(buf->len - before) > sp_int_max_str_digits) {
        limit_error();
        return -1;
    }
    return 0;
}

sp_val sp_int_to_string(sp_val v, int base)
{
    sp_buf b;
    sp_buf_init(&b);
    if (sp_int_append_digits(&b, v, base, true) < 0) {
        sp_buf_free(&b);
        return NULL;
    }
    return sp_buf_to_str(&b);
}

sp_val sp_int_repr(sp_val a)
{
    int64_t x;
    if (small_value(a, &x)) {
        char tmp[24], *end = tmp + sizeof tmp;
        char *p = sp_i64_to_dec(end, x);
        return sp_str_new(p, (size_t)(end - p));
    }
    return sp_int_to_string(a, 10);
}

/* ---- parsing --------------------------------------------------------------------------------- */

static int digit_value(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r'); /* Py_ISSPACE */
}

static sp_val invalid_literal(int base, const char *s, size_t n, sp_val orig)
{
    if (!orig) {
        if (!(orig = sp_str_new(s, n))) return NULL;
    }
    return sp_err_set(&sp_exc_ValueError, "invalid literal for int() with base %d: %R", base, orig);
}

sp_val sp_int_parse(const char *s, size_t n, int base, sp_val orig)
{
    if (base != 0 && (base < 2 || base > 36))
        return sp_err_set(&sp_exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
    const char *p = s, *end = s + n;
    int given_base = base;
    while (p < end && is_space((unsigned char)*p))
        p++;
    /* Unicode whitespace (e.g. U+00A0 encoded as C2 A0) is rare; we accept ASCII. */
    while (end > p && is_space((unsigned char)end[-1]))
        end--;
    int sign = 1;
    if (p < end && (*p == '+' || *p == '-')) {
        sign = *p == '-' ? -1 : 1;
        p++;
    }
    bool prefixed = false;
    if (p + 1 < end && p[0] == '0') {
        char c = (char)(p[1] | 0x20);
        if ((c == 'x' && (base == 16 || base == 0)) || (c == 'o' && (base == 8 || base == 0)) ||
            (c == 'b' && (base == 2 || base == 0))) {
            base = c == 'x' ? 16 : c == 'o' ? 8 : 2;
            p += 2;
            prefixed = true;
        }
    }
    bool leading_zero_check = false;
    if (base == 0) {
        base = 10;
        leading_zero_check = true;
    }
    /* Validate: digits separated by single underscores; an underscore may follow
     * the base prefix. */
    size_t ndigits = 0;
    bool nonzero = false, prev_us = prefixed;
    if (p == end) return invalid_literal(given_base, s, n, orig);
    if (*p == '_' && !prefixed) return invalid_literal(given_base, s, n, orig);
    for (const char *q = p; q < end; q++) {
        if (*q == '_') {
            if (prev_us && !(q == p && prefixed)) return invalid_literal(given_base, s, n, orig);
            prev_us = true;
            continue;
        }
        if (digit_value((unsigned char)*q) >= base) return invalid_literal(given_base, s, n, orig);
        if (*q != '0') nonzero = true;
        prev_us = false;
        ndigits++;
    }
    if (prev_us || ndigits == 0) return invalid_literal(given_base, s, n, orig);
    if (leading_zero_check && !prefixed && nonzero && *p == '0')
        return invalid_literal(given_base, s, n, orig);
    if ((base & (base - 1)) != 0 && sp_int_max_str_digits > 0 &&
        (int64_t)ndigits > sp_int_max_str_digits)
        return sp_err_set(&sp_exc_ValueError,
                          "Exceeds the limit (%lld digits) for integer string conversion: "
                          "value has %lld digits; use sys.set_int_max_str_digits() to "
                          "increase the limit",
                          (long long)sp_int_max_str_digits, (long long)ndigits);
    /* Fast path: fits in 62 bits. */
    if (ndigits <= 12 || (base <= 16 && ndigits <= 15)) {
        int64_t v = 0;
        for (const char *q = p; q < end; q++)
            if (*q != '_') v = v * base + digit_value((unsigned char)*q);
        return sp_int_from_i64(sign * v);
    }
    if ((base & (base - 1)) == 0) {
        /* Power-of-two base: pack the bits from the least significant end. */
        unsigned bits = (unsigned)__builtin_ctz((unsigned)base);
        size_t nd = (size_t)((ndigits * bits + 31) / 32) + 1;
        sp_int *r = int_alloc(nd);
        if (!r) return NULL;
        memset(r->digits, 0, nd * sizeof(digit));
        uint64_t pos = 0;
        for (const char *q = end; q-- > p;) {
            if (*q == '_') continue;
            uint64_t v = (uint64_t)digit_value((unsigned char)*q) << (pos % 32);
            r->digits[pos / 32] |= (digit)v;
            if (v >> 32) r->digits[pos / 32 + 1] |= (digit)(v >> 32);
            pos += bits;
        }
        return int_finish(r, nd, sign);
    }
    /* Accumulate chunks: acc = acc * base**k + chunk. */
    size_t cap = (size_t)(ndigits * log2((double)base) / 32) + 2;
    sp_int *r = int_alloc(cap);
    if (!r) return NULL;
    memset(r->digits, 0, cap * sizeof(digit));
    size_t used = 0;
    twodigits chunk = 0, mult = 1;
    for (const char *q = p;; q++) {
        bool done = q == end;
        if (!done && *q == '_') continue;
        if (done || mult * base > 0xffffffffu) {
            twodigits carry = chunk;
            for (size_t i = 0; i < used; i++) {
                carry += (twodigits)r->digits[i] * mult;
                r->digits[i] = (digit)carry;
                carry >>= 32;
            }
            if (carry) r->digits[used++] = (digit)carry;
            chunk = 0;
            mult = 1;
            if (done) break;
        }
        chunk = chunk * base + digit_value((unsigned char)*q);
        mult *= base;
    }
    return int_finish(r, used, sign);
}

sp_val sp_int_from_string(const char *s, size_t n, int base)
{
    return sp_int_parse(s, n, base, NULL);
}

/* ---- rounding ----------------------------------------------------------------------------------
 */

sp_val sp_int_round(sp_val a, sp_val ndigits)
{
    if (!ndigits || ndigits == sp_None) return sp_int_exact(a);
    sp_val nd = sp_index_int(ndigits);
    if (!nd) return NULL;
    if (sp_int_sign(nd) >= 0) return sp_int_exact(a);
    sp_val k = sp_int_neg(nd);
    sp_val pow10 = k ? sp_int_pow(sp_small(10), k, NULL) : NULL;
    if (!pow10) return NULL;
    sp_val q, r;
    if (int_divmod_floor(a, pow10, &q, &r) < 0) return NULL;
    /* round half to even on q */
    sp_val twice = sp_int_lshift(r, sp_small(1));
    if (!twice) return NULL;
    int c = sp_int_cmp(twice, pow10);
    if (c > 0 || (c == 0 && (sp_int_and(q, sp_small(1)) != sp_small(0))))
        q = sp_int_add(q, sp_small(1));
    return q ? sp_int_mul(q, pow10) : NULL;
}

/* ---- slots ---------------------------------------------------------------------------------- */

#define BOTH_INTS(a, b)                                                                            \
    do {                                                                                           \
        if (!sp_int_check(a) || !sp_int_check(b)) return sp_NotImplemented;                        \
    } while (0)

/* The binary number slots: each defers to the non-int operand (BOTH_INTS) and
 * otherwise calls the sp_int_* routine of the same name. */
#define INT_BINARY_SLOT(name, call)                                                                \
    static sp_val slot_##name(sp_val a, sp_val b)                                                  \
    {                                                                                              \
        BOTH_INTS(a, b);                                                                           \
        return call;                                                                               \
    }
INT_BINARY_SLOT(add, sp_int_add(a, b))
INT_BINARY_SLOT(sub, sp_int_sub(a, b))
INT_BINARY_SLOT(mul, sp_int_mul(a, b))
INT_BINARY_SLOT(truediv, sp_int_truediv(a, b))
INT_BINARY_SLOT(floordiv, sp_int_floordiv(a, b))
INT_BINARY_SLOT(mod, sp_int_mod(a, b))
INT_BINARY_SLOT(pow, sp_int_pow(a, b, NULL))
INT_BINARY_SLOT(lshift, sp_int_lshift(a, b))
INT_BINARY_SLOT(rshift, sp_int_rshift(a, b))
INT_BINARY_SLOT(and, sp_int_and(a, b))
INT_BINARY_SLOT(or, sp_int_or(a, b))
INT_BINARY_SLOT(xor, sp_int_xor(a, b))
#undef INT_BINARY_SLOT

static sp_val int_pos(sp_val a)
{
    return sp_int_exact(a);
}

static sp_val int_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    BOTH_INTS(a, b);
    return sp_float_cmp_result(sp_int_cmp(a, b), op);
}

static int int_hash_slot(sp_val self, int64_t *out)
{
    *out = sp_int_hash(self);
    return 0;
}

static int int_truthy(sp_val self)
{
    return sp_int_sign(self) != 0;
}

static sp_val int_repr_slot(sp_val self)
{
    return sp_int_repr(self);
}

static void int_finalize(sp_val self)
{
    sp_int *o = (sp_int *)self;
    if (o->digits && o->digits != o->inl) sp_mem_free(o->digits, o->cap * sizeof(digit));
}

/* ---- the constructor ------------------------------------------------------------------- */

static sp_val lookup_special(sp_val x, const char *name)
{
    return sp_type_lookup(sp_typeof(x), sp_str_intern(name));
}

static sp_val check_int_result(sp_val r, const char *meth)
{
    if (r && !sp_int_check(r))
        return sp_err_set(&sp_exc_TypeError, "%s returned non-int (type %T)", meth, r);
    return r;
}

/* Decode a bytes/bytearray argument into a str through its decode method. */
static sp_val bytes_as_str(sp_val x)
{
    sp_val enc = sp_str_from_cstr("latin-1");
    return enc ? sp_call_method(x, "decode", &enc, 1) : NULL;
}

sp_val sp_num_ascii_text(sp_val str, sp_buf *tmp, const char **s, size_t *n)
{
    sp_str *o = (sp_str *)str;
    *s = o->data;
    *n = o->size;
    size_t i = 0;
    while (i < o->size && (unsigned char)o->data[i] < 0x80)
        i++;
    if (i == o->size) return str;
    /* CPython's _PyUnicode_TransformDecimalAndSpaceToASCII: Unicode decimal digits
     * become ASCII digits, Unicode spaces become ' ', anything else '?'. */
    sp_buf_init(tmp);
    const unsigned char *u = (const unsigned char *)o->data;
    for (i = 0; i < o->size;) {
        uint32_t cp = u[i];
        size_t len = cp < 0x80 ? 1 : cp < 0xe0 ? 2 : cp < 0xf0 ? 3 : 4;
        if (len == 2)
            cp = ((cp & 0x1f) << 6) | (u[i + 1] & 0x3f);
        else if (len == 3)
            cp = ((cp & 0x0f) << 12) | ((uint32_t)(u[i + 1] & 0x3f) << 6) | (u[i + 2] & 0x3f);
        else if (len == 4)
            cp = ((cp & 0x07) << 18) | ((uint32_t)(u[i + 1] & 0x3f) << 12) |
                 ((uint32_t)(u[i + 2] & 0x3f) << 6) | (u[i + 3] & 0x3f);
        i += len;
        char c;
        if (cp < 0x80)
            c = (char)cp;
        else if (sp_uc_decimal(cp) >= 0)
            c = (char)('0' + sp_uc_decimal(cp));
        else if (sp_uc_flags(cp) & SP_UC_SPACE)
            c = ' ';
        else
            c = '?';
        if (sp_buf_append_char(tmp, c) < 0) return NULL;
    }
    *s = tmp->data ? tmp->data : "";
    *n = tmp->len;
    return str;
}

/* Parses a str object for int(): handles non-ASCII digits and spaces. */
static sp_val parse_str_obj(sp_val x, int base)
{
    sp_buf tmp = {0};
    const char *s;
    size_t n;
    if (!sp_num_ascii_text(x, &tmp, &s, &n)) return NULL;
    sp_val r = sp_int_parse(s, n, base, x);
    sp_buf_free(&tmp);
    return r;
}

sp_val sp_int_from_object(sp_val x)
{
    if (sp_int_check(x)) return sp_int_exact(x);
    sp_type *t = sp_typeof(x);
    if (t == &sp_type_float || sp_is_subtype(t, &sp_type_float))
        return sp_int_from_double(((sp_float *)x)->value);
    if (sp_str_check(x)) return parse_str_obj(x, 10);
    if (lookup_special(x, "__int__"))
        return check_int_result(sp_call_method(x, "__int__", NULL, 0), "__int__");
    if (lookup_special(x, "__index__"))
        return check_int_result(sp_call_method(x, "__index__", NULL, 0), "__index__");
    if (lookup_special(x, "__trunc__")) {
        sp_val r = sp_call_method(x, "__trunc__", NULL, 0);
        if (r && !sp_int_check(r)) return sp_int_from_object(r);
        return r;
    }
    if (sp_is_subtype(t, &sp_type_bytes) || sp_is_subtype(t, &sp_type_bytearray)) {
        sp_val s = bytes_as_str(x);
        return s ? sp_int_parse(((sp_str *)s)->data, ((sp_str *)s)->size, 10, x) : NULL;
    }
    return sp_err_set(&sp_exc_TypeError,
                      "int() argument must be a string, a bytes-like object or a real number, "
                      "not '%s'",
                      t->name);
}

static sp_val int_with_base(sp_val x, sp_val basev)
{
    int64_t base;
    bool overflow = false;
    base = sp_index(basev, &overflow);
    if (base == -1 && sp_err_occurred()) return NULL;
    if (overflow || (base != 0 && (base < 2 || base > 36)))
        return sp_err_set(&sp_exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
    if (sp_str_check(x)) return parse_str_obj(x, (int)base);
    sp_type *t = sp_typeof(x);
    if (sp_is_subtype(t, &sp_type_bytes) || sp_is_subtype(t, &sp_type_bytearray)) {
        sp_val s = bytes_as_str(x);
        return s ? sp_int_parse(((sp_str *)s)->data, ((sp_str *)s)->size, (int)base, x) : NULL;
    }
    return sp_err_set(&sp_exc_TypeError, "int() can't convert non-string with explicit base");
}

/* An instance of a subclass of int holding the value v (digits out of line). */
static sp_val int_subtype_new(sp_type *type, sp_val v)
{
    iview w;
    view_of(v, &w);
    size_t size = type->basic_size > sizeof(sp_int) ? type->basic_size : sizeof(sp_int);
    sp_int *o = sp_gc_new(type, size);
    if (!o) return NULL;
    size_t cap = w.n ? w.n : 1;
    o->digits = sp_mem_alloc(cap * sizeof(digit));
    if (!o->digits) return NULL;
    o->cap = cap;
    memcpy(o->digits, w.d, w.n * sizeof(digit));
    SP_KEEP_ALIVE(v);
    o->size = w.sign < 0 ? -(int64_t)w.n : (int64_t)w.n;
    return (sp_val)o;
}

static sp_val int_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    size_t nkw = kwnames ? ((sp_tuple *)kwnames)->len : 0;
    sp_val x = NULL, base = NULL;
    if (nargs > 2 || nargs + nkw > 2)
        return sp_err_set(&sp_exc_TypeError, "int() takes at most 2 arguments (%zu given)",
                          nargs + nkw);
    if (nargs >= 1) x = args[0];
    if (nargs == 2) base = args[1];
    for (size_t i = 0; i < nkw; i++) {
        sp_val k = ((sp_tuple *)kwnames)->items[i];
        if (sp_str_eq_cstr(k, "base") && !base)
            base = args[nargs + i];
        else
            return sp_err_set(&sp_exc_TypeError, "'%S' is an invalid keyword argument for int()",
                              k);
    }
    sp_val v;
    if (!x)
        v = base ? sp_err_set(&sp_exc_TypeError, "int() missing string argument") : sp_small(0);
    else if (base)
        v = int_with_base(x, base);
    else
        v = sp_int_from_object(x);
    if (!v || type == &sp_type_int) return v;
    return int_subtype_new(type, v);
}

/* ---- methods ------------------------------------------------------------------------------ */

static sp_val m_bit_length(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (nargs || kw)
        return sp_err_set(&sp_exc_TypeError, "int.bit_length() takes no arguments (%zu given)",
                          nargs);
    return sp_int_from_u64(sp_int_bit_length(self));
}

static sp_val m_bit_count(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (nargs || kw)
        return sp_err_set(&sp_exc_TypeError, "int.bit_count() takes no arguments (%zu given)",
                          nargs);
    iview w;
    view_of(self, &w);
    uint64_t c = 0;
    for (size_t i = 0; i < w.n; i++)
        c += (uint64_t)__builtin_popcount(w.d[i]);
    return sp_int_from_u64(c);
}

static sp_val m_self(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return sp_int_exact(self);
}

static sp_val m_float(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    double d = sp_int_to_double(self);
    if (d == -1.0 && sp_err_occurred()) return NULL;
    return sp_float_new(d);
}

static sp_val m_as_integer_ratio(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return sp_tuple_pack(2, sp_int_exact(self), sp_small(1));
}

static sp_val m_round(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_check_nargs("__round__", nargs, 0, 1) < 0) return NULL;
    return sp_int_round(self, nargs ? args[0] : NULL);
}

static sp_val m_format(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_check_nargs("__format__", nargs, 1, 1) < 0) return NULL;
    if (!sp_str_check(args[0]))
        return sp_err_set(&sp_exc_TypeError, "__format__() argument must be str, not %T", args[0]);
    return sp_format_int(self, args[0]);
}

static sp_val m_getnewargs(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return sp_tuple_pack(1, sp_int_exact(self));
}

static sp_val m_divmod(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_check_nargs("__divmod__", nargs, 1, 1) < 0) return NULL;
    if (!sp_int_check(args[0])) return sp_NotImplemented;
    return sp_int_divmod(self, args[0]);
}

static sp_val m_rdivmod(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_check_nargs("__rdivmod__", nargs, 1, 1) < 0) return NULL;
    if (!sp_int_check(args[0])) return sp_NotImplemented;
    return sp_int_divmod(args[0], self);
}

/* Parses (length, byteorder, *, signed) shared by to_bytes/from_bytes. */
static int byteorder_arg(const char *fname, sp_val v, bool *little)
{
    if (!sp_str_check(v)) {
        sp_err_set(&sp_exc_TypeError, "%s() argument 'byteorder' must be str, not %T", fname, v);
        return -1;
    }
    if (sp_str_eq_cstr(v, "little"))
        *little = true;
    else if (sp_str_eq_cstr(v, "big"))
        *little = false;
    else {
        sp_err_set(&sp_exc_ValueError, "byteorder must be either 'little' or 'big'");
        return -1;
    }
    return 0;
}

static sp_val m_to_bytes(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"length", "byteorder", "signed", NULL};
    int64_t length = 1;
    sp_val order = NULL;
    bool is_signed = false;
    if (sp_parse_args("to_bytes", args, nargs, kw, "|iO$p", names, &length, &order, &is_signed) < 0)
        return NULL;
    bool little = false;
    if (order && byteorder_arg("to_bytes", order, &little) < 0) return NULL;
    if (length < 0) return sp_err_set(&sp_exc_ValueError, "length argument must be non-negative");
    iview w;
    view_of(self, &w);
    if (w.sign < 0 && !is_signed)
        return sp_err_set(&sp_exc_OverflowError, "can't convert negative int to unsigned");
    /* Check the value fits in length bytes. */
    uint64_t bits = sp_int_bit_length(self);
    bool fits;
    if (!is_signed)
        fits = bits <= (uint64_t)length * 8;
    else if (w.sign >= 0)
        fits = bits == 0 || bits < (uint64_t)length * 8;
    else {
        /* -2**(8L-1) fits: bit_length(|x|-1) < 8L */
        sp_val m1 = sp_int_sub(sp_int_abs(self), sp_small(1));
        if (!m1) return NULL;
        fits = length > 0 && sp_int_bit_length(m1) < (uint64_t)length * 8;
    }
    if (!fits) return sp_err_set(&sp_exc_OverflowError, "int too big to convert");
    size_t nwords = (size_t)length / 4 + 2;
    digit *tw = sp_mem_alloc(nwords * sizeof(digit));
    if (!tw) return NULL;
    to_twos(&w, tw, nwords);
    sp_val list = sp_list_new((size_t)length);
    for (int64_t i = 0; list && i < length; i++) {
        int64_t bi = little ? i : length - 1 - i;
        unsigned byte = (tw[bi / 4] >> (8 * (bi % 4))) & 0xff;
        if (sp_list_append(list, sp_small(byte)) < 0) list = NULL;
    }
    sp_mem_free(tw, nwords * sizeof(digit));
    return list ? sp_call1((sp_val)&sp_type_bytes, list) : NULL;
}

static sp_val m_from_bytes(sp_val cls, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"bytes", "byteorder", "signed", NULL};
    sp_val bytes = NULL, order = NULL;
    bool is_signed = false;
    if (sp_parse_args("from_bytes", args, nargs, kw, "O|O$p", names, &bytes, &order, &is_signed) <
        0)
        return NULL;
    bool little = false;
    if (order && byteorder_arg("from_bytes", order, &little) < 0) return NULL;
    if (sp_str_check(bytes)) /* iterable, but not of ints */
        return sp_err_set(&sp_exc_TypeError, "cannot convert 'str' object to bytes");
    sp_val it = sp_iter(bytes);
    if (!it) {
        if (sp_err_matches(&sp_exc_TypeError)) {
            sp_err_clear();
            sp_err_set(&sp_exc_TypeError, "cannot convert '%s' object to bytes",
                       sp_type_name(bytes));
        }
        return NULL;
    }
    sp_val result = sp_small(0), item;
    sp_val list = sp_list_new(0);
    if (!list) return NULL;
    while ((item = sp_next(it)))
        if (sp_list_append(list, item) < 0) return NULL;
    if (sp_err_occurred()) return NULL;
    sp_list *l = (sp_list *)list;
    size_t n = l->len;
    /* Pack the bytes straight into digits (linear, unlike shifting in a loop). */
    size_t nd = n / 4 + 1;
    sp_int *r = int_alloc(nd);
    if (!r) return NULL;
    memset(r->digits, 0, nd * sizeof(digit));
    for (size_t i = 0; i < n; i++) {
        sp_val b = l->items[little ? i : n - 1 - i]; /* i-th least significant byte */
        int64_t bv;
        if (!sp_int_check(b)) {
            if (!(b = sp_index_int(b))) return NULL;
        }
        if (sp_int_to_i64(b, &bv) < 0 || bv < 0 || bv > 255) {
            sp_err_clear();
            return sp_err_set(&sp_exc_ValueError, "bytes must be in range(0, 256)");
        }
        r->digits[i / 4] |= (digit)bv << (8 * (i % 4));
    }
    result = int_finish(r, nd, 1);
    if (is_signed && n > 0 && (r->digits[(n - 1) / 4] >> (8 * ((n - 1) % 4) + 7)) & 1) {
        /* top bit set: the value is V - 2**(8n) */
        sp_val p = sp_int_lshift(sp_small(1), sp_int_from_u64(8 * (uint64_t)n));
        if (!p || !(result = sp_int_sub(result, p))) return NULL;
    }
    if ((sp_type *)cls != &sp_type_int) return sp_call1(cls, result);
    return result;
}

static sp_val get_self(sp_val self)
{
    return sp_int_exact(self);
}
static sp_val get_zero(sp_val self)
{
    return sp_small(0);
}
static sp_val get_one(sp_val self)
{
    return sp_small(1);
}

static const sp_method_def int_methods[] = {
    {"bit_length", m_bit_length, 0},
    {"bit_count", m_bit_count, 0},
    {"to_bytes", m_to_bytes, 0},
    {"from_bytes", m_from_bytes, SP_METH_CLASS},
    {"conjugate", m_self, 0},
    {"as_integer_ratio", m_as_integer_ratio, 0},
    {"__index__", m_self, 0},
    {"__int__", m_self, 0},
    {"__float__", m_float, 0},
    {"__trunc__", m_self, 0},
    {"__floor__", m_self, 0},
    {"__ceil__", m_self, 0},
    {"__round__", m_round, 0},
    {"__format__", m_format, 0},
    {"__getnewargs__", m_getnewargs, 0},
    {"__divmod__", m_divmod, 0},
    {"__rdivmod__", m_rdivmod, 0},
    {NULL, NULL, 0},
};

static const sp_getset_def int_getsets[] = {
    {"real", get_self, NULL},       {"imag", get_zero, NULL}, {"numerator", get_self, NULL},
    {"denominator", get_one, NULL}, {NULL, NULL, NULL},
};

static sp_val int_index_slot(sp_val self)
{
    return sp_int_exact(self);
}

sp_type sp_type_int = {
    .ob = {.type = &sp_type_type},
    .name = "int",
    .base = &sp_type_object,
    .flags = SP_TF_BASETYPE | SP_TF_INT_SUB,
    .basic_size = sizeof(sp_int),
    .finalize = int_finalize,
    .tp_new = int_tp_new,
    .repr = int_repr_slot,
    .hash = int_hash_slot,
    .richcompare = int_richcompare,
    .truthy = int_truthy,
    .binop =
        {
            [SP_OP_ADD] = slot_add,
            [SP_OP_SUB] = slot_sub,
            [SP_OP_MUL] = slot_mul,
            [SP_OP_TRUEDIV] = slot_truediv,
            [SP_OP_FLOORDIV] = slot_floordiv,
            [SP_OP_MOD] = slot_mod,
            [SP_OP_POW] = slot_pow,
            [SP_OP_LSHIFT] = slot_lshift,
            [SP_OP_RSHIFT] = slot_rshift,
            [SP_OP_AND] = slot_and,
            [SP_OP_OR] = slot_or,
            [SP_OP_XOR] = slot_xor,
        },
    .neg = sp_int_neg,
    .pos = int_pos,
    .invert = sp_int_invert,
    .abs = sp_int_abs,
    .index = int_index_slot,
};

int sp_numbers_init(void)
{
    if (sp_type_ready(&sp_type_int, int_methods, int_getsets) < 0) return -1;
    if (sp_bool_init() < 0) return -1;
    if (sp_float_init() < 0) return -1;
    if (sp_complex_init() < 0) return -1;
    return 0;
}
