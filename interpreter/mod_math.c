/*
 * mod_math.c — the `math` module.
 *
 * Design overview
 * ---------------
 * Float functions follow CPython's math_1 recipe: convert the argument to a
 * double, call libm, then classify the result instead of trusting errno: a NaN
 * out of a non-NaN input is "math domain error" (ValueError), an infinity out of
 * a finite input is "math range error" (OverflowError) for functions that can
 * overflow and a domain error (a pole) for the others. One-argument functions
 * are stamped out by the MATH_1 macro from that one helper.
 *
 * Integer functions (factorial, comb, perm, isqrt, gcd, lcm, and log of huge
 * ints) work on exact ints through obj_int.h's arithmetic, with C fast paths
 * when the values fit in 64 bits. fsum is Shewchuk's exact summation exactly as
 * CPython does it (same partials, same final half-even fix-up); hypot and dist
 * use CPython's scaled, compensated vector norm so results match to the bit.
 */
#include "mod_math.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "gc.h"
#include "obj_float.h"
#include "obj_int.h"

#define NKW(kwnames) ((kwnames) ? ((sp_tuple *)(kwnames))->len : 0)
#define KWNAME(kwnames, i) (((sp_tuple *)(kwnames))->items[i])

/* ---- argument helpers ------------------------------------------------------------ */

static int no_kwargs(const char *fname, sp_val kwnames)
{
    if (NKW(kwnames) == 0) return 0;
    sp_err_set(&sp_exc_TypeError, "math.%s() takes no keyword arguments", fname);
    return -1;
}

static int one_arg(const char *fname, size_t nargs, sp_val kwnames)
{
    if (no_kwargs(fname, kwnames) < 0) return -1;
    if (nargs == 1) return 0;
    sp_err_set(&sp_exc_TypeError, "math.%s() takes exactly one argument (%d given)", fname,
               (int)nargs);
    return -1;
}

static int check_pos(const char *fname, size_t nargs, size_t min, size_t max, sp_val kwnames)
{
    if (no_kwargs(fname, kwnames) < 0) return -1;
    if (nargs < min || nargs > max) {
        bool few = nargs < min;
        size_t lim = few ? min : max;
        sp_err_set(&sp_exc_TypeError, "%s expected %s%d argument%s, got %d", fname,
                   min == max ? ""
                   : few      ? "at least "
                              : "at most ",
                   (int)lim, lim == 1 ? "" : "s", (int)nargs);
        return -1;
    }
    return 0;
}

static bool has_special(sp_val v, const char *name)
{
    return sp_type_lookup(sp_typeof(v), sp_str_intern(name)) != NULL;
}

/* PyFloat_AsDouble: float, int, __float__, __index__. */
static int real_arg(sp_val v, double *out)
{
    if (sp_is_small(v)) {
        *out = (double)sp_small_value(v);
        return 0;
    }
    if (sp_float_check(v)) {
        *out = ((sp_float *)v)->value;
        return 0;
    }
    if (sp_int_check(v)) {
        double d = sp_int_to_double(v);
        if (d == -1.0 && sp_err_occurred()) return -1;
        *out = d;
        return 0;
    }
    if (has_special(v, "__float__") || has_special(v, "__index__")) {
        double d = sp_float_as_double(v);
        if (d == -1.0 && sp_err_occurred()) return -1;
        *out = d;
        return 0;
    }
    sp_err_set(&sp_exc_TypeError, "must be real number, not %T", v);
    return -1;
}

static void *domain_error(void)
{
    return sp_err_set(&sp_exc_ValueError, "math domain error");
}

static void *range_error(void)
{
    return sp_err_set(&sp_exc_OverflowError, "math range error");
}

/* Classify a libm result the way CPython's math_1/math_2 do. */
static sp_val float_result(double r, double x, double y, bool can_overflow)
{
    bool inputs_nan = isnan(x) || isnan(y);
    bool inputs_finite = isfinite(x) && isfinite(y);
    if (isnan(r) && !inputs_nan) return domain_error();
    if (isinf(r) && inputs_finite) return can_overflow ? range_error() : domain_error();
    return sp_float_new(r);
}

static sp_val math_1(const char *fname, sp_val const *args, size_t nargs, sp_val kwnames,
                     double (*fn)(double), bool can_overflow)
{
    double x;
    if (one_arg(fname, nargs, kwnames) < 0 || real_arg(args[0], &x) < 0) return NULL;
    return float_result(fn(x), x, 0.0, can_overflow);
}

