/*
 * args.c — argument parsing for C functions exposed to Python, with CPython's messages.
 *
 * Design overview
 * ---------------
 * sp_parse_args follows CPython's vgetargskeywords (Python/getargs.c): the format
 * has one letter per parameter, '|' starts the optional ones and '$' the
 * keyword-only ones; positional arguments fill parameters in order, then each
 * keyword is matched by name. Messages are CPython's word for word ("f() takes at
 * most 2 arguments (3 given)", "f() missing required argument 'x' (pos 1)", ...).
 * sp_check_nargs mirrors _PyArg_CheckPositional ("f expected at most 1 argument,
 * got 2"), used by functions with positional-only parameters.
 */
#include "gc.h"
#include "obj_type.h"

#include <string.h>

#define MAX_PARAMS 32

static size_t kw_count(sp_val kwnames)
{
    return kwnames ? ((sp_tuple *)kwnames)->len : 0;
}

int sp_no_kwargs(const char *fname, sp_val kwnames)
{
    if (kw_count(kwnames) == 0) return 0;
    sp_err_set(&sp_exc_TypeError, "%s() takes no keyword arguments", fname);
    return -1;
}

int sp_check_nargs(const char *fname, size_t nargs, size_t min, size_t max)
{
    if (nargs < min) {
        sp_err_set(&sp_exc_TypeError, "%s expected %s%zu argument%s, got %zu", fname,
                   min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nargs > max) {
        sp_err_set(&sp_exc_TypeError, "%s expected %s%zu argument%s, got %zu", fname,
                   min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

/* Describe argument i for conversion errors: "argument 2" or "argument 'sep'". */
static void *conversion_error(const char *fname, const char *const *names, size_t i,
                              bool by_keyword, const char *expected, sp_val got)
{
    if (by_keyword)
        return sp_err_set(&sp_exc_TypeError, "%s() argument '%s' must be %s, not %s", fname,
                          names[i], expected, sp_type_name(got));
    return sp_err_set(&sp_exc_TypeError, "%s() argument %d must be %s, not %s", fname, (int)i + 1,
                      expected, sp_type_name(got));
}

static int convert(const char *fname, const char *const *names, size_t i, bool by_keyword,
                   char code, sp_val v, void *out)
{
    switch (code) {
    case 'O':
        *(sp_val *)out = v;
        return 0;
    case 'U':
        if (!sp_str_check(v)) {
            conversion_error(fname, names, i, by_keyword, "str", v);
            return -1;
        }
        *(sp_val *)out = v;
        return 0;
    case 'i': {
        if (sp_typeof(v) == &sp_type_float) {
            sp_err_set(&sp_exc_TypeError, "'float' object cannot be interpreted as an integer");
            return -1;
        }
        int64_t n = sp_index(v, NULL);
        if (n == -1 && sp_err_occurred()) return -1;
        *(int64_t *)out = n;
        return 0;
    }
    case 'd': {
        if (!sp_int_check(v) && sp_typeof(v) != &sp_type_float &&
            !sp_type_lookup(sp_typeof(v), sp_str_intern("__float__")) && !sp_typeof(v)->index) {
            sp_err_set(&sp_exc_TypeError, "must be real number, not %s", sp_type_name(v));
            return -1;
        }
        double d = sp_float_as_double(v);
        if (d == -1.0 && sp_err_occurred()) return -1;
        *(double *)out = d;
        return 0;
    }
    case 'p': {
        int t = sp_truthy(v);
        if (t < 0) return -1;
        *(bool *)out = t;
        return 0;
    }
    default:
        sp_err_set(&sp_exc_SystemError, "%s(): bad format char '%c'", fname, code);
        return -1;
    }
}

int sp_parse_args(const char *fname, sp_val const *args, size_t nargs, sp_val kwnames,
                  const char *format, const char *const *names, ...)
{
    char codes[MAX_PARAMS];
    size_t n = 0, min = SIZE_MAX, maxpos = SIZE_MAX;
    for (const char *f = format; *f; f++) {
        if (*f == '|')
            min = n;
        else if (*f == '$')
            maxpos = n;
        else if (n < MAX_PARAMS)
            codes[n++] = *f;
    }
    bool has_optional = min != SIZE_MAX;
    if (min == SIZE_MAX) min = n;
    if (maxpos == SIZE_MAX) maxpos = n;
    size_t nkw = kw_count(kwnames);

    if (nargs + nkw > n) {
        sp_err_set(&sp_exc_TypeError, "%s() takes %s %d %sargument%s (%zu given)", fname,
                   has_optional ? "at most" : "exactly", (int)n, nargs == 0 ? "keyword " : "",
                   n == 1 ? "" : "s", nargs + nkw);
        return -1;
    }
    if (nargs > maxpos) {
        if (maxpos == 0)
            sp_err_set(&sp_exc_TypeError, "%s() takes no positional arguments", fname);
        else
            sp_err_set(&sp_exc_TypeError, "%s() takes %s %d positional argument%s (%zu given)",
                       fname, min < maxpos ? "at most" : "exactly", (int)maxpos,
                       maxpos == 1 ? "" : "s", nargs);
        return -1;
    }

    /* Match keywords to parameters first so every error is found before any output
     * is written. */
    sp_val given[MAX_PARAMS] = {0};
    bool by_kw[MAX_PARAMS] = {0};
    for (size_t i = 0; i < nargs; i++)
        given[i] = args[i];
    for (size_t k = 0; k < nkw; k++) {
        sp_val key = ((sp_tuple *)kwnames)->items[k];
        size_t i = 0;
        while (i < n && !sp_str_eq_cstr(key, names[i]))
            i++;
        if (i == n) {
            sp_err_set(&sp_exc_TypeError, "'%U' is an invalid keyword argument for %s()", key,
                       fname);
            return -1;
        }
        if (i < nargs) {
            sp_err_set(&sp_exc_TypeError,
                       "argument for %s() given by name ('%s') and position (%d)", fname, names[i],
                       (int)i + 1);
            return -1;
        }
        given[i] = args[nargs + k];
        by_kw[i] = true;
    }
    for (size_t i = 0; i < min; i++) {
        if (!given[i]) {
            sp_err_set(&sp_exc_TypeError, "%s() missing required argument '%s' (pos %d)", fname,
                       names[i], (int)i + 1);
            return -1;
        }
    }

    va_list ap;
    va_start(ap, names);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        void *out = va_arg(ap, void *);
        if (given[i] && rc == 0) rc = convert(fname, names, i, by_kw[i], codes[i], given[i], out);
    }
    va_end(ap);
    return rc;
}
