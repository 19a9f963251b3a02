/*
 * mod_re.c — the `re` module.
 *
 * Design overview
 * ---------------
 * The engine (regex.c) is C; this file wraps a compiled program in a small
 * object (`_re_prog`) and exposes three primitives to the Python half:
 *   _c_compile(pattern, flags) -> (prog, groups, groupindex, flags) or
 *                               ('error', message, position)
 *   _exec(prog, string, pos, endpos, mode) -> tuple of 2*(groups+1) span bounds
 *                               (-1 when unset) plus lastindex, or None
 *   _scan(prog, string, pos, endpos, limit) -> list of such tuples, every match of a
 *                               left-to-right scan (sre's empty-match rule)
 * Pattern, Match, the scanning functions (findall, finditer, sub, split), the
 * replacement-template parser and re.error follow CPython's re/__init__.py and
 * _sre semantics and messages; they are embedded Python below.
 *
 * The subject of _exec is decoded to code points once and cached (with a GC root
 * on the str), so finditer/sub/split over a long string stay linear overall.
 */
#include "mod_stdlib2.h"

#include "gc.h"
#include "mod_stdlib.h"
#include "obj_dict.h"
#include "obj_str.h"
#include "obj_type.h"
#include "regex.h"

#include <string.h>

typedef struct prog_obj {
    sp_object ob;
    re_prog *prog; /* owned; freed by the finalizer */
} prog_obj;

static void prog_finalize(sp_val self)
{
    re_prog_free(((prog_obj *)self)->prog);
    ((prog_obj *)self)->prog = NULL;
}

static sp_type sp_type_re_prog = {
    .name = "_re_prog",
    .basic_size = sizeof(prog_obj),
    .finalize = prog_finalize,
};

/* Code points of a str or bytes-like object into a raw buffer (caller frees
 * n * 4 bytes via sp_mem_free; a 1-element buffer for empty input). */
static uint32_t *to_cps(sp_val v, size_t *n, bool *is_bytes)
{
    const char *data;
    size_t len;
    if (sp_str_check(v)) {
        sp_str *s = (sp_str *)v;
        *is_bytes = false;
        uint32_t *out = sp_mem_alloc((s->len ? s->len : 1) * sizeof(uint32_t));
        if (!out) return NULL;
        const char *p = s->data;
        for (size_t i = 0; i < s->len; i++)
            out[i] = sp_utf8_decode(&p);
        *n = s->len;
        return out;
    }
    if (sp_bytes_view(v, &data, &len)) {
        *is_bytes = true;
        uint32_t *out = sp_mem_alloc((len ? len : 1) * sizeof(uint32_t));
        if (!out) return NULL;
        for (size_t i = 0; i < len; i++)
            out[i] = (unsigned char)data[i];
        *n = len;
        return out;
    }
    return sp_err_set(&sp_exc_TypeError, "expected string or bytes-like object, got '%s'",
                      sp_type_name(v));
}

static sp_val re_compile_fn(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    (void)self;
    if (sp_no_kwargs("_compile", kw) < 0 || sp_check_nargs("_compile", nargs, 2, 2) < 0)
        return NULL;
    int64_t flags;
    if (sp_int_to_i64(args[1], &flags) < 0) return NULL;
    size_t n;
    bool is_bytes;
    uint32_t *pat = to_cps(args[0], &n, &is_bytes);
    if (!pat) return NULL;
    if (!is_bytes && !(flags & RE_A)) flags |= RE_U;
    sp_val names = sp_dict_new();
    if (!names) {
        sp_mem_free(pat, (n ? n : 1) * sizeof(uint32_t));
        return NULL;
    }
    char buf[256];
    const char *msg = NULL;
    int64_t pos = 0;
    re_prog *p = re_compile(pat, n, (int)flags, is_bytes, names, buf, sizeof buf, &msg, &pos);
    sp_mem_free(pat, (n ? n : 1) * sizeof(uint32_t));
    if (!p) {
        if (!msg) {
            if (!sp_err_occurred()) sp_err_no_memory();
            return NULL;
        }
        sp_err_clear();
        sp_val m = sp_str_from_cstr(msg);
        if (!m) return NULL;
        return sp_tuple_pack(3, sp_str_intern("error"), m,
                             pos < 0 ? sp_None : sp_int_from_i64(pos));
    }
    prog_obj *o = sp_gc_new(&sp_type_re_prog, sizeof(prog_obj));
    if (!o) {
        re_prog_free(p);
        return NULL;
    }
    o->prog = p;
    int final = p->flags;
    if (!is_bytes && (final & RE_A)) final &= ~RE_U;
    if (!is_bytes && !(final & RE_A)) final |= RE_U;
    return sp_tuple_pack(4, &o->ob, sp_int_from_i64(p->ngroups), names, sp_int_from_i64(final));
}

