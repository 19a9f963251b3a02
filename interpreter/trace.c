/*
 * trace.c — the Python Tutor encoder behind `"trace": "steps"`.
 *
 * Design overview
 * ---------------
 * The VM reports four kinds of moments (trace.h): an instruction about to run
 * (sp_trace_tick, where line changes and calls are detected), a return or
 * yield, an exception passing through a frame, and the instruction budget
 * running out. For each event that Python Tutor records, we serialise a complete
 * snapshot of the program's visible state into one JSON object:
 *
 *   {"event", "line", "func_name", "globals", "ordered_globals",
 *    "stack_to_render", "heap", "stdout" [, "exception_msg"]}
 *
 * Only frames of the user's file are shown (library code written in Python is
 * stepped through silently); the module frame supplies the globals and is not a
 * stack entry. Values are primitives inline (int, float, str, bool, None) or
 * ["REF", id] to a heap entry; heap ids are small integers given on first sight
 * and stable for the whole run (like Python Tutor's small ids). Frame ids are
 * given when a frame's `call` event is emitted.
 *
 * Call detection without a per-frame flag: a frame whose last_line is 0 has
 * not run a line yet (a fresh activation); a frame that is neither the last one
 * we traced nor the one a return went back to is a generator being resumed.
 *
 * Encoding never runs Python code and never allocates on the GC heap, so the
 * program's behaviour (and its memory budget) is the same with or without a
 * trace. The pending exception, if any, is simply left in place: nothing here
 * raises.
 *
 * Invariants
 *  1. ids.keys[i] != NULL exactly for used slots; ids.n < ids.cap / 2.
 *  2. An id, once given to an address, is kept for the run (addresses reused by
 *     the collector keep the id, as CPython's id() does).
 *  3. stdout_text holds every byte the program wrote to stdout so far (capped).
 */
#include "trace.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "obj_int.h"

SP_RUN_STATE bool sp_trace_active;

#define MAX_HEAP_PER_STEP 5000    /* objects encoded in one snapshot */
#define MAX_ITEMS_PER_OBJECT 1000 /* elements shown of one container */
#define MAX_STDOUT (1u << 20)

/* ---- growable text buffer (malloc) ---- */

typedef struct jbuf {
    char *p;
    size_t len, cap;
    bool oom;
} jbuf;

static void jb_put(jbuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void jb_cstr(jbuf *b, const char *s)
{
    jb_put(b, s, strlen(s));
}

static void jb_fmt(jbuf *b, const char *fmt, long long v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, fmt, v);
    jb_put(b, tmp, (size_t)n);
}

/* A JSON string from UTF-8 bytes (the interpreter's strs are valid UTF-8). */
static void jb_json_str(jbuf *b, const char *s, size_t n)
{
    jb_put(b, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        jb_put(b, s + run, i - run);
        run = i + 1;
        char esc[8];
        switch (c) {
        case '"':
            jb_put(b, "\\\"", 2);
            break;
        case '\\':
            jb_put(b, "\\\\", 2);
            break;
        case '\n':
            jb_put(b, "\\n", 2);
            break;
        case '\t':
            jb_put(b, "\\t", 2);
            break;
        case '\r':
            jb_put(b, "\\r", 2);
            break;
        default:
            snprintf(esc, sizeof esc, "\\u%04x", c);
            jb_put(b, esc, 6);
        }
    }
    jb_put(b, s + run, n - run);
    jb_put(b, "\"", 1);
}

static void jb_json_cstr(jbuf *b, const char *s)
{
    jb_json_str(b, s, strlen(s));
}

static void jb_json_strval(jbuf *b, sp_val s)
{
    const sp_str *st = (const sp_str *)s;
    jb_json_str(b, st->data, st->size);
}

/* ---- object ids (invariants 1, 2) ---- */

typedef struct idmap {
    sp_val *keys;
    uint32_t *ids;
    uint32_t *seen; /* snapshot number in which the object was last queued */
    size_t n, cap;
} idmap;

