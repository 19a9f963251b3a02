/*
 * cli_limits.c — the limit options `sandpiper run` and `sandpiper trace` share:
 *
 *   --time-limit T    CPU limit T, wall-clock limit max(2T, T+1s) (capped)
 *   --cpu-limit T     cpu_ms only          --wall-limit T   wall_ms only
 *   --memory-limit M  memory_kb            --output-limit O output_kb
 *   --instructions N  the instruction budget, 0 = unlimited
 *
 * T is "2s", "500ms", "1.5s" or a bare number, read in the caller's unit (run:
 * seconds, like `timeout`; trace: milliseconds, as it always documented). M and O
 * are "64M", "512K", "1G", "64MiB" or bytes. One parser and one set of messages:
 *
 *   sandpiper CMD: OPT needs a value
 *   sandpiper CMD: invalid value for OPT: 'VAL'
 *   sandpiper CMD: <sb_limits_validate's reason>
 *
 * each a usage error (the caller exits with 2).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

/* "2s", "500ms", "1.5s", or a bare number of `bare` units -> milliseconds; 0 on error. */
static uint64_t parse_duration_ms(const char *s, sp_cli_time_unit bare)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || v <= 0) return 0;
    double ms;
    if (strcmp(end, "ms") == 0)
        ms = v;
    else if (strcmp(end, "s") == 0)
        ms = v * 1000;
    else if (*end == 0)
        ms = bare == SP_CLI_BARE_MS ? v : v * 1000;
    else
        return 0;
    if (ms > 1e15) return 0; /* beyond any limit, and beyond uint64_t's exact range */
    return ms < 1 ? 1 : (uint64_t)(ms + 0.5);
}

/* "64M", "512K", "1G", "64MiB", "65536" (bytes) -> kilobytes (rounded up); 0 on error. */
static uint64_t parse_size_kb(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-') return 0;
    uint64_t mult = 1;
    if (*end) {
        switch (*end == 'k' ? 'K' : *end == 'm' ? 'M' : *end == 'g' ? 'G' : *end) {
        case 'K':
            mult = 1024;
            break;
        case 'M':
            mult = 1024 * 1024;
            break;
        case 'G':
            mult = 1024ull * 1024 * 1024;
            break;
        default:
            return 0;
        }
        end++;
        if (*end && strcasecmp(end, "B") != 0 && strcasecmp(end, "iB") != 0) return 0;
    }
    if (v > (1ull << 50) / mult) return 0;
    return (v * mult + 1023) / 1024;
}

/* A plain unsigned decimal: 0, or -EINVAL (empty, signed, junk, overflow). */
static int parse_count(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *s == '-' || *end || errno) return -EINVAL;
    *out = v;
    return 0;
}

/* --time-limit T: the CPU gets T, the wall clock max(2T, T+1s), both within range. */
static void set_time_limit(sb_limits *l, uint64_t cpu_ms)
{
    uint64_t wall_max = sb_limits_max().wall_ms;
    uint64_t wall = cpu_ms * 2 > cpu_ms + 1000 ? cpu_ms * 2 : cpu_ms + 1000;
    l->cpu_ms = cpu_ms;
    l->wall_ms = wall > wall_max ? (cpu_ms > wall_max ? cpu_ms : wall_max) : wall;
}

static int parse_value(const char *opt, const char *val, sp_cli_time_unit bare, sb_limits *l)
{
    uint64_t v;
    if (strcmp(opt, "--time-limit") == 0) {
        if (!(v = parse_duration_ms(val, bare))) return -EINVAL;
        set_time_limit(l, v);
    } else if (strcmp(opt, "--cpu-limit") == 0) {
        if (!(l->cpu_ms = parse_duration_ms(val, bare))) return -EINVAL;
    } else if (strcmp(opt, "--wall-limit") == 0) {
        if (!(l->wall_ms = parse_duration_ms(val, bare))) return -EINVAL;
    } else if (strcmp(opt, "--memory-limit") == 0) {
        if (!(l->memory_kb = parse_size_kb(val))) return -EINVAL;
    } else if (strcmp(opt, "--output-limit") == 0) {
        if (!(l->output_kb = parse_size_kb(val))) return -EINVAL;
    } else { /* --instructions (is_limit_option) */
        if (parse_count(val, &l->instructions) < 0) return -EINVAL;
    }
    return 0;
}

static bool is_limit_option(const char *opt)
{
    static const char *const names[] = {"--time-limit",   "--cpu-limit",    "--wall-limit",
                                        "--memory-limit", "--output-limit", "--instructions"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (strcmp(opt, names[k]) == 0) return true;
    return false;
}

int sp_cli_parse_limits(const char *cmd, int argc, char **argv, int *i, sp_cli_time_unit bare,
                        sb_limits *limits)
{
    const char *opt = argv[*i];
    if (!is_limit_option(opt)) return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "sandpiper %s: %s needs a value\n", cmd, opt);
        return -EINVAL;
    }
    const char *val = argv[*i + 1];
    if (parse_value(opt, val, bare, limits) < 0) {
        fprintf(stderr, "sandpiper %s: invalid value for %s: '%s'\n", cmd, opt, val);
        return -EINVAL;
    }
    *i += 2;
    return 1;
}

int sp_cli_check_limits(const char *cmd, const sb_limits *limits)
{
    const char *bad = sb_limits_validate(limits);
    if (!bad) return 0;
    fprintf(stderr, "sandpiper %s: %s\n", cmd, bad);
    return -EINVAL;
}
