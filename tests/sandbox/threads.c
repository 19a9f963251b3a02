/*
 * threads.c — sb_run() from several threads at once through one fork server: every
 * run gets its own verdict (no crossed pipes or replies), and no descriptor or
 * process is left afterwards.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"

#define THREADS 4
#define RUNS 15

static int payload(int which)
{
    char buf[4096];
    switch (which % 5) {
    case 0:
        return 0;
    case 1:
        for (volatile unsigned long i = 0;; i++)
            ; /* cpu limit */
    case 2:   /* output flood */
        memset(buf, 'x', sizeof buf);
        for (;;)
            (void)!write(1, buf, sizeof buf);
    case 3:
        return (int)syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
    default: { /* echo the case number so crossed outputs are caught */
        int n = snprintf(buf, sizeof buf, "case %d\n", which);
        (void)!write(1, buf, (size_t)n);
        return 3;
    }
    }
}

static const sb_verdict expected[5] = {SB_OK, SB_TIME_LIMIT_EXCEEDED, SB_OUTPUT_LIMIT_EXCEEDED,
                                       SB_SANDBOX_VIOLATION, SB_RUNTIME_ERROR};
static int failures, prespawned;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The fork stage says whether a ready child took the run. */
static int was_prespawned(const sb_result *res)
{
    for (int i = 0; i < res->nstages; i++)
        for (int k = 0; strcmp(res->stages[i].name, "fork") == 0 && k < res->stages[i].ncounters;
             k++)
            if (strcmp(res->stages[i].counters[k].name, "prespawned") == 0)
                return res->stages[i].counters[k].value != 0;
    return 0;
}

static void *worker(void *arg)
{
    int t = (int)(long)arg;
    for (int i = 0; i < RUNS; i++) {
        int which = t * 1000 + i;
        sb_request req;
        sb_request_init(&req);
        req.mode = SB_MODE_TEST_NATIVE;
        req.test_case = which;
        req.limits.cpu_ms = 150;
        req.limits.output_kb = 8;
        sb_result res;
        int rc = sb_run(&req, &res);
        char want[32];
        snprintf(want, sizeof want, "case %d\n", which);
        int ok = rc == 0 && res.verdict == expected[which % 5] &&
                 (which % 5 != 4 ||
                  (res.stdout_buf && strcmp(res.stdout_buf, want) == 0 && res.exit_code == 3));
        pthread_mutex_lock(&lock);
        prespawned += was_prespawned(&res);
        pthread_mutex_unlock(&lock);
        if (!ok) {
            pthread_mutex_lock(&lock);
            failures++;
            printf("FAIL thread %d run %d: %s/%s (want %s) %s; cpu %llu us, wall %llu us, "
                   "stdout %zu bytes\n",
                   t, i, sb_verdict_name(res.verdict), sb_tle_reason_name(res.tle_reason),
                   sb_verdict_name(expected[which % 5]), res.internal_message,
                   (unsigned long long)res.cpu_us, (unsigned long long)res.wall_us, res.stdout_len);
            pthread_mutex_unlock(&lock);
        }
        sb_result_free(&res);
    }
    return NULL;
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

int main(void)
{
    sb_test_set_payload(payload);
    int before = count_fds();
    sb_config cfg; /* SB_TEST_READY: the same cases through ready children */
    sb_config_init(&cfg);
    cfg.ready_children = getenv("SB_TEST_READY") != NULL;
    int rc = sb_start(&cfg);
    if (rc < 0) {
        fprintf(stderr, "sb_start: %s\n", strerror(-rc));
        return 1;
    }
    int started = count_fds();
    pthread_t th[THREADS];
    for (long t = 0; t < THREADS; t++)
        pthread_create(&th[t], NULL, worker, (void *)t);
    for (int t = 0; t < THREADS; t++)
        pthread_join(th[t], NULL);
    if (count_fds() != started) {
        printf("FAIL descriptors leaked: %d -> %d\n", started, count_fds());
        failures++;
    }
    printf("%d of %d runs took a ready child\n", prespawned, THREADS * RUNS);
    if (cfg.ready_children != (prespawned > 0)) {
        printf("FAIL ready children %s, but %d runs used one\n", cfg.ready_children ? "on" : "off",
               prespawned);
        failures++;
    }
    sb_stop();
    if (count_fds() != before || waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD) {
        printf("FAIL something left after sb_stop\n");
        failures++;
    }
    printf("%d passed, %d failed\n",
           THREADS * RUNS - (failures > THREADS * RUNS ? THREADS * RUNS : failures), failures);
    return failures ? 1 : 0;
}
