/*
 * mod_stdlib4.h — standard modules judge and playground code imports for structure
 * rather than speed: abc, contextlib, types, collections.abc, numbers, datetime,
 * pprint, warnings, array (all in mod_stdlib4.c).
 *
 * Each init function is registered in the built-in module registry (obj_module.c)
 * and builds a fresh module object for the run (NULL + exception on failure).
 * All are embedded Python (interpreter/lib/<name>.py) run into the module's dict by
 * sp_stdlib_exec (mod_stdlib.h), as CPython writes them in Python too.
 */
#ifndef SP_MOD_STDLIB4_H
#define SP_MOD_STDLIB4_H

#include "object.h"

sp_val sp_abc_module_init(void);
sp_val sp_contextlib_module_init(void);
sp_val sp_types_module_init(void);
/* Serves both `_collections_abc` and `collections.abc`: one shared module object. */
sp_val sp_collections_abc_module_init(void);
sp_val sp_numbers_module_init(void);
sp_val sp_datetime_module_init(void);
sp_val sp_pprint_module_init(void);
sp_val sp_warnings_module_init(void);
sp_val sp_array_module_init(void);

#endif
