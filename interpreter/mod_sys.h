/*
 * mod_sys.h — the `sys` module.
 *
 * sp_sys_init() creates the module, stores it in sp_st.sys_module and registers it
 * in sp_st.modules. Call it once per run after sp_io_init() (sys.stdout & co are the
 * io.c stream objects) and after sp_st.argv is set (an empty list otherwise).
 *
 * The int <-> str digit limit (sys.set_int_max_str_digits) lives in obj_int.c as
 * sp_int_max_str_digits; sys only reads and writes it.
 */
#ifndef SP_MOD_SYS_H
#define SP_MOD_SYS_H

#include "object.h"

int sp_sys_init(void);

/* Built-in module registry entry (obj_module.c): returns the sys module. */
sp_val sp_sys_module_init(void);

/* "Struct sequences" (sys.version_info, sys.float_info, time.struct_time): tuple
 * subclasses whose items are also readable by field name, with CPython's repr
 * "module.name(field=value, ...)". The type is a static sp_type the caller owns
 * (zero-initialised); `fields` is NULL-terminated and static. Call ready once per
 * run, then new with one item per field. */
int sp_structseq_ready(sp_type *type, const char *module, const char *name,
                       const char *const *fields);
sp_val sp_structseq_new(sp_type *type, sp_val const *items);

#endif
