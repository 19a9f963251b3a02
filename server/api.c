/*
 * api.c — the /v1 routes: executions (create, get, list, delete, trace), health,
 * info, metrics, the OpenAPI document and analysis.
 *
 * Life of POST /v1/executions
 *   parse + validate body (400/415/422) -> exec_job allocated ->
 *   wait=true : pool_submit (503 when full) -> worker: sb_run -> result text ->
 *               store_put_async -> (writer thread, batch committed) job_stored: 201
 *   wait=false: store_put(queued) -> pool_submit (503 when full, record removed) -> 202
 *               worker: sb_run -> store_put_async(final) -> job_stored
 * POST /v1/analyze: parse + validate body -> analyze_job -> pool_submit (503 when
 *   full, exactly as an execution) -> worker: three sb_run (tokens, ast, dis) -> 200.
 *   Not stored. No route makes a sandbox run on an HTTP thread.
 * An exec_job is owned by the request until it is submitted, then by the pool's
 * worker, then by the store write until job_stored frees it (after `done` for
 * wait=true). The worker does not wait for the commit: it takes the next run
 * while the writer commits, and holds the pool (sp_pool_hold) so that draining
 * waits for the completion.
 *
 * The result is serialised once, in parts (result_json.h), and the response, the
 * stored result and the stored trace are assembled from them: no jansson tree, no
 * second dump. The response differs from the stored result only by the `store`
 * stage's duration (known after the commit), "trace" and "id".
 */
#include "api.h"

#include <assert.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "result_json.h"
#include "sandbox.h"
#include "version.h"

extern const char sp_openapi_yaml[];
extern const size_t sp_openapi_yaml_len;

#define DURATION_BUCKETS 10
static const double duration_bounds_ms[DURATION_BUCKETS] = {1,  2.5, 5,   10,   25,
                                                            50, 100, 250, 1000, 10000};

typedef struct metrics {
    atomic_ullong runs[SB_INTERNAL_ERROR + 1];
    atomic_ullong duration_bucket[DURATION_BUCKETS + 1];
    atomic_ullong duration_sum_us;
    atomic_ullong http[6]; /* by status class 1xx..5xx */
    atomic_ullong rejected_full;
} metrics;

struct sp_service {
    sp_serve_config cfg;
    sp_store *store;
    sp_pool *pool;
    sp_keyring *keys;
    metrics m;
    json_t *layers;             /* protection layers, probed once at start */
    void (*sandbox_down)(void); /* sp_service_on_sandbox_down */
};

typedef struct exec_job {
    sp_job job;
    sp_service *svc;
    char id[32];
    char owner[64];
    char *source, *stdin_text;
    size_t source_len, stdin_len;
    sb_limits limits;
    sb_trace_mode trace;
    uint32_t step_limit;
    sb_mode mode; /* run, or an analysis */
    bool wait;
    int64_t created_ms;
    char *limits_json;
    /* wait=true: where the answer goes */
    sp_api_response *resp;
    void (*done)(void *ctx);
    void *done_ctx;
    /* after the run: the record being stored and the response around the `store`
     * stage's duration (resp_front + duration + resp_back) */
    sp_store_write write;
    sp_exec_record rec;
    char *result_text, *trace_text;
    sp_jbuf resp_front, resp_back;
    uint64_t store_start_ns; /* CLOCK_MONOTONIC when the record was handed over */
} exec_job;

/* ---- small helpers --------------------------------------------------------- */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static json_t *iso_time(int64_t ms)
{
    if (!ms) return json_null();
    time_t s = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&s, &tm);
    char buf[96];
    snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
    return json_string(buf);
}

/* n random bytes (n <= 12). getrandom() is called for 64 ids at a time (a
 * per-thread pool: one system call less per request; the bytes are the same
 * kernel CSPRNG output). */
static void random_bytes(unsigned char *out, size_t n)
{
    static __thread unsigned char pool[12 * 64];
    static __thread size_t left;
    assert(n <= 12);
    if (left < n) {
        if (getrandom(pool, sizeof pool, 0) == (ssize_t)sizeof pool) {
            left = sizeof pool;
        } else {
            /* getrandom never fails for this size after boot; keep ids unique anyway */
            uint64_t t = sp_monotonic_ns() ^ (uint64_t)(uintptr_t)out;
            memset(out, 0, n);
            memcpy(out, &t, n < 8 ? n : 8);
            return;
        }
    }
    left -= n;
    memcpy(out, pool + left, n);
    memset(pool + left, 0, n); /* a used id's bytes do not linger */
}

/* "ex_" + 24 hex digits: 5 bytes of the creation time in milliseconds (big-endian,
 * wrapping every 34 years), then 7 random bytes (56 bits: two ids of the same
 * millisecond collide with probability 2^-56). Time first so that the ids of
 * consecutive executions are neighbours in the store's unique index on id: a
 * batch of inserts then dirties one or two leaf pages of it instead of one random
 * page per record (half of the WAL pages written per commit, and their
 * checkpointing). The ids stay unguessable, as before: what they do not hide any
 * more is the creation time, which the record shows anyway. */
static void new_id(char out[32], int64_t created_ms)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char r[12];
    for (int i = 0; i < 5; i++)
        r[i] = (unsigned char)((uint64_t)created_ms >> (8 * (4 - i)));
    random_bytes(r + 5, 7);
    memcpy(out, "ex_", 3);
    for (int i = 0; i < 12; i++) {
        out[3 + 2 * i] = hex[r[i] >> 4];
        out[4 + 2 * i] = hex[r[i] & 15];
    }
    out[27] = 0;
}

static void set_body(sp_api_response *resp, int status, char *body, const char *type)
{
    free(resp->body);
    resp->status = status;
    resp->body = body;
    resp->body_len = body ? strlen(body) : 0;
    resp->content_type = type;
}

/* Consumes j. */
static void respond_json(sp_api_response *resp, int status, json_t *j)
{
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!text) {
        set_body(resp, 500,
                 strdup("{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}"),
                 "application/json");
        return;
    }
    set_body(resp, status, text, "application/json");
}

