/*
 * mod_textwrap.c — the `textwrap` module.
 *
 * Design overview
 * ---------------
 * wrap, fill, shorten (TextWrapper with CPython's word-splitting regex, run by
 * our re engine), dedent and indent.
 * It is embedded Python (CPython writes this module in Python too), run into the
 * module's dict at import by sp_stdlib_exec; nothing here is on a hot path.
 */
#include "mod_stdlib2.h"

#include "mod_stdlib.h"

/* The Python part of this module lives in interpreter/lib/textwrap.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_textwrap_py[];

sp_val sp_textwrap_module_init(void)
{
    sp_val m = sp_module_new("textwrap");
    if (!m || sp_stdlib_exec(m, sp_lib_textwrap_py, "textwrap.py") < 0) return NULL;
    return m;
}
