/*
 * store.c — SQLite persistence with group commit (see store.h for the design).
 *
 * Invariants
 *  1. Only the writer thread uses st->wdb; only holders of st->read_lock use st->rdb.
 *  2. A pending write is on st->queue until the writer has committed (or failed)
 *     the batch holding it; then a blocking put's `finished` is set and its waiter
 *     woken, or an asynchronous put's `done` is called (outside st->lock, once).
 *  3. put() returns, and put_async()'s `done` runs, only after the record's batch
 *     committed: acknowledged executions survive a crash of the daemon.
 *  4. Bound text is borrowed (SQLITE_STATIC): the statement is reset and its
 *     bindings cleared before the record can be freed.
 *
 *  5. While the writer lingers, enqueuers do not wake it until the batch has the
 *     records it waits for (or is full, or the store stops); else the deadline
 *     wakes it: one wake-up per batch, not per record.
 *
 * Writer state:  IDLE --(queue non-empty)--> [LINGER] --> BATCHING --(COMMIT)--> IDLE
 *                 any --(stopping && queue empty)--> STOPPED
 *
 * Lingering. A commit costs about the same for one record as for several (the WAL
 * frames of page 1, sqlite_sequence, the index and interior pages are shared): a
 * hello-world record alone writes ~8 frames (16 pwrite calls), and the commit
 * costs ~200 us of CPU alone, ~70 us per record in fours. A caller that knows more
 * records are on their way (other runs in progress) says so in batch_hint; the
 * writer then waits up to LINGER_NS for that many records before it commits. A
 * lone record (hint 1) is committed at once: a sequential client pays nothing.
 *
 * Checkpoints. SQLite's automatic checkpoint runs inside the COMMIT that crosses
 * 1,000 WAL frames, on the writer thread: it copies the pages into the database
 * file and syncs it twice, several milliseconds in which no batch commits, and
 * every record of the batches that wait pays them (the tail of the latency under
 * load). Here the writer only notices (the WAL hook, after a commit) and wakes
 * the checkpointer thread, which runs a PASSIVE checkpoint on its own connection
 * beside the commits. The WAL then only restarts when the load pauses, or when it
 * reaches CHECKPOINT_FRAMES_MAX and the writer completes the checkpoint itself
 * (on_wal_commit): one short stall per 16,000 frames instead of a long one per
 * 1,000, and a WAL file of at most ~64 MiB.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include "store.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SCHEMA_VERSION 1
#define MAX_BATCH 256
#define ERROR_LOG_MS 10000
#define LINGER_NS 2000000ull        /* at most 2 ms added to a record's commit */
#define CHECKPOINT_FRAMES 1000      /* new WAL frames (pages) that wake the checkpointer */
#define CHECKPOINT_FRAMES_MAX 16000 /* 64 MiB: from here on, the writer checkpoints */

typedef sp_store_write pending; /* rec: borrowed from the caller until it is told */

struct sp_store {
    sp_store_config cfg;
    char *path;
    sqlite3 *wdb, *rdb, *ckdb; /* writer, readers, checkpointer */
    /* Prepared once (no per-request parsing of SQL): writes on wdb, reads on rdb. */
    sqlite3_stmt *put_stmt, *begin_stmt, *commit_stmt;
    sqlite3_stmt *get_stmt, *list_stmt;
    pthread_mutex_t read_lock;

