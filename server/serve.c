/*
 * serve.c — `sandpiper serve`: the daemon's start-up order and its shutdown.
 *
 *   config -> sandbox fork server (before ANY thread; the `sandpiper` executable
 *   next to this one) -> keys -> block signals ->
 *   SQLite store (writer thread) -> run workers -> HTTP threads -> supervise
 *   SIGTERM/SIGINT: stop accepting -> drain queued and running runs -> let
 *   responses go out -> stop HTTP -> flush the store -> stop the fork server.
 *
 * Supervising: the main thread waits for a signal, and every second (or at once
 * when a worker saw a run fail for it: SIGUSR1) checks that the fork server is
 * there. One that died is replaced (sb_restart), and every worker then reaps its
 * ready child of the dead one (sb_thread_tidy). It must be this thread: the fork
 * server dies with the thread that started it (PR_SET_PDEATHSIG). At the first
 * tick with nothing to run it also gives freed memory back (malloc_trim).
 */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "auth.h"
#include "cli.h"
#include "config.h"
#include "http.h"
#include "pool.h"
#include "sandbox.h"
#include "store.h"

static int refuse(const char *what, const char *why)
{
    fprintf(stderr, "sandpiper serve: %s%s%s\n", what, why ? ": " : "", why ? why : "");
    return 1;
}

/* Wake the supervisor (a worker thread, when its run found the fork server gone).
 * Every thread blocks SIGUSR1, so it waits for the main thread's sigtimedwait. */
static void nudge_supervisor(void)
{
    kill(getpid(), SIGUSR1);
}

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* One attempt (at most one a second after a failed one) to replace a fork server
 * that died. */
static void replace_fork_server(sp_pool *pool, struct timespec *last_failure)
{
    if (last_failure->tv_sec && seconds_since(last_failure) < 1.0) return;
    fprintf(stderr, "sandpiper serve: the fork server is gone; starting a new one\n");
    int rc = sb_restart();
    sp_pool_broadcast(pool, sb_thread_tidy); /* either way: no zombie waits for a run */
    if (rc == 0) {
        last_failure->tv_sec = 0;
        fprintf(stderr, "sandpiper serve: fork server restarted (%u so far)\n", sb_generation());
        return;
    }
    clock_gettime(CLOCK_MONOTONIC, last_failure);
    fprintf(stderr,
            "sandpiper serve: cannot restart the fork server: %s (runs fail as internal_error "
            "until it can; trying again)\n",
            strerror(-rc));
}

/* When the daemon has just gone idle (no run queued or running at a tick), hand
 * the memory its threads freed back to the system: the arenas keep up to
 * M_TRIM_THRESHOLD each, and after a burst of big outputs and traces that is
 * hundreds of MiB. Once per idle period, so a busy daemon never pays for it. */
static void trim_when_idle(sp_pool *pool, bool *was_idle)
{
    int queued, busy, workers;
    sp_pool_load(pool, &queued, &busy, &workers);
    bool idle = queued == 0 && busy == 0;
    if (idle && !*was_idle) malloc_trim(0);
    *was_idle = idle;
}

/* Until SIGTERM or SIGINT, which it returns. */
static int supervise(sp_pool *pool, const sigset_t *sigs)
{
    struct timespec tick = {1, 0}, last_failure = {0, 0};
    bool was_idle = true;
    for (;;) {
        int sig = sigtimedwait(sigs, NULL, &tick);
        if (sig == SIGTERM || sig == SIGINT) return sig;
        if (sb_alive() == 0) replace_fork_server(pool, &last_failure);
        if (sig < 0) trim_when_idle(pool, &was_idle);
    }
}

