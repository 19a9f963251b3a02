/*
 * mod_heapq.c — the `heapq` module.
 *
 * Design overview
 * ---------------
 * The heap functions are CPython's _heapq algorithms step for step (the same
 * _siftdown/_siftup with the "bottom-up" leaf descent), so a list holds exactly the
 * same elements in the same places as under CPython after any sequence of calls.
 * Items are compared only with `<` (sp_lt: sp_compare_bool LT with fast paths for
 * ints, str, float and tuples of those), so objects defining only __lt__ work. A comparison can run
 * Python code that mutates the heap; like CPython we re-check the list's size after each comparison
 * and raise RuntimeError.
 *
 * The max-heap variants (_heapify_max, _heappop_max, _heapreplace_max) compare
 * with the operands swapped, as in CPython. nlargest, nsmallest and merge are
 * CPython's heapq.py algorithms embedded as Python source: their tie-breaking
 * decorates items with (elem, order) tuples, whose comparisons use == before <,
 * so only the same algorithm gives the same answers for objects with only __lt__.
 */
#include "mod_stdlib.h"

#include "gc.h"
#include "obj_dict.h"
#include "obj_iter.h"

static sp_list *as_list(sp_val v)
{
    return (sp_list *)v;
}

static int changed_size(sp_list *heap, size_t size)
{
    if (heap->len == size) return 0;
    sp_err_set(&sp_exc_RuntimeError, "list changed size during iteration");
    return -1;
}

/* `lt(a, b)` of a min-heap, or `lt(b, a)` for the max-heap variants CPython keeps
 * private (_heapify_max ...), used by nsmallest and merge(reverse=True). */
static int heap_lt(sp_val a, sp_val b, bool max)
{
    return max ? sp_lt(b, a) : sp_lt(a, b);
}

/* Move heap[pos] up towards startpos until its parent is not greater. */
static int sift_down(sp_list *heap, size_t startpos, size_t pos, bool max)
{
    size_t size = heap->len;
    sp_val newitem = heap->items[pos];
    while (pos > startpos) {
        size_t parentpos = (pos - 1) >> 1;
        sp_val parent = heap->items[parentpos];
        int lt = heap_lt(newitem, parent, max);
        if (lt < 0) return -1;
        if (changed_size(heap, size) < 0) return -1;
        if (!lt) break;
        /* the comparison may have reordered the list: re-read like CPython */
        parent = heap->items[parentpos];
        newitem = heap->items[pos];
        heap->items[parentpos] = newitem;
        heap->items[pos] = parent;
        pos = parentpos;
    }
    return 0;
}

/* Bubble the smaller child up from pos to a leaf, then sift the item back down. */
static int sift_up(sp_list *heap, size_t pos, bool max)
{
    size_t endpos = heap->len, startpos = pos;
    size_t limit = endpos >> 1;
    while (pos < limit) {
        size_t childpos = 2 * pos + 1;
        if (childpos + 1 < endpos) {
            int lt = heap_lt(heap->items[childpos], heap->items[childpos + 1], max);
            if (lt < 0) return -1;
            childpos += ((unsigned)lt ^ 1);
            if (changed_size(heap, endpos) < 0) return -1;
        }
        sp_val tmp = heap->items[childpos];
        heap->items[childpos] = heap->items[pos];
        heap->items[pos] = tmp;
        pos = childpos;
    }
    return sift_down(heap, startpos, pos, max);
}

static int check_list1(const char *fname, sp_val v)
{
    if (sp_list_check(v)) return 0;
    sp_err_set(&sp_exc_TypeError, "%s() argument must be list, not %s", fname, sp_type_name(v));
    return -1;
}

static int check_list2(const char *fname, sp_val v)
{
    if (sp_list_check(v)) return 0;
    sp_err_set(&sp_exc_TypeError, "%s() argument 1 must be list, not %s", fname, sp_type_name(v));
    return -1;
}

static int positional(const char *fname, const char *qual, size_t nargs, size_t n, sp_val kw)
{
    if (sp_no_kwargs(qual, kw) < 0 || sp_check_nargs(fname, nargs, n, n) < 0) return -1;
    return 0;
}

static sp_val heap_push(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (positional("heappush", "_heapq.heappush", nargs, 2, kw) < 0 ||
        check_list2("heappush", args[0]) < 0)
        return NULL;
    if (sp_list_append(args[0], args[1]) < 0) return NULL;
    sp_list *heap = as_list(args[0]);
    if (sift_down(heap, 0, heap->len - 1, false) < 0) return NULL;
    return sp_None;
}

