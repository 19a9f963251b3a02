/*
 * gc.h — the one allocator of the interpreter and its mark-sweep collector.
 *
 * Every byte the interpreter uses comes from here, so the memory budget of a run
 * is enforced in one place: an allocation that would take the live heap past
 * sp_run_options.limits.memory_bytes fails, and the caller sees NULL with a
 * MemoryError set (never a crash).
 *
 * Two kinds of memory:
 *  - objects (sp_gc_new): start with an sp_object header; found by tracing from
 *    the roots; freed by the sweep (after their type's finalize hook ran);
 *  - raw buffers (sp_mem_*): the storage behind lists, dicts, big ints...; owned by
 *    exactly one object, which frees them from its finalize hook. They are counted
 *    in the budget but never scanned: values stored in them must be marked by the
 *    owner's trace hook.
 *
 * Roots: registered global slots (sp_gc_root), registered tracer callbacks (the VM's
 * frame stacks), static objects' fields, and the C stack and registers, scanned
 * conservatively (any word that points into a live object keeps it alive).
 *
 * Collection runs only inside sp_gc_new (when the heap has grown past its
 * threshold), inside sp_mem_* (once, before failing an allocation over the budget)
 * or in sp_gc_collect: nothing moves, so raw pointers stay valid.
 */
#ifndef SP_GC_H
#define SP_GC_H

#include "object.h"

/* Start a fresh heap for one run; memory_budget 0 = unlimited. `stack_base` is the
 * address of a local in the outermost interpreter frame (the top of the scanned
 * C stack). */
int sp_gc_init(uint64_t memory_budget, void *stack_base);
/* Free every object and buffer of the heap (end of run). */
void sp_gc_shutdown(void);

/* ---- inline fast paths (the fields below are gc.c's; read-only elsewhere) ---- */

#define SP_GC_HEAP 1u /* sp_object.gc: allocated by this heap */
#define SP_GC_MARK 2u /* sp_object.gc: reached by the current collection */
#define SP_GC_CLASS_STEP 16
#define SP_GC_SMALL_MAX 512
#define SP_GC_NCLASSES (SP_GC_SMALL_MAX / SP_GC_CLASS_STEP)

/* A free small-object slot (gc.c invariant 4: type_null == NULL). */
typedef struct sp_gc_cell {
    sp_type *type_null;
    struct sp_gc_cell *next;
} sp_gc_cell;

/* What the allocation fast path needs: the per-class free lists and the byte
 * counter that decides when to collect. `alloc_limit` is recomputed by gc.c after
 * every collection and budget change so that since_gc + n <= alloc_limit implies
 * both "no collection due" and "n more bytes fit the budget" (see gc.c). */
typedef struct sp_gc_fast_state {
    sp_gc_cell *free_list[SP_GC_NCLASSES];
    uint64_t since_gc;    /* bytes allocated since the last collection */
    uint64_t alloc_limit; /* fast path allowed while since_gc + n <= alloc_limit */
} sp_gc_fast_state;
extern sp_gc_fast_state sp_gc_fast;

void *sp_gc_new_slow(sp_type *type, size_t size);
void sp_gc_mark_white(sp_object *o);

/* The inline fast path of sp_gc_new and sp_gc_new_unzeroed: a slot of size's class
 * from its free list when no collection is due (cleared when `zero`), else the slow
 * path, which always clears. With constant arguments the class and the clearing
 * compile to constants. */
static inline __attribute__((always_inline)) void *sp_gc_new_inline(sp_type *type, size_t size,
                                                                    bool zero)
{
#ifndef SP_SANITIZE /* the sanitizer build poisons free slots: always the slow path */
    if (size <= SP_GC_SMALL_MAX) {
        unsigned cls = (unsigned)((size - 1) / SP_GC_CLASS_STEP);
        size_t need = (size_t)(cls + 1) * SP_GC_CLASS_STEP;
        sp_gc_cell *c = sp_gc_fast.free_list[cls];
        if (c && sp_gc_fast.since_gc + need <= sp_gc_fast.alloc_limit) {
            sp_gc_fast.free_list[cls] = c->next;
            sp_gc_fast.since_gc += need;
            sp_object *o = (sp_object *)c;
            if (zero) __builtin_memset(o, 0, need);
            o->type = type;
            o->gc = SP_GC_HEAP;
            return o;
        }
    }
#else
    (void)zero;
#endif
    return sp_gc_new_slow(type, size);
}