int sp_cli_serve(int argc, char **argv)
{
    sp_serve_config cfg;
    int rc = sp_config_load(&cfg, argc, argv);
    if (rc != 0) return rc > 0 ? 0 : 2;
    const char *err = NULL;
    sp_keyring *keys = NULL;

    /* The fork server must exist before any thread (fork() in a threaded process
     * could copy a lock held by another thread) and before the API keys are read:
     * every run child is a copy of the fork server, so a child that got native code
     * execution must find no secret in its own memory. */
    char fork_server[4096];
    if ((rc = sp_cli_sibling_path(SP_CLI_EXE, fork_server, sizeof fork_server)) < 0)
        return refuse("cannot find the fork server executable", strerror(-rc));
    sb_config sbc;
    sb_config_init(&sbc);
    sbc.exec_path = fork_server; /* a small static image for every run child */
    sbc.ready_children = cfg.ready_children;
    sbc.run_nice = cfg.run_nice;
    if ((rc = sb_start(&sbc)) < 0)
        return refuse("cannot start the sandbox (failing closed)", strerror(-rc));
    if (sp_keyring_load(cfg.keys_file, getenv("SANDPIPER_API_KEYS"), &keys, &err) < 0) {
        sb_stop();
        return refuse("cannot load API keys", err);
    }
    if (!sp_keyring_enabled(keys) && !sp_config_is_loopback(&cfg) && !cfg.insecure_public) {
        sp_keyring_free(keys);
        sb_stop();
        return refuse("refusing to listen on a non-loopback address without API keys",
                      "configure --keys-file or SANDPIPER_API_KEYS, or pass --insecure-public");
    }
    /* The store writer's and the workers' malloc arenas grow and shrink around every
     * batch (an mprotect each time): keep freed memory instead of trimming it (what a
     * burst of big traces leaves is given back by the trims: sp_json_release_big,
     * trim_when_idle). A big block (a step trace, its response: up to tens of MiB)
     * is mapped on its own and returned at free, not left in a thread's arena by
     * glibc's sliding threshold. */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGUSR1);               /* nudge_supervisor */
    pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* every thread below inherits the mask */

    sp_store *store = NULL;
    sp_pool *pool = NULL;
    sp_service *svc = NULL;
    sp_http *http = NULL;
    sp_store_config scfg = {.path = cfg.db_path,
                            .retain_max_count = cfg.retain_count,
                            .retain_max_age_s = cfg.retain_days * 86400,
                            .max_trace_bytes = cfg.max_trace_bytes};
    int exit_code = 1;
    if ((rc = sp_store_open(&scfg, &store, &err)) < 0) {
        refuse("cannot open the database", err ? err : strerror(-rc));
        goto out;
    }
    int recovered = sp_store_recover(store);
    if (recovered > 0)
        fprintf(stderr,
                "sandpiper serve: %d execution(s) interrupted by a previous stop were "
                "marked internal_error\n",
                recovered);
    if ((rc = sp_pool_start(cfg.workers, cfg.queue, &pool)) < 0) {
        refuse("cannot start workers", strerror(-rc));
        goto out;
    }
    if ((rc = sp_service_new(&cfg, store, pool, keys, &svc)) < 0) {
        refuse("out of memory", NULL);
        goto out;
    }
    sp_service_on_sandbox_down(svc, nudge_supervisor);
    if ((rc = sp_http_start(&cfg, svc, &http, &err)) < 0) {
        refuse("cannot start HTTP", err);
        goto out;
    }
    sp_config_print(&cfg, stderr);
    fprintf(stderr, "sandpiper serve: ready on http://%s%s%s:%u/v1 (pid %d)\n",
            strchr(cfg.listen_host, ':') ? "[" : "", cfg.listen_host,
            strchr(cfg.listen_host, ':') ? "]" : "", cfg.listen_port, (int)getpid());

    int sig = supervise(pool, &sigs);
    fprintf(stderr, "sandpiper serve: %s received, draining\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    sp_http_quiesce(http);
    sp_pool_drain(pool);
    sp_http_wait_idle(http, 5000);
    exit_code = 0;
out:
    sp_http_stop(http);
    sp_pool_stop(pool);
    sp_service_free(svc);
    sp_store_close(store);
    sp_keyring_free(keys);
    sb_stop();
    if (exit_code == 0) fprintf(stderr, "sandpiper serve: stopped cleanly\n");
    return exit_code;
}
