/*
 * obj_float.c — the float type.
 *
 * Design overview
 * ---------------
 * A float is a boxed double (sp_float, object.h). Arithmetic follows CPython's
 * floatobject.c case by case (floor division and modulo via fmod, the special
 * cases of pow, ZeroDivisionError messages), mixed int/float operations convert
 * the int with correct rounding, and comparisons with ints are exact (obj_int.c's
 * sp_int_cmp_double).
 *
 * repr() is the shortest string that round-trips: the C library's correctly
 * rounded "%.*e" is tried at 15, 16 and 17 significant digits, and the first that
 * reads back as the same double wins. 15 digits suffice for every shorter answer
 * (whose trailing zeros are then stripped) because a normal double's half-ulp is
 * far below half a unit in the 15th digit; subnormals, which lack that precision,
 * search upwards from 1 digit. At 16 digits the next decimal up is tried too:
 * at a power of two the rounding interval is lopsided and the nearest 16-digit
 * decimal can miss it. The digits are then laid out with CPython's rule:
 * exponent notation when the exponent is < -4 or >= 16.
 *
 * round(x, n) is computed exactly with big ints (x is a dyadic rational), so it
 * matches CPython's dtoa-based rounding.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format_spec.h"
#include "gc.h"
#include "obj_float.h"
#include "obj_int.h"

bool sp_float_check(sp_val v)
{
    return !sp_is_small(v) && (v->type == &sp_type_float || sp_is_subtype(v->type, &sp_type_float));
}

sp_val sp_float_new(double d)
{
    return sp_float_new_fast(d);
}

static inline double fval(sp_val v)
{
    return ((sp_float *)v)->value;
}

/* ---- repr --------------------------------------------------------------------------- */

/* At a power of two the interval of values rounding to d is narrower below d than
 * above it, so the nearest 16-digit decimal may miss it while the next one up
 * hits it. Tries that neighbour ("D.DDDe[+-]XX" incremented in the last digit);
 * on success leaves it in buf. */
static bool next_decimal_roundtrips(char *buf, double d)
{
    char cand[48];
    strcpy(cand, buf);
    char *e = strchr(cand, 'e');
    int exp = atoi(e + 1);
    char *p = e - 1;
    for (;; p--) {
        if (*p == '.') continue;
        if (*p != '9') {
            (*p)++;
            break;
        }
        *p = '0';
        if (p == cand) {
            /* 9.99..9 -> 1.00..0 with the exponent bumped */
            cand[0] = '1';
            exp++;
            break;
        }
    }
    sprintf(e, "e%+03d", exp);
    if (strtod(cand, NULL) != d) return false;
    strcpy(buf, cand);
    return true;
}

int sp_float_shortest_digits(double d, char digits[32])
{
    char buf[48];
    d = fabs(d);
    /* Subnormals carry fewer significant bits, so the 15-digit shortcut does not
     * hold for them: search from 1 digit up. */
    for (int prec = d < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, d);
        if (prec == 17 || strtod(buf, NULL) == d) break;
        if (prec == 16 && next_decimal_roundtrips(buf, d)) break;
    }
    /* buf is "D.DDDDe[+-]XX" */
    int n = 0;
    char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (*p != '.') digits[n++] = *p;
    int exp = atoi(p + 1);
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    return exp + 1;
}

