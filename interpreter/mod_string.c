/*
 * mod_string.c — the `string` module.
 *
 * Design overview
 * ---------------
 * Constants (ascii_letters, digits, punctuation...), capwords and a basic Template.
 * It is embedded Python (CPython writes this module in Python too), run into the
 * module's dict at import by sp_stdlib_exec; nothing here is on a hot path.
 */
#include "mod_stdlib2.h"

#include "mod_stdlib.h"

/* The Python part of this module lives in interpreter/lib/string.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_string_py[];

sp_val sp_string_module_init(void)
{
    sp_val m = sp_module_new("string");
    if (!m || sp_stdlib_exec(m, sp_lib_string_py, "string.py") < 0) return NULL;
    return m;
}
