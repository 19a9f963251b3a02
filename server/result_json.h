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
 */
#ifndef SP_RESULT_JSON_H
#define SP_RESULT_JSON_H
#include <jansson.h>

#include "sandbox.h"

/* A new reference the caller owns (json_decref), or NULL when out of memory. */
json_t *sp_result_json(const sb_result *r);
#endif