/* Lay out shortest digits CPython's repr way into out (>= 40 bytes). */
static int repr_into(double d, char *out)
{
    if (isnan(d)) return sprintf(out, "nan");
    if (isinf(d)) return sprintf(out, d > 0 ? "inf" : "-inf");
    char *o = out;
    if (signbit(d)) *o++ = '-';
    if (d == 0) {
        strcpy(o, "0.0");
        return (int)(o - out) + 3;
    }
    char dig[32];
    int decpt = sp_float_shortest_digits(d, dig);
    int nd = (int)strlen(dig);
    if (decpt - 1 < -4 || decpt - 1 >= 16) {
        *o++ = dig[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, dig + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        o += sprintf(o, "e%c%02d", decpt - 1 < 0 ? '-' : '+', abs(decpt - 1));
    } else if (decpt <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -decpt; i++)
            *o++ = '0';
        memcpy(o, dig, (size_t)nd);
        o += nd;
    } else if (decpt >= nd) {
        memcpy(o, dig, (size_t)nd);
        o += nd;
        for (int i = nd; i < decpt; i++)
            *o++ = '0';
        *o++ = '.';
        *o++ = '0';
    } else {
        memcpy(o, dig, (size_t)decpt);
        o += decpt;
        *o++ = '.';
        memcpy(o, dig + decpt, (size_t)(nd - decpt));
        o += nd - decpt;
    }
    *o = '\0';
    return (int)(o - out);
}

sp_val sp_float_repr_str(double d)
{
    char buf[64];
    int n = repr_into(d, buf);
    return sp_str_new(buf, (size_t)n);
}

static sp_val float_repr(sp_val self)
{
    return sp_float_repr_str(fval(self));
}

/* ---- hashing ------------------------------------------------------------------------- */

#define HASH_MODULUS (((uint64_t)1 << 61) - 1)
#define HASH_BITS 61

int64_t sp_float_hash_double(double v, sp_val inst)
{
    if (isinf(v)) return v > 0 ? 314159 : -314159;
    if (isnan(v)) {
        /* CPython's _Py_HashPointer: rotate by 4 bits. */
        uint64_t y = (uint64_t)(uintptr_t)inst;
        y = (y >> 4) | (y << 60);
        int64_t h = (int64_t)y;
        return h == -1 ? -2 : h;
    }
    int e;
    double m = frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    uint64_t x = 0;
    while (m) {
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268435456.0;
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MODULUS) x -= HASH_MODULUS;
    }
    e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    int64_t h = (int64_t)x * sign;
    return h == -1 ? -2 : h;
}

static int float_hash(sp_val self, int64_t *out)
{
    *out = sp_float_hash_double(fval(self), self);
    return 0;
}

/* ---- operands ------------------------------------------------------------------------ */

/* 1: converted; 0: not a number we handle (NotImplemented); -1: error. */
static int to_double(sp_val v, double *out)
{
    if (sp_is_small(v)) {
        *out = (double)sp_small_value(v);
        return 1;
    }
    if (sp_float_check(v)) {
        *out = fval(v);
        return 1;
    }
    if (sp_int_check(v)) {
        *out = sp_int_to_double(v);
        if (*out == -1.0 && sp_err_occurred()) return -1;
        return 1;
    }
    return 0;
}

#define OPERANDS(a, b, x, y)                                                                       \
    double x, y;                                                                                   \
    do {                                                                                           \
        int ra_ = to_double(a, &x);                                                                \
        if (ra_ <= 0) return ra_ < 0 ? NULL : sp_NotImplemented;                                   \
        int rb_ = to_double(b, &y);                                                                \
        if (rb_ <= 0) return rb_ < 0 ? NULL : sp_NotImplemented;                                   \
    } while (0)

static sp_val f_add(sp_val a, sp_val b)
{
    OPERANDS(a, b, x, y);
    return sp_float_new(x + y);
}
static sp_val f_sub(sp_val a, sp_val b)
{
    OPERANDS(a, b, x, y);
    return sp_float_new(x - y);
}
static sp_val f_mul(sp_val a, sp_val b)
{
    OPERANDS(a, b, x, y);
    return sp_float_new(x * y);
}
static sp_val f_truediv(sp_val a, sp_val b)
{
    OPERANDS(a, b, x, y);
    if (y == 0.0) return sp_err_set(&sp_exc_ZeroDivisionError, "float division by zero");
    return sp_float_new(x / y);
}

