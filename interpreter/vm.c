/*
 * vm.c — the bytecode interpreter.
 *
 * Design overview
 * ---------------
 * One dispatch loop (`eval`) runs frames. Python-to-Python calls push a frame and
 * continue in the same loop, so Python recursion does not consume C stack; only
 * re-entry from C (sp_call on a function from a builtin, generators being resumed,
 * class bodies) nests a new `eval` invocation, guarded by the recursion counter.
 *
 * Dispatch uses computed goto (GNU C) with a switch fallback. The hot state lives
 * in locals the compiler keeps in registers: `ip` (next instruction), `sp` (value
 * stack top), `L` (slots). Before any operation that may allocate (and therefore
 * collect) or re-enter the VM, SYNC() writes sp/ip back to the frame so the GC
 * tracer sees exactly the live stack.
 *
 * Exceptions: a per-frame block stack. SETUP_FINALLY records a handler and the
 * stack depth; when an exception unwinds to it, the depth is restored, the
 * previously handled exception and the new one are pushed, and an EXCEPT_HANDLER
 * block remembers to restore sp_st.handled_exc when the handler exits (POP_EXCEPT)
 * or is unwound. Each frame an exception passes adds a traceback entry whose aux
 * field keeps the instruction index (for the caret columns of the report).
 *
 * Float temporaries: BINARY_OP's float fast path marks its new result
 * SP_FLOAT_TEMP when the next instruction is a BINARY_OP, which then consumes it
 * as its right operand with nothing in between; that BINARY_OP writes its own
 * float result into the marked object instead of allocating (`a - b * c`,
 * `x * x + y * y` allocate once per product, not per operation). Invariants:
 *  1. A float marked SP_FLOAT_TEMP is referenced by the top of one value stack
 *     only, and the instruction about to run there is a BINARY_OP.
 *  2. A BINARY_OP either reuses (then re-marks or clears) its right operand's
 *     object or clears the mark before the operand can escape (binop_generic).
 *
 * The instruction budget and the line profile share one counter per
 * instruction: `--vm_left <= 0` (a count down to the next trap) is false on the
 * fast path; the instruction count is vm_tick_limit - vm_left.
 */
#include "vm.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "compile.h"
#include "gc.h"
#include "obj_dict.h"
#include "obj_float.h"
#include "obj_int.h"
#include "obj_str.h"
#include "obj_type.h"
#include "trace.h"

#if defined(__GNUC__) && !defined(SP_NO_COMPUTED_GOTO)
#define USE_COMPUTED_GOTO 1
#else
#define USE_COMPUTED_GOTO 0
#endif

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

void sp_compile_trace(void);

SP_RUN_STATE sp_frame *sp_vm_current;
SP_RUN_STATE sp_line_stat *sp_vm_line_profile;
SP_RUN_STATE size_t sp_vm_line_profile_n;

/* The next trap is due when the instruction count reaches vm_tick_limit;
 * vm_left = vm_tick_limit - count (<= 0: trap before the next instruction). */
SP_RUN_STATE static uint64_t vm_tick_limit = INT64_MAX;
SP_RUN_STATE static int64_t vm_left = INT64_MAX;
static inline uint64_t vm_ticks_now(void)
{
    return vm_tick_limit - (uint64_t)vm_left;
}
/* Count one instruction; true when a trap is due. One read-modify-write and a
 * branch on x86-64 (compilers otherwise load, store and test, and hoist the
 * slow path's loads into every dispatch). */
#if defined(__x86_64__) && defined(__GCC_ASM_FLAG_OUTPUTS__)
#define VM_TICK_DUE()                                                                              \
    ({                                                                                             \
        bool due_;                                                                                 \
        __asm__ volatile("subq $1, %0" : "+m"(vm_left), "=@ccle"(due_));                           \
        due_;                                                                                      \
    })
#else
#define VM_TICK_DUE() (--vm_left <= 0)
#endif
/* The count as seen from a trap (volatile: keeps the loads in the trap). */
static inline uint64_t vm_ticks_trap(void)
{
    return *(volatile uint64_t *)&vm_tick_limit - (uint64_t) * (volatile int64_t *)&vm_left;
}
/* Trap when the count (now `ticks`) reaches limit (at once if limit <= ticks). */
static inline void vm_set_limit(uint64_t ticks, uint64_t limit)
{
    if (limit > ticks && limit - ticks > INT64_MAX) limit = ticks + INT64_MAX;
    vm_tick_limit = limit;
    vm_left = (int64_t)(limit - ticks);
}
/* Python-level calls of this run (sp_stats.calls): one add per call here, copied
 * into the run's statistics at its end (sp_vm_calls). */
SP_RUN_STATE static uint64_t vm_calls;
/* vm_budget: 0 is unlimited; vm_budget_limit: vm_budget, or UINT64_MAX when unlimited */
SP_RUN_STATE static uint64_t vm_budget;
SP_RUN_STATE static uint64_t vm_budget_limit = UINT64_MAX;
/* eval's trap takes its short path (line profile only) while the count is below
 * this: vm_budget_limit when the line profile is on and no tracer is, else 0.
 * Set per run by sp_vm_set_budget (after the tracer is set up). */
SP_RUN_STATE static uint64_t prof_fast_limit;
static void prof_reset(void);
static void prof_settle(uint64_t upto);

static sp_val str_dunder_module;
static sp_val str_classcell, str_metaclass, str_name, str_all, str_send, str_throw, str_close,
    str_enter, str_exit, str_annotations, str_dunder_name;

/* ---- frame stack ------------------------------------------------------------------ */

typedef struct chunk {
    struct chunk *prev;
    size_t size, used;
    _Alignas(16) char data[];
} chunk;

SP_RUN_STATE static chunk *fs_top;
SP_RUN_STATE static sp_val ne_exc, ne_locals, ne_globals, ne_builtins; /* see remember_name_error */
static const sp_getset_def traceback_getsets[];

static size_t frame_size(const sp_code *co)
{
    size_t n = (size_t)(co->nlocals + co->ncells + co->nfree + co->stacksize);
    return (sizeof(sp_frame) + n * sizeof(sp_val) + 15) & ~(size_t)15;
}

size_t sp_vm_frame_size(const sp_code *co)
{
    return frame_size(co);
}

static void frame_init(sp_frame *f, sp_code *co, size_t size)
{
    size_t nslots = (size_t)(co->nlocals + co->ncells + co->nfree);
    f->back = NULL;
    f->code = co;
    f->func = NULL;
    f->locals_dict = NULL;
    f->gen = NULL;
    f->init_call = false;
    f->alloc_size = size;
    f->nblocks = 0;
    f->entry = false;
    f->suspended_yield = false;
    f->last_line = 0;
    memset(f->slots, 0, nslots * sizeof(sp_val));
    f->stack_base = f->slots + nslots;
    f->sp = f->stack_base;
    f->ip = co->code;
}

static sp_frame *frame_push(sp_code *co)
{
    size_t size = frame_size(co);
    if (!fs_top || fs_top->used + size > fs_top->size) {
        size_t csize = size > (256u << 10) ? size : (256u << 10);
        chunk *c = sp_sys_malloc(sizeof(chunk) + csize);
        if (!c) return sp_err_no_memory();
        c->prev = fs_top;
        c->size = csize;
        c->used = 0;
        fs_top = c;
    }
    sp_frame *f = (sp_frame *)(fs_top->data + fs_top->used);
    fs_top->used += size;
    frame_init(f, co, size);
    return f;
}

static void frame_pop(sp_frame *f)
{
    chunk *c = fs_top;
    c->used -= f->alloc_size;
    if (c->used == 0 && c->prev) {
        fs_top = c->prev;
        sp_sys_free(c);
    }
}

/* The call fast path: a frame for fn called with exactly its positional
 * parameters (co->simple_call, no keywords), bound in place of frame_push +
 * bind_args. NULL when the current chunk is full (the caller then takes the
 * general path, which allocates a new chunk). */
static inline __attribute__((always_inline)) sp_frame *
frame_push_simple(sp_function *fn, sp_code *co, sp_val const *args, size_t nargs)
{
    size_t size = co->frame_bytes;
    chunk *c = fs_top;
    if (unlikely(!c || c->used + size > c->size)) return NULL;
    sp_frame *f = (sp_frame *)(c->data + c->used);
    c->used += size;
    f->code = co;
    f->func = &fn->ob;
    f->globals = fn->globals;
    f->builtins = fn->builtins;
    f->locals_dict = NULL;
    f->gen = NULL;
    f->init_call = false;
    f->alloc_size = size;
    f->nblocks = 0;
    f->entry = false;
    f->suspended_yield = false;
    f->last_line = 0;
    size_t nlocals = (size_t)co->nlocals;
    for (size_t i = 0; i < nargs; i++)
        f->slots[i] = args[i];
    for (size_t i = nargs; i < nlocals; i++)
        f->slots[i] = NULL;
    f->stack_base = f->slots + nlocals;
    f->sp = f->stack_base;
    f->ip = co->code;
    return f;
}

static sp_frame *frame_new_heap(sp_code *co)
{
    size_t size = frame_size(co);
    sp_frame *f = sp_mem_alloc(size);
    if (!f) return NULL;
    frame_init(f, co, size);
    return f;
}

/* ---- GC roots ------------------------------------------------------------------------ */

static void trace_frame(sp_frame *f)
{
    sp_gc_mark((sp_val)f->code);
    sp_gc_mark(f->func);
    sp_gc_mark(f->globals);
    sp_gc_mark(f->builtins);
    sp_gc_mark(f->locals_dict);
    sp_gc_mark(f->gen);
    sp_code *co = f->code;
    sp_gc_mark_array(f->slots, (size_t)(co->nlocals + co->ncells + co->nfree));
    if (f->sp > f->stack_base) sp_gc_mark_array(f->stack_base, (size_t)(f->sp - f->stack_base));
}

static void vm_tracer(void)
{
    for (sp_frame *f = sp_vm_current; f; f = f->back)
        trace_frame(f);
    sp_compile_trace();
}

void sp_vm_trace_generator_frame(sp_frame *f)
{
    trace_frame(f);
}

/* ---- set up -------------------------------------------------------------------------- */

int sp_vm_init(void)
{
    sp_vm_current = NULL;
    fs_top = NULL;
    vm_budget = 0;
    vm_budget_limit = UINT64_MAX;
    vm_set_limit(0, UINT64_MAX);
    sp_gc_add_tracer(vm_tracer);
    sp_code_init_type();
    sp_func_init_types();
    sp_type_ready(&sp_type_traceback, NULL, traceback_getsets);
#define INTERN(var, s)                                                                             \
    do {                                                                                           \
        var = sp_str_intern(s);                                                                    \
        if (!var) return -1;                                                                       \
    } while (0)
    INTERN(str_classcell, "__classcell__");
    INTERN(str_metaclass, "metaclass");
    INTERN(str_name, "__name__");
    INTERN(str_all, "__all__");
    INTERN(str_send, "send");
    INTERN(str_throw, "throw");
    INTERN(str_close, "close");
    INTERN(str_enter, "__enter__");
    INTERN(str_exit, "__exit__");
    INTERN(str_annotations, "__annotations__");
    INTERN(str_dunder_name, "__name__");
    INTERN(str_dunder_module, "__module__");
    ne_exc = ne_locals = ne_globals = ne_builtins = NULL;
    sp_gc_root(&ne_exc);
    sp_gc_root(&ne_locals);
    sp_gc_root(&ne_globals);
    sp_gc_root(&ne_builtins);
#undef INTERN
    return 0;
}

void sp_vm_shutdown(void)
{
    sp_trace_stop();
    prof_reset();
    prof_fast_limit = 0;
    while (fs_top) {
        chunk *c = fs_top;
        fs_top = c->prev;
        sp_sys_free(c);
    }
    sp_vm_current = NULL;
}

void sp_vm_set_budget(uint64_t instructions)
{
    vm_calls = 0;
    vm_budget = instructions;
    vm_budget_limit = instructions ? instructions : UINT64_MAX;
    prof_reset();
    bool tracing = sp_trace_start();
    prof_fast_limit = sp_vm_line_profile && !tracing ? vm_budget_limit : 0;
    vm_set_limit(vm_ticks_now(), tracing || sp_vm_line_profile ? 0 : vm_budget_limit);
}

uint64_t sp_vm_calls(void)
{
    return vm_calls;
}

uint64_t sp_vm_instructions(void)
{
    /* interp.c reads this right before it takes the line profile: settle the
     * instructions still owed to the current line (harmless mid-run too) */
    uint64_t ticks = vm_ticks_now();
    if (sp_vm_line_profile) prof_settle(ticks);
    return ticks;
}

/* ---- tracebacks ------------------------------------------------------------------------ */

static void traceback_trace(sp_val self)
{
    sp_gc_mark(((sp_traceback *)self)->next);
    sp_gc_mark(((sp_traceback *)self)->code);
}

static sp_val tb_get_next(sp_val self)
{
    sp_val n = ((sp_traceback *)self)->next;
    return n ? n : sp_None;
}
static sp_val tb_get_lineno(sp_val self)
{
    return sp_small(((sp_traceback *)self)->line);
}
static sp_val tb_get_lasti(sp_val self)
{
    return sp_small(2 * (int64_t)sp_vm_traceback_instr(self));
}
static sp_val tb_get_code(sp_val self)
{
    return ((sp_traceback *)self)->code;
}

