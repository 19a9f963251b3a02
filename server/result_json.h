/*
 * result_json.h — the run result object, shared by `sandpiper run --json` and the
 * HTTP API, so both print exactly the same keys:
 *
 *   status, tle_reason, exit_code, signal, stdout, stderr, stdout_truncated,
 *   stderr_truncated, wall_ms, cpu_ms, memory_kb, instructions, exception
 *   {type, message, line}, violation {syscall}, error, stages [{name, start_ms,
 *   duration_ms, <counters>...}], stats {...}, line_profile [{line, hits,
 *   instructions}] (null when the child sent none), trace + trace_truncated
 *   (steps mode only). docs/traces.md has the schema.
 *
 * Absent things are null (exception, violation, tle_reason, signal, error).
 *
 * The object is written as text, once, in parts (sp_result_parts): the API
 * assembles its response, the stored result and the stored trace from the same
 * parts without building a jansson tree per request (a malloc per value and a
 * %.17g per float, three times over). Times are written from integer
 * nanoseconds/microseconds as exact decimals ("7.395"), which parse to the same
 * doubles as the divisions they stand for.
 */
#ifndef SP_RESULT_JSON_H
#define SP_RESULT_JSON_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sandbox.h"

/* A growable text buffer. After a failed allocation `oom` is set and every later
 * append is ignored, so writers check once at the end. */
typedef struct sp_jbuf {
    char *s; /* NUL-terminated when len > 0 */
    size_t len, cap;
    bool oom;
} sp_jbuf;

void sp_jbuf_put(sp_jbuf *b, const char *s, size_t n);
void sp_jbuf_puts(sp_jbuf *b, const char *s);
void sp_jbuf_int(sp_jbuf *b, int64_t v);
/* ns as a JSON float number of milliseconds, exact ("0.169366", "3.0"). */
void sp_jbuf_ms(sp_jbuf *b, uint64_t ns);
/* A JSON string; invalid UTF-8 becomes U+FFFD (child output may be any bytes). */
void sp_jbuf_str(sp_jbuf *b, const char *s, size_t n);
void sp_jbuf_free(sp_jbuf *b);

/* The result object in parts. Keys appear in the order of the list above. */
typedef struct sp_result_parts {
    sp_jbuf head;           /* `{"status":…,"error":…` — the keys before "stages" */
    sp_jbuf stages;         /* the stage objects, comma-separated, no brackets */
    uint64_t stages_end_ns; /* latest end of a stage: where a following stage starts */
    sp_jbuf stats;          /* `{…}` or `null` */
    sp_jbuf lines;          /* the line profile: `[…]` or `null` */
    bool has_steps;         /* steps mode: "trace" and "trace_truncated" are present */
    bool steps_truncated;
    sp_jbuf steps; /* has_steps: the step array re-serialised, or `null` when invalid */
} sp_result_parts;

/* with_queue: put a `queue` stage of queue_ns first and shift the sandbox's
 * stages after it (a `queue` stage of the sandbox's own is merged into it).
 * 0, or -ENOMEM (the parts are freed). */
int sp_result_parts_build(const sb_result *r, bool with_queue, uint64_t queue_ns,
                          sp_result_parts *out);
void sp_result_parts_free(sp_result_parts *p);

/* A new reference the caller owns (json_decref), or NULL when out of memory. */
json_t *sp_result_json(const sb_result *r);

/* After a JSON text of text_len bytes was parsed and freed on this thread: when it
 * was big (a step trace; jansson's nodes take ~10x the text), give the memory back
 * to the system. glibc would keep it in the thread's arena (the daemon sets
 * M_TRIM_THRESHOLD to 64 MiB, and a fragmented arena is not trimmed from its top):
 * a few such runs left the daemon at ~700 MiB. */
void sp_json_release_big(size_t text_len);
#endif
