/*
 * result_json.c — sb_result -> JSON text (see result_json.h for why text). Output
 * text comes from the sandboxed child and may be any bytes: invalid UTF-8 is
 * replaced by U+FFFD so that the object is always valid JSON. The step trace is
 * parsed and embedded only when it is valid JSON (it is untrusted text from the
 * child).
 *
 * Invariants
 *  1. Every sp_jbuf is either empty (s == NULL) or NUL-terminated at len.
 *  2. Strings are escaped as jansson does with JSON_COMPACT: `"`, `\` and control
 *     characters only; other UTF-8 is copied through.
 */
#include "result_json.h"

#include <assert.h>
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

/* ---- the text buffer ---------------------------------------------------------- */

/* Out of line: the common case (room left) stays a compare in sp_jbuf_put. */
__attribute__((noinline)) static bool jbuf_grow(sp_jbuf *b, size_t n)
{
    if (b->oom) return false;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        b->oom = true;
        return false;
    }
    b->s = s;
    b->cap = cap;
    return true;
}

void sp_jbuf_put(sp_jbuf *b, const char *s, size_t n)
{
    if (n >= b->cap - b->len && !jbuf_grow(b, n)) return; /* room for n and the NUL */
    if (b->oom) return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0; /* invariant 1 */
}

void sp_jbuf_puts(sp_jbuf *b, const char *s)
{
    sp_jbuf_put(b, s, strlen(s));
}

void sp_jbuf_int(sp_jbuf *b, int64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    sp_jbuf_put(b, p, (size_t)(tmp + sizeof tmp - p));
}

void sp_jbuf_ms(sp_jbuf *b, uint64_t ns)
{
    /* The decimal ns/10^6 is exact, so it reads back as the correctly rounded
     * double of ns/1e6: the very value (double)ns / 1e6 has. */
    sp_jbuf_int(b, (int64_t)(ns / 1000000));
    char frac[8];
    uint64_t f = ns % 1000000;
    int n = 6;
    for (int i = 5; i >= 0; i--, f /= 10)
        frac[i] = (char)('0' + f % 10);
    while (n > 1 && frac[n - 1] == '0') /* keep one digit: it stays a float */
        n--;
    sp_jbuf_put(b, ".", 1);
    sp_jbuf_put(b, frac, (size_t)n);
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t need;
    unsigned min;
    unsigned cp;
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) {
        need = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        need = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        need = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < need) return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return need;
}

/* The escape for an ASCII byte, or NULL when it is copied as is (invariant 2). */
static const char *escape_of(unsigned char c, char buf[8])
{
    static const char hex[] = "0123456789ABCDEF";
    switch (c) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\b':
        return "\\b";
    case '\f':
        return "\\f";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    default:
        if (c >= 0x20) return NULL;
        memcpy(buf, "\\u00", 4);
        buf[4] = hex[c >> 4];
        buf[5] = hex[c & 15];
        buf[6] = 0;
        return buf;
    }
}

void sp_jbuf_str(sp_jbuf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0; /* start of the pending run of bytes copied as they are */
    sp_jbuf_put(b, "\"", 1);
    for (size_t i = 0; i < n;) {
        const char *esc = NULL;
        char buf[8];
        size_t k = 1;
        if (u[i] < 0x80)
            esc = escape_of(u[i], buf);
        else if (!(k = utf8_seq(u + i, n - i)))
            esc = "\xEF\xBF\xBD"; /* U+FFFD for one invalid byte */
        if (!esc) {
            i += k;
            continue;
        }
        sp_jbuf_put(b, s + run, i - run);
        sp_jbuf_puts(b, esc);
        i += k ? k : 1;
        run = i;
    }
    sp_jbuf_put(b, s + run, n - run);
    sp_jbuf_put(b, "\"", 1);
}