/* CPython's float_divmod core. */
static void float_divmod_raw(double vx, double wx, double *floordiv, double *mod)
{
    double m = fmod(vx, wx);
    double div = (vx - m) / wx;
    if (m) {
        if ((wx < 0) != (m < 0)) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = copysign(0.0, wx);
    }
    double fd;
    if (div) {
        fd = floor(div);
        if (div - fd > 0.5) fd += 1.0;
    } else {
        fd = copysign(0.0, vx / wx);
    }
    *floordiv = fd;
    *mod = m;
}

static sp_val f_floordiv(sp_val a, sp_val b)
{
    OPERANDS(a, b, x, y);
    if (y == 0.0) return sp_err_set(&sp_exc_ZeroDivisionError, "float floor division by zero");
    double q, r;
    float_divmod_raw(x, y, &q, &r);
    return sp_float_new(q);
}

static sp_val f_mod(sp_val a, sp_val b)
{
    OPERANDS(a, b, x, y);
    if (y == 0.0) return sp_err_set(&sp_exc_ZeroDivisionError, "float modulo");
    double q, r;
    float_divmod_raw(x, y, &q, &r);
    return sp_float_new(r);
}

sp_val sp_float_divmod(sp_val a, sp_val b)
{
    OPERANDS(a, b, x, y);
    if (y == 0.0) return sp_err_set(&sp_exc_ZeroDivisionError, "float divmod()");
    double q, r;
    float_divmod_raw(x, y, &q, &r);
    sp_val qo = sp_float_new(q), ro = sp_float_new(r);
    return qo && ro ? sp_tuple_pack(2, qo, ro) : NULL;
}

static bool is_odd_integer(double x)
{
    return fmod(fabs(x), 2.0) == 1.0;
}

sp_val sp_float_pow_double(double iv, double iw)
{
    if (iw == 0) return sp_float_new(1.0);
    if (isnan(iv)) return sp_float_new(iv);
    if (isnan(iw)) return sp_float_new(iv == 1.0 ? 1.0 : iw);
    if (isinf(iw)) {
        iv = fabs(iv);
        if (iv == 1.0) return sp_float_new(1.0);
        if ((iw > 0.0) == (iv > 1.0)) return sp_float_new(fabs(iw));
        return sp_float_new(0.0);
    }
    if (isinf(iv)) {
        bool odd = is_odd_integer(iw);
        if (iw > 0.0) return sp_float_new(odd ? iv : fabs(iv));
        return sp_float_new(odd ? copysign(0.0, iv) : 0.0);
    }
    if (iv == 0.0) {
        bool odd = is_odd_integer(iw);
        if (iw < 0.0)
            return sp_err_set(&sp_exc_ZeroDivisionError,
                              "0.0 cannot be raised to a negative power");
        return sp_float_new(odd ? iv : 0.0);
    }
    bool negate = false;
    if (iv < 0.0) {
        if (iw != floor(iw)) return sp_complex_pow(iv, 0.0, iw, 0.0);
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if (iv == 1.0) return sp_float_new(negate ? -1.0 : 1.0);
    errno = 0;
    double ix = pow(iv, iw);
    if (negate) ix = -ix;
    if (isinf(ix))
        return sp_err_set(&sp_exc_OverflowError, "(34, 'Numerical result out of range')");
    return sp_float_new(ix);
}

static sp_val f_pow(sp_val a, sp_val b)
{
    OPERANDS(a, b, x, y);
    return sp_float_pow_double(x, y);
}

static sp_val f_neg(sp_val a)
{
    return sp_float_new(-fval(a));
}
static sp_val f_pos(sp_val a)
{
    return a->type == &sp_type_float ? a : sp_float_new(fval(a));
}
static sp_val f_abs(sp_val a)
{
    return sp_float_new(fabs(fval(a)));
}
static int f_truthy(sp_val a)
{
    return fval(a) != 0.0;
}

sp_val sp_float_cmp_result(int c, sp_cmpop op)
{
    if (c == 2) return sp_bool(op == SP_CMP_NE);
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
    case SP_CMP_GE:
        return sp_bool(c >= 0);
    }
    return sp_NotImplemented;
}

