/*
 * mod_stdlib3.h — more standard-library modules: dataclasses, enum, typing,
 * statistics, fractions, decimal (mod_<name>.c).
 *
 * Each init function is registered in the built-in module registry (obj_module.c)
 * and builds a fresh module object for the run (NULL + exception on failure).
 * All six are embedded Python run into the module's dict by sp_stdlib_exec
 * (mod_stdlib.h), as CPython writes them in Python too.
 */
#ifndef SP_MOD_STDLIB3_H
#define SP_MOD_STDLIB3_H

#include "object.h"

sp_val sp_dataclasses_module_init(void);
sp_val sp_enum_module_init(void);
sp_val sp_typing_module_init(void);
sp_val sp_statistics_module_init(void);
sp_val sp_fractions_module_init(void);
sp_val sp_decimal_module_init(void);

#endif