    pthread_mutex_t lock; /* guards queue, stopping, stats */
    pthread_cond_t work;  /* writer waits for work */
    pthread_cond_t done;  /* callers wait for their batch */
    pending *head, *tail;
    int queued;     /* length of head..tail */
    int want;       /* records the next batch waits for: the largest batch_hint queued */
    bool lingering; /* invariant 5 */
    bool stopping;
    pthread_t writer;
    pthread_cond_t ck_work; /* the checkpointer waits for ck_wanted or stopping */
    bool ck_wanted, ck_stopping;
    int ck_mark; /* WAL length at the last wake-up (writer thread only) */
    int ck_dbfd; /* the checkpointer's own descriptor of the database file, or -1 */
    pthread_t checkpointer;
    bool checkpointer_started;
    sp_store_stats stats;
    int64_t last_retention_ms;
    /* writer thread only: failed writes are logged at most every ERROR_LOG_MS */
    int64_t last_error_log_ms;
    unsigned errors_unlogged;
    int last_error; /* -errno */
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Migrations: index i brings the schema from version i to i+1. */
static const char *const migrations[] = {
    "CREATE TABLE executions ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  id TEXT NOT NULL UNIQUE,"
    "  owner TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL,"
    "  created_ms INTEGER NOT NULL,"
    "  started_ms INTEGER,"
    "  finished_ms INTEGER,"
    "  source TEXT NOT NULL,"
    "  stdin TEXT NOT NULL DEFAULT '',"
    "  limits TEXT NOT NULL DEFAULT '{}',"
    "  result TEXT,"
    "  trace TEXT"
    ");"
    "CREATE INDEX executions_owner_seq ON executions(owner, seq DESC);"
    "CREATE INDEX executions_owner_status_seq ON executions(owner, status, seq DESC);"
    "CREATE INDEX executions_created ON executions(created_ms);",
};

static int sqlite_errno(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return 0;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return -EBUSY;
    case SQLITE_NOMEM:
        return -ENOMEM;
    case SQLITE_FULL:
        return -ENOSPC;
    case SQLITE_CANTOPEN:
        return -EACCES;
    case SQLITE_NOTFOUND:
        return -ENOENT;
    default:
        return -EIO;
    }
}

static int exec_sql(sqlite3 *db, const char *sql)
{
    return sqlite_errno(sqlite3_exec(db, sql, NULL, NULL, NULL));
}

static int open_connection(const char *path, sqlite3 **out)
{
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path, out, flags, NULL);
    if (rc != SQLITE_OK) return sqlite_errno(rc);
    sqlite3_busy_timeout(*out, 5000);
    rc = exec_sql(*out, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                        "PRAGMA foreign_keys=ON;");
    return rc;
}

static int user_version(sqlite3 *db, int *out)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
    if (rc != SQLITE_OK) return sqlite_errno(rc);
    rc = sqlite3_step(s);
    *out = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : sqlite_errno(rc);
}

