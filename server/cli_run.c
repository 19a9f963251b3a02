/*
 * cli_run.c — `sandpiper run`: run one program through the sandbox, as `python3
 * FILE` would from the user's point of view.
 *
 *   sandpiper run [OPTIONS] FILE [ARG...]
 *   sandpiper run [OPTIONS] -c CODE [ARG...]
 *
 * The program's stdin is the CLI's stdin (the descriptor is handed to the child);
 * its stdout/stderr are collected under the output cap and written out after the
 * run. Without --json the exit status is the program's (python3's for a syntax
 * error: 1) and any other verdict is reported on stderr with these statuses:
 *
 *   124 time_limit_exceeded   125 memory_limit_exceeded   123 output_limit_exceeded
 *   122 sandbox_violation      70 internal_error            2 usage error
 *
 * With --json the result object (server/result_json.h) is printed on stdout and
 * the exit status is 0 whenever a verdict was reached.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "result_json.h"
#include "sandbox.h"

enum {
    EXIT_TLE = 124,
    EXIT_MLE = 125,
    EXIT_OLE = 123,
    EXIT_VIOLATION = 122,
    EXIT_INTERNAL = 70,
    EXIT_USAGE = 2,
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: sandpiper run [OPTIONS] FILE [ARG...]\n"
            "       sandpiper run [OPTIONS] -c CODE [ARG...]\n\n"
            "options:\n"
            "  --time-limit T     CPU limit T and wall-clock limit max(2T, T+1s), e.g. 2s, 500ms\n"
            "  --cpu-limit T      CPU time limit only (cpu_ms)\n"
            "  --wall-limit T     wall-clock limit only (wall_ms)\n"
            "  --memory-limit M   heap limit, e.g. 64M, 512K, 1G (memory_kb)\n"
            "  --output-limit O   cap for stdout and for stderr, e.g. 64K (output_kb)\n"
            "  --instructions N   bytecode instruction budget, 0 = unlimited\n"
            "  --steps N          record a step trace of at most N steps (shown by --json)\n"
            "  --json             print the result object instead of the program's output\n\n"
            "exit status: the program's; 124 time limit, 125 memory limit, 123 output limit,\n"
            "122 sandbox violation, 70 internal error, 2 usage (with --json: 0)\n");
}

/* "2s", "500ms", "1.5s", "2" (seconds) -> milliseconds; 0 on error. */
static uint64_t parse_duration_ms(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || v <= 0) return 0;
    double ms;
    if (strcmp(end, "ms") == 0)
        ms = v;
    else if (*end == 0 || strcmp(end, "s") == 0)
        ms = v * 1000;
    else
        return 0;
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

static int bad_value(const char *opt, const char *val)
{
    fprintf(stderr, "sandpiper run: invalid value for %s: '%s'\n", opt, val);
    return EXIT_USAGE;
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        p += w;
        n -= (size_t)w;
    }
}

static int report(const sb_result *res, const sb_request *req)
{
    write_all(1, res->stdout_buf, res->stdout_len);
    write_all(2, res->stderr_buf, res->stderr_len);
    switch (res->verdict) {
    case SB_OK:
    case SB_RUNTIME_ERROR:
        return res->exit_code;
    case SB_SYNTAX_ERROR:
        return 1; /* the traceback on stderr is the report, as with python3 */
    case SB_TIME_LIMIT_EXCEEDED:
        if (res->tle_reason == SB_TLE_INSTRUCTIONS)
            fprintf(stderr, "sandpiper: time limit exceeded (instructions: %llu)\n",
                    (unsigned long long)req->limits.instructions);
        else if (res->tle_reason == SB_TLE_CPU)
            fprintf(stderr, "sandpiper: time limit exceeded (cpu: %llu ms)\n",
                    (unsigned long long)req->limits.cpu_ms);
        else
            fprintf(stderr, "sandpiper: time limit exceeded (wall clock: %llu ms)\n",
                    (unsigned long long)req->limits.wall_ms);
        return EXIT_TLE;
    case SB_MEMORY_LIMIT_EXCEEDED:
        fprintf(stderr, "sandpiper: memory limit exceeded (%llu KiB)\n",
                (unsigned long long)req->limits.memory_kb);
        return EXIT_MLE;
    case SB_OUTPUT_LIMIT_EXCEEDED:
        fprintf(stderr, "\nsandpiper: output limit exceeded (%llu KiB)\n",
                (unsigned long long)req->limits.output_kb);
        return EXIT_OLE;
    case SB_SANDBOX_VIOLATION:
        fprintf(stderr, "sandpiper: sandbox violation (system call %s)\n", res->violation_syscall);
        return EXIT_VIOLATION;
    case SB_INTERNAL_ERROR:
    default:
        fprintf(stderr, "sandpiper: internal error: %s\n", res->internal_message);
        return EXIT_INTERNAL;
    }
}

