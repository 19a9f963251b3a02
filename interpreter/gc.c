/*
 * gc.c — the one budgeted allocator and a non-moving mark-sweep collector.
 *
 * Design overview
 * ---------------
 * Small objects (<= SMALL_MAX bytes) live in size-class pools: one size class per
 * 16-byte step. Each pool is made of arenas of ARENA_SIZE bytes, aligned to their
 * size, so `addr & ~(ARENA_SIZE-1)` finds the arena header of any interior pointer.
 * An arena holds slots of one class only; a fresh arena is bump-allocated (untouched
 * pages stay unbacked), freed slots go on the class free list, which each sweep
 * rebuilds. The free lists and the allocation counter live in sp_gc_fast so that
 * gc.h can inline the common allocation (pop a slot, count its bytes). Large objects
 * are calloc'd one by one and kept in a vector that is sorted at collection time for
 * interior-pointer lookups.
 *
 * Arenas are carved from chunks of CHUNK_SIZE bytes, each mapped next to the previous
 * one when that address range is free, so the kernel merges them into one mapping:
 * the prepared heap of the fork server is a few VMAs instead of one per arena, and
 * fork copies (and exit tears down) that much less. An arena emptied by a sweep goes
 * to a free-arena pool and is reused by any class (its pages stay hot); chunks are
 * unmapped only by sp_gc_shutdown. No reservation is made ahead of need, since the
 * sandbox's RLIMIT_AS counts address space, not touched pages.
 *
 * Collection: mark from the roots (registered slots, tracer callbacks, the fields of
 * static types, the interpreter state, the C stack and the registers scanned
 * conservatively), using an explicit grey stack so deep structures never recurse in
 * C; then sweep: dead large objects are finalized first, then each dead small object
 * is finalized and freed in one pass over the arenas, then dead large objects are
 * freed (types are large, so an instance's type outlives its finalization).
 *
 * Raw buffers of at most RAW_MAX bytes come from raw arenas (same chunks, one size
 * class per arena, a per-class free list, no per-buffer header: the caller passes
 * the size back, which names the class). The first ARENA_SIZE bytes of them are
 * carved from one "mixed" arena shared by every class, so a short run (a forked
 * child above all, where each page first written is a fault) touches few pages.
 * Bigger ones are malloc'd with a small header linking them in one list. Either
 * way the end of a run releases every buffer even if its owner forgot: raw arenas
 * go away with their chunks. A raw arena whose buffers were all freed returns to
 * the free-arena pool at the next collection, so memory is not stranded in one raw
 * class.
 *
 * A forked run of a prepared heap (sp_prepare) takes its big raw buffers and the
 * interpreter's own C buffers (sp_sys_*) from the "run scratch", a region the fork
 * server reserved and never touched, carved densely: each page a run child first
 * writes costs a fault, and malloc would spread those buffers over the prepared
 * heap's pages (see "the run scratch" below).
 *
 * Budget: heap_in_use counts live object bytes (slot size for small objects) plus
 * raw buffers (the sizes asked for). An allocation that would exceed the budget
 * first triggers a full collection (object and raw buffer allocations alike), then
 * fails with the preallocated MemoryError. Real mmap/calloc failures do the same.
 *
 * Collection trigger: when the bytes allocated since the last collection exceed
 * GROWTH times what survived it (at least MIN_THRESHOLD), so a large live heap is
 * re-marked only after proportionally much new allocation (amortized marking cost
 * per allocated byte stays bounded).
 *
 * Header bits (sp_object.gc): GC_HEAP marks objects owned by this heap; anything
 * without it (static types, None, True...) is never marked, traced or swept.
 *
 * Invariants
 *  1. Tri-colour: white = heap object without GC_MARK; grey = GC_MARK set and on the
 *     mark stack (or pending rescan after a mark-stack overflow); black = GC_MARK set
 *     and traced. Marking only turns white into grey, tracing only grey into black.
 *  2. When marking ends the grey set is empty, so no black object points to a white
 *     one: everything white is garbage.
 *  3. Static objects (no GC_HEAP) are never coloured, never swept; the heap fields of
 *     static types are marked through the static type registry.
 *  4. A free small slot has type == NULL; an allocated one has type != NULL and GC_HEAP.
 *  5. Outside a collection no object carries GC_MARK.
 *  6. heap_in_use == small live bytes + large live bytes + raw buffer bytes, and
 *     never exceeds the budget (when there is one). heap_in_use is kept as
 *     in_use_base + since_gc (modulo 2^64) so the inline allocation path updates one
 *     counter; likewise total_allocated = allocated_before + since_gc.
 *  7. Finalizers neither allocate nor mark, and read only their own object and its
 *     type; collection never runs inside a sweep.
 *  8. Types are large objects (sizeof(sp_type) > SMALL_MAX), freed only after every
 *     small object was swept and every large one finalized, so a dead instance's
 *     type is intact while the instance is finalized. (Checked by a static assert.)
 *  9. sp_gc_fast.since_gc + n <= sp_gc_fast.alloc_limit implies that no collection
 *     is due and that n more bytes fit the budget: alloc_limit is recomputed after
 *     each collection and budget change, and since then allocations raised
 *     since_gc and heap_in_use equally while frees only lowered heap_in_use.
 * 10. Every arena (object, raw, mixed or free) lies inside one of H.chunks; object
 *     arenas and only they are in H.arenas. A raw arena's nlive counts its slots
 *     handed out and not freed; its free slots are on H.raw_free of its class.
 * 11. The mixed arena (H.mixed, at most one per heap) holds raw buffers of every
 *     class, carved in allocation order; its nlive stays 0 (it is never recycled, and
 *     not writing its header spares a forked run a fault), its free slots
 *     are on the H.raw_free list of their own class, and it is never recycled.
 */
#define _GNU_SOURCE
#include "gc.h"

#include <assert.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#if defined(SP_SANITIZE) && defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
/* A free slot keeps its first 16 bytes (type == NULL, free-list link) readable for
 * the sweep and the conservative scan; the rest is poisoned so a use after free of
 * any field past the header is reported. */
#define ASAN_FAKE_STACK 1
#define POISON_FREE_SLOT(p, size) ASAN_POISON_MEMORY_REGION((char *)(p) + 16, (size)-16)
#define UNPOISON_SLOT(p, size) ASAN_UNPOISON_MEMORY_REGION((char *)(p), (size))
#define POISON(p, size) ASAN_POISON_MEMORY_REGION((p), (size))
#define UNPOISON(p, size) ASAN_UNPOISON_MEMORY_REGION((p), (size))
/* Unaddressable bytes after every small raw buffer, so overflows are caught. */
#define RAW_REDZONE 16
#else
#define POISON_FREE_SLOT(p, size) ((void)0)
#define UNPOISON_SLOT(p, size) ((void)0)
#define POISON(p, size) ((void)(p), (void)(size))
#define UNPOISON(p, size) ((void)(p), (void)(size))
#define RAW_REDZONE 0
#endif

#define GC_HEAP SP_GC_HEAP
#define GC_MARK SP_GC_MARK
#define GC_STATIC 4u
/* On a static type's header: already in H.static_types (cleared by sp_gc_shutdown), so
 * registering is O(1) instead of a scan of the registry. */