typedef struct tracer_state {
    idmap ids;
    uint32_t next_id;
    uint32_t snapshot;
    /* frame ids: the running user frames and the id their call event gave them */
    sp_frame **fr;
    uint32_t *fr_id;
    size_t nfr, capfr;
    uint32_t next_frame_id;
    sp_frame *last_frame;    /* the frame of the last tick */
    const sp_instr *last_ip; /* and its instruction */
    sp_frame *returned_to;   /* where the last return/yield went */
    bool stopped;            /* on_step refused a step: the run is ending */
    int refusal;             /* what on_step returned then (sandpiper.h) */
    uint32_t steps;          /* entries the tracer accepted */
    sp_val module_globals;   /* the __main__ dict (alive until the heap goes) */
    char *stdout_text;       /* invariant 3 */
    size_t stdout_len, stdout_cap;
    jbuf out, heap;
    sp_val *work; /* heap objects to encode in this snapshot */
    size_t nwork, capwork;
} tracer_state;

static tracer_state T;

static size_t ptr_hash(sp_val v, size_t cap)
{
    uintptr_t x = (uintptr_t)v;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 20) & (cap - 1);
}

static bool ids_grow(idmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    sp_val *keys = calloc(cap, sizeof *keys);
    uint32_t *ids = calloc(cap, sizeof *ids), *seen = calloc(cap, sizeof *seen);
    if (!keys || !ids || !seen) {
        free(keys), free(ids), free(seen);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t h = ptr_hash(m->keys[i], cap);
        while (keys[h])
            h = (h + 1) & (cap - 1);
        keys[h] = m->keys[i], ids[h] = m->ids[i], seen[h] = m->seen[i];
    }
    free(m->keys), free(m->ids), free(m->seen);
    m->keys = keys, m->ids = ids, m->seen = seen, m->cap = cap;
    return true;
}

/* The slot of v, inserted with a fresh id when new; -1 when out of memory. */
static long ids_slot(sp_val v)
{
    idmap *m = &T.ids;
    if ((m->n + 1) * 2 > m->cap && !ids_grow(m)) return -1;
    size_t h = ptr_hash(v, m->cap);
    while (m->keys[h] && m->keys[h] != v)
        h = (h + 1) & (m->cap - 1);
    if (!m->keys[h]) {
        m->keys[h] = v;
        m->ids[h] = ++T.next_id;
        m->seen[h] = 0;
        m->n++;
    }
    return (long)h;
}

/* ---- stdout capture (io.c's tap) ---- */

static void stdout_tap(const char *p, size_t n)
{
    if (T.stdout_len + n > MAX_STDOUT) n = MAX_STDOUT - T.stdout_len;
    if (n == 0) return;
    if (T.stdout_len + n > T.stdout_cap) {
        size_t cap = T.stdout_cap ? T.stdout_cap : 1024;
        while (cap < T.stdout_len + n)
            cap *= 2;
        char *np = realloc(T.stdout_text, cap);
        if (!np) return;
        T.stdout_text = np;
        T.stdout_cap = cap;
    }
    memcpy(T.stdout_text + T.stdout_len, p, n);
    T.stdout_len += n;
}

/* ---- value encoding ---- */

static bool is_user_code(const sp_code *co)
{
    const char *fn = sp_st.opts ? sp_st.opts->filename : NULL;
    return !fn || !co->filename || sp_str_eq_cstr(co->filename, fn);
}

static void encode_float(jbuf *b, double d)
{
    if (isnan(d) || isinf(d)) {
        jb_cstr(b, isnan(d) ? "[\"SPECIAL_FLOAT\",\"NaN\"]"
                   : d > 0  ? "[\"SPECIAL_FLOAT\",\"Infinity\"]"
                            : "[\"SPECIAL_FLOAT\",\"-Infinity\"]");
        return;
    }
    char tmp[40];
    for (int prec = 1; prec <= 17; prec++) { /* shortest text that reads back exactly */
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d) break;
    }
    jb_cstr(b, tmp);
    if (!strpbrk(tmp, ".en")) jb_cstr(b, ".0");
}

/* Values Python Tutor shows inline rather than on the heap. */
static bool is_inline(sp_val v)
{
    if (!v || sp_is_small(v) || v == sp_None || v == sp_True || v == sp_False) return true;
    sp_type *t = v->type;
    return t == &sp_type_str || t == &sp_type_float || t == &sp_type_int;
}

