/*
 * result_json.c — sb_result -> JSON (jansson). Output text comes from the sandboxed
 * child and may be any bytes: invalid UTF-8 is replaced by U+FFFD so that the
 * object always serializes. The step trace is parsed and embedded only when it is
 * valid JSON (it is untrusted text from the child).
 */
#include <stdlib.h>
#include <string.h>

#include "result_json.h"

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

static json_t *text(const char *s, size_t n)
{
    if (!s) return json_string("");
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, bad = 0;
    while (i < n) {
        size_t k = utf8_seq(u + i, n - i);
        if (!k) {
            bad++;
            k = 1;
        }
        i += k;
    }
    if (!bad) return json_stringn(s, n);
    char *clean = malloc(n + bad * 2 + 1), *o = clean;
    if (!clean) return NULL;
    for (i = 0; i < n;) {
        size_t k = utf8_seq(u + i, n - i);
        if (k) {
            memcpy(o, s + i, k);
            o += k;
            i += k;
        } else {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    json_t *j = json_stringn(clean, (size_t)(o - clean));
    free(clean);
    return j;
}

static json_t *ms(uint64_t us)
{
    return json_real((double)us / 1000.0);
}

static json_t *stages_json(const sb_result *r)
{
    json_t *a = json_array();
    for (int i = 0; a && i < r->nstages; i++) {
        const sb_stage *s = &r->stages[i];
        json_t *o = json_pack("{s:s, s:o, s:o}", "name", s->name, "start_ms",
                              json_real((double)s->start_ns / 1e6), "duration_ms",
                              json_real((double)s->duration_ns / 1e6));
        for (int k = 0; o && k < s->ncounters; k++)
            json_object_set_new(o, s->counters[k].name,
                                json_integer((json_int_t)s->counters[k].value));
        if (o && s->ncounters == 0 && s->counter_name) /* a stage filled the old way */
            json_object_set_new(o, s->counter_name, json_integer((json_int_t)s->counter));
        json_array_append_new(a, o);
    }
    return a;
}

/* Executed lines only: [{line, hits, instructions}], in line order. */
static json_t *line_profile_json(const sb_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < r->nlines; i++) {
        const sb_line_stat *l = &r->lines[i];
        if (l->hits == 0 && l->instructions == 0) continue;
        json_array_append_new(a, json_pack("{s:I, s:I, s:I}", "line", (json_int_t)(i + 1), "hits",
                                           (json_int_t)l->hits, "instructions",
                                           (json_int_t)l->instructions));
    }
    return a;
}

static json_t *stats_json(const sb_stats *s)
{
#define F(name) #name, json_integer((json_int_t)s->name)
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", F(source_bytes),
                     F(tokens), F(ast_nodes), F(code_objects), F(bytecode_instructions),
                     F(instructions_executed), F(calls), F(bytes_allocated), F(peak_heap),
                     F(gc_cycles), F(stdout_bytes), F(stderr_bytes));
#undef F
}

json_t *sp_result_json(const sb_result *r)
{
    const char *tle =
        r->verdict == SB_TIME_LIMIT_EXCEEDED ? sb_tle_reason_name(r->tle_reason) : NULL;
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "status", json_string(sb_verdict_name(r->verdict)));
    json_object_set_new(o, "tle_reason", tle ? json_string(tle) : json_null());
    json_object_set_new(o, "exit_code", json_integer(r->exit_code));
    json_object_set_new(o, "signal", r->signal ? json_integer(r->signal) : json_null());
    json_object_set_new(o, "stdout", text(r->stdout_buf, r->stdout_len));
    json_object_set_new(o, "stderr", text(r->stderr_buf, r->stderr_len));
    json_object_set_new(o, "stdout_truncated", json_boolean(r->stdout_truncated));
    json_object_set_new(o, "stderr_truncated", json_boolean(r->stderr_truncated));
    json_object_set_new(o, "wall_ms", ms(r->wall_us));
    json_object_set_new(o, "cpu_ms", ms(r->cpu_us));
    json_object_set_new(o, "memory_kb", json_integer((json_int_t)r->memory_kb));
    json_object_set_new(o, "instructions", json_integer((json_int_t)r->instructions));
    json_object_set_new(
        o, "exception",
        r->has_exception
            ? json_pack("{s:o, s:o, s:i}", "type",
                        text(r->exc_type, strnlen(r->exc_type, sizeof r->exc_type)), "message",
                        text(r->exc_message, strnlen(r->exc_message, sizeof r->exc_message)),
                        "line", r->exc_line)
            : json_null());
    json_object_set_new(o, "violation",
                        r->verdict == SB_SANDBOX_VIOLATION
                            ? json_pack("{s:s}", "syscall", r->violation_syscall)
                            : json_null());
    json_object_set_new(o, "error",
                        r->verdict == SB_INTERNAL_ERROR ? json_string(r->internal_message)
                                                        : json_null());
    json_object_set_new(o, "stages", stages_json(r));
    json_object_set_new(o, "stats", r->has_stats ? stats_json(&r->stats) : json_null());
    json_object_set_new(o, "line_profile", r->lines ? line_profile_json(r) : json_null());
    if (r->trace_json) {
        json_t *t = json_loadb(r->trace_json, r->trace_len, 0, NULL);
        json_object_set_new(o, "trace", t ? t : json_null());
        json_object_set_new(o, "trace_truncated", json_boolean(r->trace_truncated));
    }
    return o;
}
