/*
 * cli_trace.c — `sandpiper trace`: run a program in the sandbox and show how the
 * run went instead of what it printed.
 *
 *   sandpiper trace [OPTIONS] FILE [ARG...]
 *       the stage timeline (one row per stage: start, duration, counts), then
 *       the line profile printed beside the source (hits, instructions)
 *   sandpiper trace --steps [OPTIONS] FILE [ARG...]
 *       the step trace as JSON in Python Tutor's payload shape:
 *       {"code": SOURCE, "trace": [entries...]} (docs/traces.md)
 *
 * Both forms read the same result object as `run --json` (result_json.h), so
 * what is printed here is exactly what the API stores. The program's stdin is
 * the CLI's stdin, so input() works while tracing. Exit status: 0 when a verdict
 * was reached (whatever the program did), 2 usage, 70 internal error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "result_json.h"
#include "sandbox.h"

enum { EXIT_INTERNAL = 70, EXIT_USAGE = 2 };

static void usage(FILE *out)
{
    fprintf(out,
            "usage: sandpiper trace [OPTIONS] FILE [ARG...]\n\n"
            "Runs FILE in the sandbox and prints the stage timeline and the line profile\n"
            "beside the source.\n\n"
            "options:\n"
            "  --steps            print the step trace as JSON (Python Tutor format) instead\n"
            "  --max-steps N      step limit for --steps (default 1000)\n"
            "  --time-limit T     CPU limit T and wall-clock limit max(2T, T+1s)\n"
            "  --cpu-limit T      CPU time limit, e.g. 500 or 500ms, 2s (a bare number is ms)\n"
            "  --wall-limit T     wall-clock limit, as --cpu-limit\n"
            "  --memory-limit M   heap limit, e.g. 64M, 512K, 1G\n"
            "  --output-limit O   cap for stdout and for stderr, e.g. 64K\n"
            "  --instructions N   bytecode instruction budget, 0 = unlimited\n");
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || *s == '-' || errno) return -1;
    *out = v;
    return 0;
}

/* ---- the stage timeline ---- */

static void print_counts(json_t *stage)
{
    const char *key;
    json_t *v;
    int first = 1;
    json_object_foreach(stage, key, v)
    {
        if (!json_is_integer(v) || strcmp(key, "name") == 0) continue;
        printf("%s%s=%lld", first ? "" : "  ", key, (long long)json_integer_value(v));
        first = 0;
    }
}

static void print_timeline(json_t *result)
{
    json_t *stages = json_object_get(result, "stages");
    printf("%-10s %12s %12s  %s\n", "stage", "start ms", "duration ms", "counts");
    size_t i;
    json_t *s;
    double end = 0;
    json_array_foreach(stages, i, s)
    {
        double start = json_number_value(json_object_get(s, "start_ms"));
        double dur = json_number_value(json_object_get(s, "duration_ms"));
        printf("%-10s %12.3f %12.3f  ", json_string_value(json_object_get(s, "name")), start, dur);
        print_counts(s);
        putchar('\n');
        if (start + dur > end) end = start + dur;
    }
    printf("%-10s %12s %12.3f\n", "total", "", end);
    const char *status = json_string_value(json_object_get(result, "status"));
    json_t *exc = json_object_get(result, "exception");
    printf("\nstatus: %s, exit code %lld", status ? status : "?",
           (long long)json_integer_value(json_object_get(result, "exit_code")));
    if (json_is_object(exc))
        printf(", %s: %s (line %lld)", json_string_value(json_object_get(exc, "type")),
               json_string_value(json_object_get(exc, "message")),
               (long long)json_integer_value(json_object_get(exc, "line")));
    putchar('\n');
}

/* ---- the line profile beside the source ---- */

