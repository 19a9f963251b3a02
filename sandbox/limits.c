/*
 * limits.c — the ONE place where the run limits' defaults and maximums live, plus
 * the small name tables (verdicts, TLE reasons). The JSON keys, the CLI options
 * and docs/sandbox.md all use these names: wall_ms, cpu_ms, memory_kb, output_kb,
 * instructions.
 */
#include <string.h>
#include <time.h>

#include "sb_internal.h"

/* Defaults: generous enough for teaching programs, small enough that a 2-core
 * host survives a burst of hostile ones. */
static const sb_limits DEFAULTS = {
    .wall_ms = 5000,
    .cpu_ms = 2000,
    .memory_kb = 256 * 1024,
    .output_kb = 1024,
    .instructions = 0, /* unlimited: cpu_ms is the guard */
};

static const sb_limits MAXIMUMS = {
    .wall_ms = 60000,
    .cpu_ms = 30000,
    .memory_kb = 2 * 1024 * 1024,
    .output_kb = 64 * 1024,
    .instructions = 100000000000ull, /* 1e11 */
};

sb_limits sb_limits_default(void)
{
    return DEFAULTS;
}
sb_limits sb_limits_max(void)
{
    return MAXIMUMS;
}

const char *sb_limits_validate(const sb_limits *l)
{
    if (l->wall_ms < 1 || l->wall_ms > MAXIMUMS.wall_ms)
        return "wall_ms must be between 1 and 60000";
    if (l->cpu_ms < 1 || l->cpu_ms > MAXIMUMS.cpu_ms) return "cpu_ms must be between 1 and 30000";
    if (l->memory_kb < 1024 || l->memory_kb > MAXIMUMS.memory_kb)
        return "memory_kb must be between 1024 and 2097152";
    if (l->output_kb < 1 || l->output_kb > MAXIMUMS.output_kb)
        return "output_kb must be between 1 and 65536";
    if (l->instructions > MAXIMUMS.instructions)
        return "instructions must be between 0 (unlimited) and 100000000000";
    return NULL;
}

void sb_request_init(sb_request *req)
{
    memset(req, 0, sizeof *req);
    req->limits = DEFAULTS;
    req->stdin_fd = -1;
    req->mode = SB_MODE_RUN;
    req->trace = SB_TRACE_STAGES;
}

void sb_config_init(sb_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->run_uid = 65534;
    cfg->run_gid = 65534;
}

const char *sb_verdict_name(sb_verdict v)
{
    static const char *const names[] = {
        [SB_OK] = "ok",
        [SB_RUNTIME_ERROR] = "runtime_error",
        [SB_SYNTAX_ERROR] = "syntax_error",
        [SB_TIME_LIMIT_EXCEEDED] = "time_limit_exceeded",
        [SB_MEMORY_LIMIT_EXCEEDED] = "memory_limit_exceeded",
        [SB_OUTPUT_LIMIT_EXCEEDED] = "output_limit_exceeded",
        [SB_SANDBOX_VIOLATION] = "sandbox_violation",
        [SB_INTERNAL_ERROR] = "internal_error",
    };
    if ((unsigned)v >= sizeof names / sizeof names[0]) return "internal_error";
    return names[v];
}

const char *sb_tle_reason_name(sb_tle_reason r)
{
    switch (r) {
    case SB_TLE_INSTRUCTIONS:
        return "instructions";
    case SB_TLE_CPU:
        return "cpu";
    case SB_TLE_WALL:
        return "wall";
    default:
        return NULL;
    }
}

uint64_t sb_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