static sp_val float_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (sp_float_check(a) && sp_float_check(b)) {
        double x = fval(a), y = fval(b);
        switch (op) {
        case SP_CMP_LT:
            return sp_bool(x < y);
        case SP_CMP_LE:
            return sp_bool(x <= y);
        case SP_CMP_EQ:
            return sp_bool(x == y);
        case SP_CMP_NE:
            return sp_bool(x != y);
        case SP_CMP_GT:
            return sp_bool(x > y);
        case SP_CMP_GE:
            return sp_bool(x >= y);
        }
    }
    if (sp_float_check(a) && sp_int_check(b)) {
        int c = sp_int_cmp_double(b, fval(a));
        return sp_float_cmp_result(c == 2 ? 2 : -c, op);
    }
    if (sp_int_check(a) && sp_float_check(b))
        return sp_float_cmp_result(sp_int_cmp_double(a, fval(b)), op);
    return sp_NotImplemented;
}

/* ---- parsing -------------------------------------------------------------------------- */

static bool is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r'); /* Py_ISSPACE */
}

static bool match_ci(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(end - p) != n) return false;
    for (size_t i = 0; i < n; i++)
        if ((p[i] | 0x20) != word[i]) return false;
    return true;
}

/* Copies the digits run starting at *pp (underscores allowed between digits)
 * into out; returns the number of digits, or -1 on a misplaced underscore. */
static int64_t digit_run(const char **pp, const char *end, char *out, size_t *olen)
{
    const char *p = *pp;
    int64_t n = 0;
    while (p < end) {
        if (*p >= '0' && *p <= '9') {
            out[(*olen)++] = *p++;
            n++;
        } else if (*p == '_' && n > 0 && p + 1 < end && p[1] >= '0' && p[1] <= '9') {
            p++;
        } else {
            break;
        }
    }
    *pp = p;
    return n;
}

sp_val sp_float_parse(const char *s, size_t n, sp_val orig)
{
    const char *p = s, *end = s + n;
    while (p < end && is_space((unsigned char)*p))
        p++;
    while (end > p && is_space((unsigned char)end[-1]))
        end--;
    double sign = 1.0;
    const char *body = p;
    if (p < end && (*p == '+' || *p == '-')) {
        sign = *p == '-' ? -1.0 : 1.0;
        p++;
    }
    if (match_ci(p, end, "inf") || match_ci(p, end, "infinity"))
        return sp_float_new(sign * INFINITY);
    if (match_ci(p, end, "nan")) return sp_float_new(sign < 0 ? -NAN : NAN);
    size_t cap = (size_t)(end - body) + 2;
    char small[128];
    char *buf = cap <= sizeof small ? small : sp_mem_alloc(cap);
    if (!buf) return NULL;
    size_t olen = 0;
    if (body < p) buf[olen++] = *body;
    int64_t nint = digit_run(&p, end, buf, &olen), nfrac = 0;
    bool ok = true;
    if (p < end && *p == '.') {
        buf[olen++] = *p++;
        nfrac = digit_run(&p, end, buf, &olen);
    }
    if (nint + nfrac == 0) ok = false;
    if (ok && p < end && (*p == 'e' || *p == 'E')) {
        buf[olen++] = *p++;
        if (p < end && (*p == '+' || *p == '-')) buf[olen++] = *p++;
        if (digit_run(&p, end, buf, &olen) == 0) ok = false;
    }
    if (p != end) ok = false;
    double d = 0;
    if (ok) {
        buf[olen] = '\0';
        d = strtod(buf, NULL);
    }
    if (buf != small) sp_mem_free(buf, cap);
    if (!ok) {
        if (!orig && !(orig = sp_str_new(s, n))) return NULL;
        return sp_err_set(&sp_exc_ValueError, "could not convert string to float: %R", orig);
    }
    return sp_float_new(d);
}

