/*
 * mod_math.h — the `math` module (mod_math.c).
 *
 * Registered in the built-in module registry (obj_module.c); the init function
 * builds a fresh module object for the run and returns it (NULL + exception).
 */
#ifndef SP_MOD_MATH_H
#define SP_MOD_MATH_H

#include "object.h"

sp_val sp_math_module_init(void);

#endif
