/*
 * obj_complex.c — the complex type, kept small.
 *
 * Design overview
 * ---------------
 * A complex is a pair of doubles. Arithmetic mixes with int and float operands
 * (converted to a complex with zero imaginary part), division uses CPython's
 * scaled algorithm (Smith's method), and repr matches CPython: "1j", "(1+2j)",
 * "(-0-1j)", with each part in float repr style minus a trailing ".0".
 * Ordering comparisons are not supported (NotImplemented -> TypeError).
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "format_spec.h"
#include "gc.h"
#include "obj_float.h"
#include "obj_int.h"

typedef struct cval {
    double re, im;
} cval;

sp_val sp_complex_new(double real, double imag)
{
    sp_complex *c = sp_gc_new(&sp_type_complex, sizeof(sp_complex));
    if (!c) return NULL;
    c->real = real;
    c->imag = imag;
    return (sp_val)c;
}

static bool complex_check(sp_val v)
{
    return !sp_is_small(v) &&
           (v->type == &sp_type_complex || sp_is_subtype(v->type, &sp_type_complex));
}

/* 1: converted; 0: NotImplemented; -1: error. */
static int to_complex(sp_val v, cval *out)
{
    if (complex_check(v)) {
        out->re = ((sp_complex *)v)->real;
        out->im = ((sp_complex *)v)->imag;
        return 1;
    }
    if (sp_float_check(v)) {
        out->re = ((sp_float *)v)->value;
        out->im = 0.0;
        return 1;
    }
    if (sp_int_check(v)) {
        out->re = sp_int_to_double(v);
        out->im = 0.0;
        return out->re == -1.0 && sp_err_occurred() ? -1 : 1;
    }
    return 0;
}

#define OPERANDS(a, b, x, y)                                                                       \
    cval x, y;                                                                                     \
    do {                                                                                           \
        int ra_ = to_complex(a, &x);                                                               \
        if (ra_ <= 0) return ra_ < 0 ? NULL : sp_NotImplemented;                                   \
        int rb_ = to_complex(b, &y);                                                               \
        if (rb_ <= 0) return rb_ < 0 ? NULL : sp_NotImplemented;                                   \
    } while (0)

static sp_val c_add(sp_val a, sp_val b)
{
    OPERANDS(a, b, x, y);
    return sp_complex_new(x.re + y.re, x.im + y.im);
}

static sp_val c_sub(sp_val a, sp_val b)
{
    OPERANDS(a, b, x, y);
    return sp_complex_new(x.re - y.re, x.im - y.im);
}