/* ---- conversions ---------------------------------------------------------------------- */

static sp_val lookup_special(sp_val x, const char *name)
{
    return sp_type_lookup(sp_typeof(x), sp_str_intern(name));
}

sp_val sp_float_from_object(sp_val x)
{
    if (!sp_is_small(x) && x->type == &sp_type_float) return x;
    if (sp_float_check(x)) return sp_float_new(fval(x));
    if (sp_int_check(x)) {
        double d = sp_int_to_double(x);
        return d == -1.0 && sp_err_occurred() ? NULL : sp_float_new(d);
    }
    if (sp_str_check(x)) {
        sp_buf tmp = {0};
        const char *s;
        size_t n;
        if (!sp_num_ascii_text(x, &tmp, &s, &n)) return NULL;
        sp_val r = sp_float_parse(s, n, x);
        sp_buf_free(&tmp);
        return r;
    }
    if (lookup_special(x, "__float__")) {
        sp_val r = sp_call_method(x, "__float__", NULL, 0);
        if (r && !sp_float_check(r))
            return sp_err_set(&sp_exc_TypeError, "%T.__float__ returned non-float (type %T)", x, r);
        return r && r->type != &sp_type_float ? sp_float_new(fval(r)) : r;
    }
    if (lookup_special(x, "__index__")) {
        sp_val i = sp_index_int(x);
        if (!i) return NULL;
        double d = sp_int_to_double(i);
        return d == -1.0 && sp_err_occurred() ? NULL : sp_float_new(d);
    }
    sp_type *t = sp_typeof(x);
    if (sp_is_subtype(t, &sp_type_bytes) || sp_is_subtype(t, &sp_type_bytearray)) {
        sp_val enc = sp_str_from_cstr("latin-1");
        sp_val s = enc ? sp_call_method(x, "decode", &enc, 1) : NULL;
        return s ? sp_float_parse(((sp_str *)s)->data, ((sp_str *)s)->size, x) : NULL;
    }
    return sp_err_set(&sp_exc_TypeError,
                      "float() argument must be a string or a real number, not '%s'", t->name);
}

double sp_float_as_double(sp_val v)
{
    if (sp_float_check(v)) return fval(v);
    if (sp_int_check(v)) return sp_int_to_double(v);
    if (lookup_special(v, "__float__") || lookup_special(v, "__index__")) {
        sp_val f = sp_float_from_object(v);
        return f ? fval(f) : -1.0;
    }
    sp_err_set(&sp_exc_TypeError, "must be real number, not %T", v);
    return -1.0;
}

static sp_val float_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (kwnames && ((sp_tuple *)kwnames)->len)
        return sp_err_set(&sp_exc_TypeError, "float() takes no keyword arguments");
    if (nargs > 1)
        return sp_err_set(&sp_exc_TypeError, "float expected at most 1 argument, got %zu", nargs);
    sp_val v = nargs ? sp_float_from_object(args[0]) : sp_float_new(0.0);
    if (!v || type == &sp_type_float) return v;
    size_t size = type->basic_size > sizeof(sp_float) ? type->basic_size : sizeof(sp_float);
    sp_float *o = sp_gc_new(type, size);
    if (!o) return NULL;
    o->value = fval(v);
    return (sp_val)o;
}

/* ---- rounding --------------------------------------------------------------------------- */

/* round(q) half to even for q = num / den (both non-negative ints). */
static sp_val div_round_half_even(sp_val num, sp_val den)
{
    sp_val qr = sp_int_divmod(num, den);
    if (!qr) return NULL;
    sp_val q = ((sp_tuple *)qr)->items[0], r = ((sp_tuple *)qr)->items[1];
    sp_val twice = sp_int_lshift(r, sp_small(1));
    if (!twice) return NULL;
    int c = sp_int_cmp(twice, den);
    if (c > 0 || (c == 0 && sp_int_and(q, sp_small(1)) != sp_small(0)))
        q = sp_int_add(q, sp_small(1));
    return q;
}