#define MATH_1(name, fn, can_overflow)                                                             \
    static sp_val math_##name(sp_val self, sp_val const *args, size_t nargs, sp_val kw)            \
    {                                                                                              \
        return math_1(#name, args, nargs, kw, fn, can_overflow);                                   \
    }

MATH_1(acos, acos, false)
MATH_1(acosh, acosh, false)
MATH_1(asin, asin, false)
MATH_1(asinh, asinh, false)
MATH_1(atan, atan, false)
MATH_1(atanh, atanh, false)
MATH_1(cos, cos, false)
MATH_1(cosh, cosh, true)
MATH_1(sin, sin, false)
MATH_1(sinh, sinh, true)
MATH_1(tan, tan, false)
MATH_1(tanh, tanh, false)
MATH_1(exp, exp, true)
MATH_1(exp2, exp2, true)
MATH_1(expm1, expm1, true)
MATH_1(cbrt, cbrt, false)
MATH_1(erf, erf, false)
MATH_1(erfc, erfc, false)
MATH_1(fabs, fabs, false)
MATH_1(log1p, log1p, false)
MATH_1(sqrt, sqrt, false)

static double to_degrees(double x)
{
    return x * (180.0 / M_PI);
}

static double to_radians(double x)
{
    return x * (M_PI / 180.0);
}

MATH_1(degrees, to_degrees, false)
MATH_1(radians, to_radians, false)

/* ---- gamma and lgamma --------------------------------------------------------------
 * CPython computes these itself (Lanczos approximation, N=13, g=6.0247) rather than
 * trusting libm, so results can differ from glibc's in the last bit; we use the same
 * method and constants to print the same digits. Errors follow CPython's math_1a:
 * poles and negative integers are domain errors, overflow a range error. */

#define LANCZOS_N 13
static const double lanczos_g = 6.024680040776729583740234375;
static const double lanczos_g_minus_half = 5.524680040776729583740234375;
static const double lanczos_num_coeffs[LANCZOS_N] = {
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
};
static const double lanczos_den_coeffs[LANCZOS_N] = {
    0.0,       39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0, 13339535.0,
    2637558.0, 357423.0,   32670.0,     1925.0,      66.0,        1.0,
};

/* gamma(n) for n = 1..23, exactly representable. */
#define NGAMMA_INTEGRAL 23
static const double gamma_integral[NGAMMA_INTEGRAL] = {
    1.0,
    1.0,
    2.0,
    6.0,
    24.0,
    120.0,
    720.0,
    5040.0,
    40320.0,
    362880.0,
    3628800.0,
    39916800.0,
    479001600.0,
    6227020800.0,
    87178291200.0,
    1307674368000.0,
    20922789888000.0,
    355687428096000.0,
    6402373705728000.0,
    121645100408832000.0,
    2432902008176640000.0,
    51090942171709440000.0,
    1124000727777607680000.0,
};

static const double logpi = 1.144729885849400174143427351353058711647;

static double lanczos_sum(double x)
{
    double num = 0.0, den = 0.0;
    /* For large x, evaluate as a rational function in 1/x to avoid overflow. */
    if (x < 5.0) {
        for (int i = LANCZOS_N; --i >= 0;) {
            num = num * x + lanczos_num_coeffs[i];
            den = den * x + lanczos_den_coeffs[i];
        }
    } else {
        for (int i = 0; i < LANCZOS_N; i++) {
            num = num / x + lanczos_num_coeffs[i];
            den = den / x + lanczos_den_coeffs[i];
        }
    }
    return num / den;
}

/* sin(pi * x), exact at integers and half-integers. x finite. */
static double sinpi(double x)
{
    double y = fmod(fabs(x), 2.0), r;
    int n = (int)round(2.0 * y);
    switch (n) {
    case 0:
        r = sin(M_PI * y);
        break;
    case 1:
        r = cos(M_PI * (y - 0.5));
        break;
    case 2:
        r = sin(M_PI * (1.0 - y)); /* not -sin(pi*(y-1)): that gives -0.0 at y == 1 */
        break;
    case 3:
        r = -cos(M_PI * (y - 1.5));
        break;
    default:
        r = sin(M_PI * (y - 2.0));
        break;
    }
    return copysign(1.0, x) * r;
}

/* Returns the value, or sets *err to EDOM / ERANGE. */
static double tgamma_cpython(double x, int *err)
{
    if (!isfinite(x)) {
        if (isnan(x) || x > 0.0) return x;
        *err = EDOM;
        return NAN;
    }
    if (x == 0.0) {
        *err = EDOM;
        return copysign(HUGE_VAL, x);
    }
    if (x == floor(x)) {
        if (x < 0.0) {
            *err = EDOM;
            return NAN;
        }
        if (x <= NGAMMA_INTEGRAL) return gamma_integral[(int)x - 1];
    }
    double absx = fabs(x), r;
    if (absx < 1e-20) {
        r = 1.0 / x;
        if (isinf(r)) *err = ERANGE;
        return r;
    }
    if (absx > 200.0) {
        if (x < 0.0) return 0.0 / sinpi(x);
        *err = ERANGE;
        return HUGE_VAL;
    }
    double y = absx + lanczos_g_minus_half, z;
    /* Error of the sum y, recovered exactly. */
    if (absx > lanczos_g_minus_half) {
        double q = y - absx;
        z = q - lanczos_g_minus_half;
    } else {
        double q = y - lanczos_g_minus_half;
        z = q - absx;
    }
    z = z * lanczos_g / y;
    if (x < 0.0) {
        r = -M_PI / sinpi(absx) / absx * exp(y) / lanczos_sum(absx);
        r -= z * r;
        if (absx < 140.0) {
            r /= pow(y, absx - 0.5);
        } else {
            double sqrtpow = pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / exp(y);
        r += z * r;
        if (absx < 140.0) {
            r *= pow(y, absx - 0.5);
        } else {
            double sqrtpow = pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if (isinf(r)) *err = ERANGE;
    return r;
}

static double lgamma_cpython(double x, int *err)
{
    if (!isfinite(x)) return isnan(x) ? x : HUGE_VAL;
    if (x == floor(x) && x <= 2.0) {
        if (x <= 0.0) {
            *err = EDOM;
            return HUGE_VAL;
        }
        return 0.0;
    }
    double absx = fabs(x);
    if (absx < 1e-20) return -log(absx);
    double r = log(lanczos_sum(absx)) - lanczos_g;
    r += (absx - 0.5) * (log(absx + lanczos_g - 0.5) - 1);
    if (x < 0.0) r = logpi - log(fabs(sinpi(absx))) - log(absx) - r; /* reflection */
    if (isinf(r)) *err = ERANGE;
    return r;
}

/* CPython's math_1a: the function reports errors through errno-like codes. */
static sp_val math_1a(const char *fname, sp_val const *args, size_t nargs, sp_val kwnames,
                      double (*fn)(double, int *))
{
    double x;
    if (one_arg(fname, nargs, kwnames) < 0 || real_arg(args[0], &x) < 0) return NULL;
    int err = 0;
    double r = fn(x, &err);
    if (err == EDOM) return domain_error();
    if (err == ERANGE && fabs(r) >= 1.5) return range_error();
    return sp_float_new(r);
}

static sp_val math_gamma(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return math_1a("gamma", args, nargs, kwnames, tgamma_cpython);
}

static sp_val math_lgamma(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return math_1a("lgamma", args, nargs, kwnames, lgamma_cpython);
}

/* ---- two-argument float functions ---------------------------------------------------- */

static int two_reals(const char *fname, sp_val const *args, size_t nargs, sp_val kwnames, double *x,
                     double *y)
{
    if (check_pos(fname, nargs, 2, 2, kwnames) < 0 || real_arg(args[0], x) < 0 ||
        real_arg(args[1], y) < 0)
        return -1;
    return 0;
}

static sp_val math_pow(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double x, y;
    if (two_reals("pow", args, nargs, kwnames, &x, &y) < 0) return NULL;
    if (!isfinite(x) || !isfinite(y))
        return sp_float_new(pow(x, y)); /* C99 Annex F special cases match CPython's */
    double r = pow(x, y);
    if (isnan(r)) return domain_error();
    if (isinf(r)) return x == 0.0 ? domain_error() : range_error();
    return sp_float_new(r);
}

static sp_val math_atan2(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double y, x;
    if (two_reals("atan2", args, nargs, kwnames, &y, &x) < 0) return NULL;
    return sp_float_new(atan2(y, x));
}

static sp_val math_copysign(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double x, y;
    if (two_reals("copysign", args, nargs, kwnames, &x, &y) < 0) return NULL;
    return sp_float_new(copysign(x, y));
}

static sp_val math_fmod(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double x, y;
    if (two_reals("fmod", args, nargs, kwnames, &x, &y) < 0) return NULL;
    if (isinf(y) && isfinite(x)) return sp_float_new(x);
    return float_result(fmod(x, y), x, y, false);
}

static sp_val math_remainder(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double x, y;
    if (two_reals("remainder", args, nargs, kwnames, &x, &y) < 0) return NULL;
    if (isnan(x)) return sp_float_new(x);
    if (isnan(y)) return sp_float_new(y);
    if (isinf(x) || y == 0.0) return domain_error();
    if (isinf(y)) return sp_float_new(x);
    return sp_float_new(remainder(x, y));
}

static sp_val math_nextafter(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double x, y;
    if (two_reals("nextafter", args, nargs, kwnames, &x, &y) < 0) return NULL;
    return sp_float_new(nextafter(x, y));
}

static sp_val math_ulp(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double x;
    if (one_arg("ulp", nargs, kwnames) < 0 || real_arg(args[0], &x) < 0) return NULL;
    if (isnan(x)) return sp_float_new(x);
    x = fabs(x);
    if (isinf(x)) return sp_float_new(x);
    double x2 = nextafter(x, INFINITY);
    if (isinf(x2)) {
        x2 = nextafter(x, -INFINITY);
        return sp_float_new(x - x2);
    }
    return sp_float_new(x2 - x);
}

static sp_val math_ldexp(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double x;
    if (check_pos("ldexp", nargs, 2, 2, kwnames) < 0 || real_arg(args[0], &x) < 0) return NULL;
    sp_val iv = args[1];
    if (!sp_int_check(iv))
        return sp_err_set(&sp_exc_TypeError, "Expected an int as second argument to ldexp.");
    int64_t e;
    if (sp_int_to_i64(iv, &e) < 0) {
        sp_err_clear();
        e = sp_int_sign(iv) > 0 ? INT64_MAX : INT64_MIN;
    }
    if (x == 0.0 || !isfinite(x)) return sp_float_new(x);
    if (e > INT32_MAX) return range_error();
    if (e < INT32_MIN) return sp_float_new(copysign(0.0, x));
    double r = ldexp(x, (int)e);
    if (isinf(r)) return range_error();
    return sp_float_new(r);
}

static sp_val math_frexp(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double x;
    if (one_arg("frexp", nargs, kwnames) < 0 || real_arg(args[0], &x) < 0) return NULL;
    int e = 0;
    double m = x;
    if (!(isnan(x) || isinf(x) || x == 0.0)) m = frexp(x, &e);
    sp_val mv = sp_float_new(m);
    return mv ? sp_tuple_pack(2, mv, sp_small(e)) : NULL;
}

static sp_val math_modf(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double x, ip, fp;
    if (one_arg("modf", nargs, kwnames) < 0 || real_arg(args[0], &x) < 0) return NULL;
    if (isinf(x)) {
        ip = x;
        fp = copysign(0.0, x);
    } else if (isnan(x)) {
        ip = fp = x;
    } else {
        fp = modf(x, &ip);
    }
    sp_val a = sp_float_new(fp), b = a ? sp_float_new(ip) : NULL;
    return b ? sp_tuple_pack(2, a, b) : NULL;
}

/* ---- predicates ---------------------------------------------------------------------- */

static sp_val math_isfinite(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double x;
    if (one_arg("isfinite", nargs, kwnames) < 0 || real_arg(args[0], &x) < 0) return NULL;
    return sp_bool(isfinite(x));
}

static sp_val math_isinf(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double x;
    if (one_arg("isinf", nargs, kwnames) < 0 || real_arg(args[0], &x) < 0) return NULL;
    return sp_bool(isinf(x));
}

static sp_val math_isnan(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double x;
    if (one_arg("isnan", nargs, kwnames) < 0 || real_arg(args[0], &x) < 0) return NULL;
    return sp_bool(isnan(x));
}

static sp_val math_isclose(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const names[] = {"a", "b", "rel_tol", "abs_tol", NULL};
    double a, b, rel_tol = 1e-09, abs_tol = 0.0;
    if (sp_parse_args("isclose", args, nargs, kwnames, "dd|$dd", names, &a, &b, &rel_tol,
                      &abs_tol) < 0)
        return NULL;
    if (rel_tol < 0.0 || abs_tol < 0.0)
        return sp_err_set(&sp_exc_ValueError, "tolerances must be non-negative");
    if (a == b) return sp_True;
    if (isinf(a) || isinf(b)) return sp_False;
    double diff = fabs(b - a);
    return sp_bool((diff <= fabs(rel_tol * b)) || (diff <= fabs(rel_tol * a)) || diff <= abs_tol);
}

/* ---- rounding to ints ----------------------------------------------------------------- */

typedef double (*round_fn)(double);

static sp_val round_to_int(const char *fname, const char *dunder, round_fn fn, sp_val const *args,
                           size_t nargs, sp_val kwnames)
{
    if (one_arg(fname, nargs, kwnames) < 0) return NULL;
    sp_val v = args[0];
    if (!sp_is_small(v) && v->type == &sp_type_float)
        return sp_int_from_double(fn(((sp_float *)v)->value));
    if (sp_int_check(v)) return sp_int_exact(v);
    if (has_special(v, dunder)) return sp_call_method(v, dunder, NULL, 0);
    double x;
    if (real_arg(v, &x) < 0) return NULL;
    return sp_int_from_double(fn(x));
}

static sp_val math_floor(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return round_to_int("floor", "__floor__", floor, args, nargs, kwnames);
}

static sp_val math_ceil(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return round_to_int("ceil", "__ceil__", ceil, args, nargs, kwnames);
}

static sp_val math_trunc(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (one_arg("trunc", nargs, kwnames) < 0) return NULL;
    sp_val v = args[0];
    if (!sp_is_small(v) && v->type == &sp_type_float)
        return sp_int_from_double(trunc(((sp_float *)v)->value));
    if (sp_int_check(v)) return sp_int_exact(v);
    if (!has_special(v, "__trunc__"))
        return sp_err_set(&sp_exc_TypeError, "type %s doesn't define __trunc__ method",
                          sp_type_name(v));
    return sp_call_method(v, "__trunc__", NULL, 0);
}

/* ---- logarithms ---------------------------------------------------------------------- */

/* log of any real, exact for ints too big for a double (CPython's loghelper). */
static int log_of(sp_val v, double (*fn)(double), double *out)
{
    if (sp_int_check(v)) {
        if (sp_int_sign(v) <= 0) {
            domain_error();
            return -1;
        }
        double x = sp_int_to_double(v);
        if (x == -1.0 && sp_err_occurred()) {
            if (!sp_err_matches(&sp_exc_OverflowError)) return -1;
            sp_err_clear();
            /* x = m * 2**e with m in [0.5, 1): keep the top 55 bits of the int. */
            uint64_t bits = sp_int_bit_length(v);
            sp_val top = sp_int_rshift(v, sp_int_from_u64(bits - 55));
            if (!top) return -1;
            double m = ldexp(sp_int_to_double(top), -55);
            *out = fn(m) + fn(2.0) * (double)bits;
            return 0;
        }
        *out = fn(x);
        return 0;
    }
    double x;
    if (real_arg(v, &x) < 0) return -1;
    double r = fn(x);
    if ((isnan(r) && !isnan(x)) || (isinf(r) && isfinite(x))) {
        domain_error();
        return -1;
    }
    *out = r;
    return 0;
}

static sp_val math_log(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double num, den;
    if (no_kwargs("log", kwnames) < 0) return NULL;
    if (nargs < 1 || nargs > 2)
        return sp_err_set(&sp_exc_TypeError, "math.log requires 1 to 2 arguments");
    if (log_of(args[0], log, &num) < 0) return NULL;
    if (nargs == 1) return sp_float_new(num);
    if (log_of(args[1], log, &den) < 0) return NULL;
    if (den == 0.0) return sp_err_set(&sp_exc_ZeroDivisionError, "float division by zero");
    return sp_float_new(num / den);
}

static sp_val math_log2(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double r;
    if (one_arg("log2", nargs, kwnames) < 0 || log_of(args[0], log2, &r) < 0) return NULL;
    return sp_float_new(r);
}

static sp_val math_log10(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    double r;
    if (one_arg("log10", nargs, kwnames) < 0 || log_of(args[0], log10, &r) < 0) return NULL;
    return sp_float_new(r);
}

/* ---- sums and norms ---------------------------------------------------------------- */

/* Partials of Shewchuk's algorithm are non-overlapping, so at most ~40 of them can
 * be live for doubles; 128 leaves a wide margin. */
#define FSUM_PARTIALS 128

static sp_val math_fsum(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (one_arg("fsum", nargs, kwnames) < 0) return NULL;
    sp_val it = sp_iter(args[0]), item;
    if (!it) return NULL;
    double p[FSUM_PARTIALS];
    size_t n = 0;
    double special_sum = 0.0, inf_sum = 0.0, hi, lo = 0.0, yr;
    while ((item = sp_next(it)) != NULL) {
        double x, y, t;
        if (real_arg(item, &x) < 0) return NULL;
        double xsave = x;
        size_t i = 0;
        for (size_t j = 0; j < n; j++) {
            y = p[j];
            if (fabs(x) < fabs(y)) {
                t = x;
                x = y;
                y = t;
            }
            hi = x + y;
            yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) p[i++] = lo;
            x = hi;
        }
        n = i;
        if (x != 0.0) {
            if (!isfinite(x)) {
                /* Overflow of finite summands, or an inf/nan summand. */
                if (isfinite(xsave))
                    return sp_err_set(&sp_exc_OverflowError, "intermediate overflow in fsum");
                if (isinf(xsave)) inf_sum += xsave;
                special_sum += xsave;
                n = 0;
            } else if (n >= FSUM_PARTIALS) {
                return sp_err_no_memory();
            } else {
                p[n++] = x;
            }
        }
    }
    if (sp_err_occurred()) return NULL;
    if (special_sum != 0.0) {
        if (isnan(inf_sum)) return sp_err_set(&sp_exc_ValueError, "-inf + inf in fsum");
        return sp_float_new(special_sum);
    }
    hi = 0.0;
    if (n > 0) {
        hi = p[--n];
        /* Sum exactly from the top; stop at the first inexact step. */
        while (n > 0) {
            double x = hi, y = p[--n];
            hi = x + y;
            yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) break;
        }
        /* Make half-even rounding work across multiple partials. */
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            double y = lo * 2.0, x = hi + y;
            yr = x - hi;
            if (y == yr) hi = x;
        }
    }
    return sp_float_new(hi);
}

/* CPython's vector_norm: scale by a power of two, square and sum with exact
 * error terms, then one Newton correction of the square root. vec holds |x|. */
static double vector_norm(size_t n, double *vec, double max, bool found_nan)
{
    if (isinf(max)) return max;
    if (found_nan) return NAN;
    if (max == 0.0 || n <= 1) return max;
    int max_e;
    frexp(max, &max_e);
    if (max_e < -1023) {
        for (size_t i = 0; i < n; i++)
            vec[i] /= DBL_MIN; /* subnormals to normals */
        return DBL_MIN * vector_norm(n, vec, max / DBL_MIN, found_nan);
    }
    double scale = ldexp(1.0, -max_e);
    double csum = 1.0, frac1 = 0.0, frac2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double x = vec[i] * scale; /* lossless scaling */
        double prhi = x * x, prlo = fma(x, x, -prhi);
        double smhi = csum + prhi, smlo = (csum - smhi) + prhi;
        csum = smhi;
        frac1 += prlo;
        frac2 += smlo;
    }
    double h = sqrt(csum - 1.0 + (frac1 + frac2));
    double prhi = -h * h, prlo = fma(-h, h, -prhi);
    double smhi = csum + prhi, smlo = (csum - smhi) + prhi;
    csum = smhi;
    frac1 += prlo;
    frac2 += smlo;
    double x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h); /* differential correction */
    return h / scale;
}

