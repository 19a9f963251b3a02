/*
 * mod_dataclasses.c — the `dataclasses` module.
 *
 * Design overview
 * ---------------
 * @dataclass, field, fields, asdict, astuple, replace, make_dataclass,
 * FrozenInstanceError, InitVar, KW_ONLY. Like CPython, the generated methods
 * (__init__, __repr__, __eq__, order, hash, frozen __setattr__) are built as source
 * text and exec()'d, so signatures and error messages are the real ones.
 * It is embedded Python (CPython writes this module in Python too), run into the
 * module's dict at import by sp_stdlib_exec; the cost is in user code anyway.
 * The source of truth is the string below.
 */
#include "mod_stdlib3.h"

#include "mod_stdlib.h"

/* The Python part of this module lives in interpreter/lib/dataclasses.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_dataclasses_py[];

sp_val sp_dataclasses_module_init(void)
{
    sp_val m = sp_module_new("dataclasses");
    if (!m || sp_stdlib_exec(m, sp_lib_dataclasses_py, "dataclasses.py") < 0) return NULL;
    return m;
}
