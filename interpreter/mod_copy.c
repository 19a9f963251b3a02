/*
 * mod_copy.c — the `copy` module.
 *
 * Design overview
 * ---------------
 * copy() and deepcopy() with memo dicts (cycles), the __copy__/__deepcopy__ hooks,
 * user objects rebuilt from __dict__ (and __slots__) without calling __init__.
 * It is embedded Python (CPython writes this module in Python too), run into the
 * module's dict at import by sp_stdlib_exec; nothing here is on a hot path.
 */
#include "mod_stdlib2.h"

#include "mod_stdlib.h"

/* The Python part of this module lives in interpreter/lib/copy.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_copy_py[];

sp_val sp_copy_module_init(void)
{
    sp_val m = sp_module_new("copy");
    if (!m || sp_stdlib_exec(m, sp_lib_copy_py, "copy.py") < 0) return NULL;
    return m;
}