#define GC_REGISTERED 8u

#define ARENA_SIZE ((size_t)256 * 1024)
#define ARENA_MASK (~(uintptr_t)(ARENA_SIZE - 1))
/* Arenas are mapped CHUNK_ARENAS at a time (4 MiB): few mappings, little address
 * space committed ahead of need. */
#define CHUNK_ARENAS 16
#define CHUNK_SIZE (ARENA_SIZE * CHUNK_ARENAS)
#define CLASS_STEP SP_GC_CLASS_STEP
#define SMALL_MAX SP_GC_SMALL_MAX
#define NCLASSES SP_GC_NCLASSES
/* Raw buffers up to RAW_MAX bytes come from raw arenas (one class per 16 bytes):
 * list items, small dicts, big-int digits and frames churn through them. */
#define RAW_MAX 512
#define RAW_CLASSES (RAW_MAX / CLASS_STEP)
/* Collect when the bytes allocated since the last collection exceed GROWTH times
 * the bytes that survived it, and at least MIN_THRESHOLD. */
#define GROWTH 2
#define MIN_THRESHOLD ((uint64_t)8 * 1024 * 1024)
/* A fresh arena is handed to its class's free list up to a boundary of this many
 * bytes (a page) at a time. */
#define BUMP_BATCH_BYTES 4096
#define ARENA_MAGIC 0x53504152u       /* "SPAR" */
#define RAW_ARENA_MAGIC 0x53505257u   /* "SPRW" */
#define MIXED_ARENA_MAGIC 0x5350524du /* "SPRM": the raw buffers' shared first arena */

_Static_assert(sizeof(sp_type) > SMALL_MAX, "invariant 8: types must be large objects");

typedef sp_gc_cell free_cell; /* invariant 4: type_null == NULL marks a free slot */

typedef struct arena {
    uint32_t magic;
    uint32_t cls;
    uint32_t csize;
    uint32_t nslots;
    uint32_t bump;               /* slots [0, bump) have been handed out at least once */
    uint32_t nlive;              /* set by the sweep (allocation does not maintain it) */
    char *first;                 /* first slot */
    struct arena *next_in_class; /* or the next free arena, in the free pool */
} arena;

typedef struct chunk {
    char *p;
    size_t len;
} chunk;

typedef struct large_obj {
    char *p;
    size_t size;
} large_obj;

typedef struct heap {
    bool ready;
    bool prepared; /* made by sp_prepare, not yet taken by a run (interp.c) */
    uint64_t budget;
    char *stack_base;

    arena *class_arenas[NCLASSES]; /* list per class, newest first */
    arena *bump_arena[NCLASSES];   /* arena with untouched slots, or NULL */

    chunk *chunks; /* every mapping made for arenas (invariant 10) */
    size_t nchunks, chunks_cap;
    char *carve, *carve_end; /* never-used part of the newest chunk */
    arena *free_arenas;      /* emptied arenas, ready for any class */

    arena **arenas; /* sorted by address, for conservative lookups */
    size_t narenas, arenas_cap;
    uintptr_t arena_lo, arena_hi;

    large_obj *large;
    size_t nlarge, large_cap;
    bool large_sorted;

    /* small raw buffers: per-class free list (linked through the first word) and
     * the raw arena whose tail is not handed out yet */
    void *raw_free[RAW_CLASSES];
    char *raw_bump[RAW_CLASSES], *raw_bump_end[RAW_CLASSES];
    arena *raw_arenas[RAW_CLASSES]; /* per class, newest (the bump arena) first */
    /* The first arena of small raw buffers is shared by all classes (carved in
     * allocation order): a short run touches a few dense pages instead of one per
     * class (each page a fault; in a forked run the faults are most of the cost). */
    arena *mixed;
    char *mixed_bump, *mixed_end;

    /* roots (registered for one run) */
    sp_val **roots;
    size_t nroots, roots_cap;
    void (**tracers)(void);
    size_t ntracers, tracers_cap;
    sp_type **static_types;
    size_t nstatic, static_cap;

    /* grey stack */
    sp_object **grey;
    size_t ngrey, grey_cap;
    bool grey_overflow;

    bool collecting;
    /* heap_in_use = in_use_base + since_gc; total = allocated_before + since_gc
     * (invariant 6); peak is brought up to date before heap_in_use drops. */
    uint64_t in_use_base, peak, allocated_before, live_after_gc, cycles;
} heap;

SP_RUN_STATE static heap H;
SP_RUN_STATE sp_gc_fast_state sp_gc_fast;
#define FAST sp_gc_fast

static void release_empty_raw(void);
SP_RUN_STATE static uint64_t run_id; /* bumped by every sp_gc_init: lets caches notice a new heap */

/* ---- small helpers ------------------------------------------------------------- */

static inline uint64_t in_use(void)
{
    return H.in_use_base + FAST.since_gc;
}

static inline void account_alloc(size_t n)
{
    FAST.since_gc += n;
}

/* heap_in_use is about to drop by n: record the peak it reached first (between
 * two drops it only grows, so this sees every maximum). */
static inline void account_free(size_t n)
{
    uint64_t u = in_use();
    if (u > H.peak) H.peak = u;
    assert(u >= n);
    H.in_use_base -= n;
}

static bool over_budget(size_t n)
{
    return H.budget != 0 && in_use() + n > H.budget;
}

static uint64_t gc_trigger(void)
{
    uint64_t t = H.live_after_gc * GROWTH;
    return t > MIN_THRESHOLD ? t : MIN_THRESHOLD;
}

/* Invariant 9: the largest since_gc the inline path may reach without a check. */
static void update_alloc_limit(void)
{
#ifdef SP_GC_STRESS
    FAST.alloc_limit = 0; /* every allocation takes the slow path, which counts */
    return;
#endif
    uint64_t limit = gc_trigger();
    if (H.budget) {
        uint64_t u = in_use();
        uint64_t room = H.budget > u ? H.budget - u : 0;
        if (FAST.since_gc + room < limit) limit = FAST.since_gc + room;
    }
    FAST.alloc_limit = limit;
}

static void *out_of_memory(void)
{
    sp_st.memory_exceeded = true;
    return sp_err_no_memory();
}

/* Grows a malloc'd vector of elements of size `elem`; false on failure. */
static bool grow_vec(void **vec, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return true;
    size_t ncap = *cap ? *cap * 2 : 64;
    while (ncap < need)
        ncap *= 2;
    void *nv = realloc(*vec, ncap * elem);
    if (!nv) return false;
    *vec = nv;
    *cap = ncap;
    return true;
}

/* ---- arenas ------------------------------------------------------------------- */

/* Maps `len` bytes exactly at `want` if that range is free, else NULL. (A kernel
 * older than MAP_FIXED_NOREPLACE treats it as a hint: a mapping elsewhere is
 * dropped.) */
static char *map_at(char *want, size_t len)
{
    char *p = mmap(want, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED) return NULL;
    if (p != want) {
        munmap(p, len);
        return NULL;
    }
    return p;
}

/* A new chunk of CHUNK_SIZE bytes aligned to ARENA_SIZE, or NULL. Right after or
 * right before the previous chunk if possible, so the kernel extends that mapping
 * instead of adding one. */