static cval c_mul_raw(cval a, cval b)
{
    return (cval){a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
}

static sp_val c_mul(sp_val a, sp_val b)
{
    OPERANDS(a, b, x, y);
    cval r = c_mul_raw(x, y);
    return sp_complex_new(r.re, r.im);
}

/* CPython's _Py_c_quot; errno EDOM on division by zero. */
static cval c_quot(cval a, cval b)
{
    cval r;
    double abs_breal = fabs(b.re), abs_bimag = fabs(b.im);
    if (abs_breal >= abs_bimag) {
        if (abs_breal == 0.0) {
            errno = EDOM;
            r.re = r.im = 0.0;
        } else {
            double ratio = b.im / b.re, denom = b.re + b.im * ratio;
            r.re = (a.re + a.im * ratio) / denom;
            r.im = (a.im - a.re * ratio) / denom;
        }
    } else if (abs_bimag >= abs_breal) {
        double ratio = b.re / b.im, denom = b.re * ratio + b.im;
        r.re = (a.re * ratio + a.im) / denom;
        r.im = (a.im * ratio - a.re) / denom;
    } else {
        r.re = r.im = NAN;
    }
    return r;
}

static sp_val c_truediv(sp_val a, sp_val b)
{
    OPERANDS(a, b, x, y);
    errno = 0;
    cval r = c_quot(x, y);
    if (errno == EDOM) return sp_err_set(&sp_exc_ZeroDivisionError, "complex division by zero");
    return sp_complex_new(r.re, r.im);
}

static cval c_pow_int(cval x, long n)
{
    cval r = {1.0, 0.0}, p = x;
    long mask = 1;
    while (mask > 0 && n >= mask) {
        if (n & mask) r = c_mul_raw(r, p);
        mask <<= 1;
        p = c_mul_raw(p, p);
    }
    return r;
}

/* CPython's _Py_c_pow; errno EDOM for 0 ** negative/complex. */
static cval c_pow_general(cval a, cval b)
{
    cval r;
    if (b.re == 0.0 && b.im == 0.0) {
        r.re = 1.0;
        r.im = 0.0;
    } else if (a.re == 0.0 && a.im == 0.0) {
        if (b.im != 0.0 || b.re < 0.0) errno = EDOM;
        r.re = r.im = 0.0;
    } else {
        double vabs = hypot(a.re, a.im), len = pow(vabs, b.re), at = atan2(a.im, a.re),
               phase = at * b.re;
        if (b.im != 0.0) {
            len /= exp(at * b.im);
            phase += b.im * log(vabs);
        }
        r.re = len * cos(phase);
        r.im = len * sin(phase);
    }
    return r;
}

sp_val sp_complex_pow(double ar, double ai, double br, double bi)
{
    cval a = {ar, ai}, b = {br, bi}, r;
    errno = 0;
    if (bi == 0.0 && br == floor(br) && fabs(br) <= 100.0) {
        long n = (long)br;
        if (n >= 0) {
            r = c_pow_int(a, n);
        } else {
            cval p = c_pow_int(a, -n);
            r = c_quot((cval){1.0, 0.0}, p);
        }
    } else {
        r = c_pow_general(a, b);
    }
    if (errno == EDOM)
        return sp_err_set(&sp_exc_ZeroDivisionError, "0.0 to a negative or complex power");
    if (isinf(r.re) || isinf(r.im))
        return sp_err_set(&sp_exc_OverflowError, "complex exponentiation");
    return sp_complex_new(r.re, r.im);
}

static sp_val c_pow(sp_val a, sp_val b)
{
    OPERANDS(a, b, x, y);
    return sp_complex_pow(x.re, x.im, y.re, y.im);
}

static sp_val c_neg(sp_val a)
{
    sp_complex *c = (sp_complex *)a;
    return sp_complex_new(-c->real, -c->imag);
}

static sp_val c_pos(sp_val a)
{
    sp_complex *c = (sp_complex *)a;
    return a->type == &sp_type_complex ? a : sp_complex_new(c->real, c->imag);
}

static sp_val c_abs(sp_val a)
{
    sp_complex *c = (sp_complex *)a;
    double r = hypot(c->real, c->imag);
    if (isinf(r) && isfinite(c->real) && isfinite(c->imag))
        return sp_err_set(&sp_exc_OverflowError, "absolute value too large");
    return sp_float_new(r);
}

static int c_truthy(sp_val a)
{
    sp_complex *c = (sp_complex *)a;
    return c->real != 0.0 || c->imag != 0.0;
}

static sp_val c_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if (op != SP_CMP_EQ && op != SP_CMP_NE) return sp_NotImplemented;
    if (!complex_check(a)) {
        sp_val t = a;
        a = b;
        b = t;
    }
    sp_complex *c = (sp_complex *)a;
    bool eq;
    if (complex_check(b)) {
        eq = c->real == ((sp_complex *)b)->real && c->imag == ((sp_complex *)b)->imag;
    } else if (sp_float_check(b)) {
        eq = c->imag == 0.0 && c->real == ((sp_float *)b)->value;
    } else if (sp_int_check(b)) {
        eq = c->imag == 0.0 && sp_int_cmp_double(b, c->real) == 0;
    } else {
        return sp_NotImplemented;
    }
    return sp_bool(op == SP_CMP_EQ ? eq : !eq);
}

