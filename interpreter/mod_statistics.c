/*
 * mod_statistics.c — the `statistics` module.
 *
 * Design overview
 * ---------------
 * mean, fmean, median*, mode, multimode, (p)variance, (p)stdev,
 * quantiles, ... Sums are exact (Fractions), as in CPython, so results agree to the
 * last bit.
 * It is embedded Python (CPython writes this module in Python too), run into the
 * module's dict at import by sp_stdlib_exec; the cost is in user code anyway.
 * The source of truth is the string below.
 */
#include "mod_stdlib3.h"

#include "mod_stdlib.h"

/* The Python part of this module lives in interpreter/lib/statistics.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_statistics_py[];

sp_val sp_statistics_module_init(void)
{
    sp_val m = sp_module_new("statistics");
    if (!m || sp_stdlib_exec(m, sp_lib_statistics_py, "statistics.py") < 0) return NULL;
    return m;
}