static char *chunk_map(void)
{
    size_t len = CHUNK_SIZE;
    if (H.nchunks) {
        chunk *last = &H.chunks[H.nchunks - 1];
        char *p = map_at(last->p + last->len, len);
        if (!p && (uintptr_t)last->p > len) p = map_at(last->p - len, len);
        if (p) return p;
    }
    /* Over-map by one arena and trim so the result is aligned. */
    size_t over = len + ARENA_SIZE;
    char *raw = mmap(NULL, over, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return NULL;
    uintptr_t start = ((uintptr_t)raw + ARENA_SIZE - 1) & ARENA_MASK;
    size_t head = start - (uintptr_t)raw;
    if (head) munmap(raw, head);
    size_t tail = over - head - len;
    if (tail) munmap((char *)start + len, tail);
    return (char *)start;
}

/* An arena-sized, aligned block: a recycled arena, else the next one of the newest
 * chunk, else the first of a new chunk. Its contents are arbitrary. */
static void *arena_block(void)
{
    if (H.free_arenas) {
        arena *a = H.free_arenas;
        H.free_arenas = a->next_in_class;
        UNPOISON(a, ARENA_SIZE); /* its next user poisons as it sees fit */
        return a;
    }
    if (H.carve == H.carve_end) {
        if (!grow_vec((void **)&H.chunks, &H.chunks_cap, H.nchunks + 1, sizeof(chunk))) return NULL;
        char *p = chunk_map();
        if (!p) return NULL;
        H.chunks[H.nchunks++] = (chunk){p, CHUNK_SIZE};
        H.carve = p;
        H.carve_end = p + CHUNK_SIZE;
    }
    void *a = H.carve;
    H.carve += ARENA_SIZE;
    return a;
}

static void arena_recycle(arena *a)
{
    a->magic = 0;
    a->next_in_class = H.free_arenas;
    H.free_arenas = a;
}

static size_t arena_index_at_or_after(uintptr_t a)
{
    size_t lo = 0, hi = H.narenas;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)H.arenas[mid] < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool arena_register(arena *a)
{
    if (!grow_vec((void **)&H.arenas, &H.arenas_cap, H.narenas + 1, sizeof(arena *))) return false;
    size_t i = arena_index_at_or_after((uintptr_t)a);
    memmove(&H.arenas[i + 1], &H.arenas[i], (H.narenas - i) * sizeof(arena *));
    H.arenas[i] = a;
    H.narenas++;
    H.arena_lo = (uintptr_t)H.arenas[0];
    H.arena_hi = (uintptr_t)H.arenas[H.narenas - 1] + ARENA_SIZE;
    return true;
}

static void arena_unregister(arena *a)
{
    size_t i = arena_index_at_or_after((uintptr_t)a);
    assert(i < H.narenas && H.arenas[i] == a);
    memmove(&H.arenas[i], &H.arenas[i + 1], (H.narenas - i - 1) * sizeof(arena *));
    H.narenas--;
    if (H.narenas) {
        H.arena_lo = (uintptr_t)H.arenas[0];
        H.arena_hi = (uintptr_t)H.arenas[H.narenas - 1] + ARENA_SIZE;
    } else {
        H.arena_lo = H.arena_hi = 0;
    }
}

static arena *arena_new(unsigned cls)
{
    arena *a = arena_block();
    if (!a) return NULL;
    if (!arena_register(a)) {
        arena_recycle(a);
        return NULL;
    }
    a->magic = ARENA_MAGIC;
    a->cls = cls;
    a->csize = (cls + 1) * CLASS_STEP;
    size_t header = (sizeof(arena) + 63) & ~(size_t)63;
    a->first = (char *)a + header;
    a->nslots = (uint32_t)((ARENA_SIZE - header) / a->csize);
    a->bump = 0;
    a->nlive = 0;
    a->next_in_class = H.class_arenas[cls];
    H.class_arenas[cls] = a;
    return a;
}

/* The object whose slot contains address w, or NULL (conservative lookup). */
static sp_object *small_object_at(uintptr_t w)
{
    if (w < H.arena_lo || w >= H.arena_hi) return NULL;
    uintptr_t base = w & ARENA_MASK;
    size_t i = arena_index_at_or_after(base);
    if (i >= H.narenas || (uintptr_t)H.arenas[i] != base) return NULL;
    arena *a = (arena *)base;
    if (w < (uintptr_t)a->first) return NULL;
    size_t idx = (w - (uintptr_t)a->first) / a->csize;
    if (idx >= a->bump) return NULL;
    sp_object *o = (sp_object *)(a->first + idx * a->csize);
    return o->type ? o : NULL; /* invariant 4 */
}

/* ---- large objects ------------------------------------------------------------- */

static int cmp_large(const void *x, const void *y)
{
    const large_obj *a = x, *b = y;
    return a->p < b->p ? -1 : a->p > b->p;
}

static void sort_large(void)
{
    if (!H.large_sorted) {
        qsort(H.large, H.nlarge, sizeof(large_obj), cmp_large);
        H.large_sorted = true;
    }
}

static sp_object *large_object_at(uintptr_t w)
{
    size_t lo = 0, hi = H.nlarge;
    while (lo < hi) { /* last entry with p <= w */
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)H.large[mid].p <= w)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) return NULL;
    large_obj *l = &H.large[lo - 1];
    if (w < (uintptr_t)l->p + l->size) return (sp_object *)l->p;
    return NULL;
}

/* ---- marking ------------------------------------------------------------------- */

static inline void grey_push(sp_object *o)
{
    if (H.ngrey == H.grey_cap &&
        !grow_vec((void **)&H.grey, &H.grey_cap, H.ngrey + 1, sizeof(sp_object *))) {
        H.grey_overflow = true; /* stays marked; found again by rescan_marked() */
        return;
    }
    H.grey[H.ngrey++] = o;
}

static inline void mark_object(sp_object *o)
{
    if (!(o->gc & GC_HEAP) || (o->gc & GC_MARK))
        return;       /* invariant 3: static objects are not coloured */
    o->gc |= GC_MARK; /* white -> grey */
    grey_push(o);
}

#ifdef SP_GC_VERIFY
/* Verification pass (-DSP_GC_VERIFY): after marking, every trace hook of every
 * black object is run again with sp_gc_mark checking instead of marking; a white
 * child means invariant 2 is broken (a trace hook skipped a field). */
static bool verifying;
#endif

/* The out-of-line half of sp_gc_mark (gc.h): `o` is a white heap object. */
void sp_gc_mark_white(sp_object *o)
{
#ifdef SP_GC_VERIFY
    if (verifying) {
        assert(!"invariant 2: a black object points to a white one");
        return;
    }
#endif
    mark_object(o);
}

void sp_gc_mark_array(sp_val const *vals, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sp_gc_mark(vals[i]);
}

static void trace_object(sp_object *o)
{
    assert(o->gc & GC_MARK);
    sp_type *t = o->type;
    mark_object(&t->ob); /* an instance keeps its (heap) class alive */
    if (t->trace) t->trace(o);
}

static void drain_grey(void)
{
    while (H.ngrey) {
        sp_object *o = H.grey[--H.ngrey];
        /* The next object to trace is usually a cache miss: start loading it. */
        if (H.ngrey) __builtin_prefetch(H.grey[H.ngrey - 1]);
        trace_object(o); /* grey -> black */
    }
}