static sp_val pop_common(const char *fname, const char *qual, bool max, sp_val const *args,
                         size_t nargs, sp_val kw)
{
    if (sp_no_kwargs(qual, kw) < 0 || sp_check_nargs(fname, nargs, 1, 1) < 0 ||
        check_list1(fname, args[0]) < 0)
        return NULL;
    sp_list *heap = as_list(args[0]);
    if (heap->len == 0) return sp_err_set(&sp_exc_IndexError, "index out of range");
    sp_val last = heap->items[--heap->len];
    heap->items[heap->len] = NULL;
    if (heap->len == 0) return last;
    sp_val ret = heap->items[0];
    heap->items[0] = last;
    if (sift_up(heap, 0, max) < 0) return NULL;
    return ret;
}

static sp_val heap_pop(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return pop_common("heappop", "_heapq.heappop", false, args, nargs, kw);
}

static sp_val heap_pop_max(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return pop_common("_heappop_max", "_heapq._heappop_max", true, args, nargs, kw);
}

static sp_val replace_common(const char *fname, const char *qual, bool max, sp_val const *args,
                             size_t nargs, sp_val kw)
{
    if (positional(fname, qual, nargs, 2, kw) < 0 || check_list2(fname, args[0]) < 0) return NULL;
    sp_list *heap = as_list(args[0]);
    if (heap->len == 0) return sp_err_set(&sp_exc_IndexError, "index out of range");
    sp_val ret = heap->items[0];
    heap->items[0] = args[1];
    if (sift_up(heap, 0, max) < 0) return NULL;
    return ret;
}

static sp_val heap_replace(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return replace_common("heapreplace", "_heapq.heapreplace", false, args, nargs, kw);
}

static sp_val heap_replace_max(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return replace_common("_heapreplace_max", "_heapq._heapreplace_max", true, args, nargs, kw);
}

static sp_val heap_pushpop(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (positional("heappushpop", "_heapq.heappushpop", nargs, 2, kw) < 0 ||
        check_list2("heappushpop", args[0]) < 0)
        return NULL;
    sp_list *heap = as_list(args[0]);
    sp_val item = args[1];
    if (heap->len == 0) return item;
    sp_val top = heap->items[0];
    int lt = sp_lt(top, item);
    if (lt < 0) return NULL;
    if (!lt) return item;
    if (heap->len == 0) return sp_err_set(&sp_exc_IndexError, "index out of range");
    sp_val ret = heap->items[0];
    heap->items[0] = item;
    if (sift_up(heap, 0, false) < 0) return NULL;
    return ret;
}

static sp_val heapify_common(const char *fname, const char *qual, bool max, sp_val const *args,
                             size_t nargs, sp_val kw)
{
    if (sp_no_kwargs(qual, kw) < 0 || sp_check_nargs(fname, nargs, 1, 1) < 0 ||
        check_list1(fname, args[0]) < 0)
        return NULL;
    sp_list *heap = as_list(args[0]);
    /* Sifting every internal node bottom-up; the order among disjoint subtrees does
     * not change the result, so this equals CPython's cache-friendly variant. */
    for (size_t i = heap->len / 2; i-- > 0;)
        if (sift_up(heap, i, max) < 0) return NULL;
    return sp_None;
}

static sp_val heap_heapify_max(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return heapify_common("_heapify_max", "_heapq._heapify_max", true, args, nargs, kw);
}

static sp_val heap_heapify(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return heapify_common("heapify", "_heapq.heapify", false, args, nargs, kw);
}

static const sp_method_def heapq_functions[] = {
    {"heappush", heap_push, 0},
    {"heappop", heap_pop, 0},
    {"heapreplace", heap_replace, 0},
    {"heappushpop", heap_pushpop, 0},
    {"heapify", heap_heapify, 0},
    {"_heappop_max", heap_pop_max, 0},
    {"_heapreplace_max", heap_replace_max, 0},
    {"_heapify_max", heap_heapify_max, 0},
    {NULL, NULL, 0},
};

/* The Python part of this module lives in interpreter/lib/heapq.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_heapq_py[];

sp_val sp_heapq_module_init(void)
{
    sp_val m = sp_module_new("heapq");
    if (!m || sp_module_add_functions(m, heapq_functions) < 0 ||
        sp_stdlib_exec(m, sp_lib_heapq_py, "heapq.py") < 0)
        return NULL;
    return m;
}