/* A big int's decimal digits, converted here from its base-2**32 digits with
 * malloc'd scratch space: the hooks run where the VM has not synced its value
 * stack, so nothing here may allocate on the collected heap. Only called for
 * values outside the tagged range (about +-2**62). */
static void encode_big_int(jbuf *b, sp_val v)
{
    const sp_int *n = (const sp_int *)v;
    size_t nd = (size_t)(n->size < 0 ? -n->size : n->size);
    uint32_t *mag = malloc((nd ? nd : 1) * sizeof *mag);
    char *dec = malloc(nd * 10 + 2);
    if (!mag || !dec || nd > 100000) { /* 100000 digits: about a million decimals */
        free(mag), free(dec);
        jb_cstr(b, "null");
        return;
    }
    memcpy(mag, n->digits, nd * sizeof *mag);
    size_t len = 0, used = nd;
    while (used > 0) { /* divide by 10**9, collecting 9 decimals at a time */
        uint64_t rem = 0;
        for (size_t i = used; i-- > 0;) {
            uint64_t cur = (rem << 32) | mag[i];
            mag[i] = (uint32_t)(cur / 1000000000u);
            rem = cur % 1000000000u;
        }
        while (used > 0 && mag[used - 1] == 0)
            used--;
        for (int k = 0; k < 9 && (used > 0 || rem > 0); k++) {
            dec[len++] = (char)('0' + rem % 10);
            rem /= 10;
        }
    }
    if (len == 0) dec[len++] = '0';
    if (n->size < 0) jb_put(b, "-", 1);
    for (size_t i = len; i-- > 0;)
        jb_put(b, dec + i, 1);
    /* "e0": JSON readers that cannot hold the integer (jansson, JavaScript) read
     * it as a number instead of failing */
    jb_cstr(b, "e0");
    free(mag);
    free(dec);
}

static void encode_value(jbuf *b, sp_val v);

static void encode_inline(jbuf *b, sp_val v)
{
    if (!v || v == sp_None)
        jb_cstr(b, "null");
    else if (v == sp_True)
        jb_cstr(b, "true");
    else if (v == sp_False)
        jb_cstr(b, "false");
    else if (sp_is_small(v))
        jb_fmt(b, "%lld", (long long)sp_small_value(v));
    else if (v->type == &sp_type_str)
        jb_json_strval(b, v);
    else if (v->type == &sp_type_int)
        encode_big_int(b, v);
    else
        encode_float(b, ((sp_float *)v)->value);
}

/* A reference to a heap entry, queueing the object for this snapshot. */
static void encode_value(jbuf *b, sp_val v)
{
    if (is_inline(v)) {
        encode_inline(b, v);
        return;
    }
    long s = ids_slot(v);
    if (s < 0) {
        jb_cstr(b, "null");
        return;
    }
    jb_fmt(b, "[\"REF\",%lld]", T.ids.ids[s]);
    if (T.ids.seen[s] == T.snapshot || T.nwork >= MAX_HEAP_PER_STEP) return;
    T.ids.seen[s] = T.snapshot;
    if (T.nwork == T.capwork) {
        size_t cap = T.capwork ? T.capwork * 2 : 256;
        sp_val *w = realloc(T.work, cap * sizeof *w);
        if (!w) return;
        T.work = w;
        T.capwork = cap;
    }
    T.work[T.nwork++] = v;
}

static void encode_items(jbuf *b, const sp_val *items, size_t n)
{
    if (n > MAX_ITEMS_PER_OBJECT) n = MAX_ITEMS_PER_OBJECT;
    for (size_t i = 0; i < n; i++) {
        jb_put(b, ",", 1);
        encode_value(b, items[i]);
    }
}

static bool is_dunder(sp_val name)
{
    if (!sp_str_check(name)) return false;
    const sp_str *s = (const sp_str *)name;
    return s->size > 4 && memcmp(s->data, "__", 2) == 0 &&
           memcmp(s->data + s->size - 2, "__", 2) == 0;
}