/* After a grey-stack overflow some marked objects were never traced: trace every
 * marked object again (tracing twice is harmless) until no overflow happens. */
static void rescan_marked(void)
{
    while (H.grey_overflow) {
        H.grey_overflow = false;
        for (size_t i = 0; i < H.narenas; i++) {
            arena *a = H.arenas[i];
            for (size_t s = 0; s < a->bump; s++) {
                sp_object *o = (sp_object *)(a->first + s * a->csize);
                if (o->type && (o->gc & GC_MARK)) {
                    trace_object(o);
                    drain_grey();
                }
            }
        }
        for (size_t i = 0; i < H.nlarge; i++) {
            sp_object *o = (sp_object *)H.large[i].p;
            if (o->gc & GC_MARK) {
                trace_object(o);
                drain_grey();
            }
        }
    }
}

static void mark_candidate(uintptr_t w)
{
    sp_object *o = small_object_at(w);
    if (!o && H.nlarge) o = large_object_at(w);
    if (o) mark_object(o);
}

__attribute__((no_sanitize("address"))) static void scan_words(char *from, char *to)
{
    uintptr_t p = ((uintptr_t)from) & ~(uintptr_t)(sizeof(void *) - 1);
    for (; p + sizeof(void *) <= (uintptr_t)to; p += sizeof(void *))
        mark_candidate(*(volatile uintptr_t *)p);
}

/* Reads every word between `from` and the stack base, including sanitizer redzones
 * and dead slots, which is why it must not be instrumented. Under ASan with
 * detect_stack_use_after_return, locals live in heap-allocated "fake frames" that
 * the real stack points to: scan those frames too. */
__attribute__((noinline, no_sanitize("address"))) static void scan_range(char *from, char *to)
{
    scan_words(from, to);
#ifdef ASAN_FAKE_STACK
    void *fake = __asan_get_current_fake_stack();
    if (!fake) return;
    uintptr_t p = ((uintptr_t)from) & ~(uintptr_t)(sizeof(void *) - 1);
    for (; p + sizeof(void *) <= (uintptr_t)to; p += sizeof(void *)) {
        void *beg, *end;
        if (__asan_addr_is_in_fake_stack(fake, (void *)*(volatile uintptr_t *)p, &beg, &end))
            scan_words(beg, end);
    }
#endif
}

/* setjmp spills the callee-saved registers into `regs`, which lives in this frame,
 * below every caller frame: scanning from it up to the base covers both. */
__attribute__((noinline)) static void scan_stack(void)
{
    jmp_buf regs;
    /* glibc mangles rbp in a jmp_buf; unwind_init spills every callee-saved
     * register into this frame unmangled as well. */
    __builtin_unwind_init();
    setjmp(regs);
    /* `regs` itself may live in an ASan fake frame: scan it on its own, and the
     * machine stack from this frame's real address up. */
    scan_range((char *)&regs, (char *)&regs + sizeof regs);
    char *sp = __builtin_frame_address(0);
    if (H.stack_base && sp < H.stack_base) scan_range(sp, H.stack_base);
}

static void mark_static_type(sp_type *t)
{
    sp_gc_mark(t->bases);
    sp_gc_mark(t->mro);
    sp_gc_mark(t->dict);
    sp_gc_mark(t->name_obj);
    sp_gc_mark(t->qualname);
    sp_gc_mark(t->module_name);
}

static void mark_interpreter_state(void)
{
    sp_gc_mark(sp_st.exc);
    sp_gc_mark(sp_st.handled_exc);
    sp_gc_mark(sp_st.builtins);
    sp_gc_mark(sp_st.modules);
    sp_gc_mark(sp_st.main_module);
    sp_gc_mark(sp_st.sys_module);
    sp_gc_mark(sp_st.argv);
}

static void mark_roots(void)
{
    for (size_t i = 0; i < H.nroots; i++)
        sp_gc_mark(*H.roots[i]);
    for (size_t i = 0; i < H.nstatic; i++)
        mark_static_type(H.static_types[i]);
    mark_interpreter_state();
    drain_grey();
    for (size_t i = 0; i < H.ntracers; i++) {
        H.tracers[i]();
        drain_grey();
    }
    scan_stack();
    drain_grey();
    rescan_marked();
    assert(H.ngrey == 0 && !H.grey_overflow); /* invariant 2 */
#ifdef SP_GC_VERIFY
    verifying = true;
    for (size_t i = 0; i < H.narenas; i++) {
        arena *a = H.arenas[i];
        for (size_t s = 0; s < a->bump; s++) {
            sp_object *o = (sp_object *)(a->first + s * a->csize);
            if (o->type && (o->gc & GC_MARK)) trace_object(o);
        }
    }
    for (size_t i = 0; i < H.nlarge; i++)
        if (((sp_object *)H.large[i].p)->gc & GC_MARK) trace_object((sp_object *)H.large[i].p);
    verifying = false;
#endif
}

/* ---- sweeping ------------------------------------------------------------------ */

static void finalize_dead(void)
{
    for (size_t i = 0; i < H.narenas; i++) {
        arena *a = H.arenas[i];
        for (size_t s = 0; s < a->bump; s++) {
            sp_object *o = (sp_object *)(a->first + s * a->csize);
            if (o->type && !(o->gc & GC_MARK) && o->type->finalize) o->type->finalize(o);
        }
    }
    for (size_t i = 0; i < H.nlarge; i++) {
        sp_object *o = (sp_object *)H.large[i].p;
        if (!(o->gc & GC_MARK) && o->type->finalize) o->type->finalize(o);
    }
}

static void release_arena(arena *a)
{
    arena **pp = &H.class_arenas[a->cls];
    while (*pp != a)
        pp = &(*pp)->next_in_class;
    *pp = a->next_in_class;
    if (H.bump_arena[a->cls] == a) H.bump_arena[a->cls] = NULL;
    arena_unregister(a);
    arena_recycle(a);
}

static void sweep_arena(arena *a, uint64_t *freed)
{
    free_cell *list = FAST.free_list[a->cls];
    uint32_t live = 0, dead = 0;
    size_t csize = a->csize;
    /* Downwards, so the rebuilt free list hands slots out in address order. */
    for (char *p = a->first + (size_t)a->bump * csize; p != a->first;) {
        p -= csize;
        sp_object *o = (sp_object *)p;
        sp_type *t = o->type;
        if (t) {
            if (o->gc & GC_MARK) {
                o->gc &= ~GC_MARK; /* invariant 5 */
                live++;
                continue;
            }
            if (t->finalize) t->finalize(o);
            dead++;
            o->type = NULL;
            POISON_FREE_SLOT(o, csize);
        }
        free_cell *c = (free_cell *)o;
        c->next = list;
        list = c;
    }
    *freed += (uint64_t)dead * csize;
    a->nlive = live;
    FAST.free_list[a->cls] = list;
}