static sp_val norm_of(size_t n, sp_val const *a, sp_val const *b)
{
    double small[16], *vec = small;
    size_t bytes = n * sizeof(double);
    if (n > 16 && !(vec = sp_mem_alloc(bytes))) return NULL;
    double max = 0.0;
    bool found_nan = false;
    sp_val result = NULL;
    for (size_t i = 0; i < n; i++) {
        double x, y = 0.0;
        if (real_arg(a[i], &x) < 0 || (b && real_arg(b[i], &y) < 0)) goto done;
        x = fabs(b ? x - y : x);
        vec[i] = x;
        found_nan |= isnan(x);
        if (x > max) max = x;
    }
    result = sp_float_new(vector_norm(n, vec, max, found_nan));
done:
    if (vec != small) sp_mem_free(vec, bytes);
    return result;
}

static sp_val math_hypot(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (no_kwargs("hypot", kwnames) < 0) return NULL;
    return norm_of(nargs, args, NULL);
}

static sp_val as_tuple(sp_val v)
{
    if (!sp_is_small(v) && v->type == &sp_type_tuple) return v;
    return sp_tuple_from_iterable(v);
}

static sp_val math_dist(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("dist", nargs, 2, 2, kwnames) < 0) return NULL;
    sp_val p = as_tuple(args[0]), q = p ? as_tuple(args[1]) : NULL;
    if (!q) return NULL;
    sp_tuple *tp = (sp_tuple *)p, *tq = (sp_tuple *)q;
    if (tp->len != tq->len)
        return sp_err_set(&sp_exc_ValueError,
                          "both points must have the same number of dimensions");
    return norm_of(tp->len, tp->items, tq->items);
}

