/*
 * sandbox_overhead.c — how much a run costs the sandbox itself.
 *
 *   sb_bench [RUNS] [MAX_MEDIAN_US] [FORK_SERVER_EXE] [READY] [GAP_US]
 *
 * With FORK_SERVER_EXE (the static `sandpiper`), the fork server is started the
 * way the daemon starts it (sb_config.exec_path): every child is a copy of that
 * small image. That image has no test payload, so its "native" child exits 70 at
 * once instead of 0 — the same fork, set-up, exit and reap.
 *
 * Two measurements, each the median over RUNS runs after a warm-up:
 *   native  an empty native payload (SB_MODE_TEST_NATIVE): fork, the full child
 *           setup (rlimits, uid drop, seccomp...), exit, reap — pure sandbox cost;
 *   python  an empty Python program through sp_run (adds interpreter start-up).
 * READY = 1 turns on sb_config.ready_children (what the daemon uses): each run
 * then hands its program to a child that was forked and locked down after the
 * previous run, and "fork->reaped" starts at that hand-off (the fork's and the
 * set-up's CPU is still spent, just not while the run waits). GAP_US sleeps
 * between runs: requests that do not arrive back to back, so that the next ready
 * child has finished its set-up (with 0, each run waits for what is left of it).
 * For each: "fork->reaped" (sb_result.wall_us: from just before the clone in the
 * fork server, or from the hand-off to a ready child, to the reap) and "sb_run"
 * (the caller's whole round trip, pipes and sockets included), then the median of
 * each stage sb_run reports (queue, fork, sandbox, load, ..., exit).
 * Target: native fork->reaped median under 300 us on the 2-core CI machine. Exits 1
 * when that median exceeds MAX_MEDIAN_US (default 0 = report only).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sandbox.h"

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int empty_payload(int which)
{
    return 0;
}

/* Median duration of each named stage (sb_result.stages) over the measured runs. */
#define MAX_NAMES 16
typedef struct stage_samples {
    const char *name;
    uint64_t *ns;
    int n;
} stage_samples;

static void add_stage_samples(stage_samples *st, int *nst, const sb_result *res, int runs)
{
    for (int i = 0; i < res->nstages; i++) {
        int k = 0;
        while (k < *nst && strcmp(st[k].name, res->stages[i].name) != 0)
            k++;
        if (k == *nst) {
            if (*nst == MAX_NAMES) continue;
            st[k] = (stage_samples){res->stages[i].name, calloc((size_t)runs, sizeof(uint64_t)), 0};
            ++*nst;
        }
        if (st[k].ns && st[k].n < runs) st[k].ns[st[k].n++] = res->stages[i].duration_ns;
    }
}

static void print_stages(stage_samples *st, int nst)
{
    printf("        stage medians:");
    for (int k = 0; k < nst; k++) {
        qsort(st[k].ns, (size_t)st[k].n, sizeof(uint64_t), cmp_u64);
        printf(" %s %.0f us", st[k].name, st[k].n ? st[k].ns[st[k].n / 2] / 1000.0 : 0.0);
        free(st[k].ns);
    }
    printf("\n");
}

/* Returns the median fork->reaped time in us, or UINT64_MAX if a run failed. */
static bool exec_mode;
static int gap_us; /* idle time between runs: requests that do not come back to back */

static bool run_ok(const sb_result *res, sb_mode mode)
{
    if (exec_mode && mode == SB_MODE_TEST_NATIVE)
        return res->verdict == SB_RUNTIME_ERROR && res->exit_code == 70;
    return res->verdict == SB_OK;
}

static uint64_t measure(const char *label, sb_mode mode, int runs)
{
    uint64_t *wall = calloc((size_t)runs, sizeof *wall),
             *total = calloc((size_t)runs, sizeof *total);
    sb_request req;
    sb_request_init(&req);
    req.mode = mode;
    req.source = "";
    int bad = 0;
    stage_samples st[MAX_NAMES];
    int nst = 0;
    for (int i = -runs / 10; i < runs; i++) { /* negative i: warm-up */
        sb_result res;
        if (gap_us > 0) usleep((useconds_t)gap_us);
        uint64_t t = now_us();
        int rc = sb_run(&req, &res);
        uint64_t dt = now_us() - t;
        if (rc < 0 || !run_ok(&res, mode)) {
            if (!bad++)
                fprintf(stderr, "%s: run failed: %s %s\n", label, sb_verdict_name(res.verdict),
                        res.internal_message);
        } else if (i >= 0) {
            wall[i] = res.wall_us;
            total[i] = dt;
            add_stage_samples(st, &nst, &res, runs);
        }
        sb_result_free(&res);
    }
    qsort(wall, (size_t)runs, sizeof *wall, cmp_u64);
    qsort(total, (size_t)runs, sizeof *total, cmp_u64);
    printf("%-7s fork->reaped median %5llu us  p90 %5llu us | sb_run median %5llu us  p90 %5llu us "
           " (%d runs)\n",
           label, (unsigned long long)wall[runs / 2], (unsigned long long)wall[runs * 9 / 10],
           (unsigned long long)total[runs / 2], (unsigned long long)total[runs * 9 / 10], runs);
    print_stages(st, nst);
    uint64_t median = bad ? UINT64_MAX : wall[runs / 2];
    free(wall);
    free(total);
    return median;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 300;
    uint64_t max_us = argc > 2 ? strtoull(argv[2], NULL, 10) : 0;
    if (runs < 10) runs = 10;
    sb_test_set_payload(empty_payload);
    sb_config cfg;
    sb_config_init(&cfg);
    cfg.exec_path = argc > 3 ? argv[3] : NULL;
    cfg.ready_children = argc > 4 && atoi(argv[4]) > 0;
    gap_us = argc > 5 ? atoi(argv[5]) : 0;
    exec_mode = cfg.exec_path != NULL;
    printf("fork server: %s, ready children %s, %d us between runs\n",
           exec_mode ? cfg.exec_path : "a fork of this process", cfg.ready_children ? "on" : "off",
           gap_us);
    int rc = sb_start(&cfg);
    if (rc < 0) {
        fprintf(stderr, "sb_start: %s\n", strerror(-rc));
        return 1;
    }
    uint64_t native = measure("native", SB_MODE_TEST_NATIVE, runs);
    uint64_t python = measure("python", SB_MODE_RUN, runs);
    sb_stop();
    int ok = native != UINT64_MAX && python != UINT64_MAX && (!max_us || native <= max_us);
    printf("%d passed, %d failed\n", ok, !ok);
    return ok ? 0 : 1;
}