void sp_api_error(sp_api_response *resp, int status, const char *code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    respond_json(resp, status, json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", msg));
}

void sp_api_response_free(sp_api_response *resp)
{
    free(resp->body);
    resp->body = NULL;
}

void sp_api_count_http(sp_service *svc, int status)
{
    int cls = status / 100;
    if (cls >= 1 && cls <= 5) atomic_fetch_add(&svc->m.http[cls], 1);
}

/* ---- request validation ------------------------------------------------------ */

static bool is_json_content_type(const char *ct)
{
    if (!ct) return false;
    size_t n = strlen("application/json");
    return strncasecmp(ct, "application/json", n) == 0 &&
           (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

/* Parse the body as a JSON object: 0, or an error response. */
static int parse_body(const sp_api_request *req, sp_api_response *resp, json_t **out)
{
    if (!is_json_content_type(req->content_type)) {
        sp_api_error(resp, 415, "unsupported_media_type",
                     "the body must be JSON (Content-Type: application/json)");
        return -1;
    }
    json_error_t err;
    json_t *j = json_loadb(req->body ? req->body : "", req->body_len,
                           JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
    if (!j) {
        bool utf8 = json_error_code(&err) == json_error_invalid_utf8;
        sp_api_error(resp, 400, utf8 ? "invalid_utf8" : "malformed_json",
                     "%s%s at line %d column %d",
                     utf8 ? "the body is not valid UTF-8: " : "malformed JSON: ", err.text,
                     err.line, err.column);
        return -1;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        sp_api_error(resp, 400, "invalid_body", "the body must be a JSON object");
        return -1;
    }
    *out = j;
    return 0;
}

typedef struct limit_key {
    const char *name;
    size_t offset;
} limit_key;

static const limit_key limit_keys[] = {
    {"wall_ms", offsetof(sb_limits, wall_ms)},
    {"cpu_ms", offsetof(sb_limits, cpu_ms)},
    {"memory_kb", offsetof(sb_limits, memory_kb)},
    {"output_kb", offsetof(sb_limits, output_kb)},
    {"instructions", offsetof(sb_limits, instructions)},
};

static int parse_limits(json_t *lj, sb_limits *out, sp_api_response *resp)
{
    *out = sb_limits_default();
    if (!lj || json_is_null(lj)) return 0;
    if (!json_is_object(lj)) {
        sp_api_error(resp, 400, "invalid_field", "'limits' must be an object");
        return -1;
    }
    const char *key;
    json_t *v;
    json_object_foreach(lj, key, v)
    {
        const limit_key *k = NULL;
        for (size_t i = 0; i < sizeof limit_keys / sizeof limit_keys[0]; i++)
            if (strcmp(limit_keys[i].name, key) == 0) k = &limit_keys[i];
        if (!k) {
            sp_api_error(resp, 422, "unknown_limit",
                         "unknown limit '%s' (known: wall_ms, cpu_ms, memory_kb, output_kb, "
                         "instructions)",
                         key);
            return -1;
        }
        if (!json_is_integer(v)) {
            sp_api_error(resp, 400, "invalid_field", "limit '%s' must be an integer", key);
            return -1;
        }
        json_int_t n = json_integer_value(v);
        if (n < 0) {
            sp_api_error(resp, 422, "limit_out_of_range", "limit '%s' must not be negative", key);
            return -1;
        }
        *(uint64_t *)((char *)out + k->offset) = (uint64_t)n;
    }
    const char *msg = sb_limits_validate(out);
    if (msg) {
        sp_api_error(resp, 422, "limit_out_of_range", "%s", msg);
        return -1;
    }
    return 0;
}

/* The limits as stored: the same keys and order as limits_json(). */
static char *limits_text(const sb_limits *l)
{
    char buf[256];
    snprintf(buf, sizeof buf,
             "{\"wall_ms\":%llu,\"cpu_ms\":%llu,\"memory_kb\":%llu,\"output_kb\":%llu,"
             "\"instructions\":%llu}",
             (unsigned long long)l->wall_ms, (unsigned long long)l->cpu_ms,
             (unsigned long long)l->memory_kb, (unsigned long long)l->output_kb,
             (unsigned long long)l->instructions);
    return strdup(buf);
}

static json_t *limits_json(const sb_limits *l)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I}", "wall_ms", (json_int_t)l->wall_ms, "cpu_ms",
                     (json_int_t)l->cpu_ms, "memory_kb", (json_int_t)l->memory_kb, "output_kb",
                     (json_int_t)l->output_kb, "instructions", (json_int_t)l->instructions);
}

static const char *const exec_fields[] = {"source",     "stdin", "limits", "trace",
                                          "step_limit", "wait",  NULL};

static int check_fields(json_t *body, const char *const *allowed, sp_api_response *resp)
{
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        bool ok = false;
        for (int i = 0; allowed[i]; i++)
            ok |= strcmp(allowed[i], key) == 0;
        if (!ok) {
            sp_api_error(resp, 400, "unknown_field", "unknown field '%s'", key);
            return -1;
        }
    }
    return 0;
}

static int get_string(json_t *body, const char *name, bool required, const char **s, size_t *n,
                      sp_api_response *resp)
{
    json_t *v = json_object_get(body, name);
    if (!v || json_is_null(v)) {
        if (required) {
            sp_api_error(resp, 400, "missing_field", "'%s' is required", name);
            return -1;
        }
        *s = "";
        *n = 0;
        return 0;
    }
    if (!json_is_string(v)) {
        sp_api_error(resp, 400, "invalid_field", "'%s' must be a string", name);
        return -1;
    }
    *s = json_string_value(v);
    *n = json_string_length(v);
    return 0;
}

static void exec_job_free(exec_job *j)
{
    if (!j) return;
    free(j->source);
    free(j->stdin_text);
    free(j->limits_json);
    free(j->result_text);
    free(j->trace_text);
    sp_jbuf_free(&j->resp_front);
    sp_jbuf_free(&j->resp_back);
    free(j);
}