static sp_val math_prod(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_val start = sp_small(1);
    for (size_t i = 0; i < NKW(kwnames); i++) {
        if (!sp_str_eq_cstr(KWNAME(kwnames, i), "start"))
            return sp_err_set(&sp_exc_TypeError, "prod() got an unexpected keyword argument '%S'",
                              KWNAME(kwnames, i));
        start = args[nargs + i];
    }
    if (nargs != 1)
        return sp_err_set(&sp_exc_TypeError,
                          "prod() takes exactly 1 positional argument (%d given)", (int)nargs);
    sp_val it = sp_iter(args[0]), item, result = start;
    if (!it) return NULL;
    while ((item = sp_next(it)) != NULL)
        if (!(result = sp_binary_op(SP_OP_MUL, result, item))) return NULL;
    return sp_err_occurred() ? NULL : result;
}

/* ---- integer functions -------------------------------------------------------------- */

/* Product lo * (lo+1) * ... * hi (lo <= hi + 1; empty product is 1), as a balanced
 * tree so big factorials multiply numbers of similar size. */
static sp_val range_product(uint64_t lo, uint64_t hi)
{
    if (lo > hi) return sp_small(1);
    if (hi - lo < 16) {
        sp_val acc = sp_small(1);
        uint64_t chunk = 1;
        for (uint64_t i = lo; i <= hi; i++) {
            uint64_t next;
            if (__builtin_mul_overflow(chunk, i, &next) || next > (1ull << 62)) {
                if (!(acc = sp_int_mul(acc, sp_int_from_u64(chunk)))) return NULL;
                next = i;
            }
            chunk = next;
        }
        return sp_int_mul(acc, sp_int_from_u64(chunk));
    }
    uint64_t mid = lo + (hi - lo) / 2;
    sp_val a = range_product(lo, mid);
    sp_val b = a ? range_product(mid + 1, hi) : NULL;
    return b ? sp_int_mul(a, b) : NULL;
}