sp_val sp_float_round_digits(double x, int64_t ndigits)
{
    if (!isfinite(x) || x == 0.0) return sp_float_new(x);
    if (ndigits > 323) return sp_float_new(x);
    if (ndigits < -308) return sp_float_new(0.0 * x);
    int e;
    double m = frexp(fabs(x), &e);
    sp_val M = sp_int_from_double_exact(ldexp(m, DBL_MANT_DIG));
    int64_t E = (int64_t)e - DBL_MANT_DIG;
    sp_val p10 = sp_int_pow(sp_small(10), sp_small(ndigits < 0 ? -ndigits : ndigits), NULL);
    if (!M || !p10) return NULL;
    sp_val num = M, den = sp_small(1);
    if (ndigits >= 0)
        num = sp_int_mul(num, p10);
    else
        den = p10;
    if (!num) return NULL;
    if (E >= 0)
        num = sp_int_lshift(num, sp_small(E));
    else
        den = sp_int_lshift(den, sp_small(-E));
    if (!num || !den) return NULL;
    sp_val y = div_round_half_even(num, den);
    if (!y) return NULL;
    double r;
    if (ndigits >= 0) {
        sp_val f = sp_int_truediv(y, p10);
        if (!f) {
            if (sp_err_matches(&sp_exc_OverflowError)) {
                sp_err_clear();
                return sp_err_set(&sp_exc_OverflowError, "rounded value too large to represent");
            }
            return NULL;
        }
        r = fval(f);
    } else {
        sp_val big = sp_int_mul(y, p10);
        if (!big) return NULL;
        r = sp_int_to_double(big);
        if (r == -1.0 && sp_err_occurred()) {
            sp_err_clear();
            return sp_err_set(&sp_exc_OverflowError, "rounded value too large to represent");
        }
    }
    return sp_float_new(copysign(r, x));
}

/* ---- methods ------------------------------------------------------------------------------ */

#define NO_ARGS(name)                                                                              \
    do {                                                                                           \
        if (nargs || (kw && ((sp_tuple *)kw)->len))                                                \
            return sp_err_set(&sp_exc_TypeError, name "() takes no arguments (%zu given)", nargs); \
    } while (0)

static sp_val m_is_integer(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    NO_ARGS("float.is_integer");
    double d = fval(self);
    return sp_bool(isfinite(d) && floor(d) == d);
}

static sp_val m_as_integer_ratio(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    NO_ARGS("float.as_integer_ratio");
    double d = fval(self);
    if (isinf(d))
        return sp_err_set(&sp_exc_OverflowError, "cannot convert Infinity to integer ratio");
    if (isnan(d)) return sp_err_set(&sp_exc_ValueError, "cannot convert NaN to integer ratio");
    int e;
    double m = frexp(d, &e);
    for (int i = 0; i < 300 && m != floor(m); i++) {
        m *= 2.0;
        e--;
    }
    sp_val num = sp_int_from_double_exact(m), den = sp_small(1);
    if (!num) return NULL;
    if (e > 0)
        num = sp_int_lshift(num, sp_small(e));
    else
        den = sp_int_lshift(den, sp_small(-e));
    return num && den ? sp_tuple_pack(2, num, den) : NULL;
}