/* Build a job from a validated body; NULL with an error response otherwise. */
static exec_job *job_from_body(sp_service *svc, json_t *body, const char *owner,
                               sp_api_response *resp)
{
    const char *src, *in;
    size_t src_len, in_len;
    sb_limits limits;
    if (check_fields(body, exec_fields, resp) < 0 ||
        get_string(body, "source", true, &src, &src_len, resp) < 0 ||
        get_string(body, "stdin", false, &in, &in_len, resp) < 0 ||
        parse_limits(json_object_get(body, "limits"), &limits, resp) < 0)
        return NULL;
    json_t *trace = json_object_get(body, "trace");
    sb_trace_mode mode = SB_TRACE_STAGES;
    if (trace && !json_is_null(trace)) {
        const char *t = json_string_value(trace);
        if (!t || (strcmp(t, "stages") != 0 && strcmp(t, "steps") != 0)) {
            sp_api_error(resp, 400, "invalid_field", "'trace' must be \"stages\" or \"steps\"");
            return NULL;
        }
        mode = strcmp(t, "steps") == 0 ? SB_TRACE_STEPS : SB_TRACE_STAGES;
    }
    json_t *steps = json_object_get(body, "step_limit");
    uint32_t step_limit = 1000;
    if (steps && !json_is_null(steps)) {
        if (!json_is_integer(steps)) {
            sp_api_error(resp, 400, "invalid_field", "'step_limit' must be an integer");
            return NULL;
        }
        json_int_t n = json_integer_value(steps);
        if (n < 1 || n > (json_int_t)svc->cfg.max_steps) {
            sp_api_error(resp, 422, "limit_out_of_range", "'step_limit' must be in 1..%u",
                         svc->cfg.max_steps);
            return NULL;
        }
        step_limit = (uint32_t)n;
    }
    json_t *wait = json_object_get(body, "wait");
    if (wait && !json_is_boolean(wait) && !json_is_null(wait)) {
        sp_api_error(resp, 400, "invalid_field", "'wait' must be a boolean");
        return NULL;
    }
    exec_job *j = calloc(1, sizeof *j);
    if (!j) goto oom;
    j->svc = svc;
    j->created_ms = now_ms();
    new_id(j->id, j->created_ms);
    snprintf(j->owner, sizeof j->owner, "%s", owner);
    j->source = malloc(src_len + 1);
    j->stdin_text = malloc(in_len + 1);
    j->limits_json = limits_text(&limits);
    if (!j->source || !j->stdin_text || !j->limits_json) goto oom;
    memcpy(j->source, src, src_len + 1);
    memcpy(j->stdin_text, in, in_len + 1);
    j->source_len = src_len;
    j->stdin_len = in_len;
    j->limits = limits;
    j->trace = mode;
    j->step_limit = step_limit;
    j->mode = SB_MODE_RUN;
    j->wait = !wait || json_is_null(wait) || json_is_true(wait);
    return j;
oom:
    exec_job_free(j);
    sp_api_error(resp, 500, "internal", "out of memory");
    return NULL;
}

/* ---- running ------------------------------------------------------------------ */

static void count_run(sp_service *svc, const sb_result *r)
{
    if ((int)r->verdict >= 0 && r->verdict <= SB_INTERNAL_ERROR)
        atomic_fetch_add(&svc->m.runs[r->verdict], 1);
    double ms = (double)r->wall_us / 1000.0;
    int b = 0;
    while (b < DURATION_BUCKETS && ms > duration_bounds_ms[b])
        b++;
    atomic_fetch_add(&svc->m.duration_bucket[b], 1);
    atomic_fetch_add(&svc->m.duration_sum_us, r->wall_us);
}

/* The stored result, the stored trace and the response's two halves, from the
 * parts. `store` is the last stage; its duration is null in the stored copies
 * (it is being measured) and filled in the response. 0 or -ENOMEM. */
static int assemble(exec_job *j, const sp_result_parts *p)
{
    sp_jbuf stages = {0}, result = {0}, trace = {0};
    /* "[…,{"name":"store","start_ms":X,"duration_ms":" — shared by all three */
    sp_jbuf_put(&stages, "[", 1);
    sp_jbuf_put(&stages, p->stages.s, p->stages.len);
    sp_jbuf_puts(&stages, p->stages.len ? ",{\"name\":\"store\",\"start_ms\":"
                                        : "{\"name\":\"store\",\"start_ms\":");
    sp_jbuf_ms(&stages, p->stages_end_ns);
    sp_jbuf_puts(&stages, ",\"duration_ms\":");

    sp_jbuf *f = &j->resp_front, *b = &j->resp_back;
    sp_jbuf_put(f, p->head.s, p->head.len);
    sp_jbuf_puts(f, ",\"stages\":");
    sp_jbuf_put(f, stages.s, stages.len);
    sp_jbuf_put(&result, f->s, f->len); /* the stored result starts the same */
    sp_jbuf_puts(&result, "null}]");
    sp_jbuf_puts(b, ",\"persisted\":true}]");
    /* from "stats" on, the stored result and the response agree up to "trace" */
    size_t tail_from = b->len;
    sp_jbuf_puts(b, ",\"stats\":");
    sp_jbuf_put(b, p->stats.s, p->stats.len);
    sp_jbuf_puts(b, ",\"line_profile\":");
    sp_jbuf_put(b, p->lines.s, p->lines.len);
    sp_jbuf_put(&result, b->s + tail_from, b->len - tail_from);
    if (p->has_steps) {
        const char *truncated = p->steps_truncated ? "true" : "false";
        sp_jbuf_puts(b, ",\"trace\":");
        sp_jbuf_put(b, p->steps.s, p->steps.len);
        sp_jbuf_puts(b, ",\"trace_truncated\":");
        sp_jbuf_puts(b, truncated);
        sp_jbuf_puts(&result, ",\"trace_truncated\":"); /* the steps themselves: trace only */
        sp_jbuf_puts(&result, truncated);
    }
    sp_jbuf_puts(b, ",\"id\":");
    sp_jbuf_str(b, j->id, strlen(j->id));
    sp_jbuf_put(b, "}", 1);
    sp_jbuf_put(&result, "}", 1);

    sp_jbuf_puts(&trace, "{\"stages\":");
    sp_jbuf_put(&trace, stages.s, stages.len);
    sp_jbuf_puts(&trace, "null}],\"line_profile\":");
    sp_jbuf_put(&trace, p->lines.s, p->lines.len);
    sp_jbuf_puts(&trace, ",\"steps\":");
    if (p->has_steps) {
        sp_jbuf_put(&trace, p->steps.s, p->steps.len);
        sp_jbuf_puts(&trace, ",\"steps_truncated\":");
        sp_jbuf_puts(&trace, p->steps_truncated ? "true" : "false");
    } else {
        sp_jbuf_puts(&trace, "null");
    }
    sp_jbuf_put(&trace, "}", 1);

    bool oom = stages.oom || result.oom || trace.oom || f->oom || b->oom;
    sp_jbuf_free(&stages);
    j->result_text = result.s; /* the buffers' text is handed over */
    j->trace_text = trace.s;
    if (oom) {
        free(result.s), free(trace.s);
        j->result_text = j->trace_text = NULL;
        return -ENOMEM;
    }
    return 0;
}