/* Allocate a zeroed object of `size` bytes with its header set to `type`.
 * Returns new, or NULL with MemoryError set. */
static inline void *sp_gc_new(sp_type *type, size_t size)
{
    return sp_gc_new_inline(type, size, true);
}

/* sp_gc_new for an object whose caller sets every field (aux included) before
 * anything can see it, such as a float: the inline path leaves the slot's bytes
 * uncleared (the free-list link in them is overwritten by those fields; the slack
 * of the size class past them is never read). */
static inline void *sp_gc_new_unzeroed(sp_type *type, size_t size)
{
    return sp_gc_new_inline(type, size, false);
}

/* Raw buffers (budgeted). NULL + MemoryError on failure. sp_mem_realloc(NULL, 0, n)
 * allocates; sizes passed back must be the sizes asked for: small buffers have no
 * header, the size names their size class (a wrong one corrupts a free list). */
void *sp_mem_alloc(size_t size);
void *sp_mem_calloc(size_t count, size_t size);
void *sp_mem_realloc(void *p, size_t old_size, size_t new_size);
void sp_mem_free(void *p, size_t size);
/* Count `size` bytes against the budget and the statistics exactly as sp_mem_alloc
 * would (collecting first if they do not fit), without allocating them; 0, or -1
 * with MemoryError set. sp_gc_uncharge gives them back as sp_mem_free would. For a
 * structure that stands in for a budgeted one (obj_str.c's run intern table). */
int sp_gc_charge(size_t size);
void sp_gc_uncharge(size_t size);

/* Mark a value reachable (call from trace hooks; NULL and small ints are ignored).
 * Inline filter: only a white heap object reaches gc.c (static objects and objects
 * already marked are the common case and cost two tests). */
static inline void sp_gc_mark(sp_val v)
{
    if (v != NULL && !sp_is_small(v) && (v->gc & (SP_GC_HEAP | SP_GC_MARK)) == SP_GC_HEAP)
        sp_gc_mark_white(v);
}
void sp_gc_mark_array(sp_val const *vals, size_t n);

/* Register a global variable holding a value as a root (for the whole run). */
void sp_gc_root(sp_val *slot);
/* Register a function called at every collection to mark more roots. */
void sp_gc_add_tracer(void (*fn)(void));

/* Mark a static object (e.g. a built-in type) as outside the heap. */
void sp_gc_make_static(sp_object *o);

void sp_gc_collect(void);

/* Accounting for sp_stats. */
uint64_t sp_gc_bytes_allocated(void); /* total over the run */
uint64_t sp_gc_heap_in_use(void);
uint64_t sp_gc_peak_heap(void);
uint64_t sp_gc_cycles(void);

/* Register a static type whose heap fields (dict, mro, bases, names) are roots;
 * called by sp_type_ready. Registrations last for one run (until sp_gc_shutdown). */
void sp_gc_add_static_type(sp_type *t);
/* True for an object allocated by sp_gc_new (not small ints, not static objects). */
bool sp_gc_is_heap(sp_val v);
/* Whether the heap was made by sp_prepare and no run has taken it yet (interp.c's
 * flag, kept in the heap's state: a forked run writes that page anyway, so taking the
 * preparation costs no copy-on-write fault of its own). sp_gc_init clears it. */
bool sp_gc_prepared(void);
void sp_gc_set_prepared(bool prepared);
/* The end of sp_prepare (interp.c): gives every object class a bump arena and
 * reserves the run scratch (gc.c). A prepared run (a forked child) takes its big raw
 * buffers and the sp_sys_* blocks from the scratch instead of malloc, so its fresh
 * memory fills a few private pages instead of copying many of the fork server's.
 * sp_sys_* are malloc/calloc/realloc/free for the interpreter's own C buffers: a
 * block from one of them must be released or resized with sp_sys_free/realloc. */
void sp_gc_prepare_for_fork(void);
void *sp_sys_malloc(size_t size);
void *sp_sys_calloc(size_t count, size_t size);
void *sp_sys_realloc(void *p, size_t size);
void sp_sys_free(void *p);
/* Whether the current run takes its fresh buffers from the scratch (a forked run of a
 * prepared heap): other tables can then keep their new entries off prepared pages too. */
bool sp_gc_scratch_on(void);
/* Changes at every sp_gc_init: a module caching heap values in C statics compares it
 * to know the cache belongs to a previous run's (freed) heap. */
uint64_t sp_gc_run_id(void);

#endif