static sp_val m_hex(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    NO_ARGS("float.hex");
    double x = fval(self);
    if (!isfinite(x)) return sp_float_repr_str(x);
    if (x == 0.0) return sp_str_from_cstr(signbit(x) ? "-0x0.0p+0" : "0x0.0p+0");
    static const char hexd[] = "0123456789abcdef";
    char s[64];
    int e, si = 0;
    double m = frexp(fabs(x), &e);
    int shift = 1 - (DBL_MIN_EXP - e > 0 ? DBL_MIN_EXP - e : 0);
    m = ldexp(m, shift);
    e -= shift;
    s[si++] = hexd[(int)m];
    m -= (int)m;
    s[si++] = '.';
    for (int i = 0; i < (DBL_MANT_DIG - 1) / 4; i++) {
        m *= 16.0;
        int dd = (int)m;
        s[si++] = hexd[dd];
        m -= dd;
    }
    s[si] = '\0';
    char out[96];
    int n = snprintf(out, sizeof out, "%s0x%sp%c%d", x < 0 ? "-" : "", s, e < 0 ? '-' : '+',
                     e < 0 ? -e : e);
    return sp_str_new(out, (size_t)n);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static sp_val fromhex_parse(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    while (p < end && is_space((unsigned char)*p))
        p++;
    while (end > p && is_space((unsigned char)end[-1]))
        end--;
    double sign = 1.0;
    if (p < end && (*p == '+' || *p == '-')) {
        sign = *p == '-' ? -1.0 : 1.0;
        p++;
    }
    if (match_ci(p, end, "inf") || match_ci(p, end, "infinity"))
        return sp_float_new(sign * INFINITY);
    if (match_ci(p, end, "nan")) return sp_float_new(NAN);
    if (end - p >= 2 && p[0] == '0' && (p[1] | 0x20) == 'x') p += 2;
    uint64_t mant = 0;
    int64_t exp = 0;
    bool sticky = false, any = false;
    int sig = 0; /* significant hex digits kept */
    for (int frac = 0; frac < 2; frac++) {
        while (p < end && hexval(*p) >= 0) {
            int v = hexval(*p++);
            any = true;
            if (mant == 0 && v == 0) {
                if (frac) exp -= 4;
                continue;
            }
            if (sig < 15) {
                mant = mant << 4 | (uint64_t)v;
                sig++;
                if (frac) exp -= 4;
            } else {
                sticky |= v != 0;
                if (!frac) exp += 4;
            }
        }
        if (frac == 0 && p < end && *p == '.')
            p++;
        else
            break;
    }
    if (!any) goto invalid;
    if (p < end && (*p | 0x20) == 'p') {
        p++;
        int esign = 1;
        if (p < end && (*p == '+' || *p == '-')) {
            esign = *p == '-' ? -1 : 1;
            p++;
        }
        if (p == end || !(*p >= '0' && *p <= '9')) goto invalid;
        int64_t ev = 0;
        while (p < end && *p >= '0' && *p <= '9') {
            if (ev < 100000000) ev = ev * 10 + (*p - '0');
            p++;
        }
        exp += esign * ev;
    }
    if (p != end) goto invalid;
    if (mant == 0) return sp_float_new(sign * 0.0);
    if (exp > 5000) goto overflow;
    if (exp < -5000) return sp_float_new(sign * 0.0);
    /* fold the sticky bit below 60 significant bits, then one rounding step */
    mant = (mant << 3) | (sticky ? 1 : 0);
    exp -= 3;
    double d = ldexp((double)mant, (int)exp);
    if (isinf(d)) goto overflow;
    return sp_float_new(sign * d);
overflow:
    return sp_err_set(&sp_exc_OverflowError, "hexadecimal value too large to represent as a float");
invalid:
    return sp_err_set(&sp_exc_ValueError, "invalid hexadecimal floating-point string");
}

static sp_val m_fromhex(sp_val cls, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_check_nargs("fromhex", nargs, 1, 1) < 0) return NULL;
    if (!sp_str_check(args[0]))
        return sp_err_set(&sp_exc_TypeError, "fromhex() argument must be str, not %T", args[0]);
    sp_val r = fromhex_parse(((sp_str *)args[0])->data, ((sp_str *)args[0])->size);
    if (r && (sp_type *)cls != &sp_type_float) return sp_call1(cls, r);
    return r;
}

