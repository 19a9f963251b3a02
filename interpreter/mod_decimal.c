/*
 * mod_decimal.c — the `decimal` module.
 *
 * Design overview
 * ---------------
 * Decimal and contexts: a sign/coefficient/exponent representation
 * over Python ints with correctly rounded arithmetic (General Decimal Arithmetic),
 * the default context (prec 28, ROUND_HALF_EVEN), quantize with every rounding mode,
 * localcontext, sqrt, and the signal exceptions.
 * It is embedded Python (CPython writes this module in Python too), run into the
 * module's dict at import by sp_stdlib_exec; the cost is in user code anyway.
 * The source of truth is the string below.
 */
#include "mod_stdlib3.h"

#include "mod_stdlib.h"

/* The Python part of this module lives in interpreter/lib/decimal.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_decimal_py[];

sp_val sp_decimal_module_init(void)
{
    sp_val m = sp_module_new("decimal");
    if (!m || sp_stdlib_exec(m, sp_lib_decimal_py, "decimal.py") < 0) return NULL;
    return m;
}