/* The writer committed (or failed) the record: answer, then let go of the job. */
static void job_stored(sp_store_write *w, int rc)
{
    exec_job *j = (exec_job *)((char *)w - offsetof(exec_job, write));
    sp_pool *pool = j->svc->pool;
    uint64_t store_ns = sp_monotonic_ns() - j->store_start_ns;
    if (!j->wait) {
        exec_job_free(j);
        sp_pool_release(pool);
        return;
    }
    sp_api_response *resp = j->resp;
    if (rc < 0) {
        sp_api_error(resp, 500, "store_failed", "the run finished but could not be stored: %s",
                     strerror(-rc));
    } else {
        sp_jbuf body = {0};
        sp_jbuf_put(&body, j->resp_front.s, j->resp_front.len);
        sp_jbuf_ms(&body, store_ns);
        sp_jbuf_put(&body, j->resp_back.s, j->resp_back.len);
        if (body.oom) {
            sp_jbuf_free(&body);
            sp_api_error(resp, 500, "internal", "out of memory");
        } else {
            snprintf(resp->location, sizeof resp->location, "/v1/executions/%s", j->id);
            free(resp->body);
            resp->status = 201;
            resp->body = body.s;
            resp->body_len = body.len;
            resp->content_type = "application/json";
        }
    }
    void (*done)(void *) = j->done;
    void *ctx = j->done_ctx;
    exec_job_free(j);
    done(ctx); /* the request may be gone after this */
    sp_pool_release(pool);
}

/* A job that could not be handed to the store: answer (wait=true) and free it. */
static void job_failed(exec_job *j, int status, const char *code, const char *msg)
{
    if (j->wait) {
        sp_api_error(j->resp, status, code, "%s", msg);
        void (*done)(void *) = j->done;
        void *ctx = j->done_ctx;
        exec_job_free(j);
        done(ctx);
        return;
    }
    exec_job_free(j);
}

/* How long a run whose fork server died waits for the supervisor to replace it
 * before it is run again (serve.c checks at once when told, else every second). */
#define RESTART_WAIT_MS 3000

/* sb_run, and once more when the fork server was gone: the program did not fail,
 * the sandbox did, and a run has no effect outside its own process. The retry
 * waits for a new fork server (sb_generation moves); without one in time the
 * first result, internal_error, stands. */
static int run_sandboxed(sp_service *svc, const sb_request *rq, sb_result *r)
{
    unsigned generation = sb_generation();
    int rc = sb_run(rq, r);
    if (!r->sandbox_down || !svc->sandbox_down) return rc;
    svc->sandbox_down();
    for (int waited = 0; sb_generation() == generation && waited < RESTART_WAIT_MS; waited += 10)
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    if (sb_generation() == generation) return rc;
    sb_result_free(r);
    return sb_run(rq, r);
}

static void run_job(sp_job *job)
{
    exec_job *j = (exec_job *)job;
    sp_service *svc = j->svc;
    uint64_t started_ns = sp_monotonic_ns();
    int64_t started_ms = now_ms();
    uint64_t queue_ns = started_ns - job->enqueued_ns;

    sb_request rq;
    sb_request_init(&rq);
    rq.source = j->source;
    rq.source_len = j->source_len;
    rq.filename = "main.py";
    rq.stdin_data = j->stdin_text;
    rq.stdin_len = j->stdin_len;
    rq.limits = j->limits;
    rq.mode = j->mode;
    rq.trace = j->trace;
    rq.step_limit = j->step_limit;
    sb_result r;
    int rc = run_sandboxed(svc, &rq, &r);
    if (rc < 0) { /* no run: an internal_error result with the reason */
        sb_result_free(&r);
        memset(&r, 0, sizeof r);
        r.verdict = SB_INTERNAL_ERROR;
        snprintf(r.internal_message, sizeof r.internal_message, "%s", strerror(-rc));
    } else {
        count_run(svc, &r);
    }
    sp_result_parts parts;
    rc = sp_result_parts_build(&r, true, queue_ns, &parts);
    sb_result_free(&r);
    if (rc == 0) {
        rc = assemble(j, &parts);
        sp_result_parts_free(&parts);
    }
    if (rc < 0) {
        job_failed(j, 500, "internal", "out of memory");
        return;
    }

    j->rec = (sp_exec_record){
        .id = j->id,
        .owner = j->owner,
        .status = (char *)sb_verdict_name(r.verdict),
        .created_ms = j->created_ms,
        .started_ms = started_ms,
        .finished_ms = now_ms(),
        .source = j->source,
        .stdin_text = j->stdin_text,
        .limits_json = j->limits_json,
        .result_json = j->result_text,
        .trace_json = j->trace_text,
    };
    if (!j->rec.status) j->rec.status = "internal_error";
    j->write.rec = &j->rec;
    j->write.done = job_stored;
    /* Held until job_stored. The runs in progress (this one included) will each
     * hand over a record soon, and when jobs are waiting, so will the runs that
     * start next: let the store batch them into one commit (it waits 2 ms at
     * most). A lone request (1 busy, none queued) is committed at once. */
    int queued, busy = sp_pool_hold(svc->pool, &queued);
    j->write.batch_hint = busy + (queued < busy ? queued : busy);
    j->store_start_ns = sp_monotonic_ns();
    if (sp_store_put_async(svc->store, &j->write) < 0) {
        sp_pool_release(svc->pool);
        job_failed(j, 500, "store_failed",
                   "the run finished but could not be stored: the store is closing");
    }
}