static sp_val m_conjugate(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return self->type == &sp_type_float ? self : sp_float_new(fval(self));
}

static sp_val m_trunc(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return sp_int_from_double(fval(self));
}

static sp_val m_floor(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return sp_int_from_double(floor(fval(self)));
}

static sp_val m_ceil(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return sp_int_from_double(ceil(fval(self)));
}

static sp_val m_round(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_check_nargs("__round__", nargs, 0, 1) < 0) return NULL;
    double x = fval(self);
    if (nargs == 0 || args[0] == sp_None) {
        double r = round(x);
        if (fabs(x - r) == 0.5) r = 2.0 * round(x / 2.0);
        return sp_int_from_double(r);
    }
    bool overflow = false;
    int64_t nd = sp_index(args[0], &overflow);
    if (nd == -1 && sp_err_occurred()) return NULL;
    if (overflow) nd = sp_int_sign(args[0]) < 0 ? INT64_MIN : INT64_MAX;
    return sp_float_round_digits(x, nd);
}

static sp_val m_float(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return self->type == &sp_type_float ? self : sp_float_new(fval(self));
}

static sp_val m_format(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_check_nargs("__format__", nargs, 1, 1) < 0) return NULL;
    if (!sp_str_check(args[0]))
        return sp_err_set(&sp_exc_TypeError, "__format__() argument must be str, not %T", args[0]);
    return sp_format_float(self, args[0]);
}

static sp_val m_getnewargs(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    sp_val f = sp_float_new(fval(self));
    return f ? sp_tuple_pack(1, f) : NULL;
}

static sp_val m_divmod(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_check_nargs("__divmod__", nargs, 1, 1) < 0) return NULL;
    return sp_float_divmod(self, args[0]);
}

static sp_val m_rdivmod(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_check_nargs("__rdivmod__", nargs, 1, 1) < 0) return NULL;
    return sp_float_divmod(args[0], self);
}

static sp_val get_real(sp_val self)
{
    return self->type == &sp_type_float ? self : sp_float_new(fval(self));
}

static sp_val get_imag(sp_val self)
{
    return sp_float_new(0.0);
}

static const sp_method_def float_methods[] = {
    {"is_integer", m_is_integer, 0},
    {"as_integer_ratio", m_as_integer_ratio, 0},
    {"hex", m_hex, 0},
    {"fromhex", m_fromhex, SP_METH_CLASS},
    {"conjugate", m_conjugate, 0},
    {"__trunc__", m_trunc, 0},
    {"__int__", m_trunc, 0},
    {"__floor__", m_floor, 0},
    {"__ceil__", m_ceil, 0},
    {"__round__", m_round, 0},
    {"__float__", m_float, 0},
    {"__format__", m_format, 0},
    {"__getnewargs__", m_getnewargs, 0},
    {"__divmod__", m_divmod, 0},
    {"__rdivmod__", m_rdivmod, 0},
    {NULL, NULL, 0},
};

static const sp_getset_def float_getsets[] = {
    {"real", get_real, NULL},
    {"imag", get_imag, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_float = {
    .ob = {.type = &sp_type_type},
    .name = "float",
    .base = &sp_type_object,
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(sp_float),
    .tp_new = float_tp_new,
    .repr = float_repr,
    .hash = float_hash,
    .richcompare = float_richcompare,
    .truthy = f_truthy,
    .binop =
        {
            [SP_OP_ADD] = f_add,
            [SP_OP_SUB] = f_sub,
            [SP_OP_MUL] = f_mul,
            [SP_OP_TRUEDIV] = f_truediv,
            [SP_OP_FLOORDIV] = f_floordiv,
            [SP_OP_MOD] = f_mod,
            [SP_OP_POW] = f_pow,
        },
    .neg = f_neg,
    .pos = f_pos,
    .abs = f_abs,
};

int sp_float_init(void)
{
    return sp_type_ready(&sp_type_float, float_methods, float_getsets);
}
