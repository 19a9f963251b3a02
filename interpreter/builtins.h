/*
 * builtins.h — the `builtins` module, and the hooks it needs from the VM.
 *
 * sp_builtins_init() creates the module, stores its dict in sp_st.builtins and
 * registers it in sp_st.modules (creating that dict if nobody has yet). Call it
 * once per run after the types are ready and after sp_io_init().
 *
 * globals()/locals() read the VM's current frame (vm.h); exec/eval/compile call
 * the parser and compiler and run code with sp_vm_exec(). The hooks below are
 * declared weak and all optional: when vm.c / interp.c define one, builtins.c
 * uses it instead of its default; __build_class__ raises SystemError without
 * sp_vm_build_class (the compiler's BUILD_CLASS opcode doesn't need it).
 */
#ifndef SP_BUILTINS_H
#define SP_BUILTINS_H

#include "object.h"

int sp_builtins_init(void);

/* Modes of compile() / sp_vm_compile(). */
enum { SP_COMPILE_EXEC = 0, SP_COMPILE_EVAL = 1, SP_COMPILE_SINGLE = 2 };

/* Raise what a failed parse/compile reported (parser.h's sp_syntax_error) like
 * CPython's compile(): SyntaxError/IndentationError/TabError with filename, location
 * and text (the error's own text, else the source line; `mode` is SP_COMPILE_*),
 * or the RecursionError/MemoryError it stands for. Returns NULL. */
struct sp_syntax_error;
void *sp_raise_syntax_error(const struct sp_syntax_error *e, const char *filename, const char *src,
                            size_t len, int mode);

/* ---- hooks implemented by the VM (vm.c / interp.c) ------------------------------- */

/* The globals dict of the innermost running Python frame (borrowed), or NULL with
 * no exception when no Python frame is running. */
sp_val sp_vm_globals(void);
/* locals() of the innermost frame: its dict at module/class level, a fresh snapshot
 * dict in a function. NULL with no exception when no frame is running. */
sp_val sp_vm_locals(void);
/* Compile source (UTF-8, `len` bytes, not necessarily NUL-terminated) to a code
 * object; mode is SP_COMPILE_*. NULL with SyntaxError set on failure. */
sp_val sp_vm_compile(const char *src, size_t len, const char *filename, int mode);
/* Run a code object made by sp_vm_compile with the given globals dict and locals
 * mapping (locals may equal globals). Returns the expression's value for EVAL code,
 * None otherwise; NULL with an exception set on error. */
sp_val sp_vm_run_code(sp_val code, sp_val globals, sp_val locals);
/* exec()/eval() of source text: compile with filename "<string>" then run. Optional:
 * builtins.c falls back to sp_vm_compile + sp_vm_run_code when it is absent. */
sp_val sp_vm_exec_source(const char *src, size_t len, int mode, sp_val globals, sp_val locals);
/* __build_class__(func, name, *bases, **kwds) (a builtin with the vectorcall
 * convention; args[0] is the class body function). */
sp_val sp_vm_build_class(sp_val const *args, size_t nargs, sp_val kwnames);

#endif