static const sp_getset_def traceback_getsets[] = {
    {"tb_next", tb_get_next, NULL},
    {"tb_lineno", tb_get_lineno, NULL},
    {"tb_lasti", tb_get_lasti, NULL},
    {"tb_code", tb_get_code, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_traceback = {
    .name = "traceback",
    .basic_size = sizeof(sp_traceback),
    .trace = traceback_trace,
    .getattr = sp_generic_getattr,
};

void sp_vm_add_traceback(sp_val exc, sp_code *co, size_t instr)
{
    if (!exc || sp_is_small(exc) || !sp_isinstance(exc, &sp_exc_BaseException)) return;
    sp_val saved = sp_st.exc;
    sp_st.exc = NULL;
    sp_traceback *tb = sp_gc_new(&sp_type_traceback, sizeof(sp_traceback));
    sp_st.exc = saved;
    if (!tb) return;
    sp_exc *e = (sp_exc *)exc;
    tb->next = e->traceback;
    tb->code = (sp_val)co;
    tb->line = sp_code_line(co, instr);
    tb->ob.aux = (uint32_t)instr + 1;
    e->traceback = (sp_val)tb;
}

long sp_vm_traceback_instr(sp_val tb)
{
    return (long)((sp_traceback *)tb)->ob.aux - 1;
}

/* ---- argument binding ------------------------------------------------------------------ */

/* The function's current __qualname__ (assignable), as CPython's argument errors use. */
static const char *qualname_of(sp_function *fn)
{
    if (fn->qualname && sp_str_check(fn->qualname)) return sp_str_cstr(fn->qualname);
    return sp_str_cstr(((sp_code *)fn->code)->qualname);
}

static void *missing_args(sp_function *fn, sp_val *L, int from, int to, bool kwonly)
{
    sp_code *co = (sp_code *)fn->code;
    sp_tuple *vn = (sp_tuple *)co->varnames;
    int missing[to - from + 1];
    int n = 0;
    for (int i = from; i < to; i++)
        if (!L[i]) missing[n++] = i;
    sp_buf b;
    sp_buf_init(&b);
    for (int k = 0; k < n; k++) {
        sp_val r = sp_repr(vn->items[missing[k]]);
        if (!r) {
            sp_buf_free(&b);
            return NULL;
        }
        sp_buf_append_val_str(&b, r);
        if (n == 2 && k == 0)
            sp_buf_append_cstr(&b, " and ");
        else if (n > 2 && k < n - 2)
            sp_buf_append_cstr(&b, ", ");
        else if (n > 2 && k == n - 2)
            sp_buf_append_cstr(&b, ", and ");
    }
    sp_val names = sp_buf_to_str(&b);
    if (!names) return NULL;
    return sp_err_set(&sp_exc_TypeError, "%s() missing %d required %s argument%s: %S",
                      qualname_of(fn), n, kwonly ? "keyword-only" : "positional", n == 1 ? "" : "s",
                      names);
}

static void *too_many_positional(sp_function *fn, sp_val *L, size_t given, int ndefaults)
{
    sp_code *co = (sp_code *)fn->code;
    int argc = co->argcount;
    int kwonly_given = 0;
    for (int i = argc; i < argc + co->kwonlyargcount; i++)
        if (L[i]) kwonly_given++;
    char takes[96];
    if (ndefaults > 0)
        snprintf(takes, sizeof takes, "from %d to %d positional arguments", argc - ndefaults, argc);
    else
        snprintf(takes, sizeof takes, "%d positional argument%s", argc, argc == 1 ? "" : "s");
    char kwmsg[96] = "";
    if (kwonly_given)
        snprintf(kwmsg, sizeof kwmsg, " positional argument%s (and %d keyword-only argument%s)",
                 given == 1 ? "" : "s", kwonly_given, kwonly_given == 1 ? "" : "s");
    return sp_err_set(&sp_exc_TypeError, "%s() takes %s but %zu%s %s given", qualname_of(fn), takes,
                      given, kwmsg, (given == 1 && !kwonly_given) ? "was" : "were");
}

/* Fill the parameter slots of frame f (fresh, zeroed) for a call of fn. */
static int bind_args(sp_frame *f, sp_function *fn, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_code *co = (sp_code *)fn->code;
    sp_val *L = f->slots;
    int argc = co->argcount;
    int kwonly = co->kwonlyargcount;
    uint32_t flags = co->flags;
    size_t nkw = kwnames ? ((sp_tuple *)kwnames)->len : 0;

    /* fast path: exact positional call */
    if (nkw == 0 && nargs == (size_t)argc && !(flags & (SP_CO_VARARGS | SP_CO_VARKEYWORDS)) &&
        kwonly == 0) {
        for (int i = 0; i < argc; i++)
            L[i] = args[i];
        goto cells;
    }
    size_t npos = nargs < (size_t)argc ? nargs : (size_t)argc;
    for (size_t i = 0; i < npos; i++)
        L[i] = args[i];
    int extra_slot = argc + kwonly;
    if (flags & SP_CO_VARARGS) {
        size_t n = nargs > (size_t)argc ? nargs - (size_t)argc : 0;
        sp_val t = n ? sp_tuple_new(n) : sp_empty_tuple;
        if (!t) return -1;
        for (size_t i = 0; i < n; i++)
            ((sp_tuple *)t)->items[i] = args[argc + (int)i];
        L[extra_slot++] = t;
    }
    sp_val kwdict = NULL;
    if (flags & SP_CO_VARKEYWORDS) {
        kwdict = sp_dict_new();
        if (!kwdict) return -1;
        L[extra_slot] = kwdict;
    }
    sp_tuple *vn = (sp_tuple *)co->varnames;
    sp_val posonly_kw = NULL; /* names of positional-only params passed by keyword */
    for (size_t k = 0; k < nkw; k++) {
        sp_val name = ((sp_tuple *)kwnames)->items[k];
        sp_val value = args[nargs + k];
        int j = -1;
        for (int i = co->posonlyargcount; i < argc + kwonly; i++)
            if (vn->items[i] == name) {
                j = i;
                break;
            }
        if (j < 0)
            for (int i = co->posonlyargcount; i < argc + kwonly; i++)
                if (sp_str_eq(vn->items[i], name)) {
                    j = i;
                    break;
                }
        if (j >= 0) {
            if (L[j])
                return sp_err_set(&sp_exc_TypeError, "%s() got multiple values for argument '%s'",
                                  qualname_of(fn), sp_str_cstr(name))
                           ? -1
                           : -1;
            L[j] = value;
            continue;
        }
        if (kwdict) {
            if (sp_dict_set(kwdict, name, value) < 0) return -1;
            continue;
        }
        for (int i = 0; i < co->posonlyargcount; i++)
            if (sp_str_eq(vn->items[i], name)) {
                if (!posonly_kw && !(posonly_kw = sp_list_new(2))) return -1;
                sp_list_append(posonly_kw, name);
                j = i;
                break;
            }
        if (j >= 0) continue;
        if (!sp_str_check(name))
            return sp_err_set(&sp_exc_TypeError, "%s() keywords must be strings", qualname_of(fn))
                       ? -1
                       : -1;
        return sp_err_set(&sp_exc_TypeError, "%s() got an unexpected keyword argument '%s'",
                          qualname_of(fn), sp_str_cstr(name))
                   ? -1
                   : -1;
    }
    if (posonly_kw) {
        sp_val sep = sp_str_intern(", ");
        sp_val joined = sep ? sp_str_join(sep, posonly_kw) : NULL;
        if (!joined) return -1;
        sp_err_set(&sp_exc_TypeError,
                   "%s() got some positional-only arguments passed as keyword arguments: '%S'",
                   qualname_of(fn), joined);
        return -1;
    }
    int ndefaults = fn->defaults ? (int)((sp_tuple *)fn->defaults)->len : 0;
    if (nargs > (size_t)argc && !(flags & SP_CO_VARARGS)) {
        too_many_positional(fn, L, nargs, ndefaults);
        return -1;
    }
    if (nargs < (size_t)argc) {
        int first_default = argc - ndefaults;
        for (int i = (int)nargs; i < argc; i++) {
            if (L[i]) continue;
            if (i >= first_default) {
                L[i] = ((sp_tuple *)fn->defaults)->items[i - first_default];
            } else {
                missing_args(fn, L, (int)nargs, first_default, false);
                return -1;
            }
        }
    }
    if (kwonly) {
        bool missing = false;
        for (int i = argc; i < argc + kwonly; i++) {
            if (L[i]) continue;
            sp_val d = fn->kwdefaults ? sp_dict_get(fn->kwdefaults, vn->items[i]) : NULL;
            if (d)
                L[i] = d;
            else
                missing = true;
        }
        if (missing) {
            missing_args(fn, L, argc, argc + kwonly, true);
            return -1;
        }
    }
cells:
    if (co->ncells | co->nfree) {
        for (int i = 0; i < co->ncells; i++) {
            int a = co->cell2arg ? co->cell2arg[i] : -1;
            sp_val cell = sp_cell_new(a >= 0 ? L[a] : NULL);
            if (!cell) return -1;
            L[co->nlocals + i] = cell;
        }
        sp_tuple *cl = (sp_tuple *)fn->closure;
        for (int i = 0; i < co->nfree; i++)
            L[co->nlocals + co->ncells + i] = cl->items[i];
    }
    return 0;
}

/* ---- helpers used by the loop ------------------------------------------------------------ */

/* The last NameError raised by a name lookup and where it happened, kept so the
 * uncaught-exception report can offer "Did you mean" like CPython (which reads the
 * frame's locals, globals and builtins at print time). GC roots. */

static void remember_name_error(sp_frame *f)
{
    ne_exc = sp_st.exc;
    ne_globals = f->globals;
    ne_builtins = f->builtins;
    ne_locals = NULL;
    sp_val saved = sp_st.exc;
    sp_st.exc = NULL;
    sp_val l = sp_list_new(8);
    if (l) {
        sp_code *co = f->code;
        if (f->locals_dict && sp_typeof(f->locals_dict) == &sp_type_dict) {
            size_t pos = 0;
            sp_val k, v;
            while (sp_dict_next(f->locals_dict, &pos, &k, &v))
                sp_list_append(l, k);
        } else if (!(co->flags & SP_CO_MODULE)) {
            for (int i = 0; i < co->nlocals; i++)
                if (f->slots[i]) sp_list_append(l, ((sp_tuple *)co->varnames)->items[i]);
            for (int i = 0; i < co->ncells + co->nfree; i++) {
                sp_val cell = f->slots[co->nlocals + i];
                if (cell && ((sp_cell *)cell)->ref)
                    sp_list_append(l, i < co->ncells
                                          ? ((sp_tuple *)co->cellvars)->items[i]
                                          : ((sp_tuple *)co->freevars)->items[i - co->ncells]);
            }
        }
        ne_locals = l;
    }
    sp_st.exc = saved;
}

sp_val sp_vm_name_error_scope(sp_val exc, int which)
{
    if (!exc || exc != ne_exc) return NULL;
    return which == 0 ? ne_locals : which == 1 ? ne_globals : ne_builtins;
}

/* CPython 3.11 sets AttributeError.name/.obj and NameError.name for suggestions. */
static void set_error_context(sp_type *type, sp_val name, sp_val obj)
{
    sp_val exc = sp_st.exc;
    if (!exc || sp_typeof(exc) != type) return;
    sp_st.exc = NULL;
    if (sp_setattr(exc, sp_str_intern("name"), name) < 0 ||
        (obj && sp_setattr(exc, sp_str_intern("obj"), obj) < 0))
        sp_err_clear();
    sp_st.exc = exc;
}

static void *name_error_in(sp_frame *f, sp_val name)
{
    sp_err_set(&sp_exc_NameError, "name '%S' is not defined", name);
    set_error_context(&sp_exc_NameError, name, NULL);
    if (f) remember_name_error(f);
    return NULL;
}

static void *unbound_local(sp_code *co, uint32_t slot)
{
    sp_val name;
    if ((int)slot < co->nlocals)
        name = ((sp_tuple *)co->varnames)->items[slot];
    else if ((int)slot < co->nlocals + co->ncells)
        name = ((sp_tuple *)co->cellvars)->items[slot - (uint32_t)co->nlocals];
    else {
        name = ((sp_tuple *)co->freevars)->items[slot - (uint32_t)(co->nlocals + co->ncells)];
        return sp_err_set(&sp_exc_NameError,
                          "cannot access free variable '%S' where it is not associated with a "
                          "value in enclosing scope",
                          name);
    }
    return sp_err_set(&sp_exc_UnboundLocalError,
                      "cannot access local variable '%S' where it is not associated with a value",
                      name);
}

static sp_val load_global(sp_frame *f, sp_instr *in, sp_val name)
{
    sp_val g = f->globals, b = f->builtins;
    sp_val *slot = sp_dict_slot(g, name);
    sp_global_cache *gc = in->cache != SP_NO_CACHE ? &f->code->caches[in->cache] : NULL;
    if (slot && *slot) {
        if (gc) {
            gc->slot = slot;
            gc->globals = g;
            gc->builtins = b;
            gc->globals_version = ((sp_dict *)g)->version;
            gc->builtins_version = ((sp_dict *)b)->version;
        }
        return *slot;
    }
    slot = sp_dict_slot(b, name);
    if (slot && *slot) {
        if (gc) {
            gc->slot = slot;
            gc->globals = g;
            gc->builtins = b;
            gc->globals_version = ((sp_dict *)g)->version;
            gc->builtins_version = ((sp_dict *)b)->version;
        }
        return *slot;
    }
    if (sp_err_occurred()) return NULL;
    return name_error_in(f, name);
}

static sp_val mapping_get(sp_val m, sp_val key)
{
    if (sp_typeof(m) == &sp_type_dict) return sp_dict_get(m, key);
    sp_val v = sp_getitem(m, key);
    if (!v && sp_err_matches(&sp_exc_KeyError)) sp_err_clear();
    return v;
}

static sp_val load_name(sp_frame *f, sp_val name)
{
    sp_val v;
    if (f->locals_dict) {
        v = mapping_get(f->locals_dict, name);
        if (v || sp_err_occurred()) return v;
    }
    v = sp_dict_get(f->globals, name);
    if (v || sp_err_occurred()) return v;
    v = sp_dict_get(f->builtins, name);
    if (v || sp_err_occurred()) return v;
    return name_error_in(f, name);
}

/* sp_dict_set(d, name, v) for STORE_NAME and STORE_GLOBAL (d an exact dict, name
 * an interned str: code.h invariant 3). The instruction's unused cache field
 * remembers the entry where d last held name: a module-level loop rebinds the
 * same globals, and a replacement there is one compare and one store. The hint
 * is only a guess (any value is safe: it is checked against the entry's key),
 * and a replacement keeps the dict's version, as sp_dict_set's does. */
static inline __attribute__((always_inline)) int store_hinted(sp_val d, sp_val name, sp_val v,
                                                              sp_instr *in)
{
    sp_dict_impl *im = (sp_dict_impl *)((sp_dict *)d)->impl;
    uint32_t h = in->cache;
    if (likely(im && h < im->used && im->entries[h].key == name)) {
        im->entries[h].value = v;
        return 0;
    }
    uint32_t hint = SP_NO_CACHE;
    if (sp_dict_set_hint_slow(d, name, v, &hint) < 0) return -1;
    in->cache = hint < SP_NO_CACHE ? (uint16_t)hint : SP_NO_CACHE;
    return 0;
}

/* in: the STORE_NAME being run (its hint), or NULL */
static int store_name(sp_frame *f, sp_val name, sp_val v, sp_instr *in)
{
    sp_val d = f->locals_dict ? f->locals_dict : f->globals;
    if (sp_typeof(d) != &sp_type_dict) return sp_setitem(d, name, v);
    return in ? store_hinted(d, name, v, in) : sp_dict_set(d, name, v);
}

static int delete_name(sp_frame *f, sp_val name)
{
    sp_val d = f->locals_dict ? f->locals_dict : f->globals;
    int r = sp_typeof(d) == &sp_type_dict ? sp_dict_del(d, name) : sp_delitem(d, name);
    if (r < 0 && sp_err_matches(&sp_exc_KeyError)) {
        sp_err_clear();
        name_error_in(f, name);
    }
    return r;
}

static sp_val format_value(sp_val v, uint32_t flags, sp_val spec)
{
    switch (flags & 3) {
    case 1:
        v = sp_str_of(v);
        break;
    case 2:
        v = sp_repr(v);
        break;
    case 3:
        v = sp_ascii(v);
        break;
    default:
        break;
    }
    if (!v) return NULL;
    if (!spec && sp_typeof(v) == &sp_type_str) return v;
    if (!spec) {
        spec = sp_str_intern("");
        if (!spec) return NULL;
    }
    return sp_format(v, spec);
}

static sp_val build_string(sp_val *items, size_t n)
{
    sp_buf b;
    sp_buf_init(&b);
    for (size_t i = 0; i < n; i++)
        if (sp_buf_append_val_str(&b, items[i]) < 0) {
            sp_buf_free(&b);
            return NULL;
        }
    return sp_buf_to_str(&b);
}

static int unpack_iterable(sp_val seq, size_t before, size_t after, bool star, sp_val *out)
{
    /* out receives the values in order; the caller pushes them reversed */
    sp_type *t = sp_typeof(seq);
    size_t total = before + after;
    if (!star && (t == &sp_type_tuple || t == &sp_type_list)) {
        size_t n = t == &sp_type_tuple ? ((sp_tuple *)seq)->len : ((sp_list *)seq)->len;
        sp_val *items = t == &sp_type_tuple ? ((sp_tuple *)seq)->items : ((sp_list *)seq)->items;
        if (n != total) {
            if (n < total)
                sp_err_set(&sp_exc_ValueError,
                           "not enough values to unpack (expected %zu, got %zu)", total, n);
            else
                sp_err_set(&sp_exc_ValueError, "too many values to unpack (expected %zu)", total);
            return -1;
        }
        if (n) /* an empty list may have items == NULL */
            memcpy(out, items, n * sizeof(sp_val));
        return 0;
    }
    sp_val it = sp_iter(seq);
    if (!it) {
        if (sp_err_matches(&sp_exc_TypeError) && !t->iter && !t->getitem) {
            sp_err_clear();
            sp_err_set(&sp_exc_TypeError, "cannot unpack non-iterable %s object", t->name);
        }
        return -1;
    }
    for (size_t i = 0; i < before; i++) {
        sp_val v = sp_next(it);
        if (!v) {
            if (sp_err_occurred()) return -1;
            if (star)
                sp_err_set(&sp_exc_ValueError,
                           "not enough values to unpack (expected at least %zu, got %zu)", total,
                           i);
            else
                sp_err_set(&sp_exc_ValueError,
                           "not enough values to unpack (expected %zu, got %zu)", total, i);
            return -1;
        }
        out[i] = v;
    }
    if (!star) {
        sp_val v = sp_next(it);
        if (v) {
            sp_err_set(&sp_exc_ValueError, "too many values to unpack (expected %zu)", total);
            return -1;
        }
        return sp_err_occurred() ? -1 : 0;
    }
    sp_val rest = sp_list_from_iterable(it);
    if (!rest) return -1;
    sp_list *l = (sp_list *)rest;
    if (l->len < after) {
        sp_err_set(&sp_exc_ValueError,
                   "not enough values to unpack (expected at least %zu, got %zu)", total,
                   before + l->len);
        return -1;
    }
    for (size_t i = 0; i < after; i++)
        out[before + 1 + i] = l->items[l->len - after + i];
    l->len -= after;
    out[before] = rest;
    return 0;
}

static bool exc_matches(sp_val exc, sp_val type, int *err)
{
    *err = 0;
    if (sp_typeof(type) == &sp_type_tuple) {
        sp_tuple *t = (sp_tuple *)type;
        for (size_t i = 0; i < t->len; i++) {
            bool m = exc_matches(exc, t->items[i], err);
            if (*err || m) return m;
        }
        return false;
    }
    if (!sp_isinstance(type, &sp_type_type) ||
        !sp_is_subtype((sp_type *)type, &sp_exc_BaseException)) {
        sp_err_set(&sp_exc_TypeError,
                   "catching classes that do not inherit from BaseException is not allowed");
        *err = 1;
        return false;
    }
    return sp_isinstance(exc, (sp_type *)type);
}

static sp_val import_name(sp_val name, sp_val fromlist, sp_val level)
{
    if (sp_is_small(level) && sp_small_value(level) > 0)
        return sp_err_set(&sp_exc_ImportError,
                          "attempted relative import with no known parent package");
    sp_val mod = sp_import(name);
    if (!mod) return NULL;
    if (fromlist == sp_None || fromlist == NULL) {
        const char *s = sp_str_cstr(name);
        const char *dot = strchr(s, '.');
        if (dot) {
            sp_val top = sp_str_new(s, (size_t)(dot - s));
            if (!top) return NULL;
            return sp_import(top);
        }
    }
    return mod;
}

static sp_val import_from(sp_val mod, sp_val name)
{
    sp_val v = sp_getattr_opt(mod, name);
    if (v || sp_err_occurred()) return v;
    sp_val modname = sp_getattr_opt(mod, str_dunder_name);
    if (modname && sp_str_check(modname)) {
        sp_val full = sp_str_format("%S.%S", modname, name);
        if (full) {
            v = sp_import(full);
            if (v) return v;
            sp_err_clear();
        }
        return sp_err_set(&sp_exc_ImportError,
                          "cannot import name '%S' from '%S' (unknown location)", name, modname);
    }
    sp_err_clear();
    return sp_err_set(&sp_exc_ImportError, "cannot import name '%S'", name);
}

static int import_star(sp_frame *f, sp_val mod)
{
    sp_val dict = sp_getattr_cstr(mod, "__dict__");
    if (!dict) return -1;
    sp_val all = sp_getattr_opt(mod, str_all);
    if (all) {
        sp_val it = sp_iter(all);
        if (!it) return -1;
        sp_val name;
        while ((name = sp_next(it))) {
            sp_val v = sp_getattr(mod, name);
            if (!v || store_name(f, name, v, NULL) < 0) return -1;
        }
        return sp_err_occurred() ? -1 : 0;
    }
    if (sp_err_occurred()) return -1;
    size_t pos = 0;
    sp_val k, v;
    while (sp_dict_next(dict, &pos, &k, &v)) {
        if (sp_str_check(k) && sp_str_cstr(k)[0] == '_') continue;
        if (store_name(f, k, v, NULL) < 0) return -1;
    }
    return 0;
}

/* call exit(type, value, tb) for a with block's exceptional exit */
static sp_val with_exit_exc(sp_val exit, sp_val exc)
{
    sp_exc *e = (sp_exc *)exc;
    sp_val args[3] = {(sp_val)sp_typeof(exc), exc, e->traceback ? e->traceback : sp_None};
    return sp_call(exit, args, 3, NULL);
}

static sp_val before_with(sp_val mgr, sp_val *exit_out)
{
    bool found;
    sp_type *t = sp_typeof(mgr);
    sp_val enter = sp_type_lookup(t, str_enter);
    sp_val exit = sp_type_lookup(t, str_exit);
    if (!enter)
        return sp_err_set(&sp_exc_TypeError,
                          "'%s' object does not support the context manager protocol", t->name);
    if (!exit)
        return sp_err_set(
            &sp_exc_TypeError,
            "'%s' object does not support the context manager protocol (missed __exit__ method)",
            t->name);
    sp_type *et = sp_typeof(exit);
    sp_val bound = et->descr_get ? et->descr_get(exit, mgr, (sp_val)t) : exit;
    if (!bound) return NULL;
    *exit_out = bound;
    (void)found;
    return sp_call_special(mgr, str_enter, NULL, 0, &found);
}

/* Call with args taken from a tuple and optional kwargs mapping. */
static sp_val call_ex(sp_val fn, sp_val args, sp_val kwargs)
{
    if (sp_typeof(args) != &sp_type_tuple) {
        sp_val t = sp_tuple_from_iterable(args);
        if (!t) return NULL;
        args = t;
    }
    sp_tuple *a = (sp_tuple *)args;
    if (!kwargs || (sp_typeof(kwargs) == &sp_type_dict && ((sp_dict *)kwargs)->len == 0))
        return sp_call(fn, a->items, a->len, NULL);
    if (sp_typeof(kwargs) != &sp_type_dict) {
        sp_val d = sp_dict_new();
        if (!d || sp_dict_update(d, kwargs) < 0) return NULL;
        kwargs = d;
    }
    size_t nkw = ((sp_dict *)kwargs)->len;
    size_t total = a->len + nkw;
    sp_val *buf = sp_mem_alloc(total * sizeof(sp_val));
    if (!buf) return NULL;
    sp_val names = sp_tuple_new(nkw);
    if (!names) {
        sp_mem_free(buf, total * sizeof(sp_val));
        return NULL;
    }
    if (a->len) memcpy(buf, a->items, a->len * sizeof(sp_val));
    size_t pos = 0, i = 0;
    sp_val k, v;
    while (sp_dict_next(kwargs, &pos, &k, &v)) {
        if (!sp_str_check(k)) {
            sp_mem_free(buf, total * sizeof(sp_val));
            return sp_err_set(&sp_exc_TypeError, "keywords must be strings");
        }
        ((sp_tuple *)names)->items[i] = k;
        buf[a->len + i] = v;
        i++;
    }
    sp_val r = sp_call(fn, buf, a->len, names);
    /* The converted args tuple / kwargs dict may be temporaries whose values only the
     * raw buf refers to while the callee allocates: keep them until the call is done. */
    SP_KEEP_ALIVE(args);
    SP_KEEP_ALIVE(kwargs);
    sp_mem_free(buf, total * sizeof(sp_val));
    return r;
}

/* CPython's _PyObject_FunctionStr: "module.qualname()" for error messages. */
static sp_val function_str(sp_val func)
{
    if (!func) /* class keywords (SP_MERGE_IN_CLASS): CPython names the builtin */
        return sp_str_from_cstr("__build_class__()");
    sp_val q = sp_getattr_opt(func, sp_str_intern("__qualname__"));
    if (!q || !sp_str_check(q)) {
        sp_err_clear();
        return sp_str_of(func);
    }
    sp_val m = sp_getattr_opt(func, str_dunder_module);
    sp_err_clear();
    if (m && sp_str_check(m) && !sp_str_eq_cstr(m, "builtins"))
        return sp_str_format("%S.%S()", m, q);
    return sp_str_format("%S()", q);
}

static int dict_merge_checked(sp_val func, sp_val d, sp_val other)
{
    /* f(**a, **b): duplicate keys are an error */
    sp_val src = other;
    if (sp_typeof(other) != &sp_type_dict) {
        sp_val keys = sp_isinstance(other, &sp_type_dict)
                          ? NULL
                          : sp_getattr_opt(other, sp_str_intern("keys"));
        if (!keys && !sp_isinstance(other, &sp_type_dict)) {
            if (!sp_err_occurred()) {
                sp_val fs = function_str(func);
                if (fs)
                    sp_err_set(&sp_exc_TypeError, "%S argument after ** must be a mapping, not %s",
                               fs, sp_type_name(other));
            }
            return -1;
        }
        src = sp_dict_new();
        if (!src) return -1;
        if (sp_dict_update(src, other) < 0) {
            if (sp_err_matches(&sp_exc_AttributeError) || sp_err_matches(&sp_exc_TypeError)) {
                sp_err_clear();
                sp_val fs = function_str(func);
                if (fs)
                    sp_err_set(&sp_exc_TypeError, "%S argument after ** must be a mapping, not %s",
                               fs, sp_type_name(other));
            }
            return -1;
        }
    }
    size_t pos = 0;
    sp_val k, v;
    while (sp_dict_next(src, &pos, &k, &v)) {
        if (sp_dict_get(d, k)) {
            sp_val fs = function_str(func);
            if (fs)
                sp_err_set(&sp_exc_TypeError, "%S got multiple values for keyword argument '%S'",
                           fs, k);
            return -1;
        }
        if (sp_dict_set(d, k, v) < 0) return -1;
    }
    return 0;
}

static sp_val make_function(sp_val code, sp_val qualname, sp_val globals, uint32_t flags,
                            sp_val **spp)
{
    sp_val *sp = *spp;
    sp_function *fn = (sp_function *)sp_func_new(code, globals, qualname);
    if (!fn) return NULL;
    if (flags & SP_MF_CLOSURE) fn->closure = *--sp;
    if (flags & SP_MF_ANNOTATIONS) fn->annotations = *--sp;
    if (flags & SP_MF_KWDEFAULTS) fn->kwdefaults = *--sp;
    if (flags & SP_MF_DEFAULTS) fn->defaults = *--sp;
    *spp = sp;
    return (sp_val)fn;
}

/* ---- the loop ------------------------------------------------------------------------------ */

static sp_val eval(sp_frame *f, bool throwing);

static bool is_plain_getattr(sp_type *t)
{
    return t->getattr == sp_generic_getattr || t->getattr == sp_type_object.getattr;
}

static bool is_plain_setattr(sp_type *t)
{
    return t->setattr == sp_generic_setattr || t->setattr == sp_type_object.setattr;
}

/* Fill the inline cache ac for name on t; NULL result: not on the MRO. */
static sp_val __attribute__((noinline)) fill_attr_cache(sp_attr_cache *ac, sp_type *t, sp_val name)
{
    sp_tuple *mro = (sp_tuple *)t->mro;
    sp_val *slot = NULL, holder = NULL;
    for (size_t i = 0; i < mro->len; i++) {
        sp_val d = ((sp_type *)mro->items[i])->dict;
        if (!d || sp_typeof(d) != &sp_type_dict) return sp_type_lookup(t, name);
        slot = sp_dict_slot(d, name);
        if (slot && *slot) {
            if (d != t->dict) holder = d;
            break;
        }
        slot = NULL;
    }
    ac->holder = holder;
    ac->holder_version = holder ? ((sp_dict *)holder)->version : 0;
    ac->type = t;
    ac->epoch = sp_type_epoch;
    ac->dict_version = ((sp_dict *)t->dict)->version;
    ac->slot = slot;
    return slot ? *slot : NULL;
}

/* A dict hint for sites without a cache entry for the type (never relied on). */
SP_RUN_STATE static uint32_t spare_dict_hint;

/* ac (already known to be t's entry) is still valid for t's dict d. */
static inline bool attr_cache_hit(const sp_attr_cache *ac, sp_val d)
{
    return ac->epoch == sp_type_epoch && ac->dict_version == ((sp_dict *)d)->version &&
           (!ac->holder || ((sp_dict *)ac->holder)->version == ac->holder_version);
}

/* sp_type_lookup through an inline cache (see sp_attr_cache). *hint receives the
 * dict hint of the type's entry (or a spare one). */
static inline sp_val cached_type_lookup(sp_code *co, sp_instr *in, sp_type *t, sp_val name,
                                        uint32_t **hint)
{
    sp_val d = t->dict;
    *hint = &spare_dict_hint;
    if (in->cache == SP_NO_CACHE || !t->mro || !d || sp_typeof(d) != &sp_type_dict)
        return sp_type_lookup(t, name);
    sp_attr_cache *ac = &co->attr_caches[(size_t)in->cache * SP_ATTR_CACHE_WAYS];
    for (int i = 0; i < SP_ATTR_CACHE_WAYS; i++) {
        if (ac[i].type != t) continue;
        *hint = &ac[i].dict_hint;
        if (likely(attr_cache_hit(&ac[i], d))) return ac[i].slot ? *ac[i].slot : NULL;
        return fill_attr_cache(&ac[i], t, name); /* refill t's stale entry */
    }
    /* a new type at a site already holding WAYS is a megamorphic site:
     * sp_type_lookup's own cache beats refilling each time */
    if (ac[SP_ATTR_CACHE_WAYS - 1].type) return sp_type_lookup(t, name);
    memmove(&ac[1], &ac[0], (SP_ATTR_CACHE_WAYS - 1) * sizeof *ac);
    ac[0].dict_hint = 0;
    *hint = &ac[0].dict_hint;
    return fill_attr_cache(&ac[0], t, name);
}

/* The fast path of an attribute site (LOAD_ATTR, STORE_ATTR, LOAD_METHOD): the
 * still valid cache entry of obj's type, when obj is a heap object, with *dict
 * its instance dict (NULL: none, or its type has none); else NULL, and the
 * caller takes the full path. */
static inline __attribute__((always_inline)) sp_attr_cache *
attr_fast_entry(sp_code *co, const sp_instr *in, sp_val obj, sp_val *dict)
{
    if (sp_is_small(obj) || in->cache == SP_NO_CACHE) return NULL;
    sp_type *t = obj->type;
    sp_attr_cache *ac = &co->attr_caches[(size_t)in->cache * SP_ATTR_CACHE_WAYS];
    int i = 0;
    while (ac[i].type != t)
        if (++i == SP_ATTR_CACHE_WAYS) return NULL;
    /* an entry is filled only while t->dict is a dict (cached_type_lookup) */
    if (!t->dict || !attr_cache_hit(&ac[i], t->dict)) return NULL;
    *dict = t->dict_offset ? *(sp_val *)((char *)obj + t->dict_offset) : NULL;
    return &ac[i];
}

/* obj.name for types with the generic protocol, using the inline cache. */
static sp_val cached_getattr(sp_code *co, sp_instr *in, sp_val obj, sp_val name)
{
    sp_type *t = sp_typeof(obj);
    if (!is_plain_getattr(t)) return sp_getattr(obj, name);
    uint32_t *hint;
    sp_val descr = cached_type_lookup(co, in, t, name, &hint);
    sp_type *dt = descr ? sp_typeof(descr) : NULL;
    if (descr && dt->descr_set && dt->descr_get) return dt->descr_get(descr, obj, &t->ob);
    if (t->dict_offset && !sp_is_small(obj)) {
        sp_val d = *(sp_val *)((char *)obj + t->dict_offset);
        if (d) {
            sp_val v = sp_dict_get_hinted(d, name, hint);
            if (v) return v;
            if (sp_err_occurred()) return NULL;
        }
    }
    if (descr) {
        if (dt->descr_get) return dt->descr_get(descr, obj, &t->ob);
        return descr;
    }
    return sp_generic_getattr(obj, name); /* raises CPython's AttributeError */
}

static int cached_setattr(sp_code *co, sp_instr *in, sp_val obj, sp_val name, sp_val value)
{
    sp_type *t = sp_typeof(obj);
    if (!is_plain_setattr(t) || !t->dict_offset || sp_is_small(obj))
        return sp_setattr(obj, name, value);
    uint32_t *hint;
    sp_val descr = cached_type_lookup(co, in, t, name, &hint);
    if (descr && sp_typeof(descr)->descr_set) return sp_typeof(descr)->descr_set(descr, obj, value);
    /* as sp_generic_setattr: the instance dict is created by its first store */
    sp_val *dslot = (sp_val *)((char *)obj + t->dict_offset);
    if (!*dslot && !(*dslot = sp_dict_new())) return -1;
    return sp_dict_set_hinted(*dslot, name, value, hint);
}

/* ---- line profile ----
 *
 * Counting every instruction on the slow path made loop-heavy programs 2-3x
 * slower, so the profile traps only where control can go somewhere the tables do
 * not predict: at a trap before instruction i the next trap is set run[i]
 * instructions later, where run[i] counts the instructions from i to the end of
 * its block. A block is straight-line code that follows the fall-through of
 * conditional jumps (a taken jump forces a trap: JUMP_TAKEN) and ends at any
 * instruction that jumps unconditionally, returns, yields or raises, and where
 * code with a line meets code without one; calls end blocks only where they
 * have pushed a Python frame before, and f(*args) (ends_stretch). Python code that a call
 * runs starts with a forced trap (learn_py_call, a nested eval's entry), which
 * cuts the caller's block short, and its return forces one after the call.
 * Inside a block, a stretch is the run of instructions on one line.
 *
 * A trap opens the block at i: a hit for i's line when it differs from the
 * frame's last line (the one dynamic test), and the frame's last line becomes
 * the block's last line. The next trap (or an exception, the budget, the end of
 * the run: prof_close) closes it, knowing from a count difference how much of
 * it ran, so exact when a taken jump, a nested eval from C or an exception cut
 * it short. A block that ran to its end is only counted (prof_fold credits the
 * counts when they are read); one cut short is credited at once: each stretch
 * its instructions, each later stretch a hit when its line differs from the one
 * before (known from the table), and its frame's last line is corrected. This gives exactly what
 * counting instruction by instruction gives (the step-trace path does that: prof_step), which
 * tests/trace checks.
 *
 * Code re-entered from C (a nested eval), a return to C and an exception
 * handler force a trap on their next instruction.
 * Invariants:
 *  1. A block is cut short only while its frame is alive: a frame leaves a block
 *     early only by a taken jump (same frame), an exception (closed at once, in
 *     that frame) or a call of Python code (the frame waits for it, in this
 *     loop or in C); returns and yields end blocks. So only a block cut short
 *     writes its frame's last_line.
 *  2. prof_open points into a live table or is &prof_none or &prof_one: a code
 *     object's finalizer closes the block open in its table and folds its
 *     counts first (sp_vm_code_finalized); by 1 that block has run to its end.
 *  3. prof_codes lists exactly the code objects whose table is of this run.
 * Each code object carries its table (sp_code.prof_tab), malloc'd on first use
 * in a run, tagged with the run's epoch and freed by the code object's
 * finalizer; so a trap costs an indexed load and a few adds, with no per-trap
 * look-up or string compare. */

/* bumped per run: code tables of earlier runs are stale */
SP_RUN_STATE static uint64_t prof_epoch = 1;
/* The step-trace path (prof_step): where the instructions since the last trap
 * are credited (their line's entry, or prof_sink when they belong to no
 * profiled line, so crediting never tests), from count prof_last on. */
SP_RUN_STATE static sp_line_stat prof_sink;
SP_RUN_STATE static sp_line_stat *prof_cur = &prof_sink;
SP_RUN_STATE static uint64_t prof_last;
/* The block path: the open block starts at entry prof_open, or at prof_none
 * (nothing open: one endless stretch whose ls takes strays, like prof_cur), and
 * count prof_open_start; prof_open_frame runs it. */
SP_RUN_STATE static sp_prof_entry prof_none = {
    .ls = &prof_sink, .run = UINT32_MAX, .srun = UINT32_MAX};
SP_RUN_STATE static sp_prof_entry *prof_open = &prof_none;
/* Blocks that run to their end are only counted (sp_prof_entry.count) and
 * credited when the counts are read (prof_fold): prof_codes lists the code
 * objects with a table of this run; prof_one stands in for a table that could
 * not be allocated. */
SP_RUN_STATE static sp_code *prof_codes;
SP_RUN_STATE static sp_prof_entry prof_one;
SP_RUN_STATE static uint64_t prof_open_start;
SP_RUN_STATE static sp_frame *prof_open_frame;

/* Ends a block (and a stretch of the step-trace path's old scheme): jumps,
 * returns, yields, raises, imports, class bodies, f(*args) calls, and the calls
 * that have pushed a Python frame in this loop (SP_INSTR_CALLED_PYTHON, learned
 * by learn_py_call). Other calls (len(), str.lower...) leave their block running:
 * Python code they run after all (a nested eval: sorted()'s key, a bound method)
 * forces a trap at its entry, which cuts the block short there, and its return
 * one at the instruction after the call. */
static bool ends_stretch(const sp_instr *in)
{
    switch (in->op) {
    case SP_CALL:
    case SP_CALL_KW:
    case SP_CALL_METHOD:
    case SP_CALL_METHOD_KW:
        return in->learned & SP_INSTR_CALLED_PYTHON;
    case SP_CALL_FUNCTION_EX: /* f(*args): Python code, mostly, through C */
    case SP_BUILD_CLASS:
    case SP_RETURN_VALUE:
    case SP_RETURN_CONST:
    case SP_YIELD_VALUE:
    case SP_YIELD_FROM:
    case SP_RAISE_VARARGS:
    case SP_RERAISE:
    case SP_COMPARE_JUMP_IF_FALSE:
    case SP_IMPORT_NAME:
        return true;
    default:
        return sp_opcode_is_jump(in->op);
    }
}

/* Conditional jumps: a block follows their fall-through; when taken they force a
 * trap (JUMP_TAKEN in their handlers). */
static bool is_conditional_jump(int op)
{
    switch (op) {
    case SP_POP_JUMP_IF_FALSE:
    case SP_POP_JUMP_IF_TRUE:
    case SP_JUMP_IF_FALSE_OR_POP:
    case SP_JUMP_IF_TRUE_OR_POP:
    case SP_POP_JUMP_IF_NONE:
    case SP_POP_JUMP_IF_NOT_NONE:
    case SP_FOR_ITER:
    case SP_COMPARE_JUMP_IF_FALSE:
        return true;
    default:
        return false;
    }
}

/* Does co belong to the profiled file? (compares strings: once per table) */
static bool prof_is_user(const sp_code *co)
{
    return co->filename == NULL || !sp_st.opts || !sp_st.opts->filename ||
           sp_str_eq_cstr(co->filename, sp_st.opts->filename);
}

/* The line instruction idx of co credits: 0 outside the profiled file or range. */
static int prof_line_of(const sp_code *co, size_t idx, bool user)
{
    int line = co->pos[idx].line;
    return user && line > 0 && (size_t)line <= sp_vm_line_profile_n ? line : 0;
}

/* Fill co's table for this run (see the section comment). */
static void prof_fill(sp_code *co, sp_prof_entry *tab, bool user)
{
    size_t n = co->ncode;
    for (size_t i = n; i-- > 0;) {
        sp_prof_entry *e = &tab[i];
        int line = prof_line_of(co, i, user);
        int op = co->code[i].op;
        sp_prof_entry *next = i + 1 < n ? &tab[i + 1] : NULL;
        bool block = next && (!ends_stretch(&co->code[i]) || is_conditional_jump(op)) &&
                     (next->line == 0) == (line == 0) && next->run < UINT32_MAX / 2;
        e->ls = line ? &sp_vm_line_profile[line - 1] : &prof_sink;
        e->line = line;
        e->run = block ? next->run + 1 : 1;
        e->srun = block && next->line == line ? next->srun + 1 : 1;
        e->last = block ? next->last : line;
        e->newline = 0;
        e->count = 0;
        if (next) next->newline = block && next->line != line;
    }
}

/* Entry for instruction idx of co when co has no valid table yet: builds the
 * table for this run, or (out of memory) answers with a static entry for this
 * one instruction, so the next instruction traps again. */
static sp_prof_entry *__attribute__((noinline)) prof_entry_slow(sp_code *co, size_t idx)
{
    bool user = prof_is_user(co);
    if (co->prof_epoch != prof_epoch) {
        sp_sys_free(co->prof_tab);
        co->prof_epoch = 0;
        co->prof_tab = sp_sys_malloc((co->ncode ? co->ncode : 1) * sizeof *co->prof_tab);
        if (co->prof_tab) {
            prof_fill(co, co->prof_tab, user);
            co->prof_epoch = prof_epoch;
            co->prof_prev = NULL; /* invariant 3 */
            co->prof_next = prof_codes;
            if (prof_codes) prof_codes->prof_prev = co;
            prof_codes = co;
            return &co->prof_tab[idx];
        }
    }
    /* prof_one is not open (the trap calling this closed it): fold it first */
    prof_one.ls->instructions += prof_one.count;
    int line = prof_line_of(co, idx, user);
    prof_one =
        (sp_prof_entry){line ? &sp_vm_line_profile[line - 1] : &prof_sink, 1, 1, line, line, 0, 0};
    return &prof_one;
}

static inline __attribute__((always_inline)) sp_prof_entry *prof_entry(sp_code *co, sp_instr *ip)
{
    size_t idx = (size_t)(ip - co->code);
    assert(idx < co->ncode); /* code ends with a return: ip never runs off */
    return likely(co->prof_epoch == prof_epoch) ? &co->prof_tab[idx] : prof_entry_slow(co, idx);
}

/* Credit the first k instructions of the block at e, which run past its first
 * stretch (k > e->srun, k <= e->run). Returns the entry of the last stretch. */
static const sp_prof_entry *__attribute__((noinline))
prof_credit_rest(const sp_prof_entry *e, uint64_t k)
{
    for (;;) {
        uint32_t n = e->srun;
        if (k <= n) {
            e->ls->instructions += k;
            return e;
        }
        e->ls->instructions += n;
        k -= n;
        e += n;
        e->ls->hits += e->newline;
    }
}

/* Credit the first k instructions of the block at e (k <= e->run). Returns the
 * entry where the last of them was credited. */
static inline __attribute__((always_inline)) const sp_prof_entry *
prof_credit(const sp_prof_entry *e, uint64_t k)
{
    if (likely(k <= e->srun)) {
        e->ls->instructions += k;
        return e;
    }
    return prof_credit_rest(e, k);
}

/* The block at e ran k < e->run instructions: set its frame's last line to the
 * line of its last instruction (invariant 1: the frame is alive). */
static void __attribute__((noinline)) prof_cut_short(const sp_prof_entry *e, uint64_t k)
{
    if (e != &prof_none && k && e[k - 1].line) prof_open_frame->last_line = e[k - 1].line;
}

/* Close the open block at count upto: credit what ran of it (refused: the last
 * counted instruction was refused by the budget and goes to the line before it,
 * as counting instruction by instruction does). Nothing is open afterwards. */
static void prof_close(uint64_t upto, bool refused)
{
    const sp_prof_entry *e = prof_open;
    uint64_t k = upto - prof_open_start;
    uint64_t done = refused && k ? k - 1 : k;
    if (done > e->run) done = e->run; /* not expected */
    const sp_prof_entry *last = prof_credit(e, done);
    last->ls->instructions += k - done;
    if (done < e->run) prof_cut_short(e, done);
    prof_none.ls = last->ls;
    prof_open = &prof_none;
    prof_open_start = upto;
}

/* Credit co's counted blocks (their counts go to 0). */
static void prof_fold(sp_code *co)
{
    sp_prof_entry *tab = co->prof_tab;
    for (size_t i = 0; i < co->ncode; i++) {
        uint64_t c = tab[i].count;
        if (!c) continue;
        tab[i].count = 0;
        const sp_prof_entry *e = &tab[i];
        uint32_t left = e->run;
        for (;;) {
            e->ls->instructions += c * e->srun;
            left -= e->srun;
            if (!left) break;
            e += e->srun;
            e->ls->hits += c * e->newline;
        }
    }
}

/* Fold every table of this run and prof_one. */
static void prof_fold_all(void)
{
    for (sp_code *co = prof_codes; co; co = co->prof_next)
        prof_fold(co);
    prof_one.ls->instructions += prof_one.count;
    prof_one.count = 0;
}

void sp_vm_code_finalized(sp_code *co)
{
    if (!co->prof_tab || co->prof_epoch != prof_epoch) return;
    /* invariant 2 */
    if (prof_open >= co->prof_tab && prof_open < co->prof_tab + co->ncode)
        prof_close(prof_open_start + prof_open->run, false);
    prof_fold(co);
    /* invariant 3 */
    if (co->prof_prev)
        co->prof_prev->prof_next = co->prof_next;
    else
        prof_codes = co->prof_next;
    if (co->prof_next) co->prof_next->prof_prev = co->prof_prev;
    co->prof_epoch = 0;
}

/* The open block at e ran k instructions, not to its end (or strays ran after
 * prof_none). */
static void __attribute__((noinline)) prof_partial(const sp_prof_entry *e, uint64_t k)
{
    prof_credit(e, k);
    prof_cut_short(e, k);
}

/* A trap of the block path before instruction ip of f (already counted in
 * ticks). Returns how many instructions may run before the next trap. */
static inline __attribute__((always_inline)) uint64_t profile_tick(sp_frame *f, sp_instr *ip,
                                                                   uint64_t ticks)
{
    uint64_t upto = ticks - 1;
    sp_prof_entry *open = prof_open;
    uint64_t k = upto - prof_open_start;
    if (likely(k == open->run)) {
        open->count++; /* ran to its end */
    } else if (k <= open->srun) {
        /* cut short within its first stretch (a taken jump, mostly): prof_partial
         * inlined for that case */
        open->ls->instructions += k;
        if (open != &prof_none && k && open[k - 1].line)
            prof_open_frame->last_line = open[k - 1].line;
    } else {
        prof_partial(open, k);
    }
    sp_prof_entry *e = prof_entry(f->code, ip);
    if (likely(e->line)) {
        e->ls->hits += e->line != f->last_line;
        f->last_line = e->last;
    }
    prof_open = e;
    prof_open_start = upto;
    prof_open_frame = f;
    return e->run;
}

/* The step-trace path: a trap before every instruction (the tracer keeps the
 * limit at 0), crediting instruction by instruction. */
static void prof_step(sp_frame *f, sp_instr *ip, uint64_t ticks)
{
    uint64_t upto = ticks - 1;
    prof_cur->instructions += upto - prof_last;
    prof_last = upto;
    const sp_prof_entry *e = prof_entry(f->code, ip);
    prof_cur = e->ls;
    if (e->line && e->line != f->last_line) {
        e->ls->hits++;
        f->last_line = e->line;
    }
}

static void prof_reset(void)
{
    prof_epoch++;
    prof_cur = &prof_sink;
    prof_last = vm_ticks_now();
    prof_none.ls = &prof_sink;
    prof_open = &prof_none;
    prof_open_start = prof_last;
    prof_open_frame = NULL;
    prof_codes = NULL; /* the tables of earlier runs are stale (invariant 3) */
    prof_one = (sp_prof_entry){.ls = &prof_sink, .run = 1, .srun = 1};
}

/* The counts are about to be read. The open block is credited when no frame
 * runs any more (the end of the run); a read of the counter mid-run (the regex
 * engine checks the budget) leaves it to its next trap. */
static void prof_settle(uint64_t upto)
{
    prof_cur->instructions += upto - prof_last;
    prof_last = upto;
    if (prof_fast_limit && !sp_vm_current) {
        prof_close(upto, sp_st.instr_exceeded);
        prof_fold_all();
    }
}

/* x op y with C's operators for one C type: the fast paths of COMPARE_OP and
 * COMPARE_JUMP_IF_FALSE (forced inline). For doubles that is Python's rule too:
 * NaN compares false except for !=. */
#define DEFINE_OP_COMPARE(name, T)                                                                 \
    static inline __attribute__((always_inline)) bool name(T x, T y, uint32_t op)                  \
    {                                                                                              \
        switch (op) {                                                                              \
        case SP_CMP_LT:                                                                            \
            return x < y;                                                                          \
        case SP_CMP_LE:                                                                            \
            return x <= y;                                                                         \
        case SP_CMP_EQ:                                                                            \
            return x == y;                                                                         \
        case SP_CMP_NE:                                                                            \
            return x != y;                                                                         \
        case SP_CMP_GT:                                                                            \
            return x > y;                                                                          \
        default:                                                                                   \
            return x >= y;                                                                         \
        }                                                                                          \
    }
DEFINE_OP_COMPARE(word_compare, intptr_t)
DEFINE_OP_COMPARE(double_compare, double)
#undef DEFINE_OP_COMPARE

/* Compares two tagged small ints without untagging: tagging (v << 1 | 1) keeps
 * order, so the raw words compare like the values. */
static inline __attribute__((always_inline)) bool small_int_compare(sp_val a, sp_val b, uint32_t op)
{
    return word_compare((intptr_t)a, (intptr_t)b, op);
}

/* Called when the tick counter reaches its limit. Returns false to stop the run. */
static inline __attribute__((always_inline)) bool slow_tick(sp_frame *f, sp_instr *ip)
{
    uint64_t ticks = vm_ticks_now();
    if (vm_budget && ticks >= vm_budget) {
        sp_st.instr_exceeded = true;
        sp_err_set(&sp_exc_BaseException, "instruction limit exceeded");
        if (sp_trace_active) sp_trace_limit_reached(f, "instruction limit exceeded");
        return false;
    }
    /* the tracer reads f->last_line before prof_step moves it */
    if (sp_trace_active && !sp_trace_tick(f, ip)) {
        sp_st.instr_exceeded = true;
        sp_err_set(&sp_exc_BaseException, sp_trace_stop_reason());
        sp_trace_limit_reached(f, sp_trace_stop_reason());
        return false;
    }
    if (sp_vm_line_profile) {
        if (sp_trace_active) { /* tracing keeps the limit at 0: every instruction */
            prof_step(f, ip, ticks);
        } else {
            uint64_t next = ticks + profile_tick(f, ip, ticks);
            vm_set_limit(ticks, next < vm_budget_limit ? next : vm_budget_limit);
        }
    }
    return true;
}

/* Make the next instruction trap (profile only): control moved in a way the run
 * tables cannot see. */
#define PROFILE_RESYNC()                                                                           \
    do {                                                                                           \
        if (unlikely(sp_vm_line_profile)) {                                                        \
            vm_tick_limit -= (uint64_t)vm_left;                                                    \
            vm_left = 0;                                                                           \
        }                                                                                          \
    } while (0)

/* The CALL at `in` of co has pushed a Python frame in this loop, for the first
 * time in this run: from now on it ends its block (ends_stretch), so that the
 * block before it is counted as run to its end (cheap) rather than cut short at
 * each such call. co's table of this run spans the call: the open block (the
 * caller's, which ran up to and including the call) is closed here, the table's
 * counts are credited and the table is filled again, and the callee's first
 * instruction traps. The totals do not depend on where blocks end. */
static void __attribute__((noinline)) learn_py_call(sp_code *co, const sp_instr *in)
{
    ((sp_instr *)in)->learned |= SP_INSTR_CALLED_PYTHON;
    if (prof_fast_limit && co->prof_epoch == prof_epoch && co->prof_tab) {
        prof_close(vm_ticks_now(), false);
        prof_fold(co);
        prof_fill(co, co->prof_tab, prof_is_user(co));
    }
    PROFILE_RESYNC();
}

/* Unpack slice bounds that are small ints or None as sp_slice_unpack would
 * (small ints lie within its clipping range). False: leave it to the slice
 * object (other types, or a zero step and its ValueError). */
static inline bool small_slice(sp_val start, sp_val stop, sp_val step, int64_t *a, int64_t *b,
                               int64_t *st)
{
    const int64_t clip = (int64_t)1 << 62; /* obj_slice.c's sentinel for absent bounds */
    int64_t s = 1;
    if (step != sp_None) {
        if (!sp_is_small(step) || step == sp_small(0)) return false;
        s = sp_small_value(step);
    }
    if (start == sp_None)
        *a = s < 0 ? clip : 0;
    else if (sp_is_small(start))
        *a = sp_small_value(start);
    else
        return false;
    if (stop == sp_None)
        *b = s < 0 ? -clip : clip;
    else if (sp_is_small(stop))
        *b = sp_small_value(stop);
    else
        return false;
    *st = s;
    return true;
}

/* A conditional jump taken: blocks follow the fall-through, so trap next. */
#define JUMP_TAKEN(target)                                                                         \
    do {                                                                                           \
        ip = co->code + (target);                                                                  \
        PROFILE_RESYNC();                                                                          \
    } while (0)

/* Raise RecursionError with the depth counter lowered, so that building the
 * exception (which calls the type) is not itself refused by the guard. */
static void raise_recursion_error(void)
{
    int saved = sp_st.depth;
    sp_st.depth = 0;
    sp_err_set(&sp_exc_RecursionError, "maximum recursion depth exceeded");
    sp_st.depth = saved;
}

#define SP_SMALL_OK(x) sp_small_fits(x)

/* Ints below this magnitude convert to double exactly (2**53). */
#define SP_DBL_EXACT ((int64_t)1 << 53)

/* The float fast paths of BINARY_OP and the comparisons: true when one operand
 * is an exact float and the other an exact float or a small int that converts
 * exactly, with their values in *x, *y. Then float's own methods would compute
 * the same doubles (float op int and int op float both convert the int), so
 * the VM may do the arithmetic itself. */
static inline __attribute__((always_inline)) bool float_operands(sp_val a, sp_val b, double *x,
                                                                 double *y)
{
    bool af = !sp_is_small(a) && a->type == &sp_type_float;
    bool bf = !sp_is_small(b) && b->type == &sp_type_float;
    if (af && bf) {
        *x = ((sp_float *)a)->value;
        *y = ((sp_float *)b)->value;
        return true;
    }
    if (af && sp_is_small(b)) {
        int64_t i = sp_small_value(b);
        if (i <= -SP_DBL_EXACT || i >= SP_DBL_EXACT) return false;
        *x = ((sp_float *)a)->value;
        *y = (double)i;
        return true;
    }
    if (bf && sp_is_small(a)) {
        int64_t i = sp_small_value(a);
        if (i <= -SP_DBL_EXACT || i >= SP_DBL_EXACT) return false;
        *x = (double)i;
        *y = ((sp_float *)b)->value;
        return true;
    }
    return false;
}

/* ---- generators resumed inline ----
 *
 * FOR_ITER over an exact generator runs the generator's frame in the same eval
 * loop, as a call does (no nested eval, no C recursion): the frame is linked
 * with back = the FOR_ITER's frame and entry = false, so its YIELD_VALUE (or
 * YIELD_FROM) returns the value to that frame (yield_inline), its return ends
 * the loop and an exception leaving it raises at the FOR_ITER. Everything else
 * is as in sp_gen_resume, which the two helpers below mirror: depth, running,
 * the generator's own handled exception (the resumer's waits on the resumer's
 * stack, in the slot FOR_ITER pushes its item to), and traps of the line
 * profile where a nested eval's entry and exit would force them. Not while a step tracer
 * runs (it reports nested evals' returns).
 * Invariant: a generator frame runs with entry == false only when resumed
 * inline, so f->gen && !f->entry means "return to f->back in this loop". */
static void gen_leave_inline(sp_generator *g, bool yielded, sp_val caller_handled)
{
    g->handled_exc = (yielded && sp_st.handled_exc != caller_handled) ? sp_st.handled_exc : NULL;
    sp_st.handled_exc = caller_handled;
    g->running = false;
    sp_st.depth--;
}

/* The StopIteration a generator raised becomes RuntimeError (PEP 479), as in
 * sp_gen_resume. False: out of memory (an exception is set either way). */
static bool gen_stop_iteration_error(void)
{
    sp_val si = sp_err_fetch();
    sp_val msg = sp_str_from_cstr("generator raised StopIteration");
    sp_val re = msg ? sp_exc_new(&sp_exc_RuntimeError, &msg, 1) : NULL;
    if (!re) return false;
    ((sp_exc *)re)->cause = si;
    ((sp_exc *)re)->context = si;
    ((sp_exc *)re)->suppress_context = true;
    sp_st.exc = re;
    return true;
}

static sp_val finish_generator(sp_generator *g);

/* The C consumer sp_gen_next_sink is running a generator for: a yield of that
 * generator's own frame goes to fn first (YIELD_VALUE). Invariants:
 *  1. frame is non-NULL only while sp_gen_next_sink runs its generator, which is
 *     then running, so that frame is an entry frame (sp_gen_resume's eval).
 *  2. Nested consumers (the generator's body calling list() of another) save
 *     and restore it in C call order. */
typedef struct gen_sink_state {
    sp_frame *frame;
    sp_gen_sink fn;
    void *ctx;
} gen_sink_state;
SP_RUN_STATE static gen_sink_state gen_sink;

/* sp_call of a method descriptor (str.lower(w), and w.lower() through LOAD_METHOD):
 * when self is exactly of the owner type, method_descr_call's isinstance check
 * holds, so its work is done here without its calls. Out of line: eval's code
 * stays as it was for every other call. */
static __attribute__((noinline)) sp_val call_method_descr(sp_val callable, sp_val const *args,
                                                          size_t nargs, sp_val kwnames)
{
    const sp_method_descr *d = (const sp_method_descr *)callable;
    if (!nargs || sp_typeof(args[0]) != d->owner) return sp_call(callable, args, nargs, kwnames);
    return sp_call_result(callable, sp_method_descr_invoke(d, args, nargs, kwnames));
}

/* sp_call for CALL's remaining cases, range(stop) and range(start, stop) of small
 * ints first: what type_call and range's __new__ make of them, without their
 * checks. Out of line, as call_method_descr. */
static __attribute__((noinline)) sp_val call_other(sp_val callable, sp_val const *args,
                                                   size_t nargs, sp_val kwnames)
{
    if (callable == &sp_type_range.ob && !kwnames && nargs - 1 < 2 && sp_is_small(args[0]) &&
        sp_is_small(args[nargs - 1]))
        return sp_range_new(nargs == 2 ? sp_small_value(args[0]) : 0,
                            sp_small_value(args[nargs - 1]), 1);
    return sp_call(callable, args, nargs, kwnames);
}

static sp_val eval(sp_frame *f, bool throwing)
{
#if USE_COMPUTED_GOTO
    static void *const labels[SP_OPCODE__COUNT] = {
#define SP_LBL(n) &&L_##n,
        SP_OPCODES(SP_LBL)
#undef SP_LBL
    };
#define TARGET(op) L_##op:
#define DISPATCH()                                                                                 \
    do {                                                                                           \
        if (unlikely(VM_TICK_DUE())) goto slow_path;                                               \
        in = ip++;                                                                                 \
        goto *labels[in->op];                                                                      \
    } while (0)
#define DISPATCH_NOCHECK()                                                                         \
    do {                                                                                           \
        in = ip++;                                                                                 \
        goto *labels[in->op];                                                                      \
    } while (0)
#else
#define TARGET(op) case SP_##op:
#define DISPATCH() goto dispatch_top
#define DISPATCH_NOCHECK() goto dispatch_nocheck
#endif

    sp_instr *ip;
    sp_val *sp;
    sp_val *L;
    sp_code *co;
    sp_val *consts;
    sp_val *names;
    const sp_instr *in; /* the instruction being executed: its fields load on use */
    sp_val retval = NULL;

    f->back = sp_vm_current;
    sp_vm_current = f;
    PROFILE_RESYNC();

#define LOAD_FRAME()                                                                               \
    do {                                                                                           \
        co = f->code;                                                                              \
        ip = f->ip;                                                                                \
        sp = f->sp;                                                                                \
        L = f->slots;                                                                              \
        consts = ((sp_tuple *)co->consts)->items;                                                  \
        names = ((sp_tuple *)co->names)->items;                                                    \
    } while (0)
#define SYNC()                                                                                     \
    do {                                                                                           \
        f->sp = sp;                                                                                \
        f->ip = ip;                                                                                \
    } while (0)
#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
/* Back from an inline generator's frame (FOR_ITER resumed it) that ended, to its
 * resumer's, where the generator g is on the stack. */
#define LEAVE_INLINE_GENERATOR(g)                                                                  \
    do {                                                                                           \
        (g) = (sp_generator *)f->gen;                                                              \
        f = f->back;                                                                               \
        sp_vm_current = f;                                                                         \
        finish_generator(g);                                                                       \
        LOAD_FRAME();                                                                              \
        gen_leave_inline((g), false, POP());                                                       \
    } while (0)
/* Back from a Python frame to its caller's; init_call: it ran a class call's
 * __init__ (do_call). */
#define POP_FRAME(init_call)                                                                       \
    do {                                                                                           \
        sp_frame *old_ = f;                                                                        \
        (init_call) = old_->init_call;                                                             \
        f = f->back;                                                                               \
        sp_vm_current = f;                                                                         \
        frame_pop(old_);                                                                           \
        sp_st.depth--;                                                                             \
        LOAD_FRAME();                                                                              \
    } while (0)
#define TOP() (sp[-1])
#define SECOND() (sp[-2])
#define ARG (in->arg)

    LOAD_FRAME();
    if (throwing) goto unwind_with_tb;

#if USE_COMPUTED_GOTO
    DISPATCH();
slow_path:
    /* the common trap: the line profile alone (no tracer, budget left); it
     * neither allocates nor reads f->sp, so no SYNC */
    {
        uint64_t ticks = vm_ticks_trap();
        if (likely(ticks < prof_fast_limit)) { /* implies the line profile is on */
            uint64_t run = profile_tick(f, ip, ticks);
            uint64_t room = vm_budget_limit - ticks; /* > 0 here */
            uint64_t left = run < room ? run : room;
            vm_tick_limit = ticks + left;
            vm_left = (int64_t)left;
            DISPATCH_NOCHECK();
        }
    }
    SYNC();
    if (!slow_tick(f, ip)) goto error_notb;
    DISPATCH_NOCHECK();
#else
dispatch_top:
    if (unlikely(VM_TICK_DUE())) {
        SYNC();
        if (!slow_tick(f, ip)) goto error_notb;
    }
dispatch_nocheck:
    in = ip++;
    switch (in->op) {
#endif

    TARGET(NOP)
    {
        DISPATCH();
    }
    TARGET(POP_TOP)
    {
        sp--;
        DISPATCH();
    }
    TARGET(ROT_TWO)
    {
        sp_val a = sp[-1];
        sp[-1] = sp[-2];
        sp[-2] = a;
        DISPATCH();
    }
    TARGET(ROT_THREE)
    {
        sp_val a = sp[-1];
        sp[-1] = sp[-2];
        sp[-2] = sp[-3];
        sp[-3] = a;
        DISPATCH();
    }
    TARGET(ROT_FOUR)
    {
        sp_val a = sp[-1];
        sp[-1] = sp[-2];
        sp[-2] = sp[-3];
        sp[-3] = sp[-4];
        sp[-4] = a;
        DISPATCH();
    }
    TARGET(DUP_TOP)
    {
        sp_val a = TOP();
        PUSH(a);
        DISPATCH();
    }
    TARGET(DUP_TOP_TWO)
    {
        sp_val a = sp[-2], b = sp[-1];
        PUSH(a);
        PUSH(b);
        DISPATCH();
    }
    TARGET(COPY)
    {
        sp_val a = sp[-(int)ARG];
        PUSH(a);
        DISPATCH();
    }
    TARGET(LOAD_CONST)
    {
        PUSH(consts[ARG]);
        DISPATCH();
    }
    TARGET(LOAD_FAST)
    {
        sp_val v = L[ARG];
        if (unlikely(!v)) {
            SYNC();
            unbound_local(co, ARG);
            goto error;
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(LOAD_FAST_CLEAR)
    {
        /* a load of a `+=` target outside the builder pattern: the value may now
         * be seen elsewhere, so it stops being a builder (obj_str.h, invariant 2) */
        sp_val v = L[ARG];
        if (unlikely(!v)) {
            SYNC();
            unbound_local(co, ARG);
            goto error;
        }
        sp_str_unmark(v);
        PUSH(v);
        DISPATCH();
    }
    TARGET(LOAD_FAST_CHECKED)
    {
        sp_val v = L[ARG];
        if (!v) {
            SYNC();
            unbound_local(co, ARG);
            goto error;
        }
        sp_str_unmark(v); /* not emitted by the compiler: keep it safe anyway */
        PUSH(v);
        DISPATCH();
    }
    TARGET(LOAD_FAST_LOAD_FAST)
    {
        sp_val a = L[ARG & 0xFFFF], b = L[ARG >> 16];
        if (unlikely(!a || !b)) {
            SYNC();
            unbound_local(co, !a ? (ARG & 0xFFFF) : (ARG >> 16));
            goto error;
        }
        PUSH(a);
        PUSH(b);
        DISPATCH();
    }
    TARGET(LOAD_FAST_LOAD_FAST_CLEAR)
    {
        /* LOAD_FAST_LOAD_FAST where one is a `+=` target (see LOAD_FAST_CLEAR) */
        sp_val a = L[ARG & 0xFFFF], b = L[ARG >> 16];
        if (unlikely(!a || !b)) {
            SYNC();
            unbound_local(co, !a ? (ARG & 0xFFFF) : (ARG >> 16));
            goto error;
        }
        sp_str_unmark(a);
        sp_str_unmark(b);
        PUSH(a);
        PUSH(b);
        DISPATCH();
    }
    TARGET(STORE_FAST)
    {
        L[ARG] = POP();
        DISPATCH();
    }
    TARGET(STORE_FAST_LOAD_FAST)
    {
        L[ARG & 0xFFFF] = POP();
        sp_str_unmark(L[ARG >> 16]); /* not emitted by the compiler: keep it safe */
        PUSH(L[ARG >> 16]);
        DISPATCH();
    }
    TARGET(DELETE_FAST)
    {
        if (!L[ARG]) {
            SYNC();
            unbound_local(co, ARG);
            goto error;
        }
        L[ARG] = NULL;
        DISPATCH();
    }
    TARGET(LOAD_DEREF)
    {
        sp_val v = ((sp_cell *)L[ARG])->ref;
        if (unlikely(!v)) {
            SYNC();
            unbound_local(co, ARG);
            goto error;
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(LOAD_CLASSDEREF)
    {
        SYNC();
        uint32_t k = ARG - (uint32_t)co->nlocals;
        sp_val name = k < (uint32_t)co->ncells
                          ? ((sp_tuple *)co->cellvars)->items[k]
                          : ((sp_tuple *)co->freevars)->items[k - (uint32_t)co->ncells];
        sp_val v = f->locals_dict ? mapping_get(f->locals_dict, name) : NULL;
        if (!v) {
            if (sp_err_occurred()) goto error;
            v = ((sp_cell *)L[ARG])->ref;
            if (!v) {
                unbound_local(co, ARG);
                goto error;
            }
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_DEREF)
    {
        ((sp_cell *)L[ARG])->ref = POP();
        DISPATCH();
    }
    TARGET(DELETE_DEREF)
    {
        sp_cell *c = (sp_cell *)L[ARG];
        if (!c->ref) {
            SYNC();
            unbound_local(co, ARG);
            goto error;
        }
        c->ref = NULL;
        DISPATCH();
    }
    TARGET(LOAD_CLOSURE)
    {
        PUSH(L[ARG]);
        DISPATCH();
    }
    TARGET(LOAD_NAME)
    {
        SYNC();
        sp_val v = load_name(f, names[ARG]);
        if (!v) goto error;
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_NAME)
    {
        SYNC();
        if (store_name(f, names[ARG], TOP(), ip - 1) < 0) goto error;
        sp--;
        DISPATCH();
    }
    TARGET(DELETE_NAME)
    {
        SYNC();
        if (delete_name(f, names[ARG]) < 0) goto error;
        DISPATCH();
    }
    TARGET(LOAD_GLOBAL)
    {
        if (likely(in->cache != SP_NO_CACHE)) {
            sp_global_cache *gc = &co->caches[in->cache];
            if (likely(gc->slot && gc->globals == f->globals && gc->builtins == f->builtins &&
                       gc->globals_version == ((sp_dict *)f->globals)->version &&
                       gc->builtins_version == ((sp_dict *)f->builtins)->version)) {
                sp_val v = *gc->slot;
                if (likely(v != NULL)) {
                    PUSH(v);
                    DISPATCH();
                }
            }
        }
        SYNC();
        sp_val v = load_global(f, ip - 1, names[ARG]);
        if (!v) goto error;
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_GLOBAL)
    {
        SYNC();
        if (store_hinted(f->globals, names[ARG], TOP(), ip - 1) < 0) goto error;
        sp--;
        DISPATCH();
    }
    TARGET(DELETE_GLOBAL)
    {
        SYNC();
        if (sp_dict_del(f->globals, names[ARG]) < 0) {
            if (sp_err_matches(&sp_exc_KeyError)) {
                sp_err_clear();
                name_error_in(f, names[ARG]);
            }
            goto error;
        }
        DISPATCH();
    }
    TARGET(LOAD_ATTR)
    {
        SYNC();
        {
            /* an instance attribute not on the type's MRO (most loads) */
            sp_val obj = TOP(), d;
            sp_attr_cache *ac = attr_fast_entry(co, in, obj, &d);
            if (ac && !ac->slot && d && is_plain_getattr(obj->type)) {
                sp_val v = sp_dict_get_hinted(d, names[ARG], &ac->dict_hint);
                if (likely(v != NULL)) {
                    TOP() = v;
                    DISPATCH();
                }
            }
        }
        sp_val v = cached_getattr(co, ip - 1, TOP(), names[ARG]);
        if (!v) {
            set_error_context(&sp_exc_AttributeError, names[ARG], TOP());
            goto error;
        }
        TOP() = v;
        DISPATCH();
    }
    TARGET(STORE_ATTR)
    {
        SYNC();
        {
            /* into an existing instance dict, the name not on the type's MRO */
            sp_val obj = sp[-1], d;
            sp_attr_cache *ac = attr_fast_entry(co, in, obj, &d);
            if (ac && !ac->slot && d && is_plain_setattr(obj->type)) {
                if (sp_dict_set_hinted(d, names[ARG], sp[-2], &ac->dict_hint) < 0) goto error;
                sp -= 2;
                DISPATCH();
            }
        }
        if (cached_setattr(co, ip - 1, sp[-1], names[ARG], sp[-2]) < 0) goto error;
        sp -= 2;
        DISPATCH();
    }
    TARGET(DELETE_ATTR)
    {
        SYNC();
        if (sp_delattr(TOP(), names[ARG]) < 0) goto error;
        sp--;
        DISPATCH();
    }
    TARGET(LOAD_METHOD)
    {
        SYNC();
        sp_val obj = TOP();
        sp_val name = names[ARG];
        {
            /* a Python method of the object's class, not shadowed by the instance */
            sp_val d;
            sp_attr_cache *ac = attr_fast_entry(co, in, obj, &d);
            if (ac && ac->slot && is_plain_getattr(obj->type)) {
                sp_val descr = *ac->slot;
                if (descr && !sp_is_small(descr) &&
                    (descr->type == &sp_type_function || descr->type == &sp_type_method_descr) &&
                    (!d || !sp_dict_get_hinted(d, name, &ac->dict_hint))) {
                    if (unlikely(sp_st.exc != NULL)) goto error; /* see sp_err_occurred */
                    TOP() = descr;
                    PUSH(obj);
                    DISPATCH();
                }
            }
        }
        sp_type *t = sp_typeof(obj);
        if (is_plain_getattr(t)) {
            uint32_t *hint;
            sp_val descr = cached_type_lookup(co, ip - 1, t, name, &hint);
            if (descr && !sp_is_small(descr) &&
                (descr->type == &sp_type_function || descr->type == &sp_type_method_descr)) {
                sp_val shadow = NULL;
                if (t->dict_offset) {
                    sp_val d = *(sp_val *)((char *)obj + t->dict_offset);
                    if (d) {
                        shadow = sp_dict_get_hinted(d, name, hint);
                        if (!shadow && sp_err_occurred()) goto error;
                    }
                }
                if (!shadow) {
                    TOP() = descr;
                    PUSH(obj);
                    DISPATCH();
                }
                TOP() = NULL;
                PUSH(shadow);
                DISPATCH();
            }
        }
        sp_val v = cached_getattr(co, ip - 1, obj, name);
        if (!v) {
            set_error_context(&sp_exc_AttributeError, name, obj);
            goto error;
        }
        TOP() = NULL;
        PUSH(v);
        DISPATCH();
    }
    TARGET(CALL_METHOD)
    {
        uint32_t n = ARG;
        sp_val *args;
        sp_val callable;
        size_t nargs;
        if (sp[-(int)n - 2]) {
            callable = sp[-(int)n - 2];
            args = sp - n - 1;
            nargs = n + 1;
        } else {
            callable = sp[-(int)n - 1];
            args = sp - n;
            nargs = n;
        }
        sp_val *new_sp = sp - n - 2;
        sp_val kwnames = NULL;
        goto do_call;

        TARGET(CALL_METHOD_KW)
        n = ARG;
        kwnames = POP();
        if (sp[-(int)n - 2]) {
            callable = sp[-(int)n - 2];
            args = sp - n - 1;
            nargs = n + 1;
        } else {
            callable = sp[-(int)n - 1];
            args = sp - n;
            nargs = n;
        }
        new_sp = sp - n - 2;
        nargs -= ((sp_tuple *)kwnames)->len;
        goto do_call;

        TARGET(CALL)
        n = ARG;
        callable = sp[-(int)n - 1];
        args = sp - n;
        nargs = n;
        new_sp = sp - n - 1;
        kwnames = NULL;
        goto do_call;

        TARGET(CALL_KW)
        n = ARG;
        kwnames = POP();
        callable = sp[-(int)n - 1];
        args = sp - n;
        nargs = n - ((sp_tuple *)kwnames)->len;
        new_sp = sp - n - 1;

    do_call:
        SYNC();
        if (!sp_is_small(callable) && callable->type == &sp_type_function) {
            sp_function *fn = (sp_function *)callable;
            sp_code *fco = (sp_code *)fn->code;
            if (likely(fco->simple_call && !kwnames && nargs == (size_t)fco->argcount &&
                       sp_st.depth < sp_st.recursion_limit)) {
                sp_frame *nf = frame_push_simple(fn, fco, args, nargs);
                if (likely(nf != NULL)) {
                    if (unlikely(!(in->learned & SP_INSTR_CALLED_PYTHON))) learn_py_call(co, in);
                    sp_st.depth++;
                    nf->back = f;
                    sp_vm_current = nf;
                    vm_calls++;
                    f->sp = new_sp;
                    f->ip = ip;
                    f = nf;
                    LOAD_FRAME();
                    DISPATCH();
                }
            }
            if (!(fco->flags & SP_CO_GENERATOR)) {
                sp_frame *nf = frame_push(fco);
                if (!nf) goto error;
                nf->func = callable;
                nf->globals = fn->globals;
                nf->builtins = fn->builtins;
                /* the args stay marked through f->sp until bound */
                sp_vm_current = nf;
                nf->back = f;
                if (bind_args(nf, fn, args, nargs, kwnames) < 0) {
                    sp_vm_current = f;
                    frame_pop(nf);
                    goto error;
                }
                sp_st.depth++;
                if (unlikely(sp_st.depth > sp_st.recursion_limit)) {
                    sp_st.depth--;
                    sp_vm_current = f;
                    frame_pop(nf);
                    raise_recursion_error();
                    goto error;
                }
                vm_calls++;
                f->sp = new_sp;
                f->ip = ip;
                f = nf;
                LOAD_FRAME();
                if (unlikely(!(in->learned & SP_INSTR_CALLED_PYTHON)))
                    learn_py_call(f->back->code, in);
                DISPATCH();
            }
        }
        if (!sp_is_small(callable) && callable->type == &sp_type_type && !kwnames &&
            !sp_trace_active) {
            /* a class whose construction is object.__new__ then a Python __init__:
             * run __init__ in this loop, the instance in the callable's slot as
             * its self; its return gives the instance (do_return). The depth
             * counts type_call's level too, so RecursionError comes where it did. */
            sp_type *t = (sp_type *)callable;
            sp_function *init = (sp_function *)sp_type_inline_init(t);
            sp_code *ico = init ? (sp_code *)init->code : NULL;
            if (ico && ico->simple_call && nargs + 1 == (size_t)ico->argcount &&
                sp_st.depth + 2 <= sp_st.recursion_limit) {
                sp_val obj = sp_gc_new(t, t->basic_size);
                if (!obj) goto error;
                sp_frame *nf = frame_push_simple(init, ico, args, nargs);
                if (likely(nf != NULL)) {
                    /* self, then the arguments; the instance waits as the
                     * caller's stack top (obj->type keeps t alive) */
                    memmove(nf->slots + 1, nf->slots, nargs * sizeof(sp_val));
                    nf->slots[0] = obj;
                    new_sp[0] = obj;
                    sp_st.depth += 2;
                    nf->init_call = true;
                    nf->back = f;
                    sp_vm_current = nf;
                    vm_calls++;
                    f->sp = new_sp + 1;
                    f->ip = ip;
                    f = nf;
                    LOAD_FRAME();
                    if (unlikely(!(in->learned & SP_INSTR_CALLED_PYTHON)))
                        learn_py_call(f->back->code, in);
                    DISPATCH();
                }
            }
        }
        {
            sp_val r = !sp_is_small(callable) && callable->type == &sp_type_method_descr
                           ? call_method_descr(callable, args, nargs, kwnames)
                           : call_other(callable, args, nargs, kwnames);
            sp = new_sp;
            if (!r) {
                f->sp = sp;
                goto error;
            }
            PUSH(r);
        }
        DISPATCH();
    }
    TARGET(CALL_FUNCTION_EX)
    {
        SYNC();
        sp_val kwargs = (ARG & 1) ? POP() : NULL;
        sp_val a = POP();
        sp_val fn = POP();
        sp_val r = call_ex(fn, a, kwargs);
        if (!r) {
            f->sp = sp;
            goto error;
        }
        PUSH(r);
        DISPATCH();
    }
    TARGET(BINARY_OP)
    {
        sp_val b = sp[-1], a = sp[-2];
        uint32_t op = ARG & 0xF;
        if (sp_is_small(a) && sp_is_small(b)) {
            int64_t x = sp_small_value(a), y = sp_small_value(b), r;
            switch (op) {
            case SP_OP_ADD:
                r = x + y;
                if (SP_SMALL_OK(r)) {
                    sp[-2] = sp_small(r);
                    sp--;
                    DISPATCH();
                }
                break;
            case SP_OP_SUB:
                r = x - y;
                if (SP_SMALL_OK(r)) {
                    sp[-2] = sp_small(r);
                    sp--;
                    DISPATCH();
                }
                break;
            case SP_OP_MUL:
                if (!__builtin_mul_overflow(x, y, &r) && SP_SMALL_OK(r)) {
                    sp[-2] = sp_small(r);
                    sp--;
                    DISPATCH();
                }
                break;
            case SP_OP_FLOORDIV:
                if (y != 0) {
                    r = x / y;
                    if ((x % y != 0) && ((x < 0) != (y < 0))) r--;
                    if (SP_SMALL_OK(r)) {
                        sp[-2] = sp_small(r);
                        sp--;
                        DISPATCH();
                    }
                }
                break;
            case SP_OP_MOD:
                if (y != 0) {
                    r = x % y;
                    if (r != 0 && ((r < 0) != (y < 0))) r += y;
                    sp[-2] = sp_small(r);
                    sp--;
                    DISPATCH();
                }
                break;
            case SP_OP_AND:
                sp[-2] = sp_small(x & y);
                sp--;
                DISPATCH();
            case SP_OP_OR:
                sp[-2] = sp_small(x | y);
                sp--;
                DISPATCH();
            case SP_OP_XOR:
                sp[-2] = sp_small(x ^ y);
                sp--;
                DISPATCH();
            case SP_OP_TRUEDIV:
                /* CPython's fast path: both exactly representable as doubles */
                if (y != 0 && x > -SP_DBL_EXACT && x < SP_DBL_EXACT && y > -SP_DBL_EXACT &&
                    y < SP_DBL_EXACT) {
                    SYNC();
                    sp_val v = sp_float_new_fast((double)x / (double)y);
                    if (!v) goto error;
                    sp[-2] = v;
                    sp--;
                    DISPATCH();
                }
                break;
            case SP_OP_RSHIFT:
                if (y >= 0) {
                    sp[-2] = sp_small(y >= 63 ? (x < 0 ? -1 : 0) : x >> y);
                    sp--;
                    DISPATCH();
                }
                break;
            default:
                break;
            }
        } else {
            double x, y;
            if (float_operands(a, b, &x, &y)) {
                double r;
                switch (op) {
                case SP_OP_ADD:
                    r = x + y;
                    break;
                case SP_OP_SUB:
                    r = x - y;
                    break;
                case SP_OP_MUL:
                    r = x * y;
                    break;
                case SP_OP_TRUEDIV:
                    if (y == 0.0) goto binop_generic; /* ZeroDivisionError */
                    r = x / y;
                    break;
                case SP_OP_POW: {
                    SYNC();
                    sp_val v = sp_float_pow_double(x, y);
                    if (!v) goto error;
                    if (ip->op == SP_BINARY_OP && v->type == &sp_type_float)
                        v->aux = SP_FLOAT_TEMP; /* a new float (obj_float.h) */
                    sp[-2] = v;
                    sp--;
                    DISPATCH();
                }
                default:
                    goto binop_generic;
                }
                sp_val v;
                if (!sp_is_small(b) && (b->aux & SP_FLOAT_TEMP)) {
                    /* b is a float (float_operands) and a temporary: ours now */
                    ((sp_float *)b)->value = r;
                    if (ip->op != SP_BINARY_OP) b->aux = 0;
                    v = b;
                } else {
                    SYNC();
                    v = sp_float_new_fast(r);
                    if (!v) goto error;
                    if (ip->op == SP_BINARY_OP) v->aux = SP_FLOAT_TEMP; /* new: aux was 0 */
                }
                sp[-2] = v;
                sp--;
                DISPATCH();
            }
        }
    binop_generic:
        SYNC();
        /* b may escape from here on (__radd__ and the like) */
        if (!sp_is_small(b) && b->type == &sp_type_float) b->aux &= ~SP_FLOAT_TEMP;
        sp_val r;
        if ((ARG & SP_BINOP_BUILD) && !sp_is_small(a) && a->type == &sp_type_str &&
            !sp_is_small(b) && b->type == &sp_type_str)
            r = sp_str_iadd(a, b); /* `x += s` on a local: may append in place */
        else
            r = (ARG & SP_BINOP_INPLACE) ? sp_inplace_op((sp_binop)op, a, b)
                                         : sp_binary_op((sp_binop)op, a, b);
        if (!r) goto error;
        sp[-2] = r;
        sp--;
        DISPATCH();
    }
    TARGET(BINARY_ADD_FAST_CONST)
    {
        SYNC();
        sp_val a = L[ARG & 0xFFFF];
        if (!a) {
            unbound_local(co, ARG & 0xFFFF);
            goto error;
        }
        sp_str_unmark(a); /* not emitted by the compiler: keep it safe */
        sp_val r = sp_binary_op(SP_OP_ADD, a, consts[ARG >> 16]);
        if (!r) goto error;
        PUSH(r);
        DISPATCH();
    }
    TARGET(BINARY_SUBSCR)
    {
        sp_val key = sp[-1], obj = sp[-2];
        if (sp_is_small(key) && !sp_is_small(obj)) {
            if (obj->type == &sp_type_list) {
                sp_list *l = (sp_list *)obj;
                int64_t i = sp_small_value(key);
                if (i < 0) i += (int64_t)l->len;
                if (i >= 0 && (uint64_t)i < l->len) {
                    sp[-2] = l->items[i];
                    sp--;
                    DISPATCH();
                }
            } else if (obj->type == &sp_type_tuple) {
                sp_tuple *t = (sp_tuple *)obj;
                int64_t i = sp_small_value(key);
                if (i < 0) i += (int64_t)t->len;
                if (i >= 0 && (uint64_t)i < t->len) {
                    sp[-2] = t->items[i];
                    sp--;
                    DISPATCH();
                }
            }
        }
        SYNC();
        sp_val r = sp_getitem(obj, key);
        if (!r) goto error;
        sp[-2] = r;
        sp--;
        DISPATCH();
    }
    TARGET(STORE_SUBSCR)
    {
        sp_val key = sp[-1], obj = sp[-2], v = sp[-3];
        if (sp_is_small(key) && !sp_is_small(obj) && obj->type == &sp_type_list) {
            sp_list *l = (sp_list *)obj;
            int64_t i = sp_small_value(key);
            if (i < 0) i += (int64_t)l->len;
            if (i >= 0 && (uint64_t)i < l->len) {
                l->items[i] = v;
                sp -= 3;
                DISPATCH();
            }
        }
        SYNC();
        if (sp_setitem(obj, key, v) < 0) goto error;
        sp -= 3;
        DISPATCH();
    }
    TARGET(DELETE_SUBSCR)
    {
        SYNC();
        if (sp_delitem(sp[-2], sp[-1]) < 0) goto error;
        sp -= 2;
        DISPATCH();
    }
    TARGET(UNARY_NEGATIVE)
    {
        sp_val a = TOP();
        if (sp_is_small(a) && sp_small_value(a) != SP_SMALL_MIN) {
            TOP() = sp_small(-sp_small_value(a));
            DISPATCH();
        }
        if (!sp_is_small(a) && a->type == &sp_type_float) {
            SYNC();
            sp_val r = sp_float_new_fast(-((sp_float *)a)->value);
            if (!r) goto error;
            TOP() = r;
            DISPATCH();
        }
        SYNC();
        sp_val r = sp_neg(a);
        if (!r) goto error;
        TOP() = r;
        DISPATCH();
    }
    TARGET(UNARY_POSITIVE)
    {
        SYNC();
        sp_val r = sp_pos(TOP());
        if (!r) goto error;
        TOP() = r;
        DISPATCH();
    }
    TARGET(UNARY_INVERT)
    {
        SYNC();
        sp_val r = sp_invert(TOP());
        if (!r) goto error;
        TOP() = r;
        DISPATCH();
    }
    TARGET(UNARY_NOT)
    {
        sp_val a = TOP();
        if (a == sp_True || a == sp_False) {
            TOP() = a == sp_True ? sp_False : sp_True;
            DISPATCH();
        }
        SYNC();
        int t = sp_truthy(a);
        if (t < 0) goto error;
        TOP() = t ? sp_False : sp_True;
        DISPATCH();
    }
    TARGET(COMPARE_OP)
    {
        sp_val b = sp[-1], a = sp[-2];
        if (sp_is_small(a) && sp_is_small(b)) {
            bool r = small_int_compare(a, b, ARG);
            sp[-2] = r ? sp_True : sp_False;
            sp--;
            DISPATCH();
        }
        double x, y;
        if (float_operands(a, b, &x, &y)) {
            sp[-2] = double_compare(x, y, ARG) ? sp_True : sp_False;
            sp--;
            DISPATCH();
        }
        SYNC();
        sp_val r = sp_compare(a, b, (sp_cmpop)ARG);
        if (!r) goto error;
        sp[-2] = r;
        sp--;
        DISPATCH();
    }
    TARGET(COMPARE_JUMP_IF_FALSE)
    {
        sp_val b = sp[-1], a = sp[-2];
        bool r;
        double x, y;
        if (sp_is_small(a) && sp_is_small(b)) {
            r = small_int_compare(a, b, ARG & 0xF);
        } else if (float_operands(a, b, &x, &y)) {
            r = double_compare(x, y, ARG & 0xF);
        } else {
            SYNC();
            int t = sp_compare_bool(a, b, (sp_cmpop)(ARG & 0xF));
            if (t < 0) goto error;
            r = t;
        }
        sp -= 2;
        if (!r) JUMP_TAKEN((ARG >> 4));
        DISPATCH();
    }
    TARGET(IS_OP)
    {
        bool r = (sp[-2] == sp[-1]) != (ARG != 0);
        sp[-2] = r ? sp_True : sp_False;
        sp--;
        DISPATCH();
    }
    TARGET(CONTAINS_OP)
    {
        SYNC();
        int r = sp_contains(sp[-1], sp[-2]);
        if (r < 0) goto error;
        sp[-2] = (r != (int)ARG) ? sp_True : sp_False;
        sp--;
        DISPATCH();
    }
    TARGET(JUMP)
    {
        ip = co->code + ARG;
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_FALSE)
    {
        sp_val v = POP();
        if (v == sp_False) {
            JUMP_TAKEN(ARG);
        } else if (v != sp_True) {
            SYNC();
            int t = sp_truthy(v);
            if (t < 0) goto error;
            if (!t) JUMP_TAKEN(ARG);
        }
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_TRUE)
    {
        sp_val v = POP();
        if (v == sp_True) {
            JUMP_TAKEN(ARG);
        } else if (v != sp_False) {
            SYNC();
            int t = sp_truthy(v);
            if (t < 0) goto error;
            if (t) JUMP_TAKEN(ARG);
        }
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_NONE)
    {
        if (POP() == sp_None) JUMP_TAKEN(ARG);
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_NOT_NONE)
    {
        if (POP() != sp_None) JUMP_TAKEN(ARG);
        DISPATCH();
    }
    TARGET(JUMP_IF_FALSE_OR_POP)
    {
        sp_val v = TOP();
        int t = v == sp_True ? 1 : v == sp_False ? 0 : -2;
        if (t == -2) {
            SYNC();
            t = sp_truthy(v);
            if (t < 0) goto error;
        }
        if (!t)
            JUMP_TAKEN(ARG);
        else
            sp--;
        DISPATCH();
    }
    TARGET(JUMP_IF_TRUE_OR_POP)
    {
        sp_val v = TOP();
        int t = v == sp_True ? 1 : v == sp_False ? 0 : -2;
        if (t == -2) {
            SYNC();
            t = sp_truthy(v);
            if (t < 0) goto error;
        }
        if (t)
            JUMP_TAKEN(ARG);
        else
            sp--;
        DISPATCH();
    }
    TARGET(GET_ITER)
    {
        SYNC();
        sp_val it = sp_iter(TOP());
        if (!it) goto error;
        TOP() = it;
        DISPATCH();
    }
    TARGET(FOR_ITER)
    {
        sp_val it = TOP();
        if (likely(!sp_is_small(it))) {
            /* the iterators of most loops, stepped here as their iternext would */
            if (it->type == &sp_type_range_iter) {
                sp_range_iter *r = (sp_range_iter *)it;
                if (!r->left) {
                    sp--;
                    JUMP_TAKEN(ARG);
                    DISPATCH();
                }
                int64_t x = r->next;
                if (likely(sp_small_fits(x))) {
                    r->left--;
                    if (r->left) r->next = (int64_t)((__int128)r->next + r->step);
                    PUSH(sp_small(x));
                    DISPATCH();
                }
            } else if (it->type == &sp_type_list_iter) {
                sp_list_iter *li = (sp_list_iter *)it;
                if (li->list && li->index < ((sp_list *)li->list)->len) {
                    PUSH(((sp_list *)li->list)->items[li->index++]);
                    DISPATCH();
                }
            }
        }
        SYNC();
        if (!sp_is_small(it) && it->type == &sp_type_generator) {
            /* resume the generator's frame in this loop, as a call would run
             * (see "Generators resumed inline" below); what sp_gen_resume does
             * otherwise, nesting an eval */
            sp_generator *g = (sp_generator *)it;
            sp_frame *gf = g->frame;
            if (gf && !g->running && !sp_trace_active && sp_st.depth < sp_st.recursion_limit) {
                if (gf->ip != gf->code->code) *gf->sp++ = sp_None; /* the value sent */
                sp_st.depth++;
                g->running = true;
                PUSH(sp_st.handled_exc); /* until it yields or ends (may be NULL) */
                f->sp = sp;
                if (g->handled_exc) sp_st.handled_exc = g->handled_exc;
                vm_calls++;
                gf->back = f;
                gf->entry = false;
                sp_vm_current = gf;
                f = gf;
                LOAD_FRAME();
                PROFILE_RESYNC(); /* a trap at its first instruction, as at eval's entry */
                DISPATCH();
            }
        }
        sp_type *t = sp_typeof(it);
        sp_val v = t->iternext ? t->iternext(it) : sp_next(it);
        if (v) {
            PUSH(v);
            DISPATCH();
        }
        if (sp_err_occurred()) {
            if (!sp_err_matches(&sp_exc_StopIteration)) goto error;
            sp_err_clear();
        }
        sp--;
        JUMP_TAKEN(ARG);
        DISPATCH();
    }
    TARGET(BUILD_TUPLE)
    {
        SYNC();
        sp_val t = sp_tuple_new(ARG);
        if (!t) goto error;
        sp -= ARG;
        memcpy(((sp_tuple *)t)->items, sp, ARG * sizeof(sp_val));
        PUSH(t);
        DISPATCH();
    }
    TARGET(BUILD_LIST)
    {
        SYNC();
        sp_val l = sp_list_new(ARG);
        if (!l) goto error;
        sp -= ARG;
        for (uint32_t i = 0; i < ARG; i++)
            if (sp_list_append(l, sp[i]) < 0) goto error;
        PUSH(l);
        DISPATCH();
    }
    TARGET(BUILD_SET)
    {
        SYNC();
        sp_val s = sp_set_new(&sp_type_set);
        if (!s) goto error;
        for (uint32_t i = 0; i < ARG; i++)
            if (sp_set_add(s, sp[(int)i - (int)ARG]) < 0) goto error;
        sp -= ARG;
        PUSH(s);
        DISPATCH();
    }
    TARGET(BUILD_MAP)
    {
        SYNC();
        sp_val d = sp_dict_new();
        if (!d) goto error;
        for (uint32_t i = 0; i < ARG; i++)
            if (sp_dict_set(d, sp[2 * ((int)i - (int)ARG)], sp[2 * ((int)i - (int)ARG) + 1]) < 0)
                goto error;
        sp -= 2 * ARG;
        PUSH(d);
        DISPATCH();
    }
    TARGET(BUILD_CONST_KEY_MAP)
    {
        SYNC();
        sp_val keys = sp[-1];
        sp_val d = sp_dict_new();
        if (!d) goto error;
        for (uint32_t i = 0; i < ARG; i++)
            if (sp_dict_set(d, ((sp_tuple *)keys)->items[i], sp[(int)i - (int)ARG - 1]) < 0)
                goto error;
        sp -= ARG + 1;
        PUSH(d);
        DISPATCH();
    }
    TARGET(BUILD_STRING)
    {
        SYNC();
        sp_val s = build_string(sp - ARG, ARG);
        if (!s) goto error;
        sp -= ARG;
        PUSH(s);
        DISPATCH();
    }
    TARGET(BUILD_SLICE)
    {
        /* list[a:b:c] and list[a:b:c] = v with small-int or None bounds: done
         * here with the next instruction, without a slice object. That
         * instruction is counted here, which is exact when no trap is due
         * before it (vm_left >= 2; never while step tracing). */
        sp_val cont = sp[-(int)ARG - 1];
        int64_t a, b, st;
        if (vm_left >= 2 && (ip->op == SP_BINARY_SUBSCR || ip->op == SP_STORE_SUBSCR) &&
            !sp_is_small(cont) && cont->type == &sp_type_list &&
            small_slice(sp[-(int)ARG], sp[1 - (int)ARG], ARG == 3 ? sp[-1] : sp_None, &a, &b,
                        &st)) {
            int nb = (int)ARG; /* ARG is the next instruction's from here on */
            vm_left--;
            in = ip++;
            SYNC(); /* the operands stay on the stack (marked) until done */
            if (in->op == SP_BINARY_SUBSCR) {
                sp_val r = sp_list_slice_unpacked(cont, a, b, st);
                if (!r) goto error;
                sp -= nb;
                sp[-1] = r;
            } else {
                if (sp_list_ass_slice_unpacked(cont, a, b, st, sp[-nb - 2]) < 0) goto error;
                sp -= nb + 2;
            }
            DISPATCH();
        }
        SYNC();
        sp_val step = ARG == 3 ? POP() : sp_None;
        sp_val stop = POP();
        sp_val start = TOP();
        sp_val s = sp_slice_new(start, stop, step);
        if (!s) goto error;
        TOP() = s;
        DISPATCH();
    }
    TARGET(LIST_APPEND)
    {
        SYNC();
        sp_val v = POP();
        if (sp_list_append(sp[-(int)ARG], v) < 0) goto error;
        DISPATCH();
    }
    TARGET(SET_ADD)
    {
        SYNC();
        sp_val v = POP();
        if (sp_set_add(sp[-(int)ARG], v) < 0) goto error;
        DISPATCH();
    }
    TARGET(MAP_ADD)
    {
        SYNC();
        sp_val v = POP();
        sp_val k = POP();
        if (sp_dict_set(sp[-(int)ARG], k, v) < 0) goto error;
        DISPATCH();
    }
    TARGET(LIST_EXTEND)
    {
        SYNC();
        sp_val v = POP();
        int depth = (int)(ARG & 0xFF);
        if (sp_list_extend(sp[-depth], v) < 0) {
            if (sp_err_matches(&sp_exc_TypeError) && !sp_typeof(v)->iter &&
                !sp_typeof(v)->getitem) {
                sp_err_clear();
                if (ARG & SP_EXTEND_IN_CALL) {
                    sp_val fs = function_str(sp[-depth - 1]);
                    if (fs)
                        sp_err_set(&sp_exc_TypeError,
                                   "%S argument after * must be an iterable, not %s", fs,
                                   sp_type_name(v));
                } else {
                    sp_err_set(&sp_exc_TypeError, "Value after * must be an iterable, not %s",
                               sp_type_name(v));
                }
            }
            goto error;
        }
        DISPATCH();
    }
    TARGET(SET_UPDATE)
    {
        SYNC();
        sp_val v = POP();
        sp_val it = sp_iter(v);
        if (!it) goto error;
        sp_val x;
        while ((x = sp_next(it)))
            if (sp_set_add(sp[-(int)ARG], x) < 0) goto error;
        if (sp_err_occurred()) goto error;
        DISPATCH();
    }
    TARGET(DICT_UPDATE)
    {
        SYNC();
        sp_val v = POP();
        if (!sp_isinstance(v, &sp_type_dict)) {
            sp_val keys = sp_getattr_opt(v, sp_str_intern("keys"));
            if (!keys) {
                if (!sp_err_occurred())
                    sp_err_set(&sp_exc_TypeError, "'%s' object is not a mapping", sp_type_name(v));
                goto error;
            }
        }
        if (sp_dict_update(sp[-(int)ARG], v) < 0) {
            if (sp_err_matches(&sp_exc_AttributeError) || sp_err_matches(&sp_exc_TypeError)) {
                sp_err_clear();
                sp_err_set(&sp_exc_TypeError, "'%s' object is not a mapping", sp_type_name(v));
            }
            goto error;
        }
        DISPATCH();
    }
    TARGET(DICT_MERGE)
    {
        SYNC();
        sp_val v = POP();
        int depth = (int)(ARG & 0xFF);
        sp_val func = (ARG & SP_MERGE_IN_CLASS) ? NULL : sp[-depth - 2];
        if (dict_merge_checked(func, sp[-depth], v) < 0) goto error;
        DISPATCH();
    }
    TARGET(LIST_TO_TUPLE)
    {
        SYNC();
        sp_val t = sp_tuple_from_iterable(TOP());
        if (!t) goto error;
        TOP() = t;
        DISPATCH();
    }
    TARGET(UNPACK_SEQUENCE)
    {
        /* no VLAs in this function: computed gotos out of their block would leak
         * C stack. Items are unpacked in place on the value stack, which the
         * compiler sized for them, then reversed so the first ends on top. */
        sp_val seq = TOP();
        size_t n = ARG;
        /* an exact tuple or list: its items as they are now (nothing runs meanwhile) */
        sp_val *items = NULL;
        if (!sp_is_small(seq) && seq->type == &sp_type_tuple && ((sp_tuple *)seq)->len == n)
            items = ((sp_tuple *)seq)->items;
        else if (!sp_is_small(seq) && seq->type == &sp_type_list && ((sp_list *)seq)->len == n)
            items = ((sp_list *)seq)->items;
        if (items) {
            sp--;
            for (size_t i = n; i-- > 0;)
                PUSH(items[i]);
            DISPATCH();
        }
        sp_val *base = sp - 1;
        for (size_t i = 0; i < n; i++)
            base[i] = NULL;
        f->sp = base + n;
        f->ip = ip;
        if (unpack_iterable(seq, n, 0, false, base) < 0) {
            sp = base;
            *sp++ = seq;
            goto error;
        }
        for (size_t i = 0, j = n ? n - 1 : 0; i < j; i++, j--) {
            sp_val t = base[i];
            base[i] = base[j];
            base[j] = t;
        }
        sp = base + n;
        DISPATCH();
    }
    TARGET(UNPACK_EX)
    {
        sp_val seq = TOP();
        size_t before = ARG & 0xFF, after = ARG >> 8, total = before + after + 1;
        sp_val *base = sp - 1;
        for (size_t i = 0; i < total; i++)
            base[i] = NULL;
        f->sp = base + total;
        f->ip = ip;
        if (unpack_iterable(seq, before, after, true, base) < 0) {
            sp = base;
            *sp++ = seq;
            goto error;
        }
        for (size_t i = 0, j = total - 1; i < j; i++, j--) {
            sp_val t = base[i];
            base[i] = base[j];
            base[j] = t;
        }
        sp = base + total;
        DISPATCH();
    }
    TARGET(FORMAT_VALUE)
    {
        SYNC();
        sp_val spec = (ARG & SP_FV_SPEC) ? POP() : NULL;
        sp_val r = format_value(TOP(), ARG, spec);
        if (!r) goto error;
        TOP() = r;
        DISPATCH();
    }
    TARGET(MAKE_FUNCTION)
    {
        SYNC();
        sp_val qualname = POP();
        sp_val code = POP();
        sp_val fn = make_function(code, qualname, f->globals, ARG, &sp);
        if (!fn) goto error;
        PUSH(fn);
        DISPATCH();
    }
    TARGET(BUILD_CLASS)
    {
        SYNC();
        sp_val kw = sp[-1], bases = sp[-2], name = sp[-3], body = sp[-4];
        sp_val args[3 + 64];
        size_t nb = ((sp_tuple *)bases)->len;
        if (nb > 64) {
            sp_err_set(&sp_exc_SystemError, "too many base classes");
            goto error;
        }
        args[0] = body;
        args[1] = name;
        memcpy(args + 2, ((sp_tuple *)bases)->items, nb * sizeof(sp_val));
        sp_val kwnames = NULL;
        size_t nkw = 0;
        if (kw != sp_None) {
            nkw = ((sp_dict *)kw)->len;
            if (nb + 2 + nkw > sizeof args / sizeof args[0]) {
                sp_err_set(&sp_exc_SystemError, "too many class keywords");
                goto error;
            }
            kwnames = sp_tuple_new(nkw);
            if (!kwnames) goto error;
            size_t pos = 0, i = 0;
            sp_val k, v;
            while (sp_dict_next(kw, &pos, &k, &v)) {
                ((sp_tuple *)kwnames)->items[i] = k;
                args[2 + nb + i] = v;
                i++;
            }
        }
        sp_val cls = sp_vm_build_class(args, 2 + nb, kwnames);
        if (!cls) goto error;
        sp -= 4;
        PUSH(cls);
        DISPATCH();
    }
    TARGET(RETURN_CONST)
    {
        retval = consts[ARG];
        goto do_return;
    }
    TARGET(RETURN_VALUE)
    {
        retval = POP();
    do_return:
        if (unlikely(sp_trace_active)) sp_trace_return(f, ip, retval);
        if (unlikely(f->nblocks > 0)) {
            /* leaving a frame with open blocks (can only be EXCEPT_HANDLERs in a
             * generator being closed); restore the handled exception */
            while (f->nblocks > 0) {
                sp_block *b = &f->blocks[--f->nblocks];
                if (b->type == SP_BLOCK_EXCEPT_HANDLER) {
                    sp_val prev = f->stack_base[b->level];
                    sp_st.handled_exc = prev == sp_None ? NULL : prev;
                }
            }
        }
        if (f->entry) {
            f->sp = f->stack_base;
            f->ip = ip;
            f->suspended_yield = false;
            goto exit_frame;
        }
        if (f->gen) {
            /* a generator resumed inline ends: its FOR_ITER is done */
            sp_generator *g;
            LEAVE_INLINE_GENERATOR(g);
            sp--; /* the generator */
            JUMP_TAKEN(ip[-1].arg);
            DISPATCH();
        }
        bool init_call;
        POP_FRAME(init_call);
        if (unlikely(init_call)) {
            /* the end of a class call's __init__ (do_call), as d_init checks it:
             * the instance is on the stack already */
            sp_st.depth--;
            if (retval != sp_None) {
                sp--;
                f->sp = sp;
                sp_err_set(&sp_exc_TypeError, "__init__() should return None, not '%s'",
                           sp_type_name(retval));
                goto error;
            }
            DISPATCH();
        }
        PUSH(retval);
        DISPATCH();
    }
    TARGET(YIELD_VALUE)
    {
        retval = POP();
        if (unlikely(f == gen_sink.frame) && gen_sink.fn(gen_sink.ctx, retval)) {
            /* its consumer took the value: go on as sp_gen_resume would for the next
             * next() (a call counted, None sent, a trap at the next instruction as
             * after eval's exit and entry) */
            assert(f->entry && f->gen);
            vm_calls++;
            PUSH(sp_None);
            PROFILE_RESYNC();
            DISPATCH();
        }
        if (unlikely(sp_trace_active)) sp_trace_return(f, ip, retval);
        f->sp = sp;
        f->ip = ip;
        f->suspended_yield = true;
        if (!f->entry) goto yield_inline;
        goto exit_frame;
    }
    TARGET(GET_YIELD_FROM_ITER)
    {
        sp_val v = TOP();
        if (sp_is_small(v) || v->type != &sp_type_generator) {
            SYNC();
            sp_val it = sp_iter(v);
            if (!it) goto error;
            TOP() = it;
        }
        DISPATCH();
    }
    TARGET(YIELD_FROM)
    {
        SYNC();
        sp_val v = POP();
        sp_val it = TOP();
        sp_val r;
        bool done = false;
        if (!sp_is_small(it) && it->type == &sp_type_generator) {
            r = sp_gen_resume((sp_generator *)it, v, NULL, &done);
        } else if (v == sp_None) {
            /* keep StopIteration(value): it becomes the yield-from's result */
            r = sp_typeof(it)->iternext ? sp_iter_next_keep_stop(it) : sp_next(it);
            if (!r) {
                if (sp_err_occurred()) {
                    if (sp_err_matches(&sp_exc_StopIteration)) {
                        sp_val e = sp_err_fetch();
                        r = sp_exc_stop_iteration_value(e);
                        done = true;
                    }
                } else {
                    r = sp_None;
                    done = true;
                }
            }
        } else {
            r = sp_call_method(it, "send", &v, 1);
            if (!r && sp_err_matches(&sp_exc_StopIteration)) {
                sp_val e = sp_err_fetch();
                r = sp_exc_stop_iteration_value(e);
                done = true;
            }
        }
        if (!r) {
            sp--;
            f->sp = sp;
            goto error;
        }
        if (done) {
            TOP() = r;
            DISPATCH();
        }
        /* yield the value; on resume the sent value is pushed and we come back here */
        retval = r;
        f->sp = sp;
        f->ip = ip - 1;
        f->suspended_yield = true;
        if (!f->entry) goto yield_inline;
        goto exit_frame;
    }
    TARGET(SETUP_FINALLY)
    {
        if (f->nblocks >= SP_MAXBLOCKS) {
            SYNC();
            sp_err_set(&sp_exc_SystemError, "too many nested blocks");
            goto error;
        }
        f->blocks[f->nblocks++] = (sp_block){SP_BLOCK_FINALLY, (int)ARG, (int)(sp - f->stack_base)};
        DISPATCH();
    }
    TARGET(POP_BLOCK)
    {
        f->nblocks--;
        DISPATCH();
    }
    TARGET(POP_EXCEPT)
    {
        sp_block *b = &f->blocks[--f->nblocks];
        (void)b;
        sp_val prev = POP();
        sp_st.handled_exc = prev == sp_None ? NULL : prev;
        DISPATCH();
    }
    TARGET(RERAISE)
    {
        sp_val exc = POP();
        SYNC();
        sp_err_restore(exc);
        goto unwind;
    }
    TARGET(RAISE_VARARGS)
    {
        SYNC();
        if (ARG == 0) {
            sp_val exc = sp_st.handled_exc;
            if (!exc) {
                sp_err_set(&sp_exc_RuntimeError, "No active exception to reraise");
                goto error;
            }
            sp_err_restore(exc);
            goto unwind;
        }
        sp_val cause = ARG == 2 ? POP() : NULL;
        sp_val x = POP();
        f->sp = sp;
        sp_val exc = sp_exc_normalize(x);
        if (!exc) goto error;
        if (cause) {
            sp_val c;
            if (cause == sp_None) {
                c = NULL;
            } else {
                c = sp_exc_normalize(cause);
                if (!c) {
                    if (sp_err_matches(&sp_exc_TypeError)) {
                        sp_err_clear();
                        sp_err_set(&sp_exc_TypeError,
                                   "exception causes must derive from BaseException");
                    }
                    goto error;
                }
            }
            ((sp_exc *)exc)->cause = c;
            ((sp_exc *)exc)->suppress_context = true;
        }
        sp_err_set_value(exc);
        goto error;
    }
    TARGET(JUMP_IF_NOT_EXC_MATCH)
    {
        SYNC();
        sp_val type = POP();
        int err;
        bool m = exc_matches(TOP(), type, &err);
        if (err) goto error;
        if (!m) ip = co->code + ARG;
        DISPATCH();
    }
    TARGET(BEFORE_WITH)
    {
        SYNC();
        sp_val exit = NULL;
        sp_val r = before_with(TOP(), &exit);
        if (!r) goto error;
        TOP() = exit;
        PUSH(r);
        DISPATCH();
    }
    TARGET(WITH_EXCEPT_START)
    {
        SYNC();
        sp_val exc = sp[-1], exit = sp[-3];
        sp_val r = with_exit_exc(exit, exc);
        if (!r) goto error;
        PUSH(r);
        DISPATCH();
    }
    TARGET(IMPORT_NAME)
    {
        SYNC();
        sp_val fromlist = POP();
        sp_val level = TOP();
        sp_val m = import_name(names[ARG], fromlist, level);
        if (!m) goto error;
        TOP() = m;
        DISPATCH();
    }
    TARGET(IMPORT_FROM)
    {
        SYNC();
        sp_val v = import_from(TOP(), names[ARG]);
        if (!v) goto error;
        PUSH(v);
        DISPATCH();
    }
    TARGET(IMPORT_STAR)
    {
        SYNC();
        if (import_star(f, TOP()) < 0) goto error;
        sp--;
        DISPATCH();
    }
    TARGET(LOAD_ASSERTION_ERROR)
    {
        PUSH((sp_val)&sp_exc_AssertionError);
        DISPATCH();
    }
    TARGET(SETUP_ANNOTATIONS)
    {
        SYNC();
        sp_val d = f->locals_dict ? f->locals_dict : f->globals;
        sp_val a = mapping_get(d, str_annotations);
        if (!a) {
            if (sp_err_occurred()) goto error;
            a = sp_dict_new();
            if (!a || store_name(f, str_annotations, a, NULL) < 0) goto error;
        }
        DISPATCH();
    }
    TARGET(MATCH_CLASS)
    {
        SYNC();
        sp_val kwnames = sp[-1], cls = sp[-2], subject = sp[-3];
        sp_val r = sp_None;
        if (!sp_isinstance(cls, &sp_type_type)) {
            sp_err_set(&sp_exc_TypeError, "called match pattern must be a type");
            goto error;
        }
        if (sp_isinstance(subject, (sp_type *)cls)) {
            size_t npos = ARG, nkw = ((sp_tuple *)kwnames)->len;
            sp_val out = sp_tuple_new(npos + nkw);
            if (!out) goto error;
            bool ok = true;
            if (npos) {
                sp_val ma = sp_getattr_opt(cls, sp_str_intern("__match_args__"));
                if (!ma && sp_err_occurred()) goto error;
                sp_type *ct = (sp_type *)cls;
                bool self_match = ct == &sp_type_int || ct == &sp_type_str ||
                                  ct == &sp_type_float || ct == &sp_type_bool ||
                                  ct == &sp_type_list || ct == &sp_type_tuple ||
                                  ct == &sp_type_dict || ct == &sp_type_set ||
                                  ct == &sp_type_bytes || ct == &sp_type_frozenset;
                if (!ma && self_match && npos == 1) {
                    ((sp_tuple *)out)->items[0] = subject;
                } else {
                    if (!ma || sp_typeof(ma) != &sp_type_tuple || ((sp_tuple *)ma)->len < npos) {
                        sp_err_set(
                            &sp_exc_TypeError,
                            "%s() accepts %zu positional sub-pattern%s (%zu given)", ct->name,
                            ma && sp_typeof(ma) == &sp_type_tuple ? ((sp_tuple *)ma)->len : 0,
                            (ma && sp_typeof(ma) == &sp_type_tuple && ((sp_tuple *)ma)->len == 1)
                                ? ""
                                : "s",
                            npos);
                        goto error;
                    }
                    for (size_t i = 0; i < npos && ok; i++) {
                        sp_val v = sp_getattr_opt(subject, ((sp_tuple *)ma)->items[i]);
                        if (!v) {
                            if (sp_err_occurred()) goto error;
                            ok = false;
                        }
                        ((sp_tuple *)out)->items[i] = v;
                    }
                }
            }
            for (size_t i = 0; i < nkw && ok; i++) {
                sp_val v = sp_getattr_opt(subject, ((sp_tuple *)kwnames)->items[i]);
                if (!v) {
                    if (sp_err_occurred()) goto error;
                    ok = false;
                }
                ((sp_tuple *)out)->items[npos + i] = v;
            }
            if (ok) r = out;
        }
        sp -= 2;
        TOP() = r;
        DISPATCH();
    }
    TARGET(MATCH_MAPPING)
    {
        sp_val s = TOP();
        bool m = sp_isinstance(s, &sp_type_dict);
        PUSH(m ? sp_True : sp_False);
        DISPATCH();
    }
    TARGET(MATCH_SEQUENCE)
    {
        sp_val s = TOP();
        sp_type *t = sp_typeof(s);
        bool m = (sp_isinstance(s, &sp_type_list) || sp_isinstance(s, &sp_type_tuple) ||
                  t == &sp_type_range) &&
                 !sp_str_check(s);
        if (!m && t->mro) {
            /* collections.deque is a sequence too (CPython's Py_TPFLAGS_SEQUENCE) */
            sp_tuple *mro = (sp_tuple *)t->mro;
            for (size_t i = 0; i < mro->len && !m; i++)
                m = strcmp(((sp_type *)mro->items[i])->name, "deque") == 0;
        }
        PUSH(m ? sp_True : sp_False);
        DISPATCH();
    }
    TARGET(MATCH_KEYS)
    {
        SYNC();
        sp_val keys = sp[-1], subject = sp[-2];
        size_t n = ((sp_tuple *)keys)->len;
        sp_val vals = sp_tuple_new(n);
        if (!vals) goto error;
        sp_val r = vals;
        for (size_t i = 0; i < n; i++) {
            sp_val v = sp_dict_get(subject, ((sp_tuple *)keys)->items[i]);
            if (!v) {
                if (sp_err_occurred()) goto error;
                r = sp_None;
                break;
            }
            ((sp_tuple *)vals)->items[i] = v;
        }
        PUSH(r);
        DISPATCH();
    }
    TARGET(GET_LEN)
    {
        SYNC();
        int64_t n = sp_len(TOP());
        if (n < 0) goto error;
        PUSH(sp_small(n));
        DISPATCH();
    }
    TARGET(COPY_DICT_WITHOUT_KEYS)
    {
        SYNC();
        sp_val keys = sp[-1], subject = sp[-2];
        sp_val d = sp_dict_new();
        if (!d || sp_dict_update(d, subject) < 0) goto error;
        for (size_t i = 0; i < ((sp_tuple *)keys)->len; i++)
            if (sp_dict_del(d, ((sp_tuple *)keys)->items[i]) < 0) sp_err_clear();
        TOP() = d;
        DISPATCH();
    }

#if !USE_COMPUTED_GOTO
}
#endif

/* ---- exceptions ---- */
error :
    /* the current instruction raised: record where */
    f->ip = ip;
/* its block ends here (the frame may not run again) */
if (unlikely(prof_fast_limit)) prof_close(vm_ticks_now(), false);
if (!sp_st.exc) sp_err_set(&sp_exc_SystemError, "error return without exception set");
unwind_with_tb : if (!sp_st.instr_exceeded)
                     sp_vm_add_traceback(sp_st.exc, co, (size_t)(ip - co->code) - 1);
if (unlikely(sp_trace_active) && !sp_st.instr_exceeded) {
    f->ip = ip;
    sp_trace_exception(f, ip);
}
goto unwind;
error_notb : f->ip = ip;
if (unlikely(prof_fast_limit)) prof_close(vm_ticks_now(), sp_st.instr_exceeded);
unwind : while (f->nblocks > 0)
{
    sp_block *b = &f->blocks[--f->nblocks];
    if (b->type == SP_BLOCK_EXCEPT_HANDLER) {
        sp = f->stack_base + b->level + 1;
        sp_val prev = POP();
        sp_st.handled_exc = prev == sp_None ? NULL : prev;
        continue;
    }
    if (sp_st.instr_exceeded) continue;
    int handler = b->handler, level = b->level;
    sp = f->stack_base + level;
    sp_val exc = sp_err_fetch();
    PUSH(sp_st.handled_exc ? sp_st.handled_exc : sp_None);
    PUSH(exc);
    f->blocks[f->nblocks++] = (sp_block){SP_BLOCK_EXCEPT_HANDLER, -1, level};
    sp_st.handled_exc = exc;
    ip = co->code + handler;
    f->sp = sp;
    PROFILE_RESYNC();
    DISPATCH();
}
/* no handler in this frame */
sp = f->stack_base;
f->sp = sp;
if (f->entry) {
    retval = NULL;
    goto exit_frame;
}
if (f->gen) {
    /* a generator resumed inline raised: its FOR_ITER raises (as
     * sp_gen_resume's caller would, StopIteration becoming RuntimeError) */
    sp_generator *g;
    LEAVE_INLINE_GENERATOR(g);
    f->sp = sp;
    if (sp_err_matches(&sp_exc_StopIteration)) gen_stop_iteration_error();
    PROFILE_RESYNC(); /* as after eval's exit */
    goto error;
}
{
    bool init_call;
    POP_FRAME(init_call);
    if (init_call) {
        /* a class call's level (do_call), and its instance on the stack */
        sp_st.depth--;
        sp--;
        f->sp = sp;
    }
    goto unwind_with_tb;
}

/* a generator resumed inline (by FOR_ITER) yields retval to its resumer */
yield_inline:
{
    sp_generator *g = (sp_generator *)f->gen;
    f = f->back;
    sp_vm_current = f;
    LOAD_FRAME();
    gen_leave_inline(g, true, POP());
    PUSH(retval);
    PROFILE_RESYNC(); /* a trap at the resumer's next instruction, as after eval's exit */
    DISPATCH();
}

exit_frame : sp_vm_current = f->back;
PROFILE_RESYNC();
return retval;
}

/* Run a fresh frame (already bound) to completion as an entry frame. */
static sp_val run_entry_frame(sp_frame *f)
{
    f->entry = true;
    sp_val r = eval(f, false);
    return r;
}

/* ---- calls from C ---------------------------------------------------------------------------- */

static sp_val make_generator(sp_function *fn, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_code *co = (sp_code *)fn->code;
    sp_frame *f = frame_new_heap(co);
    if (!f) return NULL;
    f->func = (sp_val)fn;
    f->globals = fn->globals;
    f->builtins = fn->builtins;
    sp_generator *g = sp_gc_new(&sp_type_generator, sizeof(sp_generator));
    if (!g) {
        sp_mem_free(f, f->alloc_size);
        return NULL;
    }
    g->frame = f;
    g->name = fn->name;
    g->qualname = fn->qualname;
    g->code = fn->code;
    f->gen = (sp_val)g;
    f->entry = true;
    /* the generator traces the (zeroed) frame while its slots are bound */
    int rc = bind_args(f, fn, args, nargs, kwnames);
    if (rc < 0) return NULL;
    return (sp_val)g;
}

sp_val sp_func_call(sp_val func, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_function *fn = (sp_function *)func;
    sp_code *co = (sp_code *)fn->code;
    if (co->flags & SP_CO_GENERATOR) return make_generator(fn, args, nargs, kwnames);
    if (sp_recursion_enter() < 0) return NULL;
    if (co->simple_call && !kwnames && nargs == (size_t)co->argcount) {
        sp_frame *f = frame_push_simple(fn, co, args, nargs);
        if (f) {
            f->back = sp_vm_current;
            vm_calls++;
            sp_val r = run_entry_frame(f);
            frame_pop(f);
            sp_recursion_leave();
            return r;
        }
    }
    sp_frame *f = frame_push(co);
    if (!f) {
        sp_recursion_leave();
        return NULL;
    }
    f->func = func;
    f->globals = fn->globals;
    f->builtins = fn->builtins;
    f->back = sp_vm_current;
    sp_frame *saved = sp_vm_current;
    sp_vm_current = f; /* so the GC sees the slots while binding */
    int rc = bind_args(f, fn, args, nargs, kwnames);
    sp_vm_current = saved;
    if (rc < 0) {
        frame_pop(f);
        sp_recursion_leave();
        return NULL;
    }
    vm_calls++;
    sp_val r = run_entry_frame(f);
    frame_pop(f);
    sp_recursion_leave();
    return r;
}

static sp_val run_code_frame(sp_code *co, sp_val globals, sp_val locals, sp_val closure)
{
    if (sp_recursion_enter() < 0) return NULL;
    sp_frame *f = frame_push(co);
    if (!f) {
        sp_recursion_leave();
        return NULL;
    }
    f->globals = globals;
    sp_val b = sp_dict_get_cstr(globals, "__builtins__");
    if (b && sp_typeof(b) == &sp_type_module) b = ((sp_module *)b)->dict;
    f->builtins = (b && sp_typeof(b) == &sp_type_dict) ? b : sp_st.builtins;
    f->locals_dict = locals;
    for (int i = 0; i < co->ncells; i++) {
        sp_val cell = sp_cell_new(NULL);
        if (!cell) {
            frame_pop(f);
            sp_recursion_leave();
            return NULL;
        }
        f->slots[co->nlocals + i] = cell;
    }
    if (closure)
        for (int i = 0; i < co->nfree; i++)
            f->slots[co->nlocals + co->ncells + i] = ((sp_tuple *)closure)->items[i];
    sp_val r = run_entry_frame(f);
    frame_pop(f);
    sp_recursion_leave();
    return r;
}

sp_val sp_vm_run_module(sp_code *co, sp_val globals)
{
    return run_code_frame(co, globals, NULL, NULL);
}

sp_val sp_vm_exec(sp_code *co, sp_val globals, sp_val locals)
{
    return run_code_frame(co, globals, locals == globals ? NULL : locals, NULL);
}

sp_val sp_vm_run_code(sp_val code, sp_val globals, sp_val locals)
{
    if (sp_typeof(code) != &sp_type_code)
        return sp_err_set(&sp_exc_TypeError, "expected a code object");
    if (!sp_dict_get_cstr(globals, "__builtins__") && !sp_err_occurred()) {
        sp_val bm = sp_dict_get_cstr(sp_st.modules, "builtins");
        if (bm && sp_dict_set_cstr(globals, "__builtins__", bm) < 0) return NULL;
    }
    return sp_vm_exec((sp_code *)code, globals, locals ? locals : globals);
}

sp_val sp_vm_globals(void)
{
    return sp_vm_current ? sp_vm_current->globals : NULL;
}

sp_val sp_vm_locals(void)
{
    sp_frame *f = sp_vm_current;
    if (!f) return NULL;
    if (f->locals_dict) return f->locals_dict;
    if (f->code->flags & SP_CO_MODULE) return f->globals;
    sp_val d = sp_dict_new();
    if (!d) return NULL;
    sp_code *co = f->code;
    for (int i = 0; i < co->nlocals; i++) {
        sp_str_unmark(f->slots[i]); /* escapes into the dict (obj_str.h, invariant 2) */
        if (f->slots[i] && sp_dict_set(d, ((sp_tuple *)co->varnames)->items[i], f->slots[i]) < 0)
            return NULL;
    }
    for (int i = 0; i < co->ncells + co->nfree; i++) {
        sp_val cell = f->slots[co->nlocals + i];
        sp_val name = i < co->ncells ? ((sp_tuple *)co->cellvars)->items[i]
                                     : ((sp_tuple *)co->freevars)->items[i - co->ncells];
        if (cell && ((sp_cell *)cell)->ref && sp_dict_set(d, name, ((sp_cell *)cell)->ref) < 0)
            return NULL;
    }
    return d;
}

/* __build_class__(func, name, *bases, **kwds) */
sp_val sp_vm_build_class(sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (nargs < 2) return sp_err_set(&sp_exc_TypeError, "__build_class__: not enough arguments");
    sp_val body = args[0], name = args[1];
    if (sp_typeof(body) != &sp_type_function)
        return sp_err_set(&sp_exc_TypeError, "__build_class__: func must be a function");
    if (!sp_str_check(name))
        return sp_err_set(&sp_exc_TypeError, "__build_class__: name is not a string");
    sp_val bases = sp_tuple_new(nargs - 2);
    if (!bases) return NULL;
    for (size_t i = 2; i < nargs; i++)
        ((sp_tuple *)bases)->items[i - 2] = args[i];
    /* keywords: metaclass and the rest */
    sp_val meta = NULL;
    size_t nkw = kwnames ? ((sp_tuple *)kwnames)->len : 0;
    sp_val kwargs = sp_dict_new();
    if (!kwargs) return NULL;
    for (size_t i = 0; i < nkw; i++) {
        sp_val k = ((sp_tuple *)kwnames)->items[i];
        if (sp_str_eq(k, str_metaclass))
            meta = args[nargs + i];
        else if (sp_dict_set(kwargs, k, args[nargs + i]) < 0)
            return NULL;
    }
    /* __mro_entries__ is not supported; bases must be classes.
       As CPython: the metaclass defaults to type(bases[0]) and, when it is a class, becomes the
       most derived metaclass of the bases, whose __prepare__ makes the namespace. */
    size_t nbases = ((sp_tuple *)bases)->len;
    bool isclass = true;
    if (!meta)
        meta = nbases ? &sp_typeof(((sp_tuple *)bases)->items[0])->ob : &sp_type_type.ob;
    else
        isclass = sp_isinstance(meta, &sp_type_type);
    if (isclass) {
        sp_type *winner = sp_type_calculate_metaclass((sp_type *)meta, bases);
        if (!winner) return NULL;
        meta = &winner->ob;
    }
    sp_val ns;
    if (meta == &sp_type_type.ob) {
        ns = sp_dict_new(); /* type.__prepare__ */
    } else {
        sp_val prep = sp_getattr_opt(meta, sp_str_intern("__prepare__"));
        if (prep) {
            sp_val pa = sp_tuple_pack(2, name, bases);
            ns = pa ? call_ex(prep, pa, kwargs) : NULL;
            if (ns && !sp_typeof(ns)->getitem) {
                const char *mname = isclass ? ((sp_type *)meta)->name : "<metaclass>";
                return sp_err_set(&sp_exc_TypeError,
                                  "%s.__prepare__() must return a mapping, not %s", mname,
                                  sp_type_name(ns));
            }
        } else {
            if (sp_err_occurred()) return NULL;
            ns = sp_dict_new();
        }
    }
    if (!ns) return NULL;
    sp_function *fn = (sp_function *)body;
    sp_code *co = (sp_code *)fn->code;
    sp_val r = run_code_frame(co, fn->globals, ns, fn->closure);
    if (!r) return NULL;
    sp_val cell = mapping_get(ns, str_classcell);
    if (cell) {
        if (sp_typeof(ns) == &sp_type_dict) sp_dict_del(ns, str_classcell);
    } else if (sp_err_occurred()) {
        return NULL;
    }
    sp_val cls;
    if (meta == &sp_type_type.ob && ((sp_dict *)kwargs)->len == 0) {
        cls = sp_type_new_class(name, bases, ns);
    } else {
        sp_val t = sp_tuple_pack(3, name, bases, ns);
        cls = t ? call_ex(meta, t, kwargs) : NULL;
    }
    if (!cls) return NULL;
    if (cell && sp_typeof(cell) == &sp_type_cell) ((sp_cell *)cell)->ref = cls;
    return cls;
}

/* ---- generators ------------------------------------------------------------------------------ */

static sp_val finish_generator(sp_generator *g)
{
    if (g->frame) {
        sp_mem_free(g->frame, g->frame->alloc_size);
        g->frame = NULL;
    }
    return NULL;
}

sp_val sp_gen_resume(sp_generator *g, sp_val value, sp_val exc, bool *done)
{
    *done = false;
    if (g->running) return sp_err_set(&sp_exc_ValueError, "generator already executing");
    sp_frame *f = g->frame;
    if (!f) {
        if (exc) {
            sp_err_set_value(exc);
            return NULL;
        }
        *done = true;
        return sp_None;
    }
    bool fresh = f->ip == f->code->code;
    if (fresh && !exc && value != sp_None)
        return sp_err_set(&sp_exc_TypeError,
                          "can't send non-None value to a just-started generator");
    if (sp_recursion_enter() < 0) return NULL;
    g->running = true;
    bool throwing = false;
    sp_val r;
    if (exc) {
        /* delegate to a sub-iterator of a pending yield from */
        if (!fresh && f->ip->op == SP_YIELD_FROM && f->sp > f->stack_base) {
            sp_val sub = f->sp[-1];
            bool sub_done = false;
            sp_val sr = NULL;
            bool delegated = false;
            if (sp_isinstance(exc, &sp_exc_GeneratorExit)) {
                if (!sp_is_small(sub) && sub->type == &sp_type_generator) {
                    if (!sp_gen_close((sp_generator *)sub)) goto sub_error;
                } else {
                    sp_val cl = sp_getattr_opt(sub, str_close);
                    if (cl && !sp_call0(cl)) goto sub_error;
                    if (!cl && sp_err_occurred()) goto sub_error;
                }
            } else if (!sp_is_small(sub) && sub->type == &sp_type_generator) {
                g->running = false;
                sr = sp_gen_resume((sp_generator *)sub, NULL, exc, &sub_done);
                g->running = true;
                delegated = true;
            } else {
                sp_val th = sp_getattr_opt(sub, str_throw);
                if (th) {
                    sr = sp_call1(th, exc);
                    if (!sr && sp_err_matches(&sp_exc_StopIteration)) {
                        sp_val e = sp_err_fetch();
                        sr = sp_exc_stop_iteration_value(e);
                        sub_done = true;
                    }
                    delegated = true;
                } else if (sp_err_occurred()) {
                    goto sub_error;
                }
            }
            if (delegated) {
                if (sr && !sub_done) {
                    g->running = false;
                    sp_recursion_leave();
                    return sr;
                }
                f->sp--; /* drop the sub-iterator */
                f->ip++;
                if (sr) {
                    *f->sp++ = sr;
                    goto run;
                }
                throwing = true;
                goto run;
            }
            goto throw_here;
        sub_error:
            f->sp--;
            f->ip++;
            throwing = true;
            goto run;
        }
    throw_here:
        sp_err_set_value(exc);
        throwing = true;
    } else if (!fresh) {
        *f->sp++ = value;
    }
run:
    f->back = NULL;
    f->entry = true;
    vm_calls++;
    /* the generator's own handled exception is visible only while it runs */
    sp_val caller_handled = sp_st.handled_exc;
    if (g->handled_exc) sp_st.handled_exc = g->handled_exc;
    r = eval(f, throwing);
    g->handled_exc =
        (r && f->suspended_yield && sp_st.handled_exc != caller_handled) ? sp_st.handled_exc : NULL;
    sp_st.handled_exc = caller_handled;
    g->running = false;
    sp_recursion_leave();
    if (r && f->suspended_yield) return r;
    /* returned or raised: the generator is finished */
    finish_generator(g);
    if (r) {
        *done = true;
        return r;
    }
    if (sp_err_matches(&sp_exc_StopIteration)) gen_stop_iteration_error();
    return NULL;
}

sp_val sp_gen_next_sink(sp_val self, sp_gen_sink sink, void *ctx)
{
    sp_generator *g = (sp_generator *)self;
    bool done;
    sp_val r;
    /* not under a step tracer: it reports each resumption's call and return */
    if (sink && g->frame && !g->running && !sp_trace_active) {
        gen_sink_state saved = gen_sink;
        gen_sink = (gen_sink_state){g->frame, sink, ctx};
        r = sp_gen_resume(g, sp_None, NULL, &done);
        gen_sink = saved; /* invariant 2 */
    } else {
        r = sp_gen_resume(g, sp_None, NULL, &done);
    }
    if (r && done) {
        /* like CPython: a non-None return value travels in StopIteration */
        if (r == sp_None) return NULL;
        sp_val exc = sp_exc_new(&sp_exc_StopIteration, &r, 1);
        if (exc) sp_err_set_value(exc);
        return NULL;
    }
    return r;
}

sp_val sp_gen_close(sp_generator *g)
{
    if (!g->frame) return sp_None;
    if (g->frame->ip == g->frame->code->code) {
        finish_generator(g);
        return sp_None;
    }
    sp_val exc = sp_exc_new(&sp_exc_GeneratorExit, NULL, 0);
    if (!exc) return NULL;
    bool done;
    sp_val r = sp_gen_resume(g, NULL, exc, &done);
    if (r && !done) {
        finish_generator(g);
        return sp_err_set(&sp_exc_RuntimeError, "generator ignored GeneratorExit");
    }
    if (r) return sp_None;
    if (sp_err_matches(&sp_exc_GeneratorExit) || sp_err_matches(&sp_exc_StopIteration)) {
        sp_err_clear();
        return sp_None;
    }
    return NULL;
}