/* ---- routes ------------------------------------------------------------------ */

/* The pool refused a job (full, or draining): 503 + Retry-After. Returns 1. */
static int queue_full(sp_service *svc, sp_api_response *resp)
{
    atomic_fetch_add(&svc->m.rejected_full, 1);
    resp->retry_after = 1;
    sp_api_error(resp, 503, "queue_full",
                 "all workers are busy and the queue is full; retry later");
    return 1;
}

static int create_execution(sp_service *svc, const sp_api_request *req, const char *owner,
                            sp_api_response *resp, void (*done)(void *), void *done_ctx)
{
    json_t *body;
    if (parse_body(req, resp, &body) < 0) return 1;
    exec_job *j = job_from_body(svc, body, owner, resp);
    json_decref(body);
    if (!j) return 1;
    j->job.run = run_job;
    if (j->wait) {
        j->resp = resp;
        j->done = done;
        j->done_ctx = done_ctx;
        int rc = sp_pool_submit(svc->pool, &j->job);
        if (rc == 0) return 0;
        exec_job_free(j);
        goto busy;
    }
    sp_exec_record rec = {.id = j->id,
                          .owner = j->owner,
                          .status = "queued",
                          .created_ms = j->created_ms,
                          .source = j->source,
                          .stdin_text = j->stdin_text,
                          .limits_json = j->limits_json};
    int rc = sp_store_put(svc->store, &rec);
    if (rc < 0) {
        sp_api_error(resp, 500, "store_failed", "could not store the execution: %s", strerror(-rc));
        exec_job_free(j);
        return 1;
    }
    char id[32];
    memcpy(id, j->id, sizeof id);
    rc = sp_pool_submit(svc->pool, &j->job); /* from here on, the worker owns j */
    if (rc < 0) {
        sp_store_delete(svc->store, id, NULL);
        exec_job_free(j);
        goto busy;
    }
    snprintf(resp->location, sizeof resp->location, "/v1/executions/%s", id);
    respond_json(resp, 202, json_pack("{s:s, s:s}", "id", id, "status", "queued"));
    return 1;
busy:
    return queue_full(svc, resp);
}

/* Consumes nothing; returns new. */
static json_t *parse_json_column(const char *text)
{
    if (!text) return json_null();
    json_t *j = json_loads(text, JSON_ALLOW_NUL, NULL);
    return j ? j : json_null();
}

static json_t *record_json(const sp_exec_record *r, bool full)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(r->id));
    json_object_set_new(o, "status", json_string(r->status));
    json_object_set_new(o, "created_at", iso_time(r->created_ms));
    json_object_set_new(o, "started_at", iso_time(r->started_ms));
    json_object_set_new(o, "finished_at", iso_time(r->finished_ms));
    json_object_set_new(o, "limits", parse_json_column(r->limits_json));
    if (full) {
        json_object_set_new(o, "source", json_string(r->source ? r->source : ""));
        json_object_set_new(o, "stdin", json_string(r->stdin_text ? r->stdin_text : ""));
    }
    json_t *result = parse_json_column(r->result_json);
    if (!full && json_is_object(result)) { /* listings stay small */
        json_t *summary = json_pack(
            "{s:O, s:O, s:O, s:O}", "exit_code", json_object_get(result, "exit_code"), "wall_ms",
            json_object_get(result, "wall_ms"), "cpu_ms", json_object_get(result, "cpu_ms"),
            "memory_kb", json_object_get(result, "memory_kb"));
        json_decref(result);
        result = summary ? summary : json_null();
    }
    json_object_set_new(o, "result", result);
    return o;
}

static int get_execution(sp_service *svc, const char *id, const char *owner, sp_api_response *resp,
                         bool trace_only)
{
    sp_exec_record r;
    int rc = sp_store_get(svc->store, id, sp_keyring_enabled(svc->keys) ? owner : NULL, &r);
    if (rc == -ENOENT) {
        sp_api_error(resp, 404, "not_found", "no execution '%s'", id);
        return 1;
    }
    if (rc < 0) {
        sp_api_error(resp, 500, "store_failed", "%s", strerror(-rc));
        return 1;
    }
    if (trace_only) {
        json_t *t = parse_json_column(r.trace_json);
        if (json_is_null(t)) {
            json_decref(t);
            t = json_pack("{s:n, s:n, s:n}", "stages", "line_profile", "steps");
        }
        json_object_set_new(t, "id", json_string(r.id));
        json_object_set_new(t, "status", json_string(r.status));
        respond_json(resp, 200, t);
    } else {
        respond_json(resp, 200, record_json(&r, true));
    }
    const char *parsed = trace_only ? r.trace_json : r.result_json; /* the big column */
    size_t parsed_len = parsed ? strlen(parsed) : 0;
    sp_exec_record_free(&r);
    sp_json_release_big(parsed_len);
    return 1;
}