static sp_val index_arg(sp_val v)
{
    return sp_index_int(v);
}

static sp_val math_factorial(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (one_arg("factorial", nargs, kwnames) < 0) return NULL;
    sp_val n = index_arg(args[0]);
    if (!n) return NULL;
    int64_t k;
    if (sp_int_to_i64(n, &k) < 0) {
        sp_err_clear();
        if (sp_int_sign(n) < 0)
            return sp_err_set(&sp_exc_ValueError, "factorial() not defined for negative values");
        return sp_err_set(&sp_exc_OverflowError, "factorial() argument should not exceed %lld",
                          (long long)INT64_MAX);
    }
    if (k < 0) return sp_err_set(&sp_exc_ValueError, "factorial() not defined for negative values");
    return range_product(2, (uint64_t)k);
}

static sp_val int_gcd(sp_val a, sp_val b)
{
    a = sp_int_abs(a);
    b = a ? sp_int_abs(b) : NULL;
    if (!b) return NULL;
    while (!sp_int_is_zero(b)) {
        if (sp_is_small(a) && sp_is_small(b)) {
            uint64_t x = (uint64_t)sp_small_value(a), y = (uint64_t)sp_small_value(b);
            while (y) {
                uint64_t t = x % y;
                x = y;
                y = t;
            }
            return sp_int_from_u64(x);
        }
        sp_val r = sp_int_mod(a, b);
        if (!r) return NULL;
        a = b;
        b = r;
    }
    return a;
}

