/*
 * interp.c — the pipeline: sp_run() and sp_analyze(), and the uncaught-exception
 * report.
 *
 * Design overview
 * ---------------
 * sp_run() owns one interpreter lifetime: it starts a heap (sp_gc_init), readies
 * every module in dependency order, then runs the stages load -> tokenize+parse ->
 * compile -> execute, timing each with CLOCK_MONOTONIC, and finally fills the
 * result and drops the heap. Nothing survives a run except the caller's result.
 * sp_prepare() moves the run-independent start-up (types, builtins, streams) before
 * the fork: a child's sp_run then starts from that inherited heap (see below).
 *
 * The traceback printer reproduces CPython 3.11's format byte for byte: frames
 * outermost first, the stripped source line, the caret line (with `~` / `^` anchors
 * for binary operators and subscripts, computed by re-parsing the highlighted
 * segment like CPython's extract_anchors_from_line), recursion collapsing after
 * three identical lines, and chained exceptions.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "builtins.h"
#include "compile.h"
#include "gc.h"
#include "io.h"
#include "lexer.h"
#include "mod_sys.h"
#include "obj_dict.h"
#include "obj_int.h"
#include "obj_str.h"
#include "obj_type.h"
#include "parser.h"
#include "sandpiper.h"
#include "vm.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void sp_run_options_init(sp_run_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->filename = "<string>";
    opts->fd_stdin = 0;
    opts->fd_stdout = 1;
    opts->fd_stderr = 2;
    opts->limits.recursion_limit = 1000;
}

const char *sp_status_name(sp_status status)
{
    switch (status) {
    case SP_STATUS_EXITED:
        return "exited";
    case SP_STATUS_EXCEPTION:
        return "exception";
    case SP_STATUS_SYNTAX_ERROR:
        return "syntax_error";
    case SP_STATUS_MEMORY_EXCEEDED:
        return "memory_exceeded";
    case SP_STATUS_INSTRUCTIONS_EXCEEDED:
        return "instructions_exceeded";
    case SP_STATUS_INTERNAL_ERROR:
        return "internal_error";
    }
    return "unknown";
}

void sp_result_free(sp_result *result)
{
    if (!result) return;
    sp_sys_free(result->lines); /* the run scratch's, or malloc's */
    result->lines = NULL;
    result->nlines = 0;
}

/* ---- raw output (report text goes through io.c's stderr stream) ------------------------ */

typedef struct out {
    sp_buf b;
} out;

static void o_str(out *o, const char *s)
{
    sp_buf_append_cstr(&o->b, s);
}

static void o_mem(out *o, const char *s, size_t n)
{
    sp_buf_append(&o->b, s, n);
}

static void o_fmt(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void o_fmt(out *o, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) o_mem(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return;
        }
        p += w;
        n -= (size_t)w;
    }
}

/* ---- source lines ---------------------------------------------------------------------- */

/* Line `lineno` (1-based) of the run's source without its newline; false if absent.
 * The source is read through sp_st.opts (the running sp_run's options, NULL outside a
 * run), not kept in statics of its own: in a forked run each static page written is
 * a copy-on-write fault, and sp_st's page is written anyway. */
static bool source_line(sp_val filename, int lineno, const char **start, size_t *len)
{
    const sp_run_options *o = sp_st.opts;
    if (!o || !o->source || lineno <= 0 || !filename ||
        !sp_str_eq_cstr(filename, o->filename ? o->filename : "<string>"))
        return false;
    const char *p = o->source, *end = o->source + o->source_len;
    for (int l = 1; l < lineno; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return false;
        p = nl + 1;
    }
    if (p >= end && lineno > 1) return false;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n > 0 && p[n - 1] == '\r') n--;
    *start = p;
    *len = n;
    return true;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\f';
}

