/*
 * mod_typing.c — the `typing` module.
 *
 * Design overview
 * ---------------
 * the names judge code imports from typing. Subscription produces
 * _GenericAlias objects with CPython's reprs (typing.List[int]); Generic, Protocol,
 * NamedTuple and TypedDict are classes usable as bases (our interpreter has no
 * __mro_entries__, so Generic[T] returns the class itself).
 * It is embedded Python (CPython writes this module in Python too), run into the
 * module's dict at import by sp_stdlib_exec; the cost is in user code anyway.
 * The source of truth is the string below.
 */
#include "mod_stdlib3.h"

#include "mod_stdlib.h"

/* The Python part of this module lives in interpreter/lib/typing.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_typing_py[];

sp_val sp_typing_module_init(void)
{
    sp_val m = sp_module_new("typing");
    if (!m || sp_stdlib_exec(m, sp_lib_typing_py, "typing.py") < 0) return NULL;
    return m;
}
