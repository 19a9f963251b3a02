/*
 * vm.h — frames, the dispatch loop, calls into Python code, generators.
 *
 * Design overview
 * ---------------
 * A frame holds one activation: its code, globals/builtins, the slots
 * (fast locals, cells, free variables) and the value stack, in one allocation.
 * Ordinary frames are carved LIFO out of a chunked frame stack owned by the VM; a
 * generator's frame is a separate buffer owned by the generator object, because it
 * outlives the call that created it.
 *
 * Python-to-Python calls do not recurse on the C stack: CALL pushes a frame and the
 * same dispatch loop continues in it; RETURN_VALUE pops back. The loop only returns
 * to C at a frame marked `entry` (the module, a call made from C through sp_call,
 * or a generator being resumed).
 *
 * Invariants
 *  1. frame->sp stays within [stack_base, stack_base + code->stacksize].
 *  2. blocks[0..nblocks) have nondecreasing `level`s, each <= the current depth.
 *  3. sp_vm_current is the innermost running frame (NULL outside the VM); following
 *     `back` reaches every running frame, which is what the GC tracer marks.
 *  4. A generator's frame is on the running chain only while the generator runs.
 */
#ifndef SP_VM_H
#define SP_VM_H

#include "code.h"

#define SP_MAXBLOCKS 20

typedef struct sp_function {
    sp_object ob;
    sp_val code;     /* sp_code */
    sp_val globals;  /* dict */
    sp_val builtins; /* dict */
    sp_val name, qualname;
    sp_val doc;         /* or NULL (None) */
    sp_val defaults;    /* tuple or NULL */
    sp_val kwdefaults;  /* dict or NULL */
    sp_val closure;     /* tuple of cells or NULL */
    sp_val dict;        /* __dict__, created lazily */
    sp_val module;      /* __module__ */
    sp_val annotations; /* dict or NULL */
} sp_function;

typedef struct sp_method {
    sp_object ob;
    sp_val func;
    sp_val self;
} sp_method;

typedef struct sp_cell {
    sp_object ob;
    sp_val ref; /* NULL: empty */
} sp_cell;

enum { SP_BLOCK_FINALLY = 1, SP_BLOCK_EXCEPT_HANDLER = 2 };

typedef struct sp_block {
    int type;
    int handler; /* instruction index */
    int level;   /* stack depth to restore */
} sp_block;

typedef struct sp_frame {
    struct sp_frame *back;
    sp_code *code;
    sp_val func; /* sp_function or NULL (module / exec) */
    sp_val globals, builtins;
    sp_val locals_dict; /* class bodies and modules: where NAME ops go; else NULL */
    sp_val *stack_base;
    sp_val *sp;        /* saved stack pointer while not executing */
    sp_instr *ip;      /* next instruction while not executing */
    sp_val gen;        /* the generator owning this frame, or NULL */
    size_t alloc_size; /* bytes of this frame's allocation */
    int nblocks;
    bool entry;           /* return to C when this frame returns */
    bool suspended_yield; /* last exit was a yield (generators) */
    /* __init__ run by CALL of a class (vm.c do_call): the instance waits on the
     * caller's stack top and is the call's result when __init__ returns None */
    bool init_call;
    int last_line; /* line profile: last line counted */
    sp_block blocks[SP_MAXBLOCKS];
    sp_val slots[]; /* nlocals + ncells + nfree, then the value stack */
} sp_frame;

typedef struct sp_generator {
    sp_object ob;
    sp_frame *frame; /* raw buffer owned by the generator; NULL once finished */
    sp_val name, qualname;
    sp_val code;
    sp_val handled_exc; /* the exception its suspended frame was handling, or NULL */
    bool running;
} sp_generator;

extern sp_frame *sp_vm_current;

/* One-time set up for a run: types, GC tracer, counters. */
int sp_vm_init(void);
void sp_vm_shutdown(void);

/* Execute a module-level code object with `globals` as both globals and locals.
 * Returns the result (None) or NULL with an exception set. */
sp_val sp_vm_run_module(sp_code *co, sp_val globals);

/* Run code with separate globals and locals dicts (exec/eval). */
sp_val sp_vm_exec(sp_code *co, sp_val globals, sp_val locals);

/* Call a Python function from C (the function type's call slot). */
sp_val sp_func_call(sp_val func, sp_val const *args, size_t nargs, sp_val kwnames);

/* Bytes of a frame running co (the compiler stores it in co->frame_bytes). */
size_t sp_vm_frame_size(const sp_code *co);

/* Functions (obj_func.c). */
sp_val sp_func_new(sp_val code, sp_val globals, sp_val qualname);
sp_val sp_method_new(sp_val func, sp_val self);
sp_val sp_cell_new(sp_val v);
void sp_func_init_types(void);

/* Generators: resume with a value (or throw exc when exc != NULL). Returns the
 * yielded value with *done = false, the return value with *done = true, or NULL with
 * an exception set. */
sp_val sp_gen_resume(sp_generator *g, sp_val value, sp_val exc, bool *done);

/* A C consumer of a generator's items (list(), str.join, sum...): called with
 * each value the generator yields from its own frame while sp_gen_next_sink
 * runs it. It returns true when it took the value: the generator then goes on
 * as if next() had resumed it at once, in the same eval, without leaving it.
 * False: the generator suspends as usual and sp_gen_next_sink returns the value.
 * A sink must not run Python code, allocate or raise (the generator is running
 * while it is called): it takes only what it can store without any of these. */
typedef bool (*sp_gen_sink)(void *ctx, sp_val v);

/* next(g) (the generator type's iternext: NULL with no error or with
 * StopIteration(value) set at the end), feeding the yields in between to sink. */
sp_val sp_gen_next_sink(sp_val g, sp_gen_sink sink, void *ctx);
sp_val sp_gen_close(sp_generator *g);

/* Add a traceback entry for (code, instruction index) to exc. */
void sp_vm_add_traceback(sp_val exc, sp_code *co, size_t instr);
/* Instruction index stored in a traceback entry (-1 if unknown). */
long sp_vm_traceback_instr(sp_val tb);

/* Where the last NameError of a name lookup happened, if `exc` is it: which 0 the
 * frame's local names (list), 1 its globals dict, 2 its builtins dict; else NULL. */
sp_val sp_vm_name_error_scope(sp_val exc, int which);

/* Python-level calls so far in this run (counted from sp_vm_set_budget on). */
uint64_t sp_vm_calls(void);

/* Instructions executed so far in this run. */
uint64_t sp_vm_instructions(void);

/* A code object is being freed: the line profile lets go of its table (the
 * block it may still point at has ended). Called by its finalizer. */
void sp_vm_code_finalized(sp_code *co);
/* Line profile buffer (malloc'd, nlines entries) or NULL; set by interp.c. */
extern sp_line_stat *sp_vm_line_profile;
extern size_t sp_vm_line_profile_n;
void sp_vm_set_budget(uint64_t instructions);

#endif
