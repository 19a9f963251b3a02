/*
 * pool.c — bounded job queue and worker threads.
 *
 * Invariants (under p->lock)
 *  1. queued == length of the head..tail list <= queue_max.
 *  2. 0 <= busy <= workers.
 *  3. draining => no job is added.
 *  4. idle (signalled) <=> queued == 0 && busy == 0 && held == 0.
 *  5. held >= 0; a hold is taken while its job is busy, so draining never sees
 *     a finished run whose completion is still on its way.
 *  6. a worker has called the broadcast function of every epoch up to the one it
 *     last saw, before it waits again (sp_pool_broadcast).
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include "pool.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

struct sp_pool {
    pthread_mutex_t lock;
    pthread_cond_t has_work, idle;
    sp_job *head, *tail;
    int queued, queue_max, busy, workers, held;
    unsigned epoch;          /* sp_pool_broadcast calls */
    void (*broadcast)(void); /* the latest one's function */
    bool draining, stopping;
    pthread_t *threads;
};

uint64_t sp_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *worker_main(void *arg)
{
    sp_pool *p = arg;
    pthread_setname_np(pthread_self(), "sp-worker"); /* top -H, perf, /proc/PID/task */
    pthread_mutex_lock(&p->lock);
    unsigned seen = p->epoch;
    for (;;) {
        while (!p->head && !p->stopping && seen == p->epoch)
            pthread_cond_wait(&p->has_work, &p->lock);
        if (seen != p->epoch) { /* invariant 6 */
            void (*fn)(void) = p->broadcast;
            seen = p->epoch;
            pthread_mutex_unlock(&p->lock);
            fn();
            pthread_mutex_lock(&p->lock);
            continue;
        }
        if (!p->head) break;
        sp_job *job = p->head;
        p->head = job->next;
        if (!p->head) p->tail = NULL;
        p->queued--;
        p->busy++;
        assert(p->busy <= p->workers);
        pthread_mutex_unlock(&p->lock);
        job->run(job);
        pthread_mutex_lock(&p->lock);
        p->busy--;
        if (p->busy == 0 && p->queued == 0 && p->held == 0) pthread_cond_broadcast(&p->idle);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

int sp_pool_start(int workers, int queue_max, sp_pool **out)
{
    sp_pool *p = calloc(1, sizeof *p);
    if (!p) return -ENOMEM;
    p->threads = calloc((size_t)workers, sizeof *p->threads);
    if (!p->threads) {
        free(p);
        return -ENOMEM;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->has_work, NULL);
    pthread_cond_init(&p->idle, NULL);
    p->queue_max = queue_max;
    for (int i = 0; i < workers; i++) {
        if (pthread_create(&p->threads[i], NULL, worker_main, p) != 0) {
            p->workers = i;
            sp_pool_stop(p);
            return -EAGAIN;
        }
        p->workers = i + 1;
    }
    *out = p;
    return 0;
}

int sp_pool_submit(sp_pool *p, sp_job *job)
{
    int rc = 0;
    pthread_mutex_lock(&p->lock);
    /* A job may wait only if a worker can take it soon: busy workers + queue. */
    if (p->draining)
        rc = -ESHUTDOWN;
    else if (p->queued >= p->queue_max + (p->workers - p->busy))
        rc = -EAGAIN;
    else {
        job->next = NULL;
        job->enqueued_ns = sp_monotonic_ns();
        if (p->tail)
            p->tail->next = job;
        else
            p->head = job;
        p->tail = job;
        p->queued++;
        pthread_cond_signal(&p->has_work);
    }
    pthread_mutex_unlock(&p->lock);
    return rc;
}

void sp_pool_drain(sp_pool *p)
{
    pthread_mutex_lock(&p->lock);
    p->draining = true;
    while (p->queued > 0 || p->busy > 0 || p->held > 0)
        pthread_cond_wait(&p->idle, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

void sp_pool_stop(sp_pool *p)
{
    if (!p) return;
    sp_pool_drain(p);
    pthread_mutex_lock(&p->lock);
    p->stopping = true;
    pthread_cond_broadcast(&p->has_work);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->workers; i++)
        pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->has_work);
    pthread_cond_destroy(&p->idle);
    free(p->threads);
    free(p);
}

void sp_pool_broadcast(sp_pool *p, void (*fn)(void))
{
    pthread_mutex_lock(&p->lock);
    p->broadcast = fn;
    p->epoch++;
    pthread_cond_broadcast(&p->has_work);
    pthread_mutex_unlock(&p->lock);
}

void sp_pool_load(sp_pool *p, int *queued, int *busy, int *workers)
{
    pthread_mutex_lock(&p->lock);
    *queued = p->queued;
    *busy = p->busy;
    *workers = p->workers;
    pthread_mutex_unlock(&p->lock);
}

int sp_pool_hold(sp_pool *p, int *queued)
{
    pthread_mutex_lock(&p->lock);
    assert(p->busy > 0); /* invariant 5 */
    p->held++;
    int busy = p->busy;
    *queued = p->queued;
    pthread_mutex_unlock(&p->lock);
    return busy;
}

void sp_pool_release(sp_pool *p)
{
    pthread_mutex_lock(&p->lock);
    assert(p->held > 0);
    p->held--;
    if (p->busy == 0 && p->queued == 0 && p->held == 0) pthread_cond_broadcast(&p->idle);
    pthread_mutex_unlock(&p->lock);
}