/* characters (code points) in the first `bytes` bytes of s */
static long char_offset(const char *s, size_t slen, long bytes)
{
    if (bytes < 0) return -1;
    if ((size_t)bytes > slen) bytes = (long)slen;
    long n = 0;
    for (long i = 0; i < bytes; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    return n;
}

/* Byte offset of character index `chars` in s. */
static size_t byte_of_char(const char *s, size_t slen, long chars)
{
    size_t i = 0;
    long n = 0;
    while (i < slen && n < chars) {
        i++;
        while (i < slen && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        n++;
    }
    return i;
}

/* CPython 3.11's extract_anchors_from_line: parse the highlighted segment; for a
 * binary operation anchor on the operator, for a subscript on the brackets. */
static bool extract_anchors(const char *line, size_t linelen, long start, long end, long *left,
                            long *right, const char **primary, const char **secondary)
{
    size_t bs = byte_of_char(line, linelen, start), be = byte_of_char(line, linelen, end);
    if (be <= bs) return false;
    size_t seglen = be - bs;
    const char *seg = line + bs;
    sp_arena *arena = sp_arena_new();
    if (!arena) return false;
    sp_syntax_error err;
    memset(&err, 0, sizeof err);
    sp_val saved = sp_st.exc;
    sp_st.exc = NULL;
    sp_ast_mod *m = sp_parse(arena, seg, seglen, "<string>", SP_PARSE_FILE, &err, NULL, NULL);
    sp_st.exc = saved;
    bool found = false;
    if (m && m->body.len == 1 && m->body.items[0]->kind == SP_AST_Expr) {
        const sp_ast_expr *e = m->body.items[0]->v.Expr.value;
        if (e->kind == SP_AST_BinOp) {
            const sp_ast_expr *l = e->v.BinOp.left, *r = e->v.BinOp.right;
            for (int i = l->end_col_offset; i < r->col_offset && (size_t)i < seglen; i++) {
                if (is_ws(seg[i])) continue;
                *left = i;
                *right = i + 1;
                if (i + 1 < r->col_offset && !is_ws(seg[i + 1])) ++*right;
                if (i + 1 < r->col_offset && seg[i] == ')') continue;
                *primary = "~";
                *secondary = "^";
                break;
            }
            found = true;
        } else if (e->kind == SP_AST_Subscript) {
            long la = e->v.Subscript.value->end_col_offset;
            long ra = e->v.Subscript.slice->end_col_offset + 1;
            long n = (long)seglen;
            while (la < n && (is_ws(seg[la]) || seg[la] != '['))
                la++;
            while (ra < n && (is_ws(seg[ra]) || seg[ra] != ']'))
                ra++;
            if (ra < n) ra++;
            *left = la;
            *right = ra;
            *primary = "~";
            *secondary = "^";
            found = true;
        }
        if (found) {
            *left = char_offset(seg, seglen, *left) + start;
            *right = char_offset(seg, seglen, *right) + start;
        }
    }
    sp_arena_free(arena);
    return found;
}

static void print_frame_line(out *o, sp_val tb)
{
    sp_traceback *t = (sp_traceback *)tb;
    sp_code *co = (sp_code *)t->code;
    o_fmt(o, "  File \"%s\", line %d, in %s\n", sp_str_cstr(co->filename), t->line,
          sp_str_cstr(co->name));
    const char *line;
    size_t len;
    if (!source_line(co->filename, t->line, &line, &len)) return;
    size_t lead = 0;
    while (lead < len && is_ws(line[lead]))
        lead++;
    if (lead == len) return;
    o_str(o, "    ");
    o_mem(o, line + lead, len - lead);
    o_str(o, "\n");
    long instr = sp_vm_traceback_instr(tb);
    if (instr < 0 || (size_t)instr >= co->ncode) return;
    sp_srcpos p = co->pos[instr];
    if (p.line != t->line || p.col < 0 || p.end_col < 0 || p.end_line < p.line) return;
    long start = char_offset(line, len, p.col);
    long end;
    long left = -1, right = -1;
    const char *primary = "^", *secondary = "^";
    if (p.end_line == p.line) {
        end = char_offset(line, len, p.end_col);
        extract_anchors(line, len, start, end, &left, &right, &primary, &secondary);
    } else {
        long i = (long)len;
        while (--i >= 0)
            if (!is_ws(line[i])) break;
        end = char_offset(line, len, i + 1);
    }
    long leadc = char_offset(line, len, (long)lead);
    long stripped = char_offset(line, len, (long)len) - leadc;
    bool secondary_ranges = left != -1 || right != -1;
    if (end - start == stripped && !secondary_ranges) return;
    long offset = leadc - 4;
    while (++offset <= end) {
        if (offset <= start)
            o_str(o, " ");
        else if (secondary_ranges && left < offset && offset <= right)
            o_str(o, secondary);
        else
            o_str(o, primary);
    }
    o_str(o, "\n");
}

static void print_tb(out *o, sp_val tb)
{
    long depth = 0, limit = 1000;
    for (sp_val t = tb; t; t = ((sp_traceback *)t)->next)
        depth++;
    while (tb && depth > limit) {
        depth--;
        tb = ((sp_traceback *)tb)->next;
    }
    sp_val last_file = NULL, last_name = NULL;
    int last_line = -1;
    long cnt = 0;
    for (; tb; tb = ((sp_traceback *)tb)->next) {
        sp_traceback *t = (sp_traceback *)tb;
        sp_code *co = (sp_code *)t->code;
        if (!last_file || co->filename != last_file || last_line == -1 || t->line != last_line ||
            !last_name || !sp_str_eq(co->name, last_name)) {
            if (cnt > 3) {
                cnt -= 3;
                o_fmt(o, "  [Previous line repeated %ld more time%s]\n", cnt, cnt > 1 ? "s" : "");
            }
            last_file = co->filename;
            last_line = t->line;
            last_name = co->name;
            cnt = 0;
        }
        cnt++;
        if (cnt <= 3) print_frame_line(o, tb);
    }
    if (cnt > 3) {
        cnt -= 3;
        o_fmt(o, "  [Previous line repeated %ld more time%s]\n", cnt, cnt > 1 ? "s" : "");
    }
}

/* ---- "Did you mean" (CPython 3.11's suggestions.c) ---- */

#define MAX_CANDIDATE_ITEMS 750
#define MAX_STRING_SIZE 40
#define MOVE_COST 2
#define CASE_COST 1
#define LEAST_FIVE_BITS(n) ((n)&31)

static int substitution_cost(char a, char b)
{
    if (LEAST_FIVE_BITS(a) != LEAST_FIVE_BITS(b)) return MOVE_COST;
    if (a == b) return 0;
    if ('A' <= a && a <= 'Z') a += ('a' - 'A');
    if ('A' <= b && b <= 'Z') b += ('a' - 'A');
    if (a == b) return CASE_COST;
    return MOVE_COST;
}

static size_t levenshtein(const char *a, size_t a_size, const char *b, size_t b_size,
                          size_t max_cost)
{
    size_t buffer[MAX_STRING_SIZE];
    if (a == b) return 0;
    while (a_size && b_size && a[0] == b[0]) {
        a++;
        a_size--;
        b++;
        b_size--;
    }
    while (a_size && b_size && a[a_size - 1] == b[b_size - 1]) {
        a_size--;
        b_size--;
    }
    if (a_size == 0 || b_size == 0) return (a_size + b_size) * MOVE_COST;
    if (a_size > MAX_STRING_SIZE || b_size > MAX_STRING_SIZE) return max_cost + 1;
    if (b_size < a_size) {
        const char *t = a;
        a = b;
        b = t;
        size_t ts = a_size;
        a_size = b_size;
        b_size = ts;
    }
    if ((b_size - a_size) * MOVE_COST > max_cost) return max_cost + 1;
    size_t tmp = MOVE_COST;
    for (size_t i = 0; i < a_size; i++) {
        buffer[i] = tmp;
        tmp += MOVE_COST;
    }
    size_t result = 0;
    for (size_t bi = 0; bi < b_size; bi++) {
        char code = b[bi];
        size_t distance = result = bi * MOVE_COST;
        size_t minimum = SIZE_MAX;
        for (size_t index = 0; index < a_size; index++) {
            size_t substitute = distance + (size_t)substitution_cost(code, a[index]);
            distance = buffer[index];
            size_t insert_delete = (result < distance ? result : distance) + MOVE_COST;
            result = insert_delete < substitute ? insert_delete : substitute;
            buffer[index] = result;
            if (result < minimum) minimum = result;
        }
        if (minimum > max_cost) return max_cost + 1;
    }
    return result;
}

/* Best candidate of `dir` (a list of str) for `name`, or NULL. */
static sp_val calculate_suggestion(sp_val dir, sp_val name)
{
    if (!dir || sp_typeof(dir) != &sp_type_list) return NULL;
    sp_list *l = (sp_list *)dir;
    if (l->len >= MAX_CANDIDATE_ITEMS) return NULL;
    size_t best_distance = SIZE_MAX;
    sp_val best = NULL;
    const char *ns = sp_str_cstr(name);
    size_t nsize = ((sp_str *)name)->size;
    for (size_t i = 0; i < l->len; i++) {
        sp_val item = l->items[i];
        if (!sp_str_check(item)) continue;
        const char *is = sp_str_cstr(item);
        size_t isize = ((sp_str *)item)->size;
        if (sp_str_eq(item, name)) continue;
        size_t max_distance = (nsize + isize + 3) * MOVE_COST / 6;
        if (best_distance - 1 < max_distance) max_distance = best_distance - 1;
        size_t d = levenshtein(ns, nsize, is, isize, max_distance);
        if (d > max_distance) continue;
        if (!best || d < best_distance) {
            best = item;
            best_distance = d;
        }
    }
    return best;
}

static sp_val dict_keys_list(sp_val d)
{
    if (!d || sp_typeof(d) != &sp_type_dict) return NULL;
    sp_val l = sp_list_new(((sp_dict *)d)->len);
    if (!l) return NULL;
    size_t pos = 0;
    sp_val k, v;
    while (sp_dict_next(d, &pos, &k, &v))
        sp_list_append(l, k);
    return l;
}

static sp_val offer_suggestion(sp_val exc)
{
    sp_type *t = sp_typeof(exc);
    if (t != &sp_exc_AttributeError && t != &sp_exc_NameError) return NULL;
    sp_val name = sp_getattr_opt(exc, sp_str_intern("name"));
    if (!name || !sp_str_check(name)) {
        sp_err_clear();
        return NULL;
    }
    sp_val r = NULL;
    if (t == &sp_exc_AttributeError) {
        sp_val obj = sp_getattr_opt(exc, sp_str_intern("obj"));
        sp_val dirfn = obj ? sp_dict_get_cstr(sp_st.builtins, "dir") : NULL;
        sp_val dir = dirfn ? sp_call1(dirfn, obj) : NULL;
        r = calculate_suggestion(dir, name);
    } else {
        r = calculate_suggestion(sp_vm_name_error_scope(exc, 0), name);
        if (!r) r = calculate_suggestion(dict_keys_list(sp_vm_name_error_scope(exc, 1)), name);
        if (!r) r = calculate_suggestion(dict_keys_list(sp_vm_name_error_scope(exc, 2)), name);
    }
    sp_err_clear();
    return r;
}

static void print_exception_line(out *o, sp_val exc)
{
    sp_type *t = sp_typeof(exc);
    sp_val mod = t->module_name;
    if (mod && sp_str_check(mod) && !sp_str_eq_cstr(mod, "builtins") &&
        !sp_str_eq_cstr(mod, "__main__")) {
        sp_buf_append_val_str(&o->b, mod);
        o_str(o, ".");
    }
    if (t->qualname && sp_str_check(t->qualname))
        sp_buf_append_val_str(&o->b, t->qualname);
    else
        o_str(o, t->name);
    sp_val s = sp_exc_str(exc);
    if (!s) {
        sp_err_clear();
        o_str(o, ": <exception str() failed>");
    } else if (sp_str_check(s) && ((sp_str *)s)->size > 0) {
        o_str(o, ": ");
        sp_buf_append_val_str(&o->b, s);
    }
    sp_val suggestion = offer_suggestion(exc);
    if (suggestion) {
        o_str(o, ". Did you mean: '");
        sp_buf_append_val_str(&o->b, suggestion);
        o_str(o, "'?");
    }
    o_str(o, "\n");
}

static void print_syntax_error_exc(out *o, sp_val exc)
{
    /* SyntaxError raised at run time (compile(), exec()): CPython's layout */
    sp_val fn = sp_getattr_cstr(exc, "filename");
    sp_val ln = fn ? sp_getattr_cstr(exc, "lineno") : NULL;
    sp_val text = ln ? sp_getattr_cstr(exc, "text") : NULL;
    sp_val off = text ? sp_getattr_cstr(exc, "offset") : NULL;
    sp_val msg = off ? sp_getattr_cstr(exc, "msg") : NULL;
    if (!msg) {
        sp_err_clear();
        print_exception_line(o, exc);
        return;
    }
    if (fn != sp_None && ln != sp_None) {
        sp_val fs = sp_str_of(fn), ls = sp_str_of(ln);
        if (fs && ls) o_fmt(o, "  File \"%s\", line %s\n", sp_str_cstr(fs), sp_str_cstr(ls));
    }
    if (text != sp_None && sp_str_check(text)) {
        const char *s = sp_str_cstr(text);
        size_t n = strlen(s);
        size_t lead = 0;
        while (lead < n && (s[lead] == ' ' || s[lead] == '\t' || s[lead] == '\f'))
            lead++;
        while (n > lead && (s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        o_str(o, "    ");
        o_mem(o, s + lead, n - lead);
        o_str(o, "\n");
        if (sp_is_small(off)) {
            long col = sp_small_value(off) - 1 - (long)char_offset(s, strlen(s), (long)lead);
            sp_val eoff = sp_getattr_cstr(exc, "end_offset");
            long width = 1;
            if (eoff && sp_is_small(eoff) && sp_small_value(eoff) > sp_small_value(off))
                width = sp_small_value(eoff) - sp_small_value(off);
            sp_err_clear();
            if (col >= 0) {
                o_str(o, "    ");
                for (long i = 0; i < col; i++)
                    o_str(o, " ");
                for (long i = 0; i < width; i++)
                    o_str(o, "^");
                o_str(o, "\n");
            }
        }
    }
    sp_type *t = sp_typeof(exc);
    o_str(o, t->name);
    sp_val ms = sp_str_of(msg);
    if (ms && ((sp_str *)ms)->size) {
        o_str(o, ": ");
        sp_buf_append_val_str(&o->b, ms);
    }
    sp_err_clear();
    o_str(o, "\n");
}

static void print_one(out *o, sp_val exc)
{
    sp_exc *e = (sp_exc *)exc;
    if (e->traceback) {
        o_str(o, "Traceback (most recent call last):\n");
        print_tb(o, e->traceback);
    }
    if (sp_isinstance(exc, &sp_exc_SyntaxError))
        print_syntax_error_exc(o, exc);
    else
        print_exception_line(o, exc);
}

static void print_chain(out *o, sp_val exc, int depth)
{
    sp_exc *e = (sp_exc *)exc;
    if (depth < 100) {
        if (e->cause && sp_isinstance(e->cause, &sp_exc_BaseException)) {
            print_chain(o, e->cause, depth + 1);
            o_str(o, "\nThe above exception was the direct cause of the following exception:\n\n");
        } else if (e->context && !e->suppress_context &&
                   sp_isinstance(e->context, &sp_exc_BaseException)) {
            print_chain(o, e->context, depth + 1);
            o_str(o, "\nDuring handling of the above exception, another exception occurred:\n\n");
        }
    }
    print_one(o, exc);
}

/* Print the report of an uncaught exception to the run's stderr. */
static void report_exception(sp_val exc)
{
    out o;
    sp_buf_init(&o.b);
    print_chain(&o, exc, 0);
    sp_io_flush(1);
    sp_io_write(2, o.b.data ? o.b.data : "", o.b.len);
    sp_io_flush(2);
    sp_buf_free(&o.b);
}

/* ---- compile hooks used by builtins (compile/exec/eval) ----------------------------------------
 */

static sp_parse_mode parse_mode_of(int mode)
{
    return mode == SP_COMPILE_EVAL     ? SP_PARSE_EVAL
           : mode == SP_COMPILE_SINGLE ? SP_PARSE_SINGLE
                                       : SP_PARSE_FILE;
}

static sp_code *compile_source(const char *src, size_t len, const char *filename,
                               sp_parse_mode mode, bool dynamic_locals, sp_syntax_error *err,
                               sp_stats *stats, uint64_t *ns_parse, uint64_t *ns_compile)
{
    sp_arena *arena = sp_arena_new();
    if (!arena) return NULL;
    uint64_t t0 = now_ns();
    uint64_t ntok = 0, nnodes = 0;
    sp_ast_mod *m = sp_parse(arena, src, len, filename, mode, err, &ntok, &nnodes);
    uint64_t t1 = now_ns();
    if (stats) {
        stats->tokens += ntok;
        stats->ast_nodes += nnodes;
    }
    if (ns_parse) *ns_parse = t1 - t0;
    if (!m) {
        sp_arena_free(arena);
        return NULL;
    }
    sp_compile_stats cs = {0, 0};
    sp_code *co = sp_compile(m, filename, src, len, mode, dynamic_locals, err, &cs);
    if (ns_compile) *ns_compile = now_ns() - t1;
    if (stats) {
        stats->code_objects += cs.code_objects;
        stats->bytecode_instructions += cs.instructions;
    }
    sp_arena_free(arena);
    return co;
}

sp_val sp_vm_compile(const char *src, size_t len, const char *filename, int mode)
{
    sp_syntax_error err;
    memset(&err, 0, sizeof err);
    sp_code *co =
        compile_source(src, len, filename, parse_mode_of(mode), true, &err, NULL, NULL, NULL);
    if (co) return (sp_val)co;
    if (sp_err_occurred()) return NULL;
    return sp_raise_syntax_error(&err, filename, src, len, mode);
}

sp_val sp_vm_exec_source(const char *src, size_t len, int mode, sp_val globals, sp_val locals)
{
    sp_val co = sp_vm_compile(src, len, "<string>", mode);
    if (!co) return NULL;
    return sp_vm_run_code(co, globals, locals);
}

/* ---- sp_run ------------------------------------------------------------------------------- */

static void copy_str(char *dst, size_t size, const char *s)
{
    if (!s) s = "";
    size_t n = strlen(s);
    if (n >= size) n = size - 1;
    memcpy(dst, s, n);
    dst[n] = 0;
}

static void exc_type_name(sp_val exc, char *dst, size_t size)
{
    sp_type *t = sp_typeof(exc);
    copy_str(dst, size, t->name);
}

static void fill_exception(sp_result *r, sp_val exc)
{
    exc_type_name(exc, r->exc_type, sizeof r->exc_type);
    sp_val s = sp_exc_str(exc);
    if (s && sp_str_check(s))
        copy_str(r->exc_message, sizeof r->exc_message, sp_str_cstr(s));
    else
        sp_err_clear();
    int line = 0;
    for (sp_val tb = ((sp_exc *)exc)->traceback; tb; tb = ((sp_traceback *)tb)->next)
        line = ((sp_traceback *)tb)->line;
    r->exc_line = line;
}

/* SystemExit: returns the exit code, printing a non-int code to stderr. */
static int system_exit_code(sp_val exc)
{
    sp_val code = sp_exc_system_exit_code(exc);
    if (!code || code == sp_None) return 0;
    if (sp_int_check(code)) {
        int64_t v;
        if (sp_int_to_i64(code, &v) < 0) {
            sp_err_clear();
            return -1;
        }
        return (int)v;
    }
    sp_val s = sp_str_of(code);
    if (s) {
        sp_io_flush(1);
        sp_io_write_str(2, s);
        sp_io_write(2, "\n", 1);
        sp_io_flush(2);
    } else {
        sp_err_clear();
    }
    return 1;
}

/* The per-run part of the interpreter state: descriptors, limits, counters. */
static void set_run_state(const sp_run_options *opts, sp_stats *stats)
{
    sp_st.exc = NULL;
    sp_st.handled_exc = NULL;
    sp_st.depth = 0;
    sp_st.recursion_limit = opts->limits.recursion_limit > 0 ? opts->limits.recursion_limit : 1000;
    sp_st.fd_in = opts->fd_stdin;
    sp_st.fd_out = opts->fd_stdout;
    sp_st.fd_err = opts->fd_stderr;
    sp_st.instr_budget = opts->limits.instructions;
    sp_st.stats = stats;
    sp_st.opts = opts;
    sp_st.memory_exceeded = false;
    sp_st.instr_exceeded = false;
}

/* Everything that does not depend on the run: types, builtins, the std streams
 * (bound to the descriptors in sp_st). sys (argv, recursion limit) is per run. */
static int init_modules(void)
{
    if (sp_containers_init() < 0 || sp_runtime_init() < 0 || sp_numbers_init() < 0 ||
        sp_vm_init() < 0)
        return -1;
    if (sp_io_init() < 0 || sp_builtins_init() < 0) return -1;
    return 0;
}

static int init_all(const sp_run_options *opts, sp_stats *stats)
{
    set_run_state(opts, stats);
    if (init_modules() < 0 || sp_sys_init() < 0) return -1;
    return 0;
}

/* ---- sp_prepare: a warm heap for forked runs ---------------------------------------------
 *
 * The fork server calls sp_prepare() once; every child it forks inherits the
 * initialised heap copy-on-write, and its sp_run() only sets the per-run state and
 * rebinds sys.argv. The preparation is for exactly one run per process (each child uses
 * it once): the flag sp_gc_prepared() is cleared by the run that consumes it, and that
 * run leaves the heap in place at the end (the child exits; tearing the heap down
 * would only copy every inherited page to finalize it). A later sp_run in the same process
 * starts from scratch: sp_gc_init drops the old heap first.
 *
 * Invariants:
 *   1. sp_gc_prepared() => the heap holds exactly what init_all() builds for a run with
 *      the default options: streams on descriptors 0, 1, 2 and sys.argv ['<string>']
 *      (the run rebinds sys.argv / sys.orig_argv, see rebind_argv; the rest of sys
 *      reads the per-run state from sp_st when asked);
 *   2. sp_gc_prepared() => no bytecode has run (the instruction counter is 0).
 */

/* The top of the calling function's frame, as the conservative scan's stack base.
 * Not the address of a local: the compiler may place other locals (holding the
 * module, the code object...) above it, and the scan would miss them (it did at
 * -O3). A macro, so that the frame is the caller's. */
#define STACK_BASE_OF_THIS_FRAME() ((void *)__builtin_frame_address(0))

void sp_gc_begin_prepared_run(uint64_t memory_budget, void *stack_base); /* gc.c */

/* Static types build their dicts on first use (obj_type.c). Those of the types most
 * programs call methods of are built here, once per fork server, rather than in every
 * run child (where it would cost the instructions and copy-on-write faults again). */
static sp_type *const hot_types[] = {
    &sp_type_object, &sp_type_type, &sp_type_str, &sp_type_list, &sp_type_dict,
};

int sp_prepare(void)
{
    if (sp_gc_prepared()) return 0;
    if (sp_gc_init(0, STACK_BASE_OF_THIS_FRAME()) < 0) return -ENOMEM;
    sp_run_options defaults;
    sp_run_options_init(&defaults);
    set_run_state(&defaults, NULL);
    if (init_modules() < 0 || sp_sys_init() < 0 || sp_vm_instructions() != 0 ||
        sp_type_materialize_dicts(hot_types, sizeof hot_types / sizeof hot_types[0]) < 0) {
        sp_vm_shutdown();
        sp_gc_shutdown();
        return -ENOMEM;
    }
    sp_st.opts = NULL;
    sp_gc_prepare_for_fork();
    sp_gc_begin_prepared_run(0, NULL); /* our frame is gone after return */
    sp_gc_set_prepared(true);
    return 0;
}

/* Take the prepared heap if there is one and the run can use it (standard
 * descriptors). Either way the preparation is spent. */
static bool take_prepared(int fd_in, int fd_out, int fd_err)
{
    bool prepared = sp_gc_prepared();
    bool usable = prepared && fd_in == 0 && fd_out == 1 && fd_err == 2;
    if (prepared) sp_gc_set_prepared(false);
    return usable;
}

/* sys.argv and sys.orig_argv of this run, as mod_sys.c builds them at start-up:
 * opts->argv, or [filename] when there is none (NULL reads as ""); orig_argv is
 * ['python3'] + argv. */
static int rebind_argv(const sp_run_options *opts, const char *filename)
{
    sp_val argv = sp_list_new(0);
    if (!argv) return -1;
    for (int i = 0; i < (opts->argc > 0 && opts->argv ? opts->argc : 1); i++) {
        const char *a = opts->argc > 0 && opts->argv ? opts->argv[i] : filename;
        sp_val s = sp_str_from_cstr(a ? a : "");
        if (!s || sp_list_append(argv, s) < 0) return -1;
    }
    sp_val orig = sp_list_new(0);
    if (!orig || sp_list_append(orig, sp_str_intern("python3")) < 0 ||
        sp_list_extend(orig, argv) < 0)
        return -1;
    sp_val d = sp_module_dict(sp_st.sys_module);
    sp_st.argv = argv;
    if (sp_dict_set_cstr(d, "argv", argv) < 0 || sp_dict_set_cstr(d, "orig_argv", orig) < 0)
        return -1;
    return 0;
}

/* Start-up of a run: from the prepared heap, or a fresh heap. Always inlined: the
 * heap calls must come from the frame of sp_run / sp_analyze, whose frame is the
 * stack base (see sp_gc_init on sanitizer fake stacks). */
static inline __attribute__((always_inline)) int
start_interpreter(const sp_run_options *opts, sp_stats *stats, void *stack_base, bool prepared)
{
    if (!prepared) {
        if (sp_gc_init(opts->limits.memory_bytes, stack_base) < 0) return -ENOMEM;
        return init_all(opts, stats) < 0 ? -1 : 0;
    }
    sp_gc_begin_prepared_run(opts->limits.memory_bytes, stack_base);
    set_run_state(opts, stats);
    /* The preparation's allocations count against the budget, as they would in a
     * fresh start-up. */
    if (opts->limits.memory_bytes && sp_gc_heap_in_use() > opts->limits.memory_bytes) {
        sp_st.memory_exceeded = true;
        return -1;
    }
    return rebind_argv(opts, opts->filename);
}

static void stop_interpreter(bool prepared)
{
    if (prepared) /* the child exits: leave the inherited heap alone */
        return;
    sp_vm_shutdown();
    sp_gc_shutdown();
}

static sp_val make_main_module(const char *filename)
{
    sp_val m = sp_module_new("__main__");
    if (!m) return NULL;
    sp_val d = sp_module_dict(m);
    sp_val bm = sp_dict_get_cstr(sp_st.modules, "builtins");
    if (sp_dict_set_cstr(d, "__builtins__", bm ? bm : sp_st.builtins) < 0) return NULL;
    sp_val fn = sp_str_from_cstr(filename);
    if (!fn || sp_dict_set_cstr(d, "__file__", fn) < 0) return NULL;
    if (!sp_dict_get_cstr(d, "__doc__") && sp_dict_set_cstr(d, "__doc__", sp_None) < 0) return NULL;
    if (sp_dict_set_cstr(sp_st.modules, "__main__", m) < 0) return NULL;
    sp_st.main_module = m;
    return m;
}

int sp_run(const sp_run_options *opts, sp_result *result)
{
    memset(result, 0, sizeof *result);
    sp_stats *stats = &result->stats;
    uint64_t t0 = now_ns();
    signal(SIGPIPE, SIG_IGN);
    const char *filename = opts->filename ? opts->filename : "<string>";
    stats->source_bytes = opts->source_len;
    bool prepared = take_prepared(opts->fd_stdin, opts->fd_stdout, opts->fd_stderr);
    if (opts->want_line_profile) {
        size_t nl = 1;
        for (size_t i = 0; i < opts->source_len; i++)
            if (opts->source[i] == '\n') nl++;
        result->lines = sp_sys_calloc(nl, sizeof(sp_line_stat));
        result->nlines = result->lines ? nl : 0;
    }
    sp_vm_line_profile = result->lines;
    sp_vm_line_profile_n = result->nlines;
    int started = start_interpreter(opts, stats, STACK_BASE_OF_THIS_FRAME(), prepared);
    if (started == -ENOMEM) {
        result->status = SP_STATUS_INTERNAL_ERROR;
        result->exit_code = 70;
        return -ENOMEM;
    }
    if (started < 0) {
        bool mem = sp_st.memory_exceeded;
        result->status = mem ? SP_STATUS_MEMORY_EXCEEDED : SP_STATUS_INTERNAL_ERROR;
        copy_str(result->exc_type, sizeof result->exc_type, mem ? "MemoryError" : "SystemError");
        copy_str(result->exc_message, sizeof result->exc_message, "interpreter start-up failed");
        result->exit_code = mem ? 1 : 70;
        stop_interpreter(prepared);
        return 0;
    }
    sp_vm_set_budget(opts->limits.instructions);
    uint64_t t1 = now_ns();
    stats->ns_load = t1 - t0;

    /* tokenize + parse + compile */
    sp_syntax_error err;
    memset(&err, 0, sizeof err);
    uint64_t ns_parse = 0, ns_compile = 0;
    sp_code *co = compile_source(opts->source, opts->source_len, filename, SP_PARSE_FILE, false,
                                 &err, stats, &ns_parse, &ns_compile);
    stats->ns_parse = ns_parse;
    stats->ns_compile = ns_compile;
    if (!co) {
        if (err.type && !sp_err_occurred()) {
            sp_syntax_error_print(&err, filename, opts->source, opts->source_len, opts->fd_stderr);
            result->status = SP_STATUS_SYNTAX_ERROR;
            copy_str(result->exc_type, sizeof result->exc_type, err.type);
            copy_str(result->exc_message, sizeof result->exc_message, err.msg);
            result->exc_line = err.lineno;
            result->exit_code = 1;
        } else {
            bool mem = sp_st.memory_exceeded;
            result->status = mem ? SP_STATUS_MEMORY_EXCEEDED : SP_STATUS_INTERNAL_ERROR;
            copy_str(result->exc_type, sizeof result->exc_type, "MemoryError");
            result->exit_code = 1;
        }
        goto done;
    }

    /* execute */
    uint64_t t2 = now_ns();
    sp_val main = make_main_module(filename);
    sp_val r = main ? sp_vm_run_module(co, sp_module_dict(main)) : NULL;
    sp_io_flush_all();
    stats->ns_execute = now_ns() - t2;
    if (r) {
        result->status = SP_STATUS_EXITED;
        result->exit_code = 0;
    } else {
        sp_val exc = sp_err_fetch();
        if (sp_st.instr_exceeded) {
            result->status = SP_STATUS_INSTRUCTIONS_EXCEEDED;
            copy_str(result->exc_type, sizeof result->exc_type, "InstructionLimitExceeded");
            copy_str(result->exc_message, sizeof result->exc_message,
                     exc ? sp_str_cstr(sp_exc_str(exc) ? sp_exc_str(exc) : sp_str_intern("")) : "");
            result->exit_code = 1;
        } else if (exc && sp_isinstance(exc, &sp_exc_SystemExit)) {
            result->status = SP_STATUS_EXITED;
            result->exit_code = system_exit_code(exc);
        } else if (exc) {
            sp_st.handled_exc = NULL;
            fill_exception(result, exc);
            report_exception(exc);
            result->status = (sp_st.memory_exceeded && sp_isinstance(exc, &sp_exc_MemoryError))
                                 ? SP_STATUS_MEMORY_EXCEEDED
                                 : SP_STATUS_EXCEPTION;
            result->exit_code = 1;
        } else {
            result->status = SP_STATUS_INTERNAL_ERROR;
            result->exit_code = 70;
        }
    }
    sp_io_flush_all();
done:
    stats->instructions_executed = sp_vm_instructions();
    stats->calls = sp_vm_calls();
    stats->bytes_allocated = sp_gc_bytes_allocated();
    stats->peak_heap = sp_gc_peak_heap();
    stats->gc_cycles = sp_gc_cycles();
    sp_vm_line_profile = NULL;
    sp_vm_line_profile_n = 0;
    sp_st.opts = NULL; /* the caller's, about to go */
    stop_interpreter(prepared);
    return 0;
}

/* ---- sp_analyze ---------------------------------------------------------------------------- */

int sp_analyze(const char *source, size_t len, const char *filename, sp_analysis what, int fd_out,
               int fd_err)
{
    signal(SIGPIPE, SIG_IGN);
    bool prepared = take_prepared(0, fd_out, fd_err);
    sp_run_options opts;
    sp_run_options_init(&opts);
    opts.source = source;
    opts.source_len = len;
    opts.filename = filename;
    opts.fd_stdout = fd_out;
    opts.fd_stderr = fd_err;
    sp_stats stats;
    memset(&stats, 0, sizeof stats);
    int rc = 0;
    if (start_interpreter(&opts, &stats, STACK_BASE_OF_THIS_FRAME(), prepared) < 0) {
        stop_interpreter(prepared);
        return 1;
    }
    switch (what) {
    case SP_ANALYZE_TOKENS:
        rc = sp_lex_dump(source, len, filename, fd_out, fd_err, NULL) == 0 ? 0 : 1;
        break;
    case SP_ANALYZE_AST:
        rc = sp_parse_dump_ast(source, len, filename, fd_out, fd_err, NULL, NULL) == 0 ? 0 : 1;
        break;
    case SP_ANALYZE_DIS: {
        sp_syntax_error err;
        memset(&err, 0, sizeof err);
        sp_code *co =
            compile_source(source, len, filename, SP_PARSE_FILE, false, &err, NULL, NULL, NULL);
        if (!co) {
            if (err.type)
                sp_syntax_error_print(&err, filename, source, len, fd_err);
            else
                write_all(fd_err, "MemoryError\n", 12);
            rc = 1;
        } else {
            rc = sp_code_disassemble(co, fd_out) == 0 ? 0 : 1;
        }
        break;
    }
    }
    sp_io_flush_all();
    stop_interpreter(prepared);
    return rc;
}