static sp_val math_gcd(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (no_kwargs("gcd", kwnames) < 0) return NULL;
    sp_val g = sp_small(0);
    for (size_t i = 0; i < nargs; i++) {
        sp_val v = index_arg(args[i]);
        if (!v || !(g = int_gcd(g, v))) return NULL;
    }
    return g;
}

static sp_val math_lcm(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (no_kwargs("lcm", kwnames) < 0) return NULL;
    sp_val l = sp_small(1);
    for (size_t i = 0; i < nargs; i++) {
        sp_val v = index_arg(args[i]);
        if (!v) return NULL;
        if (sp_int_is_zero(v) || sp_int_is_zero(l)) {
            l = sp_small(0);
            continue;
        }
        sp_val g = int_gcd(l, v);
        if (!g || !(l = sp_int_floordiv(sp_int_abs(l), g)) || !(l = sp_int_mul(l, sp_int_abs(v))))
            return NULL;
    }
    return l;
}

static sp_val math_isqrt(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (one_arg("isqrt", nargs, kwnames) < 0) return NULL;
    sp_val n = index_arg(args[0]);
    if (!n) return NULL;
    if (sp_int_sign(n) < 0)
        return sp_err_set(&sp_exc_ValueError, "isqrt() argument must be nonnegative");
    int64_t v;
    if (sp_is_small(n) && (v = sp_small_value(n)) < ((int64_t)1 << 52)) {
        int64_t r = (int64_t)sqrt((double)v);
        while (r * r > v)
            r--;
        while ((r + 1) * (r + 1) <= v)
            r++;
        return sp_small(r);
    }
    /* Newton from above: x0 = 2**ceil(bits/2) >= isqrt(n); stops when it stops falling. */
    uint64_t bits = sp_int_bit_length(n);
    sp_val x = sp_int_lshift(sp_small(1), sp_int_from_u64((bits + 1) / 2));
    if (!x) return NULL;
    for (;;) {
        sp_val q = sp_int_floordiv(n, x);
        sp_val y = q ? sp_int_add(x, q) : NULL;
        if (!y || !(y = sp_int_rshift(y, sp_small(1)))) return NULL;
        if (sp_int_cmp(y, x) >= 0) return x;
        x = y;
    }
}