static int c_hash(sp_val a, int64_t *out)
{
    sp_complex *c = (sp_complex *)a;
    uint64_t hr = (uint64_t)sp_float_hash_double(c->real, a);
    uint64_t hi = (uint64_t)sp_float_hash_double(c->imag, a);
    int64_t h = (int64_t)(hr + 1000003u * hi);
    *out = h == -1 ? -2 : h;
    return 0;
}

/* One part in repr style: float repr without a trailing ".0". */
static void part_repr(double v, bool with_sign, sp_buf *b)
{
    sp_val s = sp_float_repr_str(v);
    if (!s) return;
    const char *p = sp_str_cstr(s);
    size_t n = strlen(p);
    if (n > 2 && strcmp(p + n - 2, ".0") == 0) n -= 2;
    if (with_sign && p[0] != '-') sp_buf_append_char(b, '+');
    sp_buf_append(b, p, n);
}

static sp_val c_repr(sp_val a)
{
    sp_complex *c = (sp_complex *)a;
    sp_buf b;
    sp_buf_init(&b);
    if (c->real == 0.0 && !signbit(c->real)) {
        part_repr(c->imag, false, &b);
        sp_buf_append_char(&b, 'j');
    } else {
        sp_buf_append_char(&b, '(');
        part_repr(c->real, false, &b);
        part_repr(c->imag, true, &b);
        sp_buf_append_cstr(&b, "j)");
    }
    if (sp_err_occurred()) {
        sp_buf_free(&b);
        return NULL;
    }
    return sp_buf_to_str(&b);
}

/* complex(string): "1+2j", "(3j)", "-1.5", "inf+nanj" ... */
static sp_val complex_parse(sp_val str)
{
    const char *s = sp_str_cstr(str), *end = s + strlen(s);
    while (s < end && (*s == ' ' || (*s >= '\t' && *s <= '\r')))
        s++;
    while (end > s && (end[-1] == ' ' || (end[-1] >= '\t' && end[-1] <= '\r')))
        end--;
    if (s < end && *s == '(' && end[-1] == ')') {
        s++;
        end--;
        while (s < end && *s == ' ')
            s++;
        while (end > s && end[-1] == ' ')
            end--;
    }
    if (s == end) goto bad;
    /* Find the split between the real and imaginary parts: a sign not at the
     * start and not right after an 'e'. */
    const char *split = NULL;
    for (const char *p = s + 1; p < end; p++)
        if ((*p == '+' || *p == '-') && (p[-1] | 0x20) != 'e') split = p;
    double re = 0.0, im = 0.0;
    bool has_j = (end[-1] | 0x20) == 'j';
    if (!has_j && split) goto bad;
    const char *imag_start = has_j ? (split ? split : s) : NULL;
    if (!has_j) {
        sp_val f = sp_float_parse(s, (size_t)(end - s), str);
        if (!f) goto bad_clear;
        re = ((sp_float *)f)->value;
    } else {
        if (imag_start > s) {
            sp_val f = sp_float_parse(s, (size_t)(imag_start - s), str);
            if (!f) goto bad_clear;
            re = ((sp_float *)f)->value;
        }
        size_t ilen = (size_t)(end - 1 - imag_start);
        if (ilen == 0 || (ilen == 1 && (*imag_start == '+' || *imag_start == '-'))) {
            im = ilen && *imag_start == '-' ? -1.0 : 1.0;
        } else {
            sp_val f = sp_float_parse(imag_start, ilen, str);
            if (!f) goto bad_clear;
            im = ((sp_float *)f)->value;
        }
    }
    return sp_complex_new(re, im);
bad_clear:
    sp_err_clear();
bad:
    return sp_err_set(&sp_exc_ValueError, "complex() arg is a malformed string");
}