/* The decoded subject of the last _exec (one per run; the str is a GC root). */
static sp_val cache_str;
static uint32_t *cache_cps;
static size_t cache_n;
static uint64_t cache_run;

static void cache_reset_if_new_run(void)
{
    if (cache_run != sp_gc_run_id()) {
        /* the previous run's heap (and its buffers) are gone */
        cache_str = NULL;
        cache_cps = NULL;
        cache_n = 0;
        cache_run = sp_gc_run_id();
        sp_gc_root(&cache_str);
    }
}

static sp_val re_exec_fn(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    (void)self;
    if (sp_no_kwargs("_exec", kw) < 0 || sp_check_nargs("_exec", nargs, 5, 5) < 0) return NULL;
    if (sp_typeof(args[0]) != &sp_type_re_prog)
        return sp_err_set(&sp_exc_TypeError, "_exec: bad program");
    re_prog *p = ((prog_obj *)args[0])->prog;
    sp_val subject = args[1];
    int64_t pos, endpos, mode;
    if (sp_int_to_i64(args[2], &pos) < 0 || sp_int_to_i64(args[3], &endpos) < 0 ||
        sp_int_to_i64(args[4], &mode) < 0)
        return NULL;
    cache_reset_if_new_run();
    if (cache_str != subject) {
        size_t n;
        bool is_bytes;
        uint32_t *cps = to_cps(subject, &n, &is_bytes);
        if (!cps) return NULL;
        if (is_bytes != p->is_bytes) {
            sp_mem_free(cps, (n ? n : 1) * sizeof(uint32_t));
            return sp_err_set(&sp_exc_TypeError,
                              is_bytes ? "cannot use a string pattern on a bytes-like object"
                                       : "cannot use a bytes pattern on a string-like object");
        }
        if (cache_cps) sp_mem_free(cache_cps, (cache_n ? cache_n : 1) * sizeof(uint32_t));
        cache_cps = NULL;
        cache_str = NULL;
        if (sp_str_check(subject) || sp_bytes_check(subject)) { /* immutable: cacheable */
            cache_str = subject;
            cache_cps = cps;
            cache_n = n;
        } else {
            /* bytearray: use once */
            if (pos < 0) pos = 0;
            if (endpos > (int64_t)n) endpos = (int64_t)n;
            if (pos > endpos) {
                sp_mem_free(cps, (n ? n : 1) * sizeof(uint32_t));
                return sp_None;
            }
            int64_t *slots = sp_mem_alloc((size_t)(2 * (p->ngroups + 1) + 1) * sizeof(int64_t));
            if (!slots) {
                sp_mem_free(cps, (n ? n : 1) * sizeof(uint32_t));
                return NULL;
            }
            int r = re_exec(p, cps, (size_t)endpos, (size_t)pos, (int)mode, slots);
            sp_mem_free(cps, (n ? n : 1) * sizeof(uint32_t));
            sp_val res = NULL;
            if (r == 1) {
                size_t ns = (size_t)(2 * (p->ngroups + 1) + 1);
                res = sp_tuple_new(ns);
                for (size_t k = 0; res && k < ns; k++)
                    ((sp_tuple *)res)->items[k] = sp_small(slots[k]);
            } else if (r == 0) {
                res = sp_None;
            }
            sp_mem_free(slots, (size_t)(2 * (p->ngroups + 1) + 1) * sizeof(int64_t));
            return res;
        }
    } else if (p->is_bytes != !sp_str_check(subject)) {
        return sp_err_set(&sp_exc_TypeError,
                          p->is_bytes ? "cannot use a bytes pattern on a string-like object"
                                      : "cannot use a string pattern on a bytes-like object");
    }
    if (pos < 0) pos = 0;
    if (endpos > (int64_t)cache_n) endpos = (int64_t)cache_n;
    if (pos > endpos) return sp_None;
    size_t ns = (size_t)(2 * (p->ngroups + 1) + 1);
    int64_t small_slots[32];
    int64_t *slots = ns <= 32 ? small_slots : sp_mem_alloc(ns * sizeof(int64_t));
    if (!slots) return NULL;
    int r = re_exec(p, cache_cps, (size_t)endpos, (size_t)pos, (int)mode, slots);
    sp_val res = NULL;
    if (r == 1) {
        res = sp_tuple_new(ns);
        for (size_t k = 0; res && k < ns; k++)
            ((sp_tuple *)res)->items[k] = sp_small(slots[k]);
    } else if (r == 0) {
        res = sp_None;
    }
    if (slots != small_slots) sp_mem_free(slots, ns * sizeof(int64_t));
    return res;
}

