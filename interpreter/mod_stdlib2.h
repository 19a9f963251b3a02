/*
 * mod_stdlib2.h — more standard-library modules: random, re, json, io, string,
 * textwrap, copy (mod_<name>.c).
 *
 * Each init function is registered in the built-in module registry (obj_module.c)
 * and builds a fresh module object for the run (NULL + exception on failure).
 * The cores are C (the Mersenne Twister and SHA-512, the regex engine, the JSON
 * scanner); the parts CPython itself writes in Python are embedded Python run
 * into the module's dict by sp_stdlib_exec (mod_stdlib.h).
 */
#ifndef SP_MOD_STDLIB2_H
#define SP_MOD_STDLIB2_H

#include "object.h"

sp_val sp_random_module_init(void);
sp_val sp_re_module_init(void);
sp_val sp_json_module_init(void);
sp_val sp_io_module_init(void);
sp_val sp_string_module_init(void);
sp_val sp_textwrap_module_init(void);
sp_val sp_copy_module_init(void);

#endif
