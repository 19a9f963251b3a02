/*
 * hostile.c — hostile Python programs, all through ONE fork server (as the service
 * runs them): each must end with its verdict within its limit, and afterwards the
 * sandbox must still run an ordinary program. No process or descriptor may be left.
 * After each case, a clean program on the same thread must get exactly its own
 * output: nothing of the killed run (a full pipe, a half-written line) may reach it.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox.h"

typedef struct hostile {
    const char *name;
    const char *source;
    sb_verdict want;
    sb_verdict also; /* a second acceptable verdict (or the same) */
    const char *exc; /* expected exception type, or NULL */
} hostile;

static const hostile CASES[] = {
    /* Exceeds cpu_ms, or wall_ms first on a loaded machine: either is the right verdict. */
    {"infinite loop", "while True:\n    pass\n", SB_TIME_LIMIT_EXCEEDED, SB_TIME_LIMIT_EXCEEDED,
     NULL},
    {"memory bomb", "x = []\nwhile True:\n    x.append(' ' * 1000000)\n", SB_MEMORY_LIMIT_EXCEEDED,
     SB_MEMORY_LIMIT_EXCEEDED, NULL},
    {"output flood", "while True:\n    print('flood' * 100)\n", SB_OUTPUT_LIMIT_EXCEEDED,
     SB_OUTPUT_LIMIT_EXCEEDED, NULL},
    {"deep recursion", "def f(n):\n    return f(n + 1)\nf(0)\n", SB_RUNTIME_ERROR, SB_RUNTIME_ERROR,
     "RecursionError"},
    {"huge integer power", "x = 2 ** (10 ** 10)\nprint(x)\n", SB_MEMORY_LIMIT_EXCEEDED,
     SB_TIME_LIMIT_EXCEEDED, NULL},
    {"catastrophic string growth", "s = 'ab'\nwhile True:\n    s += s\n", SB_MEMORY_LIMIT_EXCEEDED,
     SB_MEMORY_LIMIT_EXCEEDED, NULL},
    {"stdin flood reader",
     "import sys\nwhile True:\n    sys.stdout.write(sys.stdin.read(1) or 'x')\n",
     SB_OUTPUT_LIMIT_EXCEEDED, SB_OUTPUT_LIMIT_EXCEEDED, NULL},
    {"busy generator", "def g():\n    while True:\n        yield 1\nfor _ in g():\n    pass\n",
     SB_TIME_LIMIT_EXCEEDED, SB_TIME_LIMIT_EXCEEDED, NULL},
};
#define NCASES (int)(sizeof CASES / sizeof CASES[0])

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int count_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    while (d && readdir(d))
        n++;
    if (d) closedir(d);
    return n;
}

/* 1 when the next run on this thread saw anything but its own output. */
static int clean_run_after(sb_request *req, int i)
{
    char src[64], want[32];
    snprintf(src, sizeof src, "print('clean %d')\n", i);
    snprintf(want, sizeof want, "clean %d\n", i);
    req->source = src;
    req->source_len = strlen(src);
    sb_result res;
    int rc = sb_run(req, &res);
    int ok = rc == 0 && res.verdict == SB_OK && res.stdout_buf &&
             strcmp(res.stdout_buf, want) == 0 && res.stderr_len == 0 && !res.has_exception;
    if (!ok)
        printf("FAIL the run after case %d saw: %s, stdout %.80s, stderr %.80s\n", i,
               sb_verdict_name(res.verdict), res.stdout_buf ? res.stdout_buf : "",
               res.stderr_buf ? res.stderr_buf : "");
    sb_result_free(&res);
    return !ok;
}

/* 1 when a run's stdin was not exactly what it was given: through the daemon's
 * path stdin follows the request on one pipe (run.c), so nothing of the request
 * may show, and a large stdin must arrive whole, read or not. Each size runs
 * twice, so that with ready children the second run adopts one. */