/* _scan(prog, string, pos, endpos, limit): every match of a left-to-right scan as
 * a list of slot tuples (limit 0: no limit), with the empty-match rule of sre's
 * iteration: after an empty match the next one may not be empty at the same place. */
static sp_val re_scan_fn(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("_scan", kw) < 0 || sp_check_nargs("_scan", nargs, 5, 5) < 0) return NULL;
    int64_t pos, endpos, limit;
    if (sp_int_to_i64(args[2], &pos) < 0 || sp_int_to_i64(args[3], &endpos) < 0 ||
        sp_int_to_i64(args[4], &limit) < 0)
        return NULL;
    sp_val out = sp_list_new(0);
    if (!out) return NULL;
    int64_t mode = 1;
    for (int64_t count = 0; pos <= endpos && (limit <= 0 || count < limit); count++) {
        sp_val call_args[5] = {args[0], args[1], sp_int_from_i64(pos), sp_int_from_i64(endpos),
                               sp_small(mode)};
        sp_val r = re_exec_fn(self, call_args, 5, NULL);
        if (!r) return NULL;
        if (r == sp_None) break;
        if (sp_list_append(out, r) < 0) return NULL;
        sp_tuple *t = (sp_tuple *)r;
        int64_t a = sp_small_value(t->items[0]), b = sp_small_value(t->items[1]);
        mode = a == b ? 5 : 1;
        pos = b;
    }
    return out;
}

static const sp_method_def re_functions[] = {
    {"_scan", re_scan_fn, 0},
    {"_c_compile", re_compile_fn, 0},
    {"_exec", re_exec_fn, 0},
    {NULL, NULL, 0},
};

/* ---- the Python half ----------------------------------------------------------------------- */

/* The Python part of this module lives in interpreter/lib/re.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_re_py[];

sp_val sp_re_module_init(void)
{
    if (sp_type_ready(&sp_type_re_prog, NULL, NULL) < 0) return NULL;
    cache_reset_if_new_run();
    sp_val m = sp_module_new("re");
    if (!m || sp_module_add_functions(m, re_functions) < 0 ||
        sp_stdlib_exec(m, sp_lib_re_py, "re.py") < 0)
        return NULL;
    return m;
}
