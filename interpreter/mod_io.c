/*
 * mod_io.c — the `io` module.
 *
 * Design overview
 * ---------------
 * StringIO and BytesIO in-memory streams (read, readline, iteration, seek/tell, with).
 * It is embedded Python (CPython writes this module in Python too), run into the
 * module's dict at import by sp_stdlib_exec; nothing here is on a hot path.
 */
#include "mod_stdlib2.h"

#include "mod_stdlib.h"

/* The Python part of this module lives in interpreter/lib/io.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_io_py[];

sp_val sp_io_module_init(void)
{
    sp_val m = sp_module_new("io");
    if (!m || sp_stdlib_exec(m, sp_lib_io_py, "io.py") < 0) return NULL;
    return m;
}