static void print_profile(json_t *result, const char *src, size_t len)
{
    json_t *lp = json_object_get(result, "line_profile");
    printf("\n%6s %8s %12s  %s\n", "line", "hits", "instructions", "source");
    size_t k = 0, nprof = json_is_array(lp) ? json_array_size(lp) : 0;
    long long line = 1;
    for (size_t at = 0; at < len; line++) {
        const char *nl = memchr(src + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - src) : len;
        json_t *e = k < nprof ? json_array_get(lp, k) : NULL;
        if (e && json_integer_value(json_object_get(e, "line")) == line) {
            printf("%6lld %8lld %12lld  ", line,
                   (long long)json_integer_value(json_object_get(e, "hits")),
                   (long long)json_integer_value(json_object_get(e, "instructions")));
            k++;
        } else {
            printf("%6lld %8s %12s  ", line, "", "");
        }
        fwrite(src + at, 1, end - at, stdout);
        putchar('\n');
        at = end + 1;
    }
}

/* ---- --steps: {"code", "trace"} ---- */

static int print_steps(json_t *result, const char *src, size_t len)
{
    json_t *trace = json_object_get(result, "trace");
    json_t *o = json_pack("{s:s%, s:o}", "code", src, len, "trace",
                          json_is_array(trace) ? json_incref(trace) : json_array());
    if (!o) return EXIT_INTERNAL;
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!s) return EXIT_INTERNAL;
    puts(s);
    free(s);
    return 0;
}

int sp_cli_trace(int argc, char **argv)
{
    sb_request req;
    sb_request_init(&req);
    int steps = 0, i = 1;
    uint64_t max_steps = 1000;
    while (i < argc && argv[i][0] == '-' && strcmp(argv[i], "-") != 0) {
        const char *opt = argv[i];
        int rc = sp_cli_parse_limits("trace", argc, argv, &i, SP_CLI_BARE_MS, &req.limits);
        if (rc < 0) return EXIT_USAGE;
        if (rc > 0) continue;
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(opt, "--steps") == 0) {
            steps = 1;
            i++;
            continue;
        }
        uint64_t v;
        if (i + 1 >= argc || parse_u64(argv[i + 1], &v) < 0) {
            fprintf(stderr, "sandpiper trace: %s needs a number\n", opt);
            return EXIT_USAGE;
        }
        if (strcmp(opt, "--max-steps") != 0 || v < 1 || v > 1000000) {
            fprintf(stderr, "sandpiper trace: bad option '%s %s'\n", opt, argv[i + 1]);
            usage(stderr);
            return EXIT_USAGE;
        }
        max_steps = v;
        i += 2;
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (sp_cli_check_limits("trace", &req.limits) < 0) return EXIT_USAGE;
    char *src = NULL;
    size_t len = 0;
    int rc = sp_cli_read_file(argv[i], &src, &len);
    if (rc < 0) {
        fprintf(stderr, "sandpiper: can't open file '%s': [Errno %d] %s\n", argv[i], -rc,
                strerror(-rc));
        return EXIT_USAGE;
    }
    const char **pargv = calloc((size_t)(argc - i + 1), sizeof *pargv);
    if (!pargv) {
        free(src);
        return EXIT_INTERNAL;
    }
    int pargc = 0;
    for (int k = i; k < argc; k++)
        pargv[pargc++] = argv[k];
    req.source = src;
    req.source_len = len;
    req.filename = argv[i];
    req.argc = pargc;
    req.argv = pargv;
    req.stdin_fd = fcntl(0, F_GETFD) >= 0 ? 0 : -1;
    if (steps) {
        req.trace = SB_TRACE_STEPS;
        req.step_limit = (uint32_t)max_steps;
    }

    int code;
    rc = sp_cli_start_sandbox(); /* no thread exists yet */
    if (rc < 0) {
        fprintf(stderr, "sandpiper: cannot start the sandbox: %s\n", strerror(-rc));
        code = EXIT_INTERNAL;
    } else {
        sb_result res;
        sb_run(&req, &res);
        json_t *o = sp_result_json(&res);
        if (!o) {
            code = EXIT_INTERNAL;
        } else if (steps) {
            code = print_steps(o, src, len);
        } else {
            print_timeline(o);
            print_profile(o, src, len);
            code = 0;
        }
        json_decref(o);
        sb_result_free(&res);
        sb_stop();
    }
    free(pargv);
    free(src);
    return code;
}
