/*
 * trace_cost.c — what recording a run's trace costs (issue 5: "stays under 2% of a
 * hello-world run").
 *
 *   build-release/bench/trace_cost [RUNS]
 *
 * Runs hello world in-process through sp_run (the same call the sandbox child makes),
 * alternating line profile off and on, and reports the medians and their ratio. The
 * stage trace itself is a pair of clock_gettime() calls per stage plus a fixed-size
 * record: its cost is measured as 11 stages x 2 clock reads against the same run.
 * Output goes to /dev/null; nothing here asserts a time (report only).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sandpiper.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_u64);
    return v[n / 2];
}

static uint64_t run_once(int devnull, int profile)
{
    static const char src[] = "print('hello')\n";
    sp_run_options o;
    sp_run_options_init(&o);
    o.source = src;
    o.source_len = sizeof src - 1;
    o.filename = "hello.py";
    o.fd_stdin = devnull;
    o.fd_stdout = devnull;
    o.fd_stderr = devnull;
    o.want_line_profile = profile;
    sp_result r;
    uint64_t t0 = now_ns();
    sp_run(&o, &r);
    uint64_t t = now_ns() - t0;
    sp_result_free(&r);
    return t;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 400;
    if (runs < 10) runs = 10;
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    uint64_t *off = calloc((size_t)runs, sizeof *off), *on = calloc((size_t)runs, sizeof *on);
    if (devnull < 0 || !off || !on) return 1;
    for (int i = 0; i < 20; i++) /* warm caches and the allocator */
        run_once(devnull, i & 1);
    for (int i = 0; i < runs; i++) {
        off[i] = run_once(devnull, 0);
        on[i] = run_once(devnull, 1);
    }
    uint64_t m_off = median(off, runs), m_on = median(on, runs);

    enum { CLOCK_READS = 1000000, STAGE_READS = 22 };
    uint64_t t0 = now_ns();
    for (int i = 0; i < CLOCK_READS - 1; i++)
        now_ns();
    double per_read = (double)(now_ns() - t0) / CLOCK_READS;
    double stages_ns = per_read * STAGE_READS;

    printf("hello world in-process (sp_run), %d runs each, medians:\n", runs);
    printf("  line profile off  %8.1f us\n", (double)m_off / 1000.0);
    printf("  line profile on   %8.1f us   cost %+.2f%%\n", (double)m_on / 1000.0,
           100.0 * ((double)m_on - (double)m_off) / (double)m_off);
    printf("stage timestamps: %.1f ns per clock read x %d = %.2f us = %.3f%% of a run\n", per_read,
           STAGE_READS, stages_ns / 1000.0, 100.0 * stages_ns / (double)m_off);
    close(devnull);
    free(off);
    free(on);
    return 0;
}