static void sweep_small(uint64_t *freed)
{
    memset(FAST.free_list, 0, sizeof FAST.free_list);
    /* Walk a snapshot: releasing an arena edits H.arenas. */
    for (size_t i = H.narenas; i-- > 0;) {
        arena *a = H.arenas[i];
        free_cell *before = FAST.free_list[a->cls];
        sweep_arena(a, freed);
        /* An empty arena goes to the free pool unless it is its class's last. */
        if (a->nlive == 0 && (H.class_arenas[a->cls] != a || a->next_in_class)) {
            FAST.free_list[a->cls] = before;
            release_arena(a);
        }
    }
}

/* Large objects are finalized before any is freed: a heap type is a large object
 * (invariant 8) and its dead instances' finalize hooks are looked up through it. */
static void finalize_large_dead(void)
{
    for (size_t i = 0; i < H.nlarge; i++) {
        sp_object *o = (sp_object *)H.large[i].p;
        if (!(o->gc & GC_MARK) && o->type->finalize) o->type->finalize(o);
    }
}

static void sweep_large(uint64_t *freed)
{
    size_t j = 0;
    for (size_t i = 0; i < H.nlarge; i++) {
        sp_object *o = (sp_object *)H.large[i].p;
        if (o->gc & GC_MARK) {
            o->gc &= ~GC_MARK;
            H.large[j++] = H.large[i];
        } else {
            *freed += H.large[i].size;
            free(o);
        }
    }
    H.nlarge = j;
}

void sp_gc_collect(void)
{
    if (!H.ready || H.collecting) return;
    H.collecting = true;
    sort_large();
    mark_roots();
    finalize_large_dead();
    uint64_t freed = 0; /* small objects are finalized as they are swept */
    sweep_small(&freed);
    sweep_large(&freed);
    account_free(freed);
    /* Fold the counter into the bases (invariant 6) and restart it. */
    H.in_use_base += FAST.since_gc;
    H.allocated_before += FAST.since_gc;
    FAST.since_gc = 0;
    H.live_after_gc = H.in_use_base;
    H.cycles++;
    release_empty_raw();
    update_alloc_limit();
    H.collecting = false;
}

/* ---- allocation ---------------------------------------------------------------- */

static bool should_collect(size_t need)
{
#ifdef SP_GC_STRESS
    /* Debug builds (-DSP_GC_STRESS=N): collect every N allocations to shake out
     * values that are not reachable from a root or a trace hook. */
    static unsigned long countdown;
    if (++countdown >= (unsigned long)(SP_GC_STRESS)) {
        countdown = 0;
        return true;
    }
#endif
    return FAST.since_gc + need > gc_trigger() || over_budget(need);
}

static void *alloc_small(unsigned cls)
{
    free_cell *c = FAST.free_list[cls];
    if (c) {
        FAST.free_list[cls] = c->next;
        return c;
    }
    arena *a = H.bump_arena[cls];
    if (!a || a->bump == a->nslots) {
        a = arena_new(cls);
        if (!a) return NULL;
        H.bump_arena[cls] = a;
    }
    /* Hand out the untouched slots up to the page boundary after the end of the next
     * one (so at least that one): the first is returned, the others go on the free
     * list (invariant 4: type_null = NULL, as the arena may be a recycled one), so the
     * inline path serves them. Ending at a page boundary makes each batch write one
     * new page, not two (each page first written in a forked run is a fault). */
    char *first = a->first + (size_t)a->bump * a->csize;
    uintptr_t page_end =
        ((uintptr_t)first + a->csize + BUMP_BATCH_BYTES - 1) & ~(uintptr_t)(BUMP_BATCH_BYTES - 1);
    uint32_t n = a->nslots - a->bump, batch = (uint32_t)((page_end - (uintptr_t)first) / a->csize);
    if (batch == 0) batch = 1;
    if (n > batch) n = batch;
    a->bump += n;
    free_cell *list = NULL;
    for (uint32_t i = n; i-- > 1;) {
        free_cell *f = (free_cell *)(first + (size_t)i * a->csize);
        f->type_null = NULL;
        f->next = list;
        list = f;
        POISON_FREE_SLOT(f, a->csize);
    }
    FAST.free_list[cls] = list;
    return first;
}

static void *alloc_large(size_t size)
{
    if (!grow_vec((void **)&H.large, &H.large_cap, H.nlarge + 1, sizeof(large_obj))) return NULL;
    char *p = calloc(1, size);
    if (!p) return NULL;
    if (H.nlarge && H.large[H.nlarge - 1].p > p) H.large_sorted = false;
    H.large[H.nlarge++] = (large_obj){p, size};
    return p;
}

/* Everything sp_gc_new (gc.h) does not inline: a collection due, the budget close,
 * an empty free list, large objects, sanitizer builds. */
void *sp_gc_new_slow(sp_type *type, size_t size)
{
    assert(H.ready && type != NULL && size >= sizeof(sp_object));
    bool small = size <= SMALL_MAX;
    unsigned cls = small ? (unsigned)((size - 1) / CLASS_STEP) : 0;
    size_t need = small ? (size_t)(cls + 1) * CLASS_STEP : size;

    if (!H.collecting) {
        if (should_collect(need))
            sp_gc_collect();
        else if (FAST.since_gc + need > FAST.alloc_limit)
            update_alloc_limit(); /* frees since made room under the budget */
    }
    if (over_budget(need)) return out_of_memory();

    sp_object *o = small ? alloc_small(cls) : alloc_large(need);
    if (!o) {
        sp_gc_collect(); /* maybe an empty arena or large block comes back */
        o = small ? alloc_small(cls) : alloc_large(need);
        if (!o) return out_of_memory();
    }
    if (small) {
        UNPOISON_SLOT(o, need);
        memset(o, 0, need);
    }
    o->type = type;
    o->gc = GC_HEAP;
    account_alloc(need);
    return o;
}

/* ---- the run scratch: a forked run's own pages ---------------------------------
 *
 * In a run child every page first written costs a fault (copy-on-write of the fork
 * server's pages, ~2-3 us each in this guest), and the fresh buffers of a short run
 * would otherwise land on many of them: malloc's state and its chunks (the prepared
 * heap's brk pages), a freshly mmap'd block for a big one. sp_prepare reserves a
 * region the fork server never touches; a prepared run carves its big raw buffers
 * and the interpreter's own malloc'd memory (sp_sys_*) from it, densely, so a short
 * run writes a few zero-filled pages instead. Blocks are carved in order with a
 * 16-byte header holding their size; freeing the newest one gives its bytes back,
 * any other free leaves them unused (the run is short, and the child exits). When
 * the region is used up, or outside a prepared run, malloc serves as before.
 *
 * Invariants:
 *  12. For each half h: its start <= SCR.bump[h] <= SCR.end[h]; its blocks lie below
 *      SCR.bump[h], and SCR.last[h] is the newest of them still carved (or NULL).
 *  13. SCR.on only from the moment a run takes the prepared heap (sp_gc_set_prepared
 *      false, in the child) to the next sp_gc_init/sp_gc_shutdown; the region stays
 *      mapped for the process's life (blocks handed to the caller, such as the line
 *      profile, outlive the heap).
 */
#define SCRATCH_SIZE ((size_t)2 << 20)
/* Blocks of SCRATCH_BIG bytes or more (the parser's chunks, the VM's frame stack) are
 * carved from the upper half: they are written from their start only, and when one
 * is freed as the newest, the next big one starts on the same page. The small ones
 * stay dense in the lower half. */