static int migrate(sqlite3 *db, const char **err_msg)
{
    int version = 0;
    int rc = user_version(db, &version);
    if (rc < 0) return rc;
    if (version > SCHEMA_VERSION) {
        *err_msg = "database schema is newer than this sandpiper";
        return -EPROTO;
    }
    for (int v = version; v < SCHEMA_VERSION; v++) {
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version=%d;", v + 1);
        if ((rc = exec_sql(db, "BEGIN IMMEDIATE")) < 0) return rc;
        if ((rc = exec_sql(db, migrations[v])) < 0 || (rc = exec_sql(db, bump)) < 0) {
            exec_sql(db, "ROLLBACK");
            *err_msg = "schema migration failed";
            return rc;
        }
        if ((rc = exec_sql(db, "COMMIT")) < 0) return rc;
    }
    return 0;
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

static void bind_ms(sqlite3_stmt *s, int i, int64_t ms)
{
    if (ms)
        sqlite3_bind_int64(s, i, ms);
    else
        sqlite3_bind_null(s, i);
}

static void bind_static(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

/* Writer thread: write one record inside the open transaction. The text is bound
 * without a copy (invariant 4): the caller keeps the record until it is told. */
static int write_record(sp_store *st, const sp_exec_record *r)
{
    sqlite3_stmt *s = st->put_stmt;
    sqlite3_bind_text(s, 1, r->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, r->owner ? r->owner : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, r->status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, r->created_ms);
    bind_ms(s, 5, r->started_ms);
    bind_ms(s, 6, r->finished_ms);
    sqlite3_bind_text(s, 7, r->source ? r->source : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, r->stdin_text ? r->stdin_text : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 9, r->limits_json ? r->limits_json : "{}", -1, SQLITE_STATIC);
    bind_static(s, 10, r->result_json);
    if (r->trace_json && st->cfg.max_trace_bytes && strlen(r->trace_json) > st->cfg.max_trace_bytes)
        sqlite3_bind_text(s, 11, "{\"truncated\":true}", -1, SQLITE_STATIC);
    else
        bind_static(s, 11, r->trace_json);
    int rc = sqlite3_step(s);
    sqlite3_reset(s); /* invariant 4 */
    sqlite3_clear_bindings(s);
    return rc == SQLITE_DONE ? 0 : sqlite_errno(rc);
}

static int retention_locked_db(sp_store *st, sqlite3 *db)
{
    int rc = 0;
    char sql[256];
    if (st->cfg.retain_max_age_s > 0) {
        snprintf(sql, sizeof sql,
                 "DELETE FROM executions WHERE created_ms < %lld AND status NOT IN "
                 "('queued','running')",
                 (long long)(now_ms() - st->cfg.retain_max_age_s * 1000));
        rc = exec_sql(db, sql);
    }
    if (rc == 0 && st->cfg.retain_max_count > 0) {
        snprintf(sql, sizeof sql,
                 "DELETE FROM executions WHERE seq <= (SELECT seq FROM executions ORDER BY "
                 "seq DESC LIMIT 1 OFFSET %lld)",
                 (long long)st->cfg.retain_max_count);
        rc = exec_sql(db, sql);
    }
    return rc;
}

/* Take up to MAX_BATCH pending writes off the queue (lock held). */
static pending *take_batch(sp_store *st, pending **last)
{
    pending *first = st->head, *p = first;
    int n = 1;
    while (p->next && n < MAX_BATCH) {
        p = p->next;
        n++;
    }
    st->head = p->next;
    if (!st->head) st->tail = NULL;
    st->queued -= n;
    st->want = 0;
    p->next = NULL;
    *last = p;
    if ((uint64_t)n > st->stats.batch_max) st->stats.batch_max = (uint64_t)n;
    return first;
}

/* Step a prepared statement that returns no rows, and reset it. */
static int step_once(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : sqlite_errno(rc);
}

/* A full disk fails every write: say so in the log, but not for each record.
 * failed: records of the batch just committed that were not written; last_error
 * the -errno of one of them. */
static void log_write_errors(sp_store *st, unsigned failed, int last_error, int64_t t)
{
    if (failed) {
        st->errors_unlogged += failed;
        st->last_error = last_error;
    }
    if (!st->errors_unlogged || t - st->last_error_log_ms < ERROR_LOG_MS) return;
    fprintf(stderr, "sandpiper serve: store: %u record(s) not stored, the last: %s\n",
            st->errors_unlogged, strerror(-st->last_error));
    st->errors_unlogged = 0;
    st->last_error_log_ms = t;
}

static int commit_batch(sp_store *st, pending *batch)
{
    int rc = step_once(st->begin_stmt);
    if (rc < 0) return rc;
    for (pending *p = batch; p; p = p->next) {
        p->rc = write_record(st, p->rec);
        /* A failed row must not poison its neighbours: it reports its own error. */
    }
    rc = step_once(st->commit_stmt);
    if (rc < 0) exec_sql(st->wdb, "ROLLBACK");
    return rc;
}

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool batch_ready(const sp_store *st)
{
    return st->stopping || st->queued >= st->want || st->queued >= MAX_BATCH;
}

/* When more records were announced, give them LINGER_NS to join (lock held). */
static void linger(sp_store *st)
{
    if (batch_ready(st)) return;
    uint64_t deadline = mono_ns() + LINGER_NS;
    struct timespec ts = {(time_t)(deadline / 1000000000u), (long)(deadline % 1000000000u)};
    st->lingering = true;
    while (!batch_ready(st) && pthread_cond_timedwait(&st->work, &st->lock, &ts) == 0)
        ;
    st->lingering = false;
}

/* The writer's WAL hook, after each commit (on the writer thread, st->lock not
 * held): `frames` is the WAL's length. The checkpointer is woken for every
 * CHECKPOINT_FRAMES new frames: a PASSIVE checkpoint beside the commits copies
 * what was committed before it started, so under a steady load the WAL is never
 * entirely copied at the moment a transaction starts, and SQLite never restarts
 * it from the beginning. At CHECKPOINT_FRAMES_MAX the writer finishes the job
 * itself (no commit can slip in): the frames the checkpointer left and the two
 * syncs; its next transaction restarts the WAL. */
static int on_wal_commit(void *arg, sqlite3 *db, const char *name, int frames)
{
    sp_store *st = arg;
    if (frames < st->ck_mark) st->ck_mark = 0; /* the WAL was restarted */
    if (frames >= CHECKPOINT_FRAMES_MAX) {
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        st->ck_mark = 0;
        pthread_mutex_lock(&st->lock);
        st->stats.checkpoints_inline++;
        pthread_mutex_unlock(&st->lock);
    } else if (frames - st->ck_mark >= CHECKPOINT_FRAMES) {
        st->ck_mark = frames;
        pthread_mutex_lock(&st->lock);
        st->ck_wanted = true;
        pthread_cond_signal(&st->ck_work);
        pthread_mutex_unlock(&st->lock);
    }
    return SQLITE_OK;
}

static void *checkpointer_main(void *arg)
{
    sp_store *st = arg;
    pthread_setname_np(pthread_self(), "sp-checkpoint");
    pthread_mutex_lock(&st->lock);
    for (;;) {
        while (!st->ck_wanted && !st->ck_stopping)
            pthread_cond_wait(&st->ck_work, &st->lock);
        if (st->ck_stopping) break; /* sp_store_close checkpoints last */
        st->ck_wanted = false;
        pthread_mutex_unlock(&st->lock);
        sqlite3_wal_checkpoint_v2(st->ckdb, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        /* Under steady load a passive checkpoint never reaches the WAL's end, so
         * SQLite never syncs what it copied into the database file: the writer's
         * own checkpoint at CHECKPOINT_FRAMES_MAX then paid for all of it (a
         * 60-100 ms stall in one commit on a virtual disk). Writing it back here,
         * as it is copied, leaves that sync little to do. */
        if (st->ck_dbfd >= 0) (void)fdatasync(st->ck_dbfd);
        pthread_mutex_lock(&st->lock);
        st->stats.checkpoints++;
    }
    pthread_mutex_unlock(&st->lock);
    return NULL;
}

static void *writer_main(void *arg)
{
    sp_store *st = arg;
    pthread_setname_np(pthread_self(), "sp-store");
    pthread_mutex_lock(&st->lock);
    for (;;) {
        while (!st->head && !st->stopping)
            pthread_cond_wait(&st->work, &st->lock);
        if (!st->head && st->stopping) break;
        linger(st);
        pending *last;
        pending *batch = take_batch(st, &last);
        pthread_mutex_unlock(&st->lock);

        int rc = commit_batch(st, batch);
        int64_t t = now_ms();
        bool run_retention = t - st->last_retention_ms > 60000;

        pthread_mutex_lock(&st->lock);
        st->stats.commits++;
        pending *callbacks = NULL, **cb_tail = &callbacks;
        bool woke = false;
        unsigned failed = 0;
        int last_error = 0;
        for (pending *p = batch, *next; p; p = next) {
            next = p->next;
            if (rc < 0) p->rc = rc;
            if (p->rc < 0) {
                st->stats.write_errors++;
                failed++;
                last_error = p->rc;
            } else {
                st->stats.records_written++;
            }
            if (p->done) { /* asynchronous: ours until its callback runs */
                *cb_tail = p;
                cb_tail = &p->next;
                p->next = NULL;
            } else {
                p->finished = true; /* invariant 2: p may be freed by its waiter now */
                woke = true;
            }
        }
        if (woke) pthread_cond_broadcast(&st->done);
        if (failed || st->errors_unlogged) { /* rare: only while writes fail */
            pthread_mutex_unlock(&st->lock);
            log_write_errors(st, failed, last_error, t);
            pthread_mutex_lock(&st->lock);
        }
        if (callbacks) {
            pthread_mutex_unlock(&st->lock);
            for (pending *p = callbacks, *next; p; p = next) {
                next = p->next;
                p->done(p, p->rc); /* may free p */
            }
            pthread_mutex_lock(&st->lock);
        }
        if (run_retention) {
            st->last_retention_ms = t;
            pthread_mutex_unlock(&st->lock);
            retention_locked_db(st, st->wdb);
            pthread_mutex_lock(&st->lock);
        }
    }
    pthread_mutex_unlock(&st->lock);
    return NULL;
}

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out)
{
    return sqlite_errno(sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL));
}

static int prepare_all(sp_store *st)
{
    int rc =
        prepare(st->wdb,
                "INSERT INTO executions(id, owner, status, created_ms, started_ms, finished_ms,"
                " source, stdin, limits, result, trace) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"
                " ON CONFLICT(id) DO UPDATE SET status=excluded.status,"
                " started_ms=excluded.started_ms, finished_ms=excluded.finished_ms,"
                " result=excluded.result, trace=excluded.trace",
                &st->put_stmt);
    if (rc == 0) rc = prepare(st->wdb, "BEGIN IMMEDIATE", &st->begin_stmt);
    if (rc == 0) rc = prepare(st->wdb, "COMMIT", &st->commit_stmt);
    if (rc == 0)
        rc = prepare(st->rdb,
                     "SELECT seq,id,owner,status,created_ms,started_ms,finished_ms,source,stdin,"
                     "limits,result,trace FROM executions WHERE id=?1 AND (?2 IS NULL OR owner=?2)",
                     &st->get_stmt);
    if (rc == 0)
        rc = prepare(st->rdb,
                     "SELECT seq,id,owner,status,created_ms,started_ms,finished_ms,limits,result"
                     " FROM executions WHERE (?1 IS NULL OR owner=?1) AND (?2 IS NULL OR "
                     "status=?2) AND (?3 = 0 OR seq < ?3) ORDER BY seq DESC LIMIT ?4",
                     &st->list_stmt);
    return rc;
}

static void finalize_all(sp_store *st)
{
    sqlite3_stmt **all[] = {&st->put_stmt, &st->begin_stmt, &st->commit_stmt, &st->get_stmt,
                            &st->list_stmt};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        sqlite3_finalize(*all[i]); /* NULL is a no-op */
        *all[i] = NULL;
    }
}

