/*
 * mod_time.h — the `time` module (mod_time.c).
 *
 * Registered in the built-in module registry (obj_module.c); the init function
 * builds a fresh module object for the run and returns it (NULL + exception).
 */
#ifndef SP_MOD_TIME_H
#define SP_MOD_TIME_H

#include "object.h"

sp_val sp_time_module_init(void);

#endif