static int list_executions(sp_service *svc, const sp_api_request *req, const char *owner,
                           sp_api_response *resp)
{
    const char *status = req->query ? req->query(req->query_ctx, "status") : NULL;
    const char *cursor = req->query ? req->query(req->query_ctx, "cursor") : NULL;
    const char *limit_s = req->query ? req->query(req->query_ctx, "limit") : NULL;
    long limit = 20;
    int64_t before = 0;
    char *end;
    if (limit_s) {
        limit = strtol(limit_s, &end, 10);
        if (*end || limit < 1 || limit > 100) {
            sp_api_error(resp, 400, "invalid_query", "'limit' must be an integer in 1..100");
            return 1;
        }
    }
    if (cursor) {
        before = strtoll(cursor, &end, 10);
        if (*end || before <= 0) {
            sp_api_error(resp, 400, "invalid_query", "'cursor' is not a cursor from this API");
            return 1;
        }
    }
    sp_exec_record *recs;
    int n = sp_store_list(svc->store, sp_keyring_enabled(svc->keys) ? owner : NULL, status, before,
                          (int)limit + 1, &recs);
    if (n < 0) {
        sp_api_error(resp, 500, "store_failed", "%s", strerror(-n));
        return 1;
    }
    json_t *arr = json_array();
    for (int i = 0; i < n && i < limit; i++)
        json_array_append_new(arr, record_json(&recs[i], false));
    json_t *next = json_null();
    if (n > limit) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)recs[limit - 1].seq);
        next = json_string(buf);
    }
    sp_exec_records_free(recs, n);
    respond_json(resp, 200, json_pack("{s:o, s:o}", "executions", arr, "next_cursor", next));
    return 1;
}

static int delete_execution(sp_service *svc, const char *id, const char *owner,
                            sp_api_response *resp)
{
    int rc = sp_store_delete(svc->store, id, sp_keyring_enabled(svc->keys) ? owner : NULL);
    if (rc == -ENOENT)
        sp_api_error(resp, 404, "not_found", "no execution '%s'", id);
    else if (rc < 0)
        sp_api_error(resp, 500, "store_failed", "%s", strerror(-rc));
    else
        set_body(resp, 204, NULL, "application/json");
    return 1;
}

static json_t *limits_table(void)
{
    sb_limits d = sb_limits_default(), m = sb_limits_max();
    return json_pack("{s:o, s:o}", "defaults", limits_json(&d), "maximums", limits_json(&m));
}

static int info(sp_service *svc, sp_api_response *resp)
{
    respond_json(resp, 200,
                 json_pack("{s:s, s:s, s:s, s:s, s:o, s:O, s:{s:i, s:i, s:I, s:b, s:i}}", "name",
                           "sandpiper", "version", SANDPIPER_VERSION, "language", "python",
                           "language_version", SANDPIPER_PYTHON_VERSION, "limits", limits_table(),
                           "protection", svc->layers, "server", "workers", svc->cfg.workers,
                           "queue", svc->cfg.queue, "max_body_bytes",
                           (json_int_t)svc->cfg.max_body_bytes, "auth",
                           sp_keyring_enabled(svc->keys), "max_steps", (int)svc->cfg.max_steps));
    return 1;
}

/* 503 while the fork server is gone (until the supervisor has replaced it): a
 * load balancer then sends runs elsewhere. */
static int health(sp_service *svc, sp_api_response *resp)
{
    int queued, busy, workers;
    sp_pool_load(svc->pool, &queued, &busy, &workers);
    bool up = sb_alive() != 0;
    respond_json(resp, up ? 200 : 503,
                 json_pack("{s:s, s:s, s:i, s:i, s:i, s:i}", "status", up ? "ok" : "unavailable",
                           "sandbox", up ? "ok" : "restarting", "sandbox_restarts",
                           (int)sb_generation(), "queued", queued, "busy_workers", busy, "workers",
                           workers));
    return 1;
}

static void appendf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
        va_end(ap);
        if (n < 0) return;
        if (*len + (size_t)n < *cap) {
            *len += (size_t)n;
            return;
        }
        size_t ncap = (*cap + (size_t)n) * 2;
        char *nb = realloc(*buf, ncap);
        if (!nb) return;
        *buf = nb;
        *cap = ncap;
    }
}