#define SCRATCH_BIG ((size_t)16 << 10)
typedef struct scratch_hdr {
    size_t size; /* bytes asked for */
    size_t pad;  /* keeps the caller's pointer 16-byte aligned, as malloc's */
} scratch_hdr;

typedef struct scratch {
    char *lo, *hi;          /* the reservation; half 0 below lo + SCRATCH_SIZE / 2 */
    char *bump[2], *end[2]; /* per half: next free byte, end of the half */
    scratch_hdr *last[2];   /* per half: the newest block still carved, or NULL */
    bool on;
} scratch;
SP_RUN_STATE static scratch SCR;

/* The end of sp_prepare: every object class gets a bump arena now, so that a run
 * child starting one does not also write the (prepared) arena registry; and the
 * scratch is reserved. */
void sp_gc_prepare_for_fork(void)
{
    for (unsigned cls = 0; cls < NCLASSES; cls++)
        if (!H.bump_arena[cls] || H.bump_arena[cls]->bump == H.bump_arena[cls]->nslots) {
            arena *a = arena_new(cls);
            if (!a) break; /* only an optimization */
            H.bump_arena[cls] = a;
        }
#ifndef SP_SANITIZE /* sanitizer builds keep every buffer in malloc, where ASan checks it */
    if (SCR.lo) return;
    char *p = mmap(NULL, SCRATCH_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return; /* no scratch: malloc serves */
    SCR.lo = SCR.bump[0] = p;
    SCR.end[0] = SCR.bump[1] = p + SCRATCH_SIZE / 2;
    SCR.hi = SCR.end[1] = p + SCRATCH_SIZE;
#endif
}

static inline bool in_scratch(const void *p)
{
    return (const char *)p >= SCR.lo && (const char *)p < SCR.hi;
}

static inline size_t scratch_need(size_t size)
{
    return sizeof(scratch_hdr) + ((size + 15) & ~(size_t)15);
}

static void *scratch_alloc(size_t size)
{
    if (!SCR.on || size > SCRATCH_SIZE / 2) return NULL;
    if (size == 0) size = 1; /* a distinct block, as malloc(0)'s */
    int half = size >= SCRATCH_BIG;
    size_t need = scratch_need(size);
    if (need > (size_t)(SCR.end[half] - SCR.bump[half])) return NULL;
    scratch_hdr *h = (scratch_hdr *)SCR.bump[half];
    h->size = size;
    SCR.bump[half] += need;
    SCR.last[half] = h;
    return h + 1;
}

static inline int scratch_half(const scratch_hdr *h)
{
    return (const char *)h >= SCR.end[0];
}

static void scratch_free(void *p)
{
    scratch_hdr *h = (scratch_hdr *)p - 1;
    assert(in_scratch(h));
    int half = scratch_half(h);
    if (h == SCR.last[half]) { /* the newest block: its bytes can be carved again */
        SCR.bump[half] = (char *)h;
        SCR.last[half] = NULL;
    }
}

/* Grow or shrink the newest block of its half in place; NULL if p is not that block
 * or its half has no room. */
static void *scratch_resize(void *p, size_t size)
{
    scratch_hdr *h = (scratch_hdr *)p - 1;
    int half = scratch_half(h);
    if (h != SCR.last[half] || size > SCRATCH_SIZE / 2 ||
        scratch_need(size) > (size_t)(SCR.end[half] - (char *)h))
        return NULL;
    h->size = size;
    SCR.bump[half] = (char *)h + scratch_need(size);
    return p;
}

bool sp_gc_scratch_on(void)
{
    return SCR.on;
}

void *sp_sys_malloc(size_t size)
{
    void *p = scratch_alloc(size);
    return p ? p : malloc(size);
}

void *sp_sys_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) return NULL;
    void *p = scratch_alloc(count * size);
    if (!p) return calloc(count, size);
    return memset(p, 0, count * size);
}

void *sp_sys_realloc(void *p, size_t size)
{
    if (!p) return sp_sys_malloc(size);
    if (!in_scratch(p)) return realloc(p, size);
    void *q = scratch_resize(p, size);
    if (q) return q;
    size_t old = ((scratch_hdr *)p - 1)->size;
    q = sp_sys_malloc(size);
    if (!q) return NULL;
    memcpy(q, p, old < size ? old : size);
    scratch_free(p);
    return q;
}

void sp_sys_free(void *p)
{
    if (!p) return;
    if (in_scratch(p))
        scratch_free(p);
    else
        free(p);
}

/* ---- raw buffers --------------------------------------------------------------- */

/* Buffers over RAW_MAX carry this header, linking them into raw_list so
 * sp_gc_shutdown can release buffers whose owner never did (module tables,
 * abandoned builders). The header is 16 bytes, so the caller's pointer keeps
 * malloc's alignment. Smaller buffers need no header: their arenas belong to the
 * heap's chunks, which shutdown unmaps. */
typedef struct raw_hdr {
    struct raw_hdr *prev, *next;
} raw_hdr;

SP_RUN_STATE static raw_hdr raw_list = {&raw_list, &raw_list};

static void raw_link(raw_hdr *h)
{
    h->next = raw_list.next;
    h->prev = &raw_list;
    raw_list.next->prev = h;
    raw_list.next = h;
}

static void raw_unlink(raw_hdr *h)
{
    h->prev->next = h->next;
    h->next->prev = h->prev;
}

/* True when `n` more bytes fit the budget, collecting once first if they do not:
 * after a large structure became garbage, the next growth must not fail just
 * because no object allocation has triggered a collection since. Collecting here is
 * as safe as in sp_gc_new (values held only in the caller's raw buffer would not
 * survive an object allocation either). */
static bool room_for(size_t n)
{
    if (!over_budget(n)) return true;
    if (H.ready && !H.collecting) sp_gc_collect();
    return !over_budget(n);
}

/* The raw arena class of a buffer of `size` bytes (>= 1), or -1 for malloc. A pure
 * function of the size: sp_mem_free finds the class the same way. */
static inline int raw_class(size_t size)
{
    return size <= RAW_MAX - RAW_REDZONE ? (int)((size + RAW_REDZONE - 1) / CLASS_STEP) : -1;
}

static inline size_t raw_class_bytes(int c)
{
    return (size_t)(c + 1) * CLASS_STEP;
}

/* Sanitizer builds: the caller's `size` bytes are addressable, the rest of the slot
 * (at least RAW_REDZONE bytes) is not, so overflows are reported as with malloc. */
static inline void raw_expose(void *p, size_t size, int c)
{
    UNPOISON(p, size);
    POISON((char *)p + size, raw_class_bytes(c) - size);
}

/* Start a new raw arena for class c (the previous one is used up). */
static bool raw_refill(int c)
{
    arena *a = arena_block();
    if (!a) return false;
    size_t header = (sizeof(arena) + 63) & ~(size_t)63;
    size_t csize = raw_class_bytes(c);
    a->magic = RAW_ARENA_MAGIC;
    a->cls = (uint32_t)c;
    a->csize = (uint32_t)csize;
    a->first = (char *)a + header;
    a->nslots = (uint32_t)((ARENA_SIZE - header) / csize);
    a->bump = a->nlive = 0;
    a->next_in_class = H.raw_arenas[c];
    H.raw_arenas[c] = a;
    H.raw_bump[c] = a->first;
    H.raw_bump_end[c] = a->first + (size_t)a->nslots * csize;
    POISON(a->first, ARENA_SIZE - header);
    return true;
}