static int stdin_exact(sb_request *req)
{
    static const size_t sizes[] = {0, 12, 70000, 1 << 20, 1 << 20};
    static const char reader[] = "import sys\nd = sys.stdin.read()\n"
                                 "print(len(d), d.count('\\n'), repr(d[:12]), repr(d[-12:]))\n";
    static const char ignorer[] = "print('ignored')\n";
    int failed = 0;
    for (size_t k = 0; k < 2 * sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k / 2], lines = 0;
        bool ignore = k + 1 == 2 * sizeof sizes / sizeof sizes[0]; /* the last one: unread */
        char *in = malloc(n + 1);
        for (size_t j = 0; j < n; j++) {
            in[j] = j % 12 == 11 ? '\n' : (char)('a' + (j / 12 + j) % 26);
            lines += in[j] == '\n';
        }
        in[n] = 0;
        char want[128];
        if (ignore)
            snprintf(want, sizeof want, "ignored\n");
        else
            snprintf(want, sizeof want, "%zu %zu '%.*s' '%.*s'\n", n, lines, (int)(n < 12 ? n : 12),
                     in, (int)(n < 12 ? n : 12), in + (n < 12 ? 0 : n - 12));
        for (char *c = want; *c; c++) /* repr() of the newline */
            if (*c == '\n' && c[1]) {
                memmove(c + 2, c + 1, strlen(c + 1) + 1);
                c[0] = '\\', c[1] = 'n';
            }
        req->source = ignore ? ignorer : reader;
        req->source_len = strlen(req->source);
        req->stdin_data = in;
        req->stdin_len = n;
        sb_result res;
        int rc = sb_run(req, &res);
        int ok =
            rc == 0 && res.verdict == SB_OK && res.stdout_buf && strcmp(res.stdout_buf, want) == 0;
        printf("%-4s stdin of %zu bytes%s\n", ok ? "ok" : "FAIL", n, ignore ? ", unread" : "");
        if (!ok)
            printf("     want %s     got %s (%s) %.200s\n", want,
                   res.stdout_buf ? res.stdout_buf : "", sb_verdict_name(res.verdict),
                   res.stderr_buf ? res.stderr_buf : "");
        failed += !ok;
        sb_result_free(&res);
        free(in);
    }
    req->stdin_data = NULL;
    req->stdin_len = 0;
    return failed;
}

int main(void)
{
    int fds_before = count_fds();
    sb_config cfg; /* SB_TEST_READY: the same cases through ready children */
    sb_config_init(&cfg);
    cfg.ready_children = getenv("SB_TEST_READY") != NULL;
    cfg.in_process = getenv("SB_TEST_IN_PROCESS") != NULL; /* ...or with no fork server */
    int rc = sb_start(&cfg);
    if (rc < 0) {
        fprintf(stderr, "sb_start: %s\n", strerror(-rc));
        return 1;
    }
    int failed = 0;
    for (int i = 0; i < NCASES + 1; i++) {
        sb_request req;
        sb_request_init(&req);
        const hostile alive = {"service still runs", "print('alive')\n", SB_OK, SB_OK, NULL};
        const hostile *h = i < NCASES ? &CASES[i] : &alive;
        req.source = h->source;
        req.source_len = strlen(h->source);
        req.filename = "hostile.py";
        req.limits.cpu_ms = 1000;
        req.limits.wall_ms = 3000;
        req.limits.memory_kb = 64 * 1024;
        req.limits.output_kb = 64;
        sb_result res;
        uint64_t t0 = now_ms();
        rc = sb_run(&req, &res);
        uint64_t took = now_ms() - t0;
        int ok = rc == 0 && (res.verdict == h->want || res.verdict == h->also) &&
                 took <= req.limits.wall_ms + 1000 &&
                 (!h->exc || (res.has_exception && strcmp(res.exc_type, h->exc) == 0)) &&
                 (i < NCASES || (res.stdout_buf && strcmp(res.stdout_buf, "alive\n") == 0));
        printf("%-4s %-28s %s%s%s in %llu ms (cpu %llu ms, %llu KiB)%s%s\n", ok ? "ok" : "FAIL",
               h->name, sb_verdict_name(res.verdict), res.tle_reason ? "/" : "",
               res.tle_reason ? sb_tle_reason_name(res.tle_reason) : "", (unsigned long long)took,
               (unsigned long long)(res.cpu_us / 1000), (unsigned long long)res.memory_kb,
               res.has_exception ? " " : "", res.has_exception ? res.exc_type : "");
        if (!ok && res.verdict == SB_INTERNAL_ERROR) printf("     %s\n", res.internal_message);
        if (!ok && res.stderr_len) printf("     stderr: %.300s\n", res.stderr_buf);
        failed += !ok;
        sb_result_free(&res);
        if (i < NCASES) failed += clean_run_after(&req, i);
    }
    {
        sb_request req;
        sb_request_init(&req);
        req.limits.cpu_ms = 2000;
        req.limits.wall_ms = 5000;
        req.limits.output_kb = 64;
        failed += stdin_exact(&req);
    }
    sb_stop();
    if (count_fds() != fds_before || waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD) {
        printf("FAIL a descriptor or process was left behind\n");
        failed++;
    }
    printf("%d passed, %d failed\n", NCASES + 1 - failed, failed);
    return failed ? 1 : 0;
}