/* n and k of comb()/perm(): non-negative ints. */
static int comb_args(sp_val const *args, size_t nargs, sp_val *n, sp_val *k)
{
    if (!(*n = index_arg(args[0]))) return -1;
    *k = NULL;
    if (nargs > 1 && args[1] != sp_None && !(*k = index_arg(args[1]))) return -1;
    if (sp_int_sign(*n) < 0) {
        sp_err_set(&sp_exc_ValueError, "n must be a non-negative integer");
        return -1;
    }
    if (*k && sp_int_sign(*k) < 0) {
        sp_err_set(&sp_exc_ValueError, "k must be a non-negative integer");
        return -1;
    }
    return 0;
}

/* n * (n-1) * ... * (n-k+1) for a big n, one factor at a time. */
static sp_val falling_product(sp_val n, int64_t k)
{
    sp_val r = sp_small(1);
    for (int64_t i = 0; i < k; i++) {
        sp_val f = sp_int_sub(n, sp_small(i));
        if (!f || !(r = sp_int_mul(r, f))) return NULL;
    }
    return r;
}

static sp_val perm_of(sp_val n, sp_val k)
{
    if (sp_int_cmp(k, n) > 0) return sp_small(0);
    int64_t kk, nn;
    if (sp_int_to_i64(k, &kk) < 0) {
        sp_err_clear();
        return sp_err_set(&sp_exc_OverflowError, "k must not exceed %lld", (long long)INT64_MAX);
    }
    if (sp_int_to_i64(n, &nn) == 0) return range_product((uint64_t)(nn - kk + 1), (uint64_t)nn);
    sp_err_clear();
    return falling_product(n, kk);
}