/* Start the shared arena (once per heap). */
static bool mixed_start(void)
{
    arena *a = arena_block();
    if (!a) return false;
    size_t header = (sizeof(arena) + 63) & ~(size_t)63;
    a->magic = MIXED_ARENA_MAGIC;
    a->cls = a->csize = a->nslots = a->bump = a->nlive = 0;
    a->first = (char *)a + header;
    a->next_in_class = NULL;
    H.mixed = a;
    H.mixed_bump = a->first;
    H.mixed_end = (char *)a + ARENA_SIZE;
    POISON(a->first, ARENA_SIZE - header);
    return true;
}

static bool mixed_room(size_t csize)
{
    if (!H.mixed && !mixed_start()) return false;
    return csize <= (size_t)(H.mixed_end - H.mixed_bump);
}

static void *raw_small_new(int c, size_t size)
{
    void **p = H.raw_free[c];
    size_t csize = raw_class_bytes(c);
    if (p) {
        H.raw_free[c] = *p;
    } else if (mixed_room(csize)) {
        p = (void **)H.mixed_bump;
        H.mixed_bump += csize;
    } else {
        if (H.raw_bump[c] == H.raw_bump_end[c] && !raw_refill(c)) return NULL;
        p = (void **)H.raw_bump[c];
        H.raw_bump[c] += csize;
    }
    arena *a = (arena *)((uintptr_t)p & ARENA_MASK);
    if (a != H.mixed) a->nlive++; /* invariant 11: the mixed header page stays clean */
    raw_expose(p, size, c);
    return p;
}

static void raw_small_free(void *p, int c)
{
    arena *a = (arena *)((uintptr_t)p & ARENA_MASK);
    assert(a->magic == RAW_ARENA_MAGIC || a->magic == MIXED_ARENA_MAGIC);
    assert(a->magic == MIXED_ARENA_MAGIC || a->cls == (uint32_t)c); /* size passed back */
    if (a != H.mixed) a->nlive--;
    UNPOISON(p, sizeof(void *));
    *(void **)p = H.raw_free[c];
    H.raw_free[c] = p;
    POISON((char *)p + sizeof(void *), raw_class_bytes(c) - sizeof(void *));
}

/* A new raw block of `size` (>= 1) bytes, within budget (checked by the caller). */
static void *raw_new(size_t size, bool zero)
{
    int c = raw_class(size);
    void *p;
    if (c >= 0) {
        p = raw_small_new(c, size);
        if (!p) return out_of_memory();
        if (zero) memset(p, 0, size);
    } else if ((p = scratch_alloc(size)) != NULL) { /* not linked: the child exits */
        if (zero) memset(p, 0, size);
    } else {
        raw_hdr *h = zero ? calloc(1, sizeof(raw_hdr) + size) : malloc(sizeof(raw_hdr) + size);
        if (!h) return out_of_memory();
        raw_link(h);
        p = h + 1;
    }
    account_alloc(size);
    return p;
}

static void account_resize(size_t old_size, size_t new_size)
{
    if (new_size >= old_size)
        account_alloc(new_size - old_size);
    else
        account_free(old_size - new_size);
}

int sp_gc_charge(size_t size)
{
    if (!room_for(size)) {
        out_of_memory();
        return -1;
    }
    account_alloc(size);
    return 0;
}

void sp_gc_uncharge(size_t size)
{
    account_free(size);
}

void *sp_mem_alloc(size_t size)
{
    if (size == 0) size = 1;
    if (size > SIZE_MAX - sizeof(raw_hdr) || !room_for(size)) return out_of_memory();
    return raw_new(size, false);
}

void *sp_mem_calloc(size_t count, size_t size)
{
    if (size && count > (SIZE_MAX - sizeof(raw_hdr)) / size) return out_of_memory();
    size_t n = count * size;
    if (n == 0) n = 1;
    if (!room_for(n)) return out_of_memory();
    return raw_new(n, true);
}

void *sp_mem_realloc(void *p, size_t old_size, size_t new_size)
{
    if (!p) return sp_mem_alloc(new_size);
    if (old_size == 0) old_size = 1;
    if (new_size == 0) new_size = 1;
    if (new_size > SIZE_MAX - sizeof(raw_hdr) ||
        (new_size > old_size && !room_for(new_size - old_size)))
        return out_of_memory();
    int oc = raw_class(old_size), nc = raw_class(new_size);
    if (oc >= 0 && oc == nc) { /* the slot already has room */
        raw_expose(p, new_size, oc);
        account_resize(old_size, new_size);
        return p;
    }
    if (oc >= 0 || nc >= 0) { /* an arena slot is involved: move */
        void *q = raw_new(new_size, false);
        if (!q) return NULL;
        memcpy(q, p, old_size < new_size ? old_size : new_size);
        sp_mem_free(p, old_size);
        return q;
    }
    if (in_scratch(p)) { /* in place if it is the newest block, else move */
        void *q = scratch_resize(p, new_size);
        if (!q) {
            if (!(q = raw_new(new_size, false))) return NULL;
            memcpy(q, p, old_size < new_size ? old_size : new_size);
            scratch_free(p);
            account_free(old_size);
            return q;
        }
        account_resize(old_size, new_size);
        return q;
    }
    raw_hdr *h = (raw_hdr *)p - 1;
    raw_unlink(h);
    raw_hdr *nh = realloc(h, sizeof(raw_hdr) + new_size);
    if (!nh) {
        raw_link(h); /* the old block is still valid and still owned */
        return out_of_memory();
    }
    raw_link(nh);
    account_resize(old_size, new_size);
    return nh + 1;
}

void sp_mem_free(void *p, size_t size)
{
    if (!p) return;
    if (size == 0) size = 1;
    account_free(size);
    int c = raw_class(size);
    if (c >= 0) {
        raw_small_free(p, c);
        return;
    }
    if (in_scratch(p)) {
        scratch_free(p);
        return;
    }
    raw_hdr *h = (raw_hdr *)p - 1;
    raw_unlink(h);
    free(h);
}

/* After a collection: raw arenas without a live buffer (other than each class's
 * bump arena) go to the free pool, so memory that held small buffers can hold
 * objects or other classes later. Their slots are unlinked from the free list
 * first, which is walked only for a class that has such an arena. */
static void release_empty_raw(void)
{
    for (int c = 0; c < RAW_CLASSES; c++) {
        arena *bump = H.raw_arenas[c]; /* newest first: the one being carved */
        bool any = false;
        for (arena *a = bump ? bump->next_in_class : NULL; a && !any; a = a->next_in_class)
            any = a->nlive == 0;
        if (!any) continue;
        void **pp = &H.raw_free[c];
        while (*pp) {
            arena *a = (arena *)((uintptr_t)*pp & ARENA_MASK);
            /* (the mixed arena is never recycled: its slots stay listed) */
            if (a->nlive == 0 && a != bump && a != H.mixed)
                *pp = *(void **)*pp; /* unlink: the arena goes away */
            else
                pp = (void **)*pp;
        }
        for (arena **ap = &bump->next_in_class; *ap;) {
            arena *a = *ap;
            if (a->nlive == 0) {
                *ap = a->next_in_class;
                arena_recycle(a);
            } else {
                ap = &a->next_in_class;
            }
        }
    }
}

