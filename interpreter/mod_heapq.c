/*
 * mod_heapq.c — the `heapq` module.
 *
 * Design overview
 * ---------------
 * The heap functions are CPython's _heapq algorithms step for step (the same
 * _siftdown/_siftup with the "bottom-up" leaf descent), so a list holds exactly the
 * same elements in the same places as under CPython after any sequence of calls.
 * Items are compared only with `<` (sp_compare_bool LT), so objects defining only
 * __lt__ work. A comparison can run Python code that mutates the heap; like CPython
 * we re-check the list's size after each comparison and raise RuntimeError.
 *
 * nlargest/nsmallest are specified as equivalent to sorted(...)[:n]; they are
 * computed that way (same result, same comparisons semantics). merge is the
 * generator of CPython's heapq.py, embedded as Python source.
 */
#include "mod_stdlib.h"

#include "gc.h"
#include "obj_dict.h"

static sp_list *as_list(sp_val v)
{
    return (sp_list *)v;
}

static int changed_size(sp_list *heap, size_t size)
{
    if (heap->len == size)
        return 0;
    sp_err_set(&sp_exc_RuntimeError, "list changed size during iteration");
    return -1;
}

/* Move heap[pos] up towards startpos until its parent is not greater. */
static int sift_down(sp_list *heap, size_t startpos, size_t pos)
{
    size_t size = heap->len;
    sp_val newitem = heap->items[pos];
    while (pos > startpos) {
        size_t parentpos = (pos - 1) >> 1;
        sp_val parent = heap->items[parentpos];
        int lt = sp_compare_bool(newitem, parent, SP_CMP_LT);
        if (lt < 0)
            return -1;
        if (changed_size(heap, size) < 0)
            return -1;
        if (!lt)
            break;
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
static int sift_up(sp_list *heap, size_t pos)
{
    size_t endpos = heap->len, startpos = pos;
    size_t limit = endpos >> 1;
    while (pos < limit) {
        size_t childpos = 2 * pos + 1;
        if (childpos + 1 < endpos) {
            int lt = sp_compare_bool(heap->items[childpos], heap->items[childpos + 1], SP_CMP_LT);
            if (lt < 0)
                return -1;
            childpos += ((unsigned)lt ^ 1);
            if (changed_size(heap, endpos) < 0)
                return -1;
        }
        sp_val tmp = heap->items[childpos];
        heap->items[childpos] = heap->items[pos];
        heap->items[pos] = tmp;
        pos = childpos;
    }
    return sift_down(heap, startpos, pos);
}

static int check_list1(const char *fname, sp_val v)
{
    if (sp_list_check(v))
        return 0;
    sp_err_set(&sp_exc_TypeError, "%s() argument must be list, not %s", fname, sp_type_name(v));
    return -1;
}

static int check_list2(const char *fname, sp_val v)
{
    if (sp_list_check(v))
        return 0;
    sp_err_set(&sp_exc_TypeError, "%s() argument 1 must be list, not %s", fname, sp_type_name(v));
    return -1;
}

static int positional(const char *fname, const char *qual, size_t nargs, size_t n, sp_val kw)
{
    if (sp_no_kwargs(qual, kw) < 0 || sp_check_nargs(fname, nargs, n, n) < 0)
        return -1;
    return 0;
}

static sp_val heap_push(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (positional("heappush", "_heapq.heappush", nargs, 2, kw) < 0 ||
        check_list2("heappush", args[0]) < 0)
        return NULL;
    if (sp_list_append(args[0], args[1]) < 0)
        return NULL;
    sp_list *heap = as_list(args[0]);
    if (sift_down(heap, 0, heap->len - 1) < 0)
        return NULL;
    return sp_None;
}

static sp_val heap_pop(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("_heapq.heappop", kw) < 0 || sp_check_nargs("heappop", nargs, 1, 1) < 0 ||
        check_list1("heappop", args[0]) < 0)
        return NULL;
    sp_list *heap = as_list(args[0]);
    if (heap->len == 0)
        return sp_err_set(&sp_exc_IndexError, "index out of range");
    sp_val last = heap->items[--heap->len];
    heap->items[heap->len] = NULL;
    if (heap->len == 0)
        return last;
    sp_val ret = heap->items[0];
    heap->items[0] = last;
    if (sift_up(heap, 0) < 0)
        return NULL;
    return ret;
}

static sp_val heap_replace(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (positional("heapreplace", "_heapq.heapreplace", nargs, 2, kw) < 0 ||
        check_list2("heapreplace", args[0]) < 0)
        return NULL;
    sp_list *heap = as_list(args[0]);
    if (heap->len == 0)
        return sp_err_set(&sp_exc_IndexError, "index out of range");
    sp_val ret = heap->items[0];
    heap->items[0] = args[1];
    if (sift_up(heap, 0) < 0)
        return NULL;
    return ret;
}

static sp_val heap_pushpop(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (positional("heappushpop", "_heapq.heappushpop", nargs, 2, kw) < 0 ||
        check_list2("heappushpop", args[0]) < 0)
        return NULL;
    sp_list *heap = as_list(args[0]);
    sp_val item = args[1];
    if (heap->len == 0)
        return item;
    sp_val top = heap->items[0];
    int lt = sp_compare_bool(top, item, SP_CMP_LT);
    if (lt < 0)
        return NULL;
    if (!lt)
        return item;
    if (heap->len == 0)
        return sp_err_set(&sp_exc_IndexError, "index out of range");
    sp_val ret = heap->items[0];
    heap->items[0] = item;
    if (sift_up(heap, 0) < 0)
        return NULL;
    return ret;
}

static sp_val heap_heapify(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("_heapq.heapify", kw) < 0 || sp_check_nargs("heapify", nargs, 1, 1) < 0 ||
        check_list1("heapify", args[0]) < 0)
        return NULL;
    sp_list *heap = as_list(args[0]);
    /* Sifting every internal node bottom-up; the order among disjoint subtrees does
     * not change the result, so this equals CPython's cache-friendly variant. */
    for (size_t i = heap->len / 2; i-- > 0;)
        if (sift_up(heap, i) < 0)
            return NULL;
    return sp_None;
}