/* Class attributes Python Tutor leaves out (bookkeeping, not user data). */
static bool is_class_bookkeeping(sp_val name)
{
    static const char *const skip[] = {"__doc__",     "__module__",      "__qualname__", "__dict__",
                                       "__weakref__", "__annotations__", "__classcell__"};
    if (!sp_str_check(name)) return false;
    for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
        if (sp_str_eq_cstr(name, skip[i])) return true;
    return false;
}

enum { PAIRS_ALL, PAIRS_CLASS };

/* [k, v] pairs of a dict (of a class: without bookkeeping names). */
static void encode_pairs(jbuf *b, sp_val d, int which)
{
    size_t pos = 0, n = 0;
    sp_val k, v;
    while (sp_dict_next(d, &pos, &k, &v) && n < MAX_ITEMS_PER_OBJECT) {
        if (which == PAIRS_CLASS && is_class_bookkeeping(k)) continue;
        jb_put(b, ",[", 2);
        encode_value(b, k);
        jb_put(b, ",", 1);
        encode_value(b, v);
        jb_put(b, "]", 1);
        n++;
    }
}

/* "f(a, b, *args, c, **kw)" from the code object's parameter names. */
static void encode_signature(jbuf *b, sp_val name, const sp_code *co)
{
    jbuf sig = {0};
    const sp_str *nm = (const sp_str *)name;
    jb_put(&sig, nm->data, nm->size);
    jb_put(&sig, "(", 1);
    const sp_tuple *vn = (const sp_tuple *)co->varnames;
    int npos = co->argcount, nkw = co->kwonlyargcount, at = 0;
    bool varargs = co->flags & SP_CO_VARARGS, varkw = co->flags & SP_CO_VARKEYWORDS;
    int total = npos + nkw + varargs + varkw;
    for (int i = 0; i < total && (size_t)i < vn->len; i++) {
        const sp_str *a = (const sp_str *)vn->items[i];
        if (at++) jb_put(&sig, ", ", 2);
        if (i == npos + nkw && varargs)
            jb_put(&sig, "*", 1);
        else if (i == npos + nkw + varargs && varkw)
            jb_put(&sig, "**", 2);
        jb_put(&sig, a->data, a->size);
    }
    jb_put(&sig, ")", 1);
    jb_json_str(b, sig.p ? sig.p : "", sig.len);
    free(sig.p);
}

static const char *type_name(sp_val v)
{
    return sp_typeof(v)->name;
}

/* One heap entry: "id": [TAG, ...]. */
static void encode_heap_object(jbuf *b, sp_val v)
{
    sp_type *t = v->type;
    if (t == &sp_type_list || (t->flags & SP_TF_LIST_SUB)) {
        const sp_list *l = (const sp_list *)v;
        jb_cstr(b, "[\"LIST\"");
        encode_items(b, l->items, l->len);
    } else if (t == &sp_type_tuple || (t->flags & SP_TF_TUPLE_SUB)) {
        const sp_tuple *tu = (const sp_tuple *)v;
        jb_cstr(b, "[\"TUPLE\"");
        encode_items(b, tu->items, tu->len);
    } else if (t == &sp_type_dict || (t->flags & SP_TF_DICT_SUB)) {
        jb_cstr(b, "[\"DICT\"");
        encode_pairs(b, v, PAIRS_ALL);
    } else if (t == &sp_type_set || t == &sp_type_frozenset) {
        /* sets keep their keys in a dict-like table; iterate via the generic
         * protocol would run code, so show only the kind and size */
        jb_cstr(b, "[\"SET\"");
    } else if (t == &sp_type_function) {
        const sp_function *fn = (const sp_function *)v;
        jb_cstr(b, "[\"FUNCTION\",");
        encode_signature(b, fn->name, (const sp_code *)fn->code);
        jb_cstr(b, ",null");
    } else if (t == &sp_type_type || (t->flags & SP_TF_TYPE_SUB)) {
        const sp_type *ct = (const sp_type *)v;
        jb_cstr(b, "[\"CLASS\",");
        jb_json_cstr(b, ct->name);
        jb_cstr(b, ",[");
        const sp_tuple *bases = (const sp_tuple *)ct->bases;
        int nb = 0;
        for (size_t i = 0; bases && i < bases->len; i++) {
            const sp_type *bt = (const sp_type *)bases->items[i];
            if (bt == &sp_type_object) continue;
            if (nb++) jb_put(b, ",", 1);
            jb_json_cstr(b, bt->name);
        }
        jb_put(b, "]", 1);
        if (ct->flags & SP_TF_HEAPTYPE) encode_pairs(b, ct->dict, PAIRS_CLASS);
    } else if (t == &sp_type_module) {
        jb_cstr(b, "[\"module\",");
        jb_json_strval(b, ((const sp_module *)v)->name);
    } else if ((t->flags & SP_TF_HEAPTYPE) && t->dict_offset) {
        sp_val d = *(sp_val *)((char *)v + t->dict_offset);
        jb_cstr(b, "[\"INSTANCE\",");
        jb_json_cstr(b, t->name);
        if (d) encode_pairs(b, d, PAIRS_ALL);
    } else {
        char tmp[160];
        snprintf(tmp, sizeof tmp, "<%s object>", type_name(v));
        jb_cstr(b, "[\"HEAP_PRIMITIVE\",");
        jb_json_cstr(b, type_name(v));
        jb_put(b, ",", 1);
        jb_json_cstr(b, tmp);
    }
    jb_put(b, "]", 1);
}