static void free_all_raw(void)
{
    while (raw_list.next != &raw_list) {
        raw_hdr *h = raw_list.next;
        raw_unlink(h);
        free(h);
    }
}

/* ---- roots --------------------------------------------------------------------- */

void sp_gc_root(sp_val *slot)
{
    if (grow_vec((void **)&H.roots, &H.roots_cap, H.nroots + 1, sizeof(sp_val *)))
        H.roots[H.nroots++] = slot;
}

void sp_gc_add_tracer(void (*fn)(void))
{
    for (size_t i = 0; i < H.ntracers; i++)
        if (H.tracers[i] == fn) return;
    if (grow_vec((void **)&H.tracers, &H.tracers_cap, H.ntracers + 1, sizeof(void (*)(void))))
        H.tracers[H.ntracers++] = fn;
}

void sp_gc_make_static(sp_object *o)
{
    o->gc = (o->gc & ~(GC_HEAP | GC_MARK)) | GC_STATIC;
}

void sp_gc_add_static_type(sp_type *t)
{
    sp_gc_make_static(&t->ob);
    if (t->ob.gc & GC_REGISTERED) return;
    if (grow_vec((void **)&H.static_types, &H.static_cap, H.nstatic + 1, sizeof(sp_type *))) {
        H.static_types[H.nstatic++] = t;
        t->ob.gc |= GC_REGISTERED;
    }
}

bool sp_gc_is_heap(sp_val v)
{
    return v && !sp_is_small(v) && (v->gc & GC_HEAP);
}

/* ---- lifecycle ----------------------------------------------------------------- */

/* The C stack address past which the recursion guard raises RecursionError: base -
 * RLIMIT_STACK (capped at 8 MiB) plus a reserve that the error path itself needs
 * (formatting and creating the RecursionError, unwinding, printing the traceback).
 * Sanitizer frames are several times larger, so their reserve is too. (The real
 * mapping is not asked for: pthread_getattr_np reads /proc/self/maps on the main
 * thread, and the sandbox forbids open.) */
static char *default_stack_limit(char *base)
{
    struct rlimit rl;
    size_t size = 8u << 20;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < size)
        size = rl.rlim_cur;
#ifdef SP_SANITIZE
    size_t margin = size / 2;
#else
    size_t margin = size / 4 > (512u << 10) ? (512u << 10) : size / 4;
#endif
    return base - size + margin;
}

int sp_gc_init(uint64_t memory_budget, void *stack_base)
{
    if (H.ready) sp_gc_shutdown();
    SCR.on = false; /* invariant 13 */
    memset(&H, 0, sizeof H);
    run_id++;
    H.budget = memory_budget;
    H.stack_base = stack_base;
#ifdef ASAN_FAKE_STACK
    /* A caller's local under detect_stack_use_after_return=1 is in a fake frame, off
     * the machine stack: scan up to just above this frame instead (the caller's real
     * frame, which points to its fake frame, lies within that slack). */
    void *fake = __asan_get_current_fake_stack();
    if (stack_base && fake && __asan_addr_is_in_fake_stack(fake, stack_base, NULL, NULL))
        H.stack_base = (char *)__builtin_frame_address(0) + 1024;
#endif
    memset(&FAST, 0, sizeof FAST);
    H.large_sorted = true;
    H.ready = true;
    update_alloc_limit();
    /* The limit is measured from this real frame, not from `stack_base`: with ASan's
     * fake stacks (detect_stack_use_after_return=1) a caller's local lives off the
     * machine stack, while the guard compares machine frame addresses. */
    if (stack_base && !sp_st.stack_limit)
        sp_st.stack_limit = default_stack_limit(__builtin_frame_address(0));
    return 0;
}

void sp_gc_shutdown(void)
{
    if (!H.ready) return;
    SCR.on = false; /* invariant 13: blocks already carved stay valid */
    /* Everything is garbage now: finalize all so raw buffers are released. */
    H.collecting = true;
    finalize_dead();
    free_all_raw();                               /* what the finalizers did not release */
    for (size_t i = 0; i < H.nchunks; i++) {      /* object, raw and free arenas alike */
        UNPOISON(H.chunks[i].p, H.chunks[i].len); /* a later mapping may reuse it */
        munmap(H.chunks[i].p, H.chunks[i].len);
    }
    for (size_t i = 0; i < H.nlarge; i++)
        free(H.large[i].p);
    for (size_t i = 0; i < H.nstatic; i++) /* the next heap registers them anew */
        H.static_types[i]->ob.gc &= ~GC_REGISTERED;
    free(H.chunks);
    free(H.arenas);
    free(H.large);
    free(H.roots);
    free(H.tracers);
    free(H.static_types);
    free(H.grey);
    memset(&H, 0, sizeof H);
    memset(&FAST, 0, sizeof FAST);
    /* Every heap pointer of the interpreter state is dangling now. */
    sp_st.exc = sp_st.handled_exc = NULL;
    sp_st.builtins = sp_st.modules = sp_st.main_module = sp_st.sys_module = sp_st.argv = NULL;
    sp_st.stack_limit = NULL;
}

uint64_t sp_gc_run_id(void)
{
    return run_id;
}

uint64_t sp_gc_bytes_allocated(void)
{
    return H.allocated_before + FAST.since_gc;
}
uint64_t sp_gc_heap_in_use(void)
{
    return in_use();
}
uint64_t sp_gc_peak_heap(void)
{
    return in_use() > H.peak ? in_use() : H.peak;
}
uint64_t sp_gc_cycles(void)
{
    return H.cycles;
}

bool sp_gc_prepared(void)
{
    return H.prepared;
}

void sp_gc_set_prepared(bool prepared)
{
    assert(H.ready || !prepared);
    /* A run takes the preparation: from here on its fresh buffers go to the scratch
     * (invariant 13; a run that cannot use the heap calls sp_gc_init, which stops it). */
    if (H.prepared && !prepared) SCR.on = SCR.lo != NULL;
    H.prepared = prepared;
}

/* Hand a heap made by sp_prepare (interp.c) to the run that inherited it through
 * fork: the run's budget and the top of its C stack replace the unlimited budget
 * and stack base of the preparation. Everything else (objects, roots, statistics)
 * carries over, so the run sees the same heap a fresh sp_gc_init + init would give. */
void sp_gc_begin_prepared_run(uint64_t memory_budget, void *stack_base)
{
    assert(H.ready);
    H.budget = memory_budget;
    H.stack_base = stack_base;
#ifdef ASAN_FAKE_STACK /* as in sp_gc_init: the caller must call us from its own frame */
    void *fake = __asan_get_current_fake_stack();
    if (stack_base && fake && __asan_addr_is_in_fake_stack(fake, stack_base, NULL, NULL))
        H.stack_base = (char *)__builtin_frame_address(0) + 1024;
#endif
    sp_st.stack_limit = stack_base ? default_stack_limit(__builtin_frame_address(0)) : NULL;
    update_alloc_limit();
}
