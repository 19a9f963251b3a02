/*
 * mod_fractions.c — the `fractions` module.
 *
 * Design overview
 * ---------------
 * Fraction: exact rationals over Python ints, following CPython's
 * algorithms (normalisation, gcd-reduced arithmetic, hash equal to int/float hash
 * for equal values, limit_denominator).
 * It is embedded Python (CPython writes this module in Python too), run into the
 * module's dict at import by sp_stdlib_exec; the cost is in user code anyway.
 * The source of truth is the string below.
 */
#include "mod_stdlib3.h"

#include "mod_stdlib.h"

/* The Python part of this module lives in interpreter/lib/fractions.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_fractions_py[];

sp_val sp_fractions_module_init(void)
{
    sp_val m = sp_module_new("fractions");
    if (!m || sp_stdlib_exec(m, sp_lib_fractions_py, "fractions.py") < 0) return NULL;
    return m;
}
