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
    while (i < argc && argv[i][0] == '-' && strcmp(argv[i], "-c") != 0 && strcmp(argv[i], "-")) {
        const char *opt = argv[i];
        int rc = sp_cli_parse_limits("run", argc, argv, &i, SP_CLI_BARE_SECONDS, &req.limits);
        if (rc < 0) return EXIT_USAGE;
        if (rc > 0) continue;
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(opt, "--json") == 0) {
            json = 1;
            i++;
            continue;
        }
        if (strcmp(opt, "--steps") != 0) {
            fprintf(stderr, "sandpiper run: unknown option '%s'\n", opt);
            usage(stderr);
            return EXIT_USAGE;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "sandpiper run: %s needs a value\n", opt);
            return EXIT_USAGE;
        }
        const char *val = argv[i + 1];
        char *end;
        unsigned long n = strtoul(val, &end, 10);
        if (*end || n == 0 || n > 1000000) return bad_value(opt, val);
        req.trace = SB_TRACE_STEPS;
        req.step_limit = (uint32_t)n;
        i += 2;
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (sp_cli_check_limits("run", &req.limits) < 0) return EXIT_USAGE;

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

    /* main() has started the sandbox already (its namespaces are being made
     * meanwhile): this returns that start's result. */
    int code;
    int rc = sp_cli_start_sandbox();
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