static sp_val math_perm(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_val n, k;
    if (check_pos("perm", nargs, 1, 2, kwnames) < 0 || comb_args(args, nargs, &n, &k) < 0)
        return NULL;
    if (!k) return math_factorial(self, &n, 1, NULL);
    return perm_of(n, k);
}

static sp_val math_comb(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_val n, k;
    if (check_pos("comb", nargs, 2, 2, kwnames) < 0 || comb_args(args, nargs, &n, &k) < 0)
        return NULL;
    if (sp_int_cmp(k, n) > 0) return sp_small(0);
    sp_val nk = sp_int_sub(n, k);
    if (!nk) return NULL;
    if (sp_int_cmp(nk, k) < 0) k = nk;
    int64_t kk;
    if (sp_int_to_i64(k, &kk) < 0) {
        sp_err_clear();
        return sp_err_set(&sp_exc_OverflowError, "min(n - k, k) must not exceed %lld",
                          (long long)INT64_MAX);
    }
    sp_val num = perm_of(n, k), den = num ? range_product(2, (uint64_t)kk) : NULL;
    return den ? sp_int_floordiv(num, den) : NULL;
}

/* ---- the module --------------------------------------------------------------------- */

static const sp_method_def math_functions[] = {
    {"acos", math_acos, 0},
    {"acosh", math_acosh, 0},
    {"asin", math_asin, 0},
    {"asinh", math_asinh, 0},
    {"atan", math_atan, 0},
    {"atan2", math_atan2, 0},
    {"atanh", math_atanh, 0},
    {"cbrt", math_cbrt, 0},
    {"ceil", math_ceil, 0},
    {"comb", math_comb, 0},
    {"copysign", math_copysign, 0},
    {"cos", math_cos, 0},
    {"cosh", math_cosh, 0},
    {"degrees", math_degrees, 0},
    {"dist", math_dist, 0},
    {"erf", math_erf, 0},
    {"erfc", math_erfc, 0},
    {"exp", math_exp, 0},
    {"exp2", math_exp2, 0},
    {"expm1", math_expm1, 0},
    {"fabs", math_fabs, 0},
    {"factorial", math_factorial, 0},
    {"floor", math_floor, 0},
    {"fmod", math_fmod, 0},
    {"frexp", math_frexp, 0},
    {"fsum", math_fsum, 0},
    {"gamma", math_gamma, 0},
    {"gcd", math_gcd, 0},
    {"hypot", math_hypot, 0},
    {"isclose", math_isclose, 0},
    {"isfinite", math_isfinite, 0},
    {"isinf", math_isinf, 0},
    {"isnan", math_isnan, 0},
    {"isqrt", math_isqrt, 0},
    {"lcm", math_lcm, 0},
    {"ldexp", math_ldexp, 0},
    {"lgamma", math_lgamma, 0},
    {"log", math_log, 0},
    {"log10", math_log10, 0},
    {"log1p", math_log1p, 0},
    {"log2", math_log2, 0},
    {"modf", math_modf, 0},
    {"nextafter", math_nextafter, 0},
    {"perm", math_perm, 0},
    {"pow", math_pow, 0},
    {"prod", math_prod, 0},
    {"radians", math_radians, 0},
    {"remainder", math_remainder, 0},
    {"sin", math_sin, 0},
    {"sinh", math_sinh, 0},
    {"sqrt", math_sqrt, 0},
    {"tan", math_tan, 0},
    {"tanh", math_tanh, 0},
    {"trunc", math_trunc, 0},
    {"ulp", math_ulp, 0},
    {NULL, NULL, 0},
};

sp_val sp_math_module_init(void)
{
    sp_val m = sp_module_new("math");
    if (!m || sp_module_add_functions(m, math_functions) < 0) return NULL;
    struct {
        const char *name;
        double value;
    } consts[] = {{"pi", M_PI}, {"e", M_E}, {"tau", 2 * M_PI}, {"inf", INFINITY}, {"nan", NAN}};
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++) {
        sp_val f = sp_float_new(consts[i].value);
        if (!f || sp_module_add(m, consts[i].name, f) < 0) return NULL;
    }
    return m;
}