static int metrics_text(sp_service *svc, sp_api_response *resp)
{
    size_t len = 0, cap = 4096;
    char *b = malloc(cap);
    if (!b) {
        sp_api_error(resp, 500, "internal", "out of memory");
        return 1;
    }
    b[0] = 0;
    metrics *m = &svc->m;
    appendf(&b, &len, &cap,
            "# HELP sandpiper_runs_total Finished runs by verdict.\n"
            "# TYPE sandpiper_runs_total counter\n");
    for (int v = 0; v <= SB_INTERNAL_ERROR; v++)
        appendf(&b, &len, &cap, "sandpiper_runs_total{status=\"%s\"} %llu\n",
                sb_verdict_name((sb_verdict)v), (unsigned long long)atomic_load(&m->runs[v]));
    appendf(&b, &len, &cap,
            "# HELP sandpiper_run_duration_seconds Wall time of runs.\n"
            "# TYPE sandpiper_run_duration_seconds histogram\n");
    unsigned long long cum = 0, total;
    for (int i = 0; i < DURATION_BUCKETS; i++) {
        cum += atomic_load(&m->duration_bucket[i]);
        appendf(&b, &len, &cap, "sandpiper_run_duration_seconds_bucket{le=\"%g\"} %llu\n",
                duration_bounds_ms[i] / 1000.0, cum);
    }
    total = cum + atomic_load(&m->duration_bucket[DURATION_BUCKETS]);
    appendf(&b, &len, &cap,
            "sandpiper_run_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
            "sandpiper_run_duration_seconds_sum %.6f\nsandpiper_run_duration_seconds_count %llu\n",
            total, (double)atomic_load(&m->duration_sum_us) / 1e6, total);
    int queued, busy, workers;
    sp_pool_load(svc->pool, &queued, &busy, &workers);
    appendf(
        &b, &len, &cap,
        "# HELP sandpiper_queue_depth Runs waiting for a worker.\n"
        "# TYPE sandpiper_queue_depth gauge\nsandpiper_queue_depth %d\n"
        "# HELP sandpiper_busy_workers Workers running a program.\n"
        "# TYPE sandpiper_busy_workers gauge\nsandpiper_busy_workers %d\n"
        "# HELP sandpiper_workers Configured workers.\n"
        "# TYPE sandpiper_workers gauge\nsandpiper_workers %d\n"
        "# HELP sandpiper_rejected_total Runs refused because the queue was full.\n"
        "# TYPE sandpiper_rejected_total counter\nsandpiper_rejected_total %llu\n"
        "# HELP sandpiper_sandbox_up 1 when the fork server is there, 0 while it is replaced.\n"
        "# TYPE sandpiper_sandbox_up gauge\nsandpiper_sandbox_up %d\n"
        "# HELP sandpiper_sandbox_restarts_total Fork servers that died and were replaced.\n"
        "# TYPE sandpiper_sandbox_restarts_total counter\nsandpiper_sandbox_restarts_total %u\n",
        queued, busy, workers, (unsigned long long)atomic_load(&m->rejected_full), sb_alive() != 0,
        sb_generation());
    appendf(&b, &len, &cap,
            "# HELP sandpiper_http_responses_total HTTP responses by class.\n"
            "# TYPE sandpiper_http_responses_total counter\n");
    for (int c = 1; c <= 5; c++)
        appendf(&b, &len, &cap, "sandpiper_http_responses_total{code=\"%dxx\"} %llu\n", c,
                (unsigned long long)atomic_load(&m->http[c]));
    sp_store_stats ss;
    sp_store_get_stats(svc->store, &ss);
    appendf(
        &b, &len, &cap,
        "# HELP sandpiper_store_commits_total SQLite commits (batches).\n"
        "# TYPE sandpiper_store_commits_total counter\nsandpiper_store_commits_total %llu\n"
        "# HELP sandpiper_store_write_errors_total Failed record writes.\n"
        "# TYPE sandpiper_store_write_errors_total counter\n"
        "sandpiper_store_write_errors_total %llu\n"
        "# HELP sandpiper_store_checkpoints_total WAL checkpoints, by the thread that ran them.\n"
        "# TYPE sandpiper_store_checkpoints_total counter\n"
        "sandpiper_store_checkpoints_total{thread=\"checkpointer\"} %llu\n"
        "sandpiper_store_checkpoints_total{thread=\"writer\"} %llu\n",
        (unsigned long long)ss.commits, (unsigned long long)ss.write_errors,
        (unsigned long long)ss.checkpoints, (unsigned long long)ss.checkpoints_inline);
    set_body(resp, 200, b, "text/plain; version=0.0.4");
    return 1;
}

static int openapi(sp_api_response *resp)
{
    char *b = malloc(sp_openapi_yaml_len + 1);
    if (!b) {
        sp_api_error(resp, 500, "internal", "out of memory");
        return 1;
    }
    memcpy(b, sp_openapi_yaml, sp_openapi_yaml_len);
    b[sp_openapi_yaml_len] = 0;
    set_body(resp, 200, b, "application/yaml");
    return 1;
}

/* ---- analysis: tokens, AST and bytecode, each produced inside the sandbox ------ */

/* An analysis is one pool job (three sandbox runs on one worker), queued, limited
 * and refused like an execution: an HTTP thread never waits for a sandbox run.
 * Owned by the request until submitted, then by the worker, which answers and
 * frees it. Nothing is stored. */
typedef struct analyze_job {
    sp_job job;
    sp_service *svc;
    char *source;
    size_t source_len;
    sp_api_response *resp;
    void (*done)(void *ctx);
    void *done_ctx;
} analyze_job;

static char *analyze_one(sp_service *svc, const char *src, size_t len, sb_mode mode, int *exit_code,
                         char **err_text)
{
    sb_request rq;
    sb_request_init(&rq);
    rq.source = src;
    rq.source_len = len;
    rq.filename = "main.py";
    rq.mode = mode;
    sb_result r;
    char *out = NULL;
    if (run_sandboxed(svc, &rq, &r) == 0) {
        out = strdup(r.stdout_buf ? r.stdout_buf : "");
        *err_text = strdup(r.stderr_buf ? r.stderr_buf : "");
        *exit_code = r.verdict == SB_OK ? 0 : r.exit_code ? r.exit_code : 1;
    }
    sb_result_free(&r);
    return out;
}

/* The three runs, one after the other: {"tokens", "ast", "dis"[, "error"]}, or
 * NULL when a run could not be made. */
static json_t *analysis_json(sp_service *svc, const char *src, size_t len)
{
    static const struct {
        const char *key;
        sb_mode mode;
    } stages[] = {{"tokens", SB_MODE_TOKENS}, {"ast", SB_MODE_AST}, {"dis", SB_MODE_DIS}};
    json_t *o = json_object();
    for (size_t i = 0; o && i < 3; i++) {
        int code = 1;
        char *err = NULL;
        char *out = analyze_one(svc, src, len, stages[i].mode, &code, &err);
        if (!out || !err) {
            free(out);
            free(err);
            json_decref(o);
            return NULL;
        }
        json_object_set_new(o, stages[i].key, code == 0 ? json_string(out) : json_null());
        if (code != 0 && !json_object_get(o, "error"))
            json_object_set_new(o, "error", json_string(err));
        free(out);
        free(err);
    }
    return o;
}

static void run_analysis(sp_job *job)
{
    analyze_job *a = (analyze_job *)job;
    json_t *o = analysis_json(a->svc, a->source, a->source_len);
    if (o)
        respond_json(a->resp, 200, o);
    else
        sp_api_error(a->resp, 500, "sandbox_failed", "the analysis could not run");
    void (*done)(void *) = a->done;
    void *ctx = a->done_ctx;
    free(a->source);
    free(a);
    done(ctx); /* the request may be gone after this */
}