/* nsmallest/nlargest(n, iterable, key=None) == sorted(iterable, key, reverse)[:n] */
static sp_val n_best(const char *fname, bool reverse, sp_val const *args, size_t nargs,
                     sp_val kw)
{
    static const char *const names[] = {"n", "iterable", "key", NULL};
    sp_val n = NULL, it = NULL, key = sp_None;
    if (sp_parse_args(fname, args, nargs, kw, "OO|O", names, &n, &it, &key) < 0)
        return NULL;
    bool overflow = false;
    int64_t count = sp_index(n, &overflow);
    if (count == -1 && sp_err_occurred())
        return NULL;
    sp_val l = sp_list_from_iterable(it);
    if (!l)
        return NULL;
    if (overflow)
        count = count < 0 ? 0 : INT64_MAX;
    if (count <= 0)
        return sp_list_new(0);
    if (sp_list_sort(l, key == sp_None ? NULL : key, reverse) < 0)
        return NULL;
    sp_list *lst = as_list(l);
    if ((uint64_t)count < lst->len)
        lst->len = (size_t)count; /* the tail stays in the buffer, unreachable */
    return l;
}

static sp_val heap_nsmallest(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return n_best("nsmallest", false, args, nargs, kw);
}

static sp_val heap_nlargest(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return n_best("nlargest", true, args, nargs, kw);
}

static const sp_method_def heapq_functions[] = {
    {"heappush", heap_push, 0},
    {"heappop", heap_pop, 0},
    {"heapreplace", heap_replace, 0},
    {"heappushpop", heap_pushpop, 0},
    {"heapify", heap_heapify, 0},
    {"nsmallest", heap_nsmallest, 0},
    {"nlargest", heap_nlargest, 0},
    {NULL, NULL, 0},
};

static const char heapq_py[] =
    "def merge(*iterables, key=None, reverse=False):\n"
    "    h = []\n"
    "    h_append = h.append\n"
    "    if reverse:\n"
    "        _heapify = _heapify_max\n"
    "        _heappop = _heappop_max\n"
    "        _heapreplace = _heapreplace_max\n"
    "        direction = -1\n"
    "    else:\n"
    "        _heapify = heapify\n"
    "        _heappop = heappop\n"
    "        _heapreplace = heapreplace\n"
    "        direction = 1\n"
    "    if key is None:\n"
    "        for order, it in enumerate(map(iter, iterables)):\n"
    "            try:\n"
    "                next = it.__next__\n"
    "                h_append([next(), order * direction, next])\n"
    "            except StopIteration:\n"
    "                pass\n"
    "        _heapify(h)\n"
    "        while len(h) > 1:\n"
    "            try:\n"
    "                while True:\n"
    "                    value, order, next = s = h[0]\n"
    "                    yield value\n"
    "                    s[0] = next()\n"
    "                    _heapreplace(h, s)\n"
    "            except StopIteration:\n"
    "                _heappop(h)\n"
    "        if h:\n"
    "            value, order, next = h[0]\n"
    "            yield value\n"
    "            yield from next.__self__\n"
    "        return\n"
    "    for order, it in enumerate(map(iter, iterables)):\n"
    "        try:\n"
    "            next = it.__next__\n"
    "            value = next()\n"
    "            h_append([key(value), order * direction, value, next])\n"
    "        except StopIteration:\n"
    "            pass\n"
    "    _heapify(h)\n"
    "    while len(h) > 1:\n"
    "        try:\n"
    "            while True:\n"
    "                key_value, order, value, next = s = h[0]\n"
    "                yield value\n"
    "                value = next()\n"
    "                s[0] = key(value)\n"
    "                s[2] = value\n"
    "                _heapreplace(h, s)\n"
    "        except StopIteration:\n"
    "            _heappop(h)\n"
    "    if h:\n"
    "        key_value, order, value, next = h[0]\n"
    "        yield value\n"
    "        yield from next.__self__\n"
    "\n"
    "class _Rev:\n"
    "    __slots__ = ('v',)\n"
    "    def __init__(self, v):\n"
    "        self.v = v\n"
    "    def __lt__(self, other):\n"
    "        return other.v < self.v\n"
    "\n"
    "def _heapify_max(h):\n"
    "    w = [_Rev(x) for x in h]\n"
    "    heapify(w)\n"
    "    h[:] = [r.v for r in w]\n"
    "\n"
    "def _heappop_max(h):\n"
    "    w = [_Rev(x) for x in h]\n"
    "    r = heappop(w)\n"
    "    h[:] = [x.v for x in w]\n"
    "    return r.v\n"
    "\n"
    "def _heapreplace_max(h, item):\n"
    "    w = [_Rev(x) for x in h]\n"
    "    r = heapreplace(w, _Rev(item))\n"
    "    h[:] = [x.v for x in w]\n"
    "    return r.v\n"
    "\n"
    "__all__ = ['heappush', 'heappop', 'heapify', 'heapreplace', 'merge',\n"
    "           'nlargest', 'nsmallest', 'heappushpop']\n";

sp_val sp_heapq_module_init(void)
{
    sp_val m = sp_module_new("heapq");
    if (!m || sp_module_add_functions(m, heapq_functions) < 0 ||
        sp_stdlib_exec(m, heapq_py, "heapq.py") < 0)
        return NULL;
    return m;
}