/* ---- frames ---- */

static uint32_t frame_id(sp_frame *f, bool fresh)
{
    for (size_t i = 0; i < T.nfr; i++)
        if (T.fr[i] == f) {
            if (fresh) T.fr_id[i] = ++T.next_frame_id;
            return T.fr_id[i];
        }
    if (T.nfr == T.capfr) {
        size_t cap = T.capfr ? T.capfr * 2 : 64;
        sp_frame **a = realloc(T.fr, cap * sizeof *a);
        if (a) T.fr = a;
        uint32_t *b = realloc(T.fr_id, cap * sizeof *b);
        if (b) T.fr_id = b;
        if (!a || !b) return 0;
        T.capfr = cap;
    }
    T.fr[T.nfr] = f;
    T.fr_id[T.nfr] = ++T.next_frame_id;
    return T.fr_id[T.nfr++];
}

static bool is_module_frame(const sp_frame *f)
{
    return (f->code->flags & SP_CO_MODULE) != 0;
}

static bool shows_frame(const sp_frame *f)
{
    return !is_module_frame(f) && is_user_code(f->code);
}

static sp_val cell_value(sp_val c)
{
    return c && !sp_is_small(c) && c->type == &sp_type_cell ? ((sp_cell *)c)->ref : c;
}

/* name -> value pairs of a frame's variables, in declaration order. */
typedef struct var {
    sp_val name, value;
} var;

static size_t frame_vars(const sp_frame *f, var *out, size_t max)
{
    const sp_code *co = f->code;
    size_t n = 0;
    if (f->locals_dict) { /* class body */
        size_t pos = 0;
        sp_val k, v;
        while (n < max && sp_dict_next(f->locals_dict, &pos, &k, &v))
            if (sp_str_check(k) && !is_dunder(k)) out[n++] = (var){k, v};
        return n;
    }
    const sp_tuple *vn = (const sp_tuple *)co->varnames;
    const sp_tuple *cv = (const sp_tuple *)co->cellvars;
    const sp_tuple *fv = (const sp_tuple *)co->freevars;
    for (int i = 0; i < co->nlocals && n < max; i++)
        if (f->slots[i] && (size_t)i < vn->len) out[n++] = (var){vn->items[i], f->slots[i]};
    for (int i = 0; i < co->ncells && n < max; i++) {
        sp_val v = cell_value(f->slots[co->nlocals + i]);
        if (v && cv && (size_t)i < cv->len) out[n++] = (var){cv->items[i], v};
    }
    for (int i = 0; i < co->nfree && n < max; i++) {
        sp_val v = cell_value(f->slots[co->nlocals + co->ncells + i]);
        if (v && fv && (size_t)i < fv->len) out[n++] = (var){fv->items[i], v};
    }
    /* a parameter that is also a cell appears twice: keep the first */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (sp_str_eq(out[i].name, out[j].name)) {
                memmove(out + j, out + j + 1, (n - j - 1) * sizeof *out);
                n--, j--;
            }
    return n;
}