int sp_cli_run(int argc, char **argv)
{
    sb_request req;
    sb_request_init(&req);
    int json = 0, i = 1;
    for (; i < argc && argv[i][0] == '-' && strcmp(argv[i], "-c") != 0 && strcmp(argv[i], "-");
         i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(opt, "--json") == 0) {
            json = 1;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "sandpiper run: %s needs a value\n", opt);
            return EXIT_USAGE;
        }
        const char *val = argv[++i];
        uint64_t v;
        if (strcmp(opt, "--time-limit") == 0) {
            if (!(v = parse_duration_ms(val))) return bad_value(opt, val);
            uint64_t wall_max = sb_limits_max().wall_ms;
            uint64_t wall = v * 2 > v + 1000 ? v * 2 : v + 1000;
            req.limits.cpu_ms = v;
            req.limits.wall_ms = wall > wall_max ? (v > wall_max ? v : wall_max) : wall;
        } else if (strcmp(opt, "--cpu-limit") == 0) {
            if (!(req.limits.cpu_ms = parse_duration_ms(val))) return bad_value(opt, val);
        } else if (strcmp(opt, "--wall-limit") == 0) {
            if (!(req.limits.wall_ms = parse_duration_ms(val))) return bad_value(opt, val);
        } else if (strcmp(opt, "--memory-limit") == 0) {
            if (!(req.limits.memory_kb = parse_size_kb(val))) return bad_value(opt, val);
        } else if (strcmp(opt, "--output-limit") == 0) {
            if (!(req.limits.output_kb = parse_size_kb(val))) return bad_value(opt, val);
        } else if (strcmp(opt, "--instructions") == 0) {
            char *end;
            req.limits.instructions = strtoull(val, &end, 10);
            if (*end || *val == '-') return bad_value(opt, val);
        } else if (strcmp(opt, "--steps") == 0) {
            char *end;
            unsigned long n = strtoul(val, &end, 10);
            if (*end || n == 0 || n > 1000000) return bad_value(opt, val);
            req.trace = SB_TRACE_STEPS;
            req.step_limit = (uint32_t)n;
        } else {
            fprintf(stderr, "sandpiper run: unknown option '%s'\n", opt);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *bad = sb_limits_validate(&req.limits);
    if (bad) {
        fprintf(stderr, "sandpiper run: %s\n", bad);
        return EXIT_USAGE;
    }

    char *src = NULL;
    size_t len = 0;
    const char *filename;
    if (strcmp(argv[i], "-c") == 0) {
        if (i + 1 >= argc) {
            fprintf(stderr, "sandpiper run: -c needs an argument\n");
            return EXIT_USAGE;
        }
        src = strdup(argv[i + 1]);
        len = src ? strlen(src) : 0;
        filename = "<string>";
        i += 2;
    } else {
        int rc = sp_cli_read_file(argv[i], &src, &len);
        if (rc < 0) {
            fprintf(stderr, "sandpiper: can't open file '%s': [Errno %d] %s\n", argv[i], -rc,
                    strerror(-rc));
            return EXIT_USAGE;
        }
        filename = argv[i];
        i += 1;
    }
    const char **pargv = calloc((size_t)(argc - i + 2), sizeof *pargv);
    if (!src || !pargv) {
        fprintf(stderr, "sandpiper: out of memory\n");
        free(src);
        free(pargv);
        return EXIT_INTERNAL;
    }
    pargv[0] = strcmp(filename, "<string>") == 0 ? "-c" : filename;
    int pargc = 1;
    for (; i < argc; i++)
        pargv[pargc++] = argv[i];

    req.source = src;
    req.source_len = len;
    req.filename = filename;
    req.argc = pargc;
    req.argv = pargv;
    req.stdin_fd = fcntl(0, F_GETFD) >= 0 ? 0 : -1; /* closed stdin: an empty one */

    /* No thread exists yet: this is the moment the fork server must be started. */
    int code;
    int rc = sb_start(NULL);
    if (rc < 0) {
        fprintf(stderr, "sandpiper: cannot start the sandbox: %s\n", strerror(-rc));
        code = EXIT_INTERNAL;
    } else {
        sb_result res;
        rc = sb_run(&req, &res);
        if (json) {
            json_t *o = sp_result_json(&res);
            char *s = o ? json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
            if (s) {
                write_all(1, s, strlen(s));
                write_all(1, "\n", 1);
            }
            code = s ? 0 : EXIT_INTERNAL;
            free(s);
            json_decref(o);
        } else {
            code = report(&res, &req);
        }
        sb_result_free(&res);
        sb_stop();
    }
    free(pargv);
    free(src);
    return code;
}
