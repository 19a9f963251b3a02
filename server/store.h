/*
 * store.h — executions persisted in SQLite (the daemon process only; never across
 * a fork).
 *
 * Design overview
 * ---------------
 * One writer thread owns the write connection and commits in batches (group
 * commit): a caller hands over a record and either blocks until the batch that
 * holds it is committed (sp_store_put) or is called back after it (sp_store_put_async:
 * a run worker goes on with the next run meanwhile, and the batches grow with the
 * load). Either way an acknowledged execution survives a SIGKILL of the daemon while
 * many concurrent runs share one fsync-free WAL commit
 * (journal_mode=WAL, synchronous=NORMAL: durable against process crashes; a power
 * loss may lose the last batches, which we document).
 * Reads go through a second connection guarded by a mutex (WAL lets them run
 * beside the writer).
 *
 * The schema is versioned (PRAGMA user_version) and migrated at open; it is
 * documented in docs/storage.md so `sqlite3 sandpiper.db` answers questions
 * directly.
 */
#ifndef SP_STORE_H
#define SP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sp_store sp_store;

/* One execution as stored. Strings are owned by the record (malloc'd) when returned
 * by the store, borrowed when passed in. JSON columns hold JSON text. */
typedef struct sp_exec_record {
    char *id;                                    /* "ex_" + 24 hex characters */
    char *owner;                                 /* key id ("" when keys are off) */
    char *status;                                /* queued | running | a verdict */
    int64_t created_ms, started_ms, finished_ms; /* Unix epoch ms; 0 = not yet */
    char *source;
    char *stdin_text;
    char *limits_json;
    char *result_json; /* NULL until finished */
    char *trace_json;  /* stages, line profile, steps; NULL until finished */
    int64_t seq;       /* rowid: the pagination cursor */
} sp_exec_record;

typedef struct sp_store_config {
    const char *path;         /* SQLite file, created if missing */
    int64_t retain_max_count; /* 0: unlimited */
    int64_t retain_max_age_s; /* 0: unlimited */
    size_t max_trace_bytes;   /* traces larger than this are cut (stored flagged) */
} sp_store_config;

/* Open (create/migrate) the database and start the writer thread. 0 or -errno;
 * on failure *err_msg (static or malloc'd? static) says why. */
int sp_store_open(const sp_store_config *cfg, sp_store **out, const char **err_msg);
/* Flush pending writes, stop the writer, close. */
void sp_store_close(sp_store *st);

/* Insert or replace a record (by id); blocks until committed. 0 or -errno. */
int sp_store_put(sp_store *st, const sp_exec_record *rec);

/* An asynchronous insert-or-replace, embedded in its owner (intrusive: queueing
 * allocates nothing). The record and its strings are borrowed until `done`. */
typedef struct sp_store_write {
    struct sp_store_write *next;
    const sp_exec_record *rec;
    /* Called once, on the writer thread, after the batch holding the record
     * committed (rc 0) or failed (-errno); may free the write and the record.
     * Keep it short: the next batch waits for it. */
    void (*done)(struct sp_store_write *w, int rc);
    /* Records the caller expects in this batch, itself included (e.g. runs in
     * progress): the writer waits up to 2 ms for that many before it commits.
     * 0 or 1: commit at once. */
    int batch_hint;
    int rc;        /* store.c's */
    bool finished; /* store.c's: a blocking put's wake-up condition */
} sp_store_write;

/* Queue w (w->rec and w->done set by the caller); returns at once. 0, or
 * -ESHUTDOWN when the store is closing (then done is never called). */
int sp_store_put_async(sp_store *st, sp_store_write *w);

/* Look one up. owner NULL: any owner. 0, -ENOENT, or -errno. */
int sp_store_get(sp_store *st, const char *id, const char *owner, sp_exec_record *out);

/* Newest first: up to `limit` records with seq < before_seq (0: from the newest),
 * optionally only those with `status`. Returns the count (>= 0) or -errno; *out is
 * a malloc'd array the caller frees with sp_exec_records_free. Records in listings
 * carry no source/stdin/trace (summary only). */
int sp_store_list(sp_store *st, const char *owner, const char *status, int64_t before_seq,
                  int limit, sp_exec_record **out);

/* Delete; 0, -ENOENT or -errno. */
int sp_store_delete(sp_store *st, const char *id, const char *owner);

/* Apply the retention policy now (the writer also does it periodically). */
int sp_store_enforce_retention(sp_store *st);

/* Records left 'queued' or 'running' by a previous process (after a crash):
 * marks them internal_error with a message. Returns how many. */
int sp_store_recover(sp_store *st);

void sp_exec_record_free(sp_exec_record *rec);
void sp_exec_records_free(sp_exec_record *recs, int n);

/* Statistics for /metrics. */
typedef struct sp_store_stats {
    uint64_t commits, records_written, write_errors;
    uint64_t batch_max;
    uint64_t checkpoints;        /* by the checkpointer thread */
    uint64_t checkpoints_inline; /* by the writer: the WAL outgrew the checkpointer */
} sp_store_stats;
void sp_store_get_stats(sp_store *st, sp_store_stats *out);

#endif