#define MAX_VARS 256

static void encode_frame(jbuf *b, sp_frame *f, bool highlighted, const char *extra_name,
                         sp_val extra_value)
{
    var vars[MAX_VARS];
    size_t n = frame_vars(f, vars, MAX_VARS);
    uint32_t id = frame_id(f, false);
    const sp_str *name = (const sp_str *)f->code->name;
    jb_cstr(b, "{\"func_name\":");
    jb_json_strval(b, f->code->name);
    jb_cstr(b, ",\"is_parent\":false,\"frame_id\":");
    jb_fmt(b, "%lld", id);
    jb_cstr(b, ",\"parent_frame_id_list\":[],\"is_zombie\":false,\"is_highlighted\":");
    jb_cstr(b, highlighted ? "true" : "false");
    jb_cstr(b, ",\"unique_hash\":");
    char hash[300];
    snprintf(hash, sizeof hash, "%.*s_f%u", (int)(name->size > 200 ? 200 : name->size), name->data,
             id);
    jb_json_cstr(b, hash);
    jb_cstr(b, ",\"ordered_varnames\":[");
    for (size_t i = 0; i < n; i++) {
        if (i) jb_put(b, ",", 1);
        jb_json_strval(b, vars[i].name);
    }
    if (extra_name) {
        if (n) jb_put(b, ",", 1);
        jb_json_cstr(b, extra_name);
    }
    jb_cstr(b, "],\"encoded_locals\":{");
    for (size_t i = 0; i < n; i++) {
        if (i) jb_put(b, ",", 1);
        jb_json_strval(b, vars[i].name);
        jb_put(b, ":", 1);
        encode_value(b, vars[i].value);
    }
    if (extra_name) {
        if (n) jb_put(b, ",", 1);
        jb_json_cstr(b, extra_name);
        jb_put(b, ":", 1);
        encode_value(b, extra_value);
    }
    jb_cstr(b, "}}");
}

/* The user frames of the running chain, outermost first. */
static size_t user_frames(sp_frame *top, sp_frame **out, size_t max)
{
    size_t n = 0;
    for (sp_frame *f = top; f; f = f->back)
        if (n < max && shows_frame(f)) out[n++] = f;
    for (size_t i = 0; i < n / 2; i++) {
        sp_frame *t = out[i];
        out[i] = out[n - 1 - i];
        out[n - 1 - i] = t;
    }
    return n;
}

static sp_val find_module_globals(sp_frame *top)
{
    for (sp_frame *f = top; f; f = f->back)
        if (is_module_frame(f) && is_user_code(f->code)) return T.module_globals = f->globals;
    return T.module_globals;
}

static void encode_globals(jbuf *b, sp_val g)
{
    /* names in definition order (dict order), without dunders and modules */
    jbuf order = {0};
    jb_cstr(b, "\"globals\":{");
    jb_put(&order, "[", 1);
    size_t pos = 0, n = 0;
    sp_val k, v;
    while (g && sp_dict_next(g, &pos, &k, &v)) {
        if (!sp_str_check(k) || is_dunder(k) || (!sp_is_small(v) && v->type == &sp_type_module))
            continue;
        if (n++) {
            jb_put(b, ",", 1);
            jb_put(&order, ",", 1);
        }
        jb_json_strval(b, k);
        jb_put(b, ":", 1);
        encode_value(b, v);
        jb_json_strval(&order, k);
    }
    jb_put(&order, "]", 1);
    jb_cstr(b, "},\"ordered_globals\":");
    jb_put(b, order.p ? order.p : "[]", order.p ? order.len : 2);
    free(order.p);
}

/* The short message Python Tutor shows: "Type: text" (args[0] when a str). */
static void exception_message(sp_val exc, char *out, size_t n)
{
    if (!exc || sp_is_small(exc)) {
        snprintf(out, n, "unknown exception");
        return;
    }
    const char *tn = exc->type->name;
    const sp_exc *e = (const sp_exc *)exc;
    const sp_tuple *args = (const sp_tuple *)e->args;
    bool key_error = sp_isinstance(exc, &sp_exc_KeyError); /* str() is the key's repr */
    if (args && args->len == 1 && sp_str_check(args->items[0]))
        snprintf(out, n, key_error ? "%s: '%s'" : "%s: %s", tn, sp_str_cstr(args->items[0]));
    else if (args && args->len == 1 && sp_is_small(args->items[0]))
        snprintf(out, n, "%s: %lld", tn, (long long)sp_small_value(args->items[0]));
    else
        snprintf(out, n, "%s", tn);
}

