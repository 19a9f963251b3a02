/*
 * mod_enum.c — the `enum` module.
 *
 * Design overview
 * ---------------
 * Enum, IntEnum, StrEnum, Flag, IntFlag, auto, unique: the EnumType
 * metaclass collects members through an _EnumDict namespace, builds them in
 * definition order and keeps _member_map_/_value2member_map_; Flag pseudo-members
 * for combinations are made on demand by Flag._missing_ (3.11 boundary rules).
 * It is embedded Python (CPython writes this module in Python too), run into the
 * module's dict at import by sp_stdlib_exec; the cost is in user code anyway.
 * The source of truth is the string below.
 */
#include "mod_stdlib3.h"

#include "mod_stdlib.h"

/* The Python part of this module lives in interpreter/lib/enum.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_enum_py[];

sp_val sp_enum_module_init(void)
{
    sp_val m = sp_module_new("enum");
    if (!m || sp_stdlib_exec(m, sp_lib_enum_py, "enum.py") < 0) return NULL;
    return m;
}