static int analyze(sp_service *svc, const sp_api_request *req, sp_api_response *resp,
                   void (*done)(void *), void *done_ctx)
{
    json_t *body;
    if (parse_body(req, resp, &body) < 0) return 1;
    static const char *const fields[] = {"source", NULL};
    const char *src;
    size_t len;
    if (check_fields(body, fields, resp) < 0 ||
        get_string(body, "source", true, &src, &len, resp) < 0) {
        json_decref(body);
        return 1;
    }
    analyze_job *a = calloc(1, sizeof *a);
    char *copy = malloc(len + 1);
    if (!a || !copy) {
        free(a);
        free(copy);
        json_decref(body);
        sp_api_error(resp, 500, "internal", "out of memory");
        return 1;
    }
    memcpy(copy, src, len + 1);
    json_decref(body);
    a->job.run = run_analysis;
    a->svc = svc;
    a->source = copy;
    a->source_len = len;
    a->resp = resp;
    a->done = done;
    a->done_ctx = done_ctx;
    if (sp_pool_submit(svc->pool, &a->job) == 0) return 0; /* the worker owns a */
    free(a->source);
    free(a);
    return queue_full(svc, resp);
}

/* ---- dispatch ---------------------------------------------------------------- */

static bool is_id(const char *s)
{
    size_t n = strlen(s);
    if (n != 27 || strncmp(s, "ex_", 3) != 0) return false;
    for (size_t i = 3; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}

static int method_not_allowed(sp_api_response *resp, const char *allow)
{
    resp->allow = allow;
    sp_api_error(resp, 405, "method_not_allowed", "allowed methods: %s", allow);
    return 1;
}

static int authenticate(sp_service *svc, const sp_api_request *req, sp_api_response *resp,
                        const char **owner)
{
    switch (sp_keyring_check(svc->keys, req->authorization, owner)) {
    case SP_AUTH_OK:
        return 0;
    case SP_AUTH_MISSING:
        resp->www_authenticate = true;
        sp_api_error(resp, 401, "unauthorized", "send an API key: Authorization: Bearer <key>");
        return -1;
    case SP_AUTH_INVALID:
        sp_api_error(resp, 403, "forbidden", "this API key is not valid");
        return -1;
    }
    return -1;
}

int sp_api_handle(sp_service *svc, const sp_api_request *req, sp_api_response *resp,
                  void (*done)(void *), void *done_ctx)
{
    const char *m = req->method, *p = req->path;
    bool get = strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
    bool post = strcmp(m, "POST") == 0;
    bool del = strcmp(m, "DELETE") == 0;
    const char *owner = "";

    /* Unauthenticated: liveness, the spec and metrics (scraped from loopback/private nets). */
    if (strcmp(p, "/v1/health") == 0)
        return get ? health(svc, resp) : method_not_allowed(resp, "GET");
    if (strcmp(p, "/v1/openapi.yaml") == 0)
        return get ? openapi(resp) : method_not_allowed(resp, "GET");
    if (strcmp(p, "/metrics") == 0)
        return get ? metrics_text(svc, resp) : method_not_allowed(resp, "GET");

    bool known = strcmp(p, "/v1/info") == 0 || strcmp(p, "/v1/executions") == 0 ||
                 strcmp(p, "/v1/analyze") == 0 || strncmp(p, "/v1/executions/", 15) == 0;
    if (!known) {
        sp_api_error(resp, 404, "not_found", "no route %s", p);
        return 1;
    }
    if (authenticate(svc, req, resp, &owner) < 0) return 1;

    if (strcmp(p, "/v1/info") == 0) return get ? info(svc, resp) : method_not_allowed(resp, "GET");
    if (strcmp(p, "/v1/analyze") == 0)
        return post ? analyze(svc, req, resp, done, done_ctx) : method_not_allowed(resp, "POST");
    if (strcmp(p, "/v1/executions") == 0) {
        if (post) return create_execution(svc, req, owner, resp, done, done_ctx);
        return get ? list_executions(svc, req, owner, resp) : method_not_allowed(resp, "GET, POST");
    }
    /* /v1/executions/{id}[/trace] */
    char id[64];
    const char *rest = p + 15;
    const char *slash = strchr(rest, '/');
    size_t idlen = slash ? (size_t)(slash - rest) : strlen(rest);
    if (idlen >= sizeof id) {
        sp_api_error(resp, 404, "not_found", "no execution with that id");
        return 1;
    }
    memcpy(id, rest, idlen);
    id[idlen] = 0;
    if (!is_id(id)) {
        sp_api_error(resp, 404, "not_found", "'%s' is not an execution id", id);
        return 1;
    }
    if (slash && strcmp(slash, "/trace") == 0)
        return get ? get_execution(svc, id, owner, resp, true) : method_not_allowed(resp, "GET");
    if (slash) {
        sp_api_error(resp, 404, "not_found", "no route %s", p);
        return 1;
    }
    if (get) return get_execution(svc, id, owner, resp, false);
    if (del) return delete_execution(svc, id, owner, resp);
    return method_not_allowed(resp, "GET, DELETE");
}

/* ---- lifecycle ---------------------------------------------------------------- */

static json_t *probe_layers(void)
{
    sb_check_report rep;
    json_t *a = json_array();
    if (sb_check(&rep) < 0) return a;
    for (int i = 0; i < rep.nlayers; i++)
        json_array_append_new(a,
                              json_pack("{s:s, s:b, s:b, s:s}", "name", rep.layers[i].name,
                                        "active", rep.layers[i].active, "mandatory",
                                        rep.layers[i].mandatory, "detail", rep.layers[i].detail));
    return a;
}

int sp_service_new(const sp_serve_config *cfg, sp_store *store, sp_pool *pool, sp_keyring *keys,
                   sp_service **out)
{
    sp_service *svc = calloc(1, sizeof *svc);
    if (!svc) return -ENOMEM;
    svc->cfg = *cfg;
    svc->store = store;
    svc->pool = pool;
    svc->keys = keys;
    svc->layers = probe_layers();
    *out = svc;
    return 0;
}

void sp_service_on_sandbox_down(sp_service *svc, void (*fn)(void))
{
    svc->sandbox_down = fn;
}

void sp_service_free(sp_service *svc)
{
    if (!svc) return;
    json_decref(svc->layers);
    free(svc);
}