/* Encode one full entry and hand it to the tracer. Returns false when the
 * tracer refused it (step limit). */
static bool emit(const char *event, sp_frame *top, int line, const char *extra_name,
                 sp_val extra_value, const char *exc_msg)
{
    if (T.stopped && strcmp(event, "instruction_limit_reached") != 0) return false;
    jbuf *b = &T.out;
    b->len = 0;
    b->oom = false;
    T.snapshot++;
    T.nwork = 0;
    sp_frame *frames[512];
    size_t nf = top ? user_frames(top, frames, 512) : 0;
    sp_frame *cur = nf ? frames[nf - 1] : NULL;
    jb_cstr(b, "{\"event\":");
    jb_json_cstr(b, event);
    jb_cstr(b, ",\"line\":");
    jb_fmt(b, "%lld", line);
    jb_cstr(b, ",\"func_name\":");
    if (cur)
        jb_json_strval(b, cur->code->name);
    else
        jb_json_cstr(b, "<module>");
    jb_put(b, ",", 1);
    encode_globals(b, top ? find_module_globals(top) : T.module_globals);
    jb_cstr(b, ",\"stack_to_render\":[");
    for (size_t i = 0; i < nf; i++) {
        if (i) jb_put(b, ",", 1);
        bool last = i + 1 == nf;
        encode_frame(b, frames[i], last, last ? extra_name : NULL, extra_value);
    }
    jb_cstr(b, "],\"heap\":{");
    /* the worklist grows while we encode: entries reference further objects */
    for (size_t i = 0; i < T.nwork; i++) {
        long s = ids_slot(T.work[i]);
        if (i) jb_put(b, ",", 1);
        jb_fmt(b, "\"%lld\":", s >= 0 ? T.ids.ids[s] : 0);
        encode_heap_object(b, T.work[i]);
    }
    jb_cstr(b, "},\"stdout\":");
    jb_json_str(b, T.stdout_text ? T.stdout_text : "", T.stdout_len);
    if (exc_msg) {
        jb_cstr(b, ",\"exception_msg\":");
        jb_json_cstr(b, exc_msg);
    }
    jb_put(b, "}", 1);
    if (b->oom) return true; /* a lost step is better than a failed run */
    const sp_tracer *tr = sp_st.opts->tracer;
    int refusal = tr->on_step(tr->ctx, b->p, b->len);
    if (refusal != 0) {
        if (!T.stopped) T.refusal = refusal;
        T.stopped = true;
        return false;
    }
    T.steps++;
    return true;
}

/* The line of instruction ip; instructions without one (some implicit returns)
 * report the frame's current line, as CPython's f_lineno does. */
static int line_at(const sp_frame *f, const sp_instr *ip)
{
    int line = sp_code_line(f->code, (size_t)(ip - f->code->code));
    if (line > 0) return line;
    return f->last_line > 0 ? f->last_line : f->code->firstlineno;
}

/* ---- the hooks ---- */

bool sp_trace_start(void)
{
    sp_trace_stop();
    sp_trace_active = sp_st.opts && sp_st.opts->tracer && sp_st.opts->tracer->on_step;
    if (sp_trace_active) sp_io_stdout_tap = stdout_tap;
    return sp_trace_active;
}

void sp_trace_stop(void)
{
    /* T is filled only while a tracer runs: a run without one (the usual case)
     * writes nothing here (its pages stay shared with the fork server) */
    if (!sp_trace_active) {
        if (sp_io_stdout_tap) sp_io_stdout_tap = NULL;
        return;
    }
    free(T.ids.keys), free(T.ids.ids), free(T.ids.seen);
    free(T.fr), free(T.fr_id), free(T.stdout_text), free(T.out.p), free(T.heap.p), free(T.work);
    memset(&T, 0, sizeof T);
    sp_trace_active = false;
    sp_io_stdout_tap = NULL;
}

