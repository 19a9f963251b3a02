/*
 * pool.h — the run workers: a fixed set of threads taking jobs from a bounded
 * FIFO. A job is embedded in its owner's struct (intrusive), so submitting
 * allocates nothing; the pool never frees a job.
 */
#ifndef SP_POOL_H
#define SP_POOL_H
#include <stdint.h>

typedef struct sp_job {
    struct sp_job *next;
    void (*run)(struct sp_job *job); /* called on a worker thread; may free the job */
    uint64_t enqueued_ns;            /* CLOCK_MONOTONIC at submit: the queue stage */
} sp_job;

typedef struct sp_pool sp_pool;

int sp_pool_start(int workers, int queue_max, sp_pool **out);
/* 0, -EAGAIN when queue_max jobs are already waiting, -ESHUTDOWN when draining. */
int sp_pool_submit(sp_pool *p, sp_job *job);
/* Refuse new jobs and wait until every queued and running job has finished. */
void sp_pool_drain(sp_pool *p);
/* Drain, then stop and join the workers, free the pool. */
void sp_pool_stop(sp_pool *p);
void sp_pool_load(sp_pool *p, int *queued, int *busy, int *workers);
/* Have every worker call fn once on its own thread: an idle one at once, a busy
 * one after its job (per-thread clean-up, such as sb_thread_tidy). A later call
 * before a worker got to it replaces fn for that worker. */
void sp_pool_broadcast(sp_pool *p, void (*fn)(void));
/* A job that finishes after its run returns (e.g. a store write completing on
 * another thread) holds the pool: take the hold inside job->run, release it when
 * the job is really over. Draining waits for every hold. */
/* Returns the runs in progress (the caller's included); *queued: the jobs waiting. */
int sp_pool_hold(sp_pool *p, int *queued);
void sp_pool_release(sp_pool *p);
uint64_t sp_monotonic_ns(void);
#endif