static int complex_arg(sp_val v, cval *out, const char *which)
{
    int r = to_complex(v, out);
    if (r != 0) return r < 0 ? -1 : 0;
    if (sp_type_lookup(sp_typeof(v), sp_str_intern("__complex__"))) {
        sp_val c = sp_call_method(v, "__complex__", NULL, 0);
        if (!c) return -1;
        if (!complex_check(c)) {
            sp_err_set(&sp_exc_TypeError, "__complex__ returned non-complex (type %T)", c);
            return -1;
        }
        return to_complex(c, out) < 0 ? -1 : 0;
    }
    if (sp_type_lookup(sp_typeof(v), sp_str_intern("__float__")) ||
        sp_type_lookup(sp_typeof(v), sp_str_intern("__index__"))) {
        double d = sp_float_as_double(v);
        if (d == -1.0 && sp_err_occurred()) return -1;
        out->re = d;
        out->im = 0.0;
        return 0;
    }
    sp_err_set(&sp_exc_TypeError, "complex() %s, not '%s'", which, sp_type_name(v));
    return -1;
}

static sp_val complex_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const names[] = {"real", "imag", NULL};
    sp_val rv = NULL, iv = NULL;
    if (sp_parse_args("complex", args, nargs, kwnames, "|OO", names, &rv, &iv) < 0) return NULL;
    cval r = {0.0, 0.0}, i = {0.0, 0.0};
    sp_val result;
    if (rv && sp_str_check(rv)) {
        if (iv)
            return sp_err_set(&sp_exc_TypeError,
                              "complex() can't take second arg if first is a string");
        result = complex_parse(rv);
    } else {
        if (iv && sp_str_check(iv))
            return sp_err_set(&sp_exc_TypeError, "complex() second arg can't be a string");
        if (rv && complex_arg(rv, &r, "first argument must be a string or a number") < 0)
            return NULL;
        if (iv && complex_arg(iv, &i, "second argument must be a number") < 0) return NULL;
        /* CPython adds the cross terms only when an argument is itself complex,
         * which keeps the signs of zeros: complex(-0.0, -0.0) == (-0-0j). */
        double re = r.re, im = i.re;
        if (iv && complex_check(iv)) re -= i.im;
        if (rv && complex_check(rv) && iv)
            im += r.im;
        else if (rv && !iv)
            im = r.im;
        result = sp_complex_new(re, im);
    }
    if (!result || type == &sp_type_complex) return result;
    size_t size = type->basic_size > sizeof(sp_complex) ? type->basic_size : sizeof(sp_complex);
    sp_complex *o = sp_gc_new(type, size);
    if (!o) return NULL;
    o->real = ((sp_complex *)result)->real;
    o->imag = ((sp_complex *)result)->imag;
    return (sp_val)o;
}

static sp_val m_conjugate(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    sp_complex *c = (sp_complex *)self;
    return sp_complex_new(c->real, -c->imag);
}

static sp_val m_format(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_check_nargs("__format__", nargs, 1, 1) < 0) return NULL;
    return sp_format_complex(self, args[0]);
}

static sp_val m_complex(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return c_pos(self);
}

static sp_val get_real(sp_val self)
{
    return sp_float_new(((sp_complex *)self)->real);
}

static sp_val get_imag(sp_val self)
{
    return sp_float_new(((sp_complex *)self)->imag);
}

static const sp_method_def complex_methods[] = {
    {"conjugate", m_conjugate, 0},
    {"__format__", m_format, 0},
    {"__complex__", m_complex, 0},
    {NULL, NULL, 0},
};

static const sp_getset_def complex_getsets[] = {
    {"real", get_real, NULL},
    {"imag", get_imag, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_complex = {
    .ob = {.type = &sp_type_type},
    .name = "complex",
    .base = &sp_type_object,
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(sp_complex),
    .tp_new = complex_tp_new,
    .repr = c_repr,
    .hash = c_hash,
    .richcompare = c_richcompare,
    .truthy = c_truthy,
    .binop =
        {
            [SP_OP_ADD] = c_add,
            [SP_OP_SUB] = c_sub,
            [SP_OP_MUL] = c_mul,
            [SP_OP_TRUEDIV] = c_truediv,
            [SP_OP_POW] = c_pow,
        },
    .neg = c_neg,
    .pos = c_pos,
    .abs = c_abs,
};

int sp_complex_init(void)
{
    return sp_type_ready(&sp_type_complex, complex_methods, complex_getsets);
}