bool sp_trace_tick(sp_frame *f, sp_instr *ip)
{
    if (!is_user_code(f->code)) return !T.stopped;
    /* An unconditional jump only moves control: its target reports the line
     * (our compiler gives a loop's jump back the loop header's line, CPython
     * 3.11 the body's; skipping it yields the same events either way). */
    if (ip->op == SP_JUMP && f->last_line != 0) return !T.stopped;
    int line = sp_code_line(f->code, (size_t)(ip - f->code->code));
    bool fresh = f->last_line == 0;
    bool resumed = !fresh && f != T.last_frame && f != T.returned_to && f->gen;
    bool ok = true;
    if (line > 0 && (fresh || resumed)) {
        if (is_module_frame(f)) {
            ok = emit("step_line", f, line, NULL, NULL, NULL);
        } else {
            /* like CPython's call event: at the def line for a fresh frame, then
             * the first body line as a step of its own */
            frame_id(f, fresh);
            ok = emit("call", f, fresh ? f->code->firstlineno : line, NULL, NULL, NULL);
            if (ok && fresh) ok = emit("step_line", f, line, NULL, NULL, NULL);
        }
    } else if (line > 0 &&
               (line != f->last_line || (f == T.last_frame && T.last_ip && ip <= T.last_ip))) {
        /* a new line, or a backward jump (each turn of a one-line loop), as
         * CPython's line events */
        ok = emit("step_line", f, line, NULL, NULL, NULL);
    }
    if (line > 0 && !sp_vm_line_profile)
        f->last_line = line; /* else profile_tick keeps it, right after us */
    T.last_frame = f;
    T.last_ip = ip;
    T.returned_to = NULL;
    return ok;
}

void sp_trace_return(sp_frame *f, sp_instr *ip, sp_val value)
{
    T.returned_to = f->back;
    if (!is_user_code(f->code)) return;
    if (is_module_frame(f)) /* the last entry: final globals and stdout */
        emit("return", f, line_at(f, ip - 1), NULL, NULL, NULL);
    else
        emit("return", f, line_at(f, ip - 1), "__return__", value ? value : sp_None, NULL);
    T.last_frame = f->back;
    T.last_ip = NULL;
}

/* Does f have a try block (except or finally) that will see the exception? */
static bool has_handler(const sp_frame *f)
{
    for (int i = 0; i < f->nblocks; i++)
        if (f->blocks[i].type == SP_BLOCK_FINALLY) return true;
    return false;
}

void sp_trace_exception(sp_frame *f, sp_instr *ip)
{
    if (!is_user_code(f->code)) return;
    sp_val exc = sp_st.exc;
    if (exc && !sp_is_small(exc) && sp_isinstance(exc, &sp_exc_SystemExit)) return;
    char msg[600];
    exception_message(exc, msg, sizeof msg);
    int line = line_at(f, ip > f->code->code ? ip - 1 : ip);
    emit("exception", f, line, "__exception__", exc, msg);
    T.last_frame = f;
    T.last_ip = NULL;
    if (has_handler(f)) return;
    /* the frame is left: CPython reports a return (of None) here too */
    T.returned_to = f->back;
    if (is_module_frame(f)) {
        emit("return", f, line, NULL, NULL, NULL);
        /* leaving the program's own module frame: uncaught (said now: a
         * pre-initialised run child exits without a VM shutdown) */
        if (f->entry) emit("uncaught_exception", f, line, NULL, NULL, msg);
    } else {
        emit("return", f, line, "__return__", sp_None, NULL);
    }
}

const char *sp_trace_stop_reason(void)
{
    return T.refusal == SP_TRACE_FULL_SIZE ? "trace size limit reached" : "step limit reached";
}

void sp_trace_limit_reached(sp_frame *f, const char *msg)
{
    char text[160];
    snprintf(text, sizeof text, "Stopped after %u steps: %s", T.steps, msg);
    T.stopped = true;
    emit("instruction_limit_reached", f, f ? line_at(f, f->ip) : 0, NULL, NULL, text);
}
