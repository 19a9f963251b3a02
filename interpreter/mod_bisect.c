/*
 * mod_bisect.c — the `bisect` module.
 *
 * Design overview
 * ---------------
 * CPython's _bisect algorithms: the same midpoints and only `<` comparisons, so a
 * user type with just __lt__ works and the same elements are compared in the same
 * order. Lists are read directly (with a bounds check, since a comparison may shrink
 * the list); other sequences go through __getitem__. With key=, key is applied to
 * the probed elements only (never to x) for bisect_*, and insort_* applies it to x
 * once before searching, as CPython 3.10+ does.
 */
#include "mod_stdlib.h"

#include "gc.h"
#include "obj_dict.h"
#include "obj_type.h"

typedef struct search {
    sp_val a, x, key; /* key NULL: none */
    int64_t lo, hi;
} search;

static sp_val item_at(sp_val a, int64_t i)
{
    if (sp_typeof(a) == &sp_type_list) {
        sp_list *l = (sp_list *)a;
        if ((size_t)i >= l->len) return sp_err_set(&sp_exc_IndexError, "list index out of range");
        return l->items[i];
    }
    sp_val idx = sp_int_from_i64(i);
    return idx ? sp_getitem(a, idx) : NULL;
}

/* Probe value at mid: a[mid] or key(a[mid]). */
static sp_val probe(search *s, int64_t mid)
{
    sp_val v = item_at(s->a, mid);
    if (v && s->key) v = sp_call1(s->key, v);
    return v;
}

static int64_t bisect_right_impl(search *s)
{
    int64_t lo = s->lo, hi = s->hi;
    while (lo < hi) {
        int64_t mid = (int64_t)(((uint64_t)lo + (uint64_t)hi) / 2);
        sp_val v = probe(s, mid);
        if (!v) return -1;
        int lt = sp_compare_bool(s->x, v, SP_CMP_LT);
        if (lt < 0) return -1;
        if (lt)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static int64_t bisect_left_impl(search *s)
{
    int64_t lo = s->lo, hi = s->hi;
    while (lo < hi) {
        int64_t mid = (int64_t)(((uint64_t)lo + (uint64_t)hi) / 2);
        sp_val v = probe(s, mid);
        if (!v) return -1;
        int lt = sp_compare_bool(v, s->x, SP_CMP_LT);
        if (lt < 0) return -1;
        if (lt)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int index_arg(sp_val v, int64_t *out)
{
    bool overflow = false;
    int64_t i = sp_index(v, &overflow);
    if (i == -1 && sp_err_occurred()) return -1;
    if (overflow) {
        sp_err_set(&sp_exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    *out = i;
    return 0;
}

static int parse_search(const char *fname, sp_val const *args, size_t nargs, sp_val kw, search *s)
{
    static const char *const names[] = {"a", "x", "lo", "hi", "key", NULL};
    sp_val lo = NULL, hi = sp_None, key = sp_None;
    if (sp_parse_args(fname, args, nargs, kw, "OO|OO$O", names, &s->a, &s->x, &lo, &hi, &key) < 0)
        return -1;
    s->lo = 0;
    if (lo && index_arg(lo, &s->lo) < 0) return -1;
    if (s->lo < 0) {
        sp_err_set(&sp_exc_ValueError, "lo must be non-negative");
        return -1;
    }
    if (hi == sp_None) {
        s->hi = sp_len(s->a);
        if (s->hi < 0) return -1;
    } else {
        if (!sp_int_check(hi) && !sp_type_lookup(sp_typeof(hi), sp_str_intern("__index__"))) {
            sp_err_set(&sp_exc_TypeError, "argument should be integer or None, not '%s'",
                       sp_type_name(hi));
            return -1;
        }
        if (index_arg(hi, &s->hi) < 0) return -1;
    }
    s->key = key == sp_None ? NULL : key;
    return 0;
}

static sp_val bisect_right_fn(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    search s;
    if (parse_search("bisect_right", args, nargs, kw, &s) < 0) return NULL;
    int64_t i = bisect_right_impl(&s);
    return i < 0 ? NULL : sp_int_from_i64(i);
}

static sp_val bisect_left_fn(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    search s;
    if (parse_search("bisect_left", args, nargs, kw, &s) < 0) return NULL;
    int64_t i = bisect_left_impl(&s);
    return i < 0 ? NULL : sp_int_from_i64(i);
}

static sp_val insort(const char *fname, bool right, sp_val const *args, size_t nargs, sp_val kw)
{
    search s;
    if (parse_search(fname, args, nargs, kw, &s) < 0) return NULL;
    sp_val item = s.x;
    if (s.key && !(s.x = sp_call1(s.key, item))) return NULL;
    int64_t i = right ? bisect_right_impl(&s) : bisect_left_impl(&s);
    if (i < 0) return NULL;
    if (sp_typeof(s.a) == &sp_type_list) {
        if (sp_list_insert(s.a, i, item) < 0) return NULL;
        return sp_None;
    }
    sp_val iv = sp_int_from_i64(i);
    sp_val margs[2] = {iv, item};
    if (!iv || !sp_call_method(s.a, "insert", margs, 2)) return NULL;
    return sp_None;
}

static sp_val insort_right_fn(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return insort("insort_right", true, args, nargs, kw);
}

static sp_val insort_left_fn(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    return insort("insort_left", false, args, nargs, kw);
}

static const sp_method_def bisect_functions[] = {
    {"bisect_right", bisect_right_fn, 0},
    {"bisect_left", bisect_left_fn, 0},
    {"insort_right", insort_right_fn, 0},
    {"insort_left", insort_left_fn, 0},
    {NULL, NULL, 0},
};

sp_val sp_bisect_module_init(void)
{
    sp_val m = sp_module_new("bisect");
    if (!m || sp_module_add_functions(m, bisect_functions) < 0) return NULL;
    sp_val d = sp_module_dict(m);
    if (sp_dict_set_cstr(d, "bisect", sp_dict_get_cstr(d, "bisect_right")) < 0 ||
        sp_dict_set_cstr(d, "insort", sp_dict_get_cstr(d, "insort_right")) < 0)
        return NULL;
    return m;
}