static void stop_checkpointer(sp_store *st)
{
    if (!st->checkpointer_started) return;
    pthread_mutex_lock(&st->lock);
    st->ck_stopping = true;
    pthread_cond_signal(&st->ck_work);
    pthread_mutex_unlock(&st->lock);
    pthread_join(st->checkpointer, NULL);
    st->checkpointer_started = false;
}

int sp_store_open(const sp_store_config *cfg, sp_store **out, const char **err_msg)
{
    static const char *unused;
    if (!err_msg) err_msg = &unused;
    *err_msg = "cannot open the database";
    sp_store *st = calloc(1, sizeof *st);
    if (!st) return -ENOMEM;
    st->cfg = *cfg;
    st->path = strdup(cfg->path);
    st->cfg.path = st->path;
    pthread_mutex_init(&st->read_lock, NULL);
    pthread_mutex_init(&st->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* linger()'s deadline */
    pthread_cond_init(&st->work, &ca);
    pthread_condattr_destroy(&ca);
    pthread_cond_init(&st->done, NULL);
    pthread_cond_init(&st->ck_work, NULL);
    st->last_retention_ms = 0;

    int rc = open_connection(st->path, &st->wdb);
    if (rc == 0) rc = migrate(st->wdb, err_msg);
    if (rc == 0) rc = open_connection(st->path, &st->rdb);
    if (rc == 0) rc = open_connection(st->path, &st->ckdb);
    st->ck_dbfd = rc == 0 ? open(st->path, O_RDONLY | O_CLOEXEC) : -1; /* best effort */
    if (rc == 0) rc = prepare_all(st);
    if (rc == 0) {
        /* replaces SQLite's automatic checkpoint (see "Checkpoints" above) */
        sqlite3_wal_hook(st->wdb, on_wal_commit, st);
        if (pthread_create(&st->checkpointer, NULL, checkpointer_main, st) != 0) rc = -EAGAIN;
        st->checkpointer_started = rc == 0;
    }
    if (rc == 0 && pthread_create(&st->writer, NULL, writer_main, st) != 0) rc = -EAGAIN;
    if (rc < 0) {
        stop_checkpointer(st);
        finalize_all(st);
        sqlite3_close(st->wdb);
        sqlite3_close(st->rdb);
        sqlite3_close(st->ckdb);
        if (st->ck_dbfd >= 0) close(st->ck_dbfd);
        free(st->path);
        free(st);
        return rc;
    }
    *err_msg = NULL;
    *out = st;
    return 0;
}

void sp_store_close(sp_store *st)
{
    if (!st) return;
    pthread_mutex_lock(&st->lock);
    st->stopping = true;
    pthread_cond_signal(&st->work);
    pthread_mutex_unlock(&st->lock);
    pthread_join(st->writer, NULL);
    stop_checkpointer(st);
    if (st->ck_dbfd >= 0) close(st->ck_dbfd);
    finalize_all(st);
    exec_sql(st->wdb, "PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_close(st->wdb);
    sqlite3_close(st->rdb);
    sqlite3_close(st->ckdb);
    pthread_mutex_destroy(&st->read_lock);
    pthread_mutex_destroy(&st->lock);
    pthread_cond_destroy(&st->work);
    pthread_cond_destroy(&st->done);
    pthread_cond_destroy(&st->ck_work);
    free(st->path);
    free(st);
}

/* Append p to the queue (lock held); false when the store is closing. */
static bool enqueue_locked(sp_store *st, pending *p)
{
    if (st->stopping) return false;
    p->next = NULL;
    p->rc = 0;
    p->finished = false;
    if (st->tail)
        st->tail->next = p;
    else
        st->head = p;
    st->tail = p;
    st->queued++;
    if (p->batch_hint > st->want) st->want = p->batch_hint > MAX_BATCH ? MAX_BATCH : p->batch_hint;
    if (!st->lingering || batch_ready(st)) pthread_cond_signal(&st->work); /* invariant 5 */
    return true;
}

int sp_store_put(sp_store *st, const sp_exec_record *rec)
{
    pending p = {.rec = rec};
    pthread_mutex_lock(&st->lock);
    if (!enqueue_locked(st, &p)) {
        pthread_mutex_unlock(&st->lock);
        return -ESHUTDOWN;
    }
    while (!p.finished)
        pthread_cond_wait(&st->done, &st->lock);
    pthread_mutex_unlock(&st->lock);
    return p.rc;
}

int sp_store_put_async(sp_store *st, sp_store_write *w)
{
    assert(w->done && w->rec);
    pthread_mutex_lock(&st->lock);
    bool queued = enqueue_locked(st, w);
    pthread_mutex_unlock(&st->lock);
    return queued ? 0 : -ESHUTDOWN;
}

static char *column_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? strdup((const char *)t) : NULL;
}

/* Columns: seq,id,owner,status,created,started,finished[,source,stdin,limits,result,trace] */
static void row_to_record(sqlite3_stmt *s, sp_exec_record *r, bool full)
{
    memset(r, 0, sizeof *r);
    r->seq = sqlite3_column_int64(s, 0);
    r->id = column_dup(s, 1);
    r->owner = column_dup(s, 2);
    r->status = column_dup(s, 3);
    r->created_ms = sqlite3_column_int64(s, 4);
    r->started_ms = sqlite3_column_int64(s, 5);
    r->finished_ms = sqlite3_column_int64(s, 6);
    if (full) {
        r->source = column_dup(s, 7);
        r->stdin_text = column_dup(s, 8);
        r->limits_json = column_dup(s, 9);
        r->result_json = column_dup(s, 10);
        r->trace_json = column_dup(s, 11);
    } else {
        r->limits_json = column_dup(s, 7);
        r->result_json = column_dup(s, 8);
    }
}

int sp_store_get(sp_store *st, const char *id, const char *owner, sp_exec_record *out)
{
    sqlite3_stmt *s = st->get_stmt;
    int rc = 0;
    pthread_mutex_lock(&st->read_lock);
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    bind_text_or_null(s, 2, owner);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        row_to_record(s, out, true);
    else
        rc = step == SQLITE_DONE ? -ENOENT : sqlite_errno(step);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    pthread_mutex_unlock(&st->read_lock);
    return rc;
}

int sp_store_list(sp_store *st, const char *owner, const char *status, int64_t before_seq,
                  int limit, sp_exec_record **out)
{
    *out = NULL;
    if (limit <= 0) return 0;
    sp_exec_record *recs = calloc((size_t)limit, sizeof *recs);
    if (!recs) return -ENOMEM;
    sqlite3_stmt *s = st->list_stmt;
    int n = 0, rc = 0;
    pthread_mutex_lock(&st->read_lock);
    bind_text_or_null(s, 1, owner);
    bind_text_or_null(s, 2, status);
    sqlite3_bind_int64(s, 3, before_seq);
    sqlite3_bind_int(s, 4, limit);
    int step = SQLITE_DONE;
    while (n < limit && (step = sqlite3_step(s)) == SQLITE_ROW)
        row_to_record(s, &recs[n++], false);
    if (n < limit && step != SQLITE_DONE) rc = sqlite_errno(step);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    pthread_mutex_unlock(&st->read_lock);
    if (rc < 0) {
        sp_exec_records_free(recs, n);
        return rc;
    }
    *out = recs;
    return n;
}

/* Deletes and recovery are rare: they use the read connection under its lock
 * (WAL serialises them with the writer through SQLite's own locking). */
static int exec_changes(sp_store *st, const char *sql, const char *a, const char *b, int *changes)
{
    sqlite3_stmt *s = NULL;
    pthread_mutex_lock(&st->read_lock);
    int rc = sqlite_errno(sqlite3_prepare_v2(st->rdb, sql, -1, &s, NULL));
    if (rc == 0) {
        bind_text_or_null(s, 1, a);
        bind_text_or_null(s, 2, b);
        int step = sqlite3_step(s);
        rc = step == SQLITE_DONE ? 0 : sqlite_errno(step);
        *changes = sqlite3_changes(st->rdb);
    }
    sqlite3_finalize(s);
    pthread_mutex_unlock(&st->read_lock);
    return rc;
}

int sp_store_delete(sp_store *st, const char *id, const char *owner)
{
    int changes = 0;
    int rc = exec_changes(st, "DELETE FROM executions WHERE id=?1 AND (?2 IS NULL OR owner=?2)", id,
                          owner, &changes);
    if (rc < 0) return rc;
    return changes ? 0 : -ENOENT;
}

int sp_store_recover(sp_store *st)
{
    int changes = 0;
    int rc = exec_changes(
        st,
        "UPDATE executions SET status='internal_error', finished_ms=CAST(strftime('%s','now') AS "
        "INTEGER)*1000, result=json_object('status','internal_error','error',"
        "'the daemon stopped before this run finished') WHERE status IN ('queued','running')",
        NULL, NULL, &changes);
    return rc < 0 ? rc : changes;
}

int sp_store_enforce_retention(sp_store *st)
{
    pthread_mutex_lock(&st->read_lock);
    int rc = retention_locked_db(st, st->rdb);
    pthread_mutex_unlock(&st->read_lock);
    return rc;
}

void sp_exec_record_free(sp_exec_record *r)
{
    if (!r) return;
    free(r->id);
    free(r->owner);
    free(r->status);
    free(r->source);
    free(r->stdin_text);
    free(r->limits_json);
    free(r->result_json);
    free(r->trace_json);
    memset(r, 0, sizeof *r);
}

void sp_exec_records_free(sp_exec_record *recs, int n)
{
    for (int i = 0; i < n; i++)
        sp_exec_record_free(&recs[i]);
    free(recs);
}

void sp_store_get_stats(sp_store *st, sp_store_stats *out)
{
    pthread_mutex_lock(&st->lock);
    *out = st->stats;
    pthread_mutex_unlock(&st->lock);
}
