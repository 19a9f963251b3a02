/*
 * mod_json.c — the `json` module.
 *
 * Design overview
 * ---------------
 * dumps/dump (indent, separators, sort_keys, ensure_ascii, default, skipkeys,
 * circular-reference detection, float repr) and loads/load with CPython's
 * JSONDecodeError messages and positions; the string scanner uses the re module.
 * It is embedded Python (CPython writes this module in Python too), run into the
 * module's dict at import by sp_stdlib_exec; nothing here is on a hot path.
 */
#include "mod_stdlib2.h"

#include "mod_stdlib.h"

/* The Python part of this module lives in interpreter/lib/json.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_json_py[];

sp_val sp_json_module_init(void)
{
    sp_val m = sp_module_new("json");
    if (!m || sp_stdlib_exec(m, sp_lib_json_py, "json.py") < 0) return NULL;
    return m;
}