void sp_jbuf_free(sp_jbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

/* ---- the result's parts ------------------------------------------------------- */

static void key(sp_jbuf *b, const char *k)
{
    sp_jbuf_put(b, ",\"", 2);
    sp_jbuf_puts(b, k);
    sp_jbuf_put(b, "\":", 2);
}

static void text_or_empty(sp_jbuf *b, const char *s, size_t n)
{
    sp_jbuf_str(b, s ? s : "", s ? n : 0);
}

static void put_bool(sp_jbuf *b, bool v)
{
    sp_jbuf_puts(b, v ? "true" : "false");
}

static void write_head(sp_jbuf *b, const sb_result *r)
{
    const char *tle =
        r->verdict == SB_TIME_LIMIT_EXCEEDED ? sb_tle_reason_name(r->tle_reason) : NULL;
    const char *status = sb_verdict_name(r->verdict);
    if (!status) status = "internal_error";
    sp_jbuf_puts(b, "{\"status\":");
    sp_jbuf_str(b, status, strlen(status));
    key(b, "tle_reason");
    tle ? sp_jbuf_str(b, tle, strlen(tle)) : sp_jbuf_puts(b, "null");
    key(b, "exit_code");
    sp_jbuf_int(b, r->exit_code);
    key(b, "signal");
    r->signal ? sp_jbuf_int(b, r->signal) : sp_jbuf_puts(b, "null");
    key(b, "stdout");
    text_or_empty(b, r->stdout_buf, r->stdout_len);
    key(b, "stderr");
    text_or_empty(b, r->stderr_buf, r->stderr_len);
    key(b, "stdout_truncated");
    put_bool(b, r->stdout_truncated);
    key(b, "stderr_truncated");
    put_bool(b, r->stderr_truncated);
    key(b, "wall_ms");
    sp_jbuf_ms(b, r->wall_us * 1000);
    key(b, "cpu_ms");
    sp_jbuf_ms(b, r->cpu_us * 1000);
    key(b, "memory_kb");
    sp_jbuf_int(b, (int64_t)r->memory_kb);
    key(b, "instructions");
    sp_jbuf_int(b, (int64_t)r->instructions);
    key(b, "exception");
    if (r->has_exception) {
        sp_jbuf_puts(b, "{\"type\":");
        sp_jbuf_str(b, r->exc_type, strnlen(r->exc_type, sizeof r->exc_type));
        sp_jbuf_puts(b, ",\"message\":");
        sp_jbuf_str(b, r->exc_message, strnlen(r->exc_message, sizeof r->exc_message));
        sp_jbuf_puts(b, ",\"line\":");
        sp_jbuf_int(b, r->exc_line);
        sp_jbuf_puts(b, "}");
    } else {
        sp_jbuf_puts(b, "null");
    }
    key(b, "violation");
    if (r->verdict == SB_SANDBOX_VIOLATION) {
        sp_jbuf_puts(b, "{\"syscall\":");
        sp_jbuf_str(b, r->violation_syscall,
                    strnlen(r->violation_syscall, sizeof r->violation_syscall));
        sp_jbuf_puts(b, "}");
    } else {
        sp_jbuf_puts(b, "null");
    }
    key(b, "error");
    if (r->verdict == SB_INTERNAL_ERROR)
        sp_jbuf_str(b, r->internal_message,
                    strnlen(r->internal_message, sizeof r->internal_message));
    else
        sp_jbuf_puts(b, "null");
}

static void write_stage(sp_jbuf *b, const char *name, uint64_t start_ns, uint64_t duration_ns)
{
    if (b->len) sp_jbuf_put(b, ",", 1);
    sp_jbuf_puts(b, "{\"name\":");
    sp_jbuf_str(b, name, strlen(name));
    sp_jbuf_puts(b, ",\"start_ms\":");
    sp_jbuf_ms(b, start_ns);
    sp_jbuf_puts(b, ",\"duration_ms\":");
    sp_jbuf_ms(b, duration_ns);
}

static void write_counter(sp_jbuf *b, const char *name, uint64_t value)
{
    key(b, name);
    sp_jbuf_int(b, (int64_t)value);
}

/* Stages; returns the latest stage end (ns from the request's arrival). */
static uint64_t write_stages(sp_jbuf *b, const sb_result *r, bool with_queue, uint64_t queue_ns)
{
    uint64_t shift = with_queue ? queue_ns : 0, end = 0;
    /* The sandbox's own hand-off wait joins ours: one queue stage from arrival to fork. */
    bool merge = with_queue && r->nstages > 0 && strcmp(r->stages[0].name, "queue") == 0;
    if (with_queue && !merge) {
        write_stage(b, "queue", 0, queue_ns);
        sp_jbuf_put(b, "}", 1);
        end = queue_ns;
    }
    for (int i = 0; i < r->nstages; i++) {
        const sb_stage *s = &r->stages[i];
        uint64_t start = s->start_ns + shift, duration = s->duration_ns;
        if (i == 0 && merge) start = 0, duration += queue_ns;
        write_stage(b, s->name, start, duration);
        for (int k = 0; k < s->ncounters; k++)
            write_counter(b, s->counters[k].name, s->counters[k].value);
        if (s->ncounters == 0 && s->counter_name) /* a stage filled the old way */
            write_counter(b, s->counter_name, s->counter);
        sp_jbuf_put(b, "}", 1);
        if (start + duration > end) end = start + duration;
    }
    return end;
}

static void write_stats(sp_jbuf *b, const sb_result *r)
{
    if (!r->has_stats) {
        sp_jbuf_puts(b, "null");
        return;
    }
    const sb_stats *s = &r->stats;
    const struct {
        const char *name;
        uint64_t v;
    } f[] = {
        {"source_bytes", s->source_bytes},
        {"tokens", s->tokens},
        {"ast_nodes", s->ast_nodes},
        {"code_objects", s->code_objects},
        {"bytecode_instructions", s->bytecode_instructions},
        {"instructions_executed", s->instructions_executed},
        {"calls", s->calls},
        {"bytes_allocated", s->bytes_allocated},
        {"peak_heap", s->peak_heap},
        {"gc_cycles", s->gc_cycles},
        {"stdout_bytes", s->stdout_bytes},
        {"stderr_bytes", s->stderr_bytes},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        sp_jbuf_put(b, i ? ",\"" : "{\"", 2);
        sp_jbuf_puts(b, f[i].name);
        sp_jbuf_put(b, "\":", 2);
        sp_jbuf_int(b, (int64_t)f[i].v);
    }
    sp_jbuf_put(b, "}", 1);
}

/* Executed lines only: [{line, hits, instructions}], in line order. */
static void write_lines(sp_jbuf *b, const sb_result *r)
{
    if (!r->lines) {
        sp_jbuf_puts(b, "null");
        return;
    }
    sp_jbuf_put(b, "[", 1);
    bool first = true;
    for (size_t i = 0; i < r->nlines; i++) {
        const sb_line_stat *l = &r->lines[i];
        if (l->hits == 0 && l->instructions == 0) continue;
        sp_jbuf_puts(b, first ? "{\"line\":" : ",{\"line\":");
        sp_jbuf_int(b, (int64_t)(i + 1));
        sp_jbuf_puts(b, ",\"hits\":");
        sp_jbuf_int(b, (int64_t)l->hits);
        sp_jbuf_puts(b, ",\"instructions\":");
        sp_jbuf_int(b, (int64_t)l->instructions);
        sp_jbuf_put(b, "}", 1);
        first = false;
    }
    sp_jbuf_put(b, "]", 1);
}

#define BIG_JSON (1u << 20)

void sp_json_release_big(size_t text_len)
{
    if (text_len >= BIG_JSON) malloc_trim(0);
}

/* The child's step array, re-serialised when it is valid JSON, else null. */
static void write_steps(sp_jbuf *b, const sb_result *r)
{
    json_t *t = json_loadb(r->trace_json, r->trace_len, 0, NULL);
    char *s = t ? json_dumps(t, JSON_COMPACT) : NULL;
    json_decref(t);
    sp_jbuf_puts(b, s ? s : "null");
    free(s);
    sp_json_release_big(r->trace_len);
}

void sp_result_parts_free(sp_result_parts *p)
{
    sp_jbuf_free(&p->head);
    sp_jbuf_free(&p->stages);
    sp_jbuf_free(&p->stats);
    sp_jbuf_free(&p->lines);
    sp_jbuf_free(&p->steps);
}

int sp_result_parts_build(const sb_result *r, bool with_queue, uint64_t queue_ns,
                          sp_result_parts *out)
{
    memset(out, 0, sizeof *out);
    write_head(&out->head, r);
    out->stages_end_ns = write_stages(&out->stages, r, with_queue, queue_ns);
    write_stats(&out->stats, r);
    write_lines(&out->lines, r);
    if (r->trace_json) {
        out->has_steps = true;
        out->steps_truncated = r->trace_truncated;
        write_steps(&out->steps, r);
    }
    if (out->head.oom || out->stages.oom || out->stats.oom || out->lines.oom || out->steps.oom) {
        sp_result_parts_free(out);
        return -ENOMEM;
    }
    assert(out->head.len && out->stats.len && out->lines.len); /* invariant 1 */
    return 0;
}

json_t *sp_result_json(const sb_result *r)
{
    sp_result_parts p;
    if (sp_result_parts_build(r, false, 0, &p) < 0) return NULL;
    sp_jbuf b = {0};
    sp_jbuf_put(&b, p.head.s, p.head.len);
    sp_jbuf_puts(&b, ",\"stages\":[");
    sp_jbuf_put(&b, p.stages.s, p.stages.len);
    sp_jbuf_puts(&b, "],\"stats\":");
    sp_jbuf_put(&b, p.stats.s, p.stats.len);
    sp_jbuf_puts(&b, ",\"line_profile\":");
    sp_jbuf_put(&b, p.lines.s, p.lines.len);
    if (p.has_steps) {
        sp_jbuf_puts(&b, ",\"trace\":");
        sp_jbuf_put(&b, p.steps.s, p.steps.len);
        sp_jbuf_puts(&b, ",\"trace_truncated\":");
        put_bool(&b, p.steps_truncated);
    }
    sp_jbuf_put(&b, "}", 1);
    sp_result_parts_free(&p);
    json_t *o = b.oom ? NULL : json_loadb(b.s, b.len, JSON_ALLOW_NUL, NULL);
    sp_jbuf_free(&b);
    return o;
}
