/*
 * http.c — one request's life in libmicrohttpd:
 *
 *   HEADERS --(Content-Length far too big, or Expect: 100-continue)--> ANSWERED (413)
 *   HEADERS --(Content-Length up to 16x too big)--> BODY (read, discarded) --> 413
 *   HEADERS --> BODY --(body complete)--> api.c --(answer ready)--> ANSWERED
 *                                           \--(handed to a worker)--> SUSPENDED
 *   SUSPENDED --(worker done: resume)--> ANSWERED
 *
 * Invariants
 *  1. A connection is suspended at most once, and resumed only after it was
 *     suspended: `lock` orders the handler's suspend and the worker's resume.
 *  2. The request context is reference-counted: one reference for MHD (dropped by
 *     the completion callback), one for a worker holding it (dropped at the end of
 *     worker_done, after its last touch). Resuming may complete and "free" the
 *     request on an HTTP thread before worker_done has unlocked `lock`.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

struct sp_http {
    struct MHD_Daemon *d;
    sp_service *svc;
    uint64_t max_body;
    bool quiesced;
    pthread_mutex_t log_lock; /* log_mhd's window */
    time_t log_second;
    unsigned logged, dropped;
};

typedef enum { ST_HEADERS, ST_BODY, ST_SUSPENDED, ST_ANSWERED } req_state;

typedef struct req_ctx {
    sp_http *h;
    struct MHD_Connection *conn;
    req_state state;
    char *body;
    size_t body_len, body_cap;
    bool too_large;
    sp_api_response resp;
    pthread_mutex_t lock;
    bool suspended, ready;
    atomic_int refs;
} req_ctx;

static void req_release(req_ctx *r)
{
    if (atomic_fetch_sub(&r->refs, 1) != 1) return;
    sp_api_response_free(&r->resp);
    free(r->body);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

static const char *query_lookup(void *ctx, const char *key)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)ctx, MHD_GET_ARGUMENT_KIND, key);
}

static enum MHD_Result send_response(req_ctx *r)
{
    sp_api_response *resp = &r->resp;
    struct MHD_Response *mr = MHD_create_response_from_buffer(
        resp->body_len, resp->body ? resp->body : (void *)"",
        resp->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!mr) return MHD_NO;
    resp->body = NULL; /* MHD owns it now */
    if (resp->content_type && resp->status != 204)
        MHD_add_response_header(mr, "Content-Type", resp->content_type);
    if (resp->retry_after > 0) {
        char v[16];
        snprintf(v, sizeof v, "%d", resp->retry_after);
        MHD_add_response_header(mr, "Retry-After", v);
    }
    if (resp->allow) MHD_add_response_header(mr, "Allow", resp->allow);
    if (resp->www_authenticate)
        MHD_add_response_header(mr, "WWW-Authenticate", "Bearer realm=\"sandpiper\"");
    if (resp->location[0]) MHD_add_response_header(mr, "Location", resp->location);
    MHD_add_response_header(mr, "Cache-Control", "no-store");
    MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)resp->status, mr);
    MHD_destroy_response(mr);
    sp_api_count_http(r->h->svc, resp->status);
    r->state = ST_ANSWERED;
    return ok;
}

/* Called by a run worker when the response is filled (invariant 1). */
static void worker_done(void *ctx)
{
    req_ctx *r = ctx;
    pthread_mutex_lock(&r->lock);
    r->ready = true;
    if (r->suspended) MHD_resume_connection(r->conn);
    pthread_mutex_unlock(&r->lock);
    req_release(r); /* invariant 2: the worker's reference */
}

static int append_body(req_ctx *r, const char *data, size_t n)
{
    if (r->too_large || r->body_len + n > r->h->max_body) {
        r->too_large = true;
        return 0;
    }
    if (r->body_len + n + 1 > r->body_cap) {
        /* Start small: a small body (most are) stays a small malloc, served from
         * the thread's cache instead of the arena's slow path. */
        size_t cap = r->body_cap ? r->body_cap : 256;
        while (cap < r->body_len + n + 1)
            cap *= 2;
        char *nb = realloc(r->body, cap);
        if (!nb) return -ENOMEM;
        r->body = nb;
        r->body_cap = cap;
    }
    memcpy(r->body + r->body_len, data, n);
    r->body_len += n;
    r->body[r->body_len] = 0;
    return 0;
}

/* What to do with a body whose announced length is over the limit. */
enum oversize { FITS, ANSWER_NOW, DISCARD_FIRST };

/* Answered from the headers, the client may still be sending: our close with its
 * bytes unread makes the kernel reset the connection, and the client often sees
 * the reset instead of the 413. So a body up to DISCARD_MAX_FACTOR times the
 * limit is read and thrown away first (it costs bandwidth, not memory), unless
 * the client waits for "100 Continue" and so sends nothing before our answer. */
#define DISCARD_MAX_FACTOR 16

static enum oversize oversize_of(req_ctx *r)
{
    const char *cl =
        MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!cl) return FITS;
    char *end;
    unsigned long long n = strtoull(cl, &end, 10);
    if (*end != 0 || n <= r->h->max_body) return FITS;
    const char *expect =
        MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
    if (expect && strcasecmp(expect, "100-continue") == 0) return ANSWER_NOW;
    return n / DISCARD_MAX_FACTOR > r->h->max_body ? ANSWER_NOW : DISCARD_FIRST;
}

static enum MHD_Result dispatch(req_ctx *r, const char *url, const char *method)
{
    if (r->too_large) {
        sp_api_error(&r->resp, 413, "payload_too_large", "the body is larger than %llu bytes",
                     (unsigned long long)r->h->max_body);
        return send_response(r);
    }
    sp_api_request req = {
        .method = method,
        .path = url,
        .authorization =
            MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION),
        .content_type =
            MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
        .query = query_lookup,
        .query_ctx = r->conn,
        .body = r->body,
        .body_len = r->body_len,
    };
    atomic_fetch_add(&r->refs, 1); /* for a worker, if the request is handed to one */
    if (sp_api_handle(r->h->svc, &req, &r->resp, worker_done, r)) {
        atomic_fetch_sub(&r->refs, 1); /* answered at once: no worker holds it */
        return send_response(r);
    }
    pthread_mutex_lock(&r->lock);
    if (r->ready) { /* the worker was faster than us */
        pthread_mutex_unlock(&r->lock);
        return send_response(r);
    }
    MHD_suspend_connection(r->conn);
    r->suspended = true;
    r->state = ST_SUSPENDED;
    pthread_mutex_unlock(&r->lock);
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    sp_http *h = cls;
    req_ctx *r = *con_cls;
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r) return MHD_NO;
        r->h = h;
        r->conn = conn;
        pthread_mutex_init(&r->lock, NULL);
        atomic_init(&r->refs, 1);
        *con_cls = r;
        enum oversize o = oversize_of(r);
        if (o != FITS) r->too_large = true; /* append_body discards, dispatch answers 413 */
        if (o == ANSWER_NOW) return dispatch(r, url, method);
        r->state = ST_BODY;
        return MHD_YES;
    }
    switch (r->state) {
    case ST_BODY:
        if (*upload_data_size) {
            if (append_body(r, upload_data, *upload_data_size) < 0) return MHD_NO;
            *upload_data_size = 0;
            return MHD_YES;
        }
        return dispatch(r, url, method);
    case ST_SUSPENDED: /* resumed by worker_done */
        return send_response(r);
    case ST_HEADERS:
    case ST_ANSWERED:
        *upload_data_size = 0; /* discard the rest of a refused body */
        return MHD_YES;
    }
    return MHD_NO;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)conn, (void)toe;
    req_ctx *r = *con_cls;
    if (!r) return;
    *con_cls = NULL;
    req_release(r);
}

/* libmicrohttpd's messages are mostly about clients (one that hung up in the middle
 * of its request, a malformed request line) and come as fast as clients can make
 * them: at most LOG_PER_SECOND a second reach stderr, then one line says how many
 * were dropped, so that no client can flood the log. */
#define LOG_PER_SECOND 5

static void log_mhd(void *cls, const char *fmt, va_list ap)
{
    sp_http *h = cls;
    time_t now = time(NULL);
    pthread_mutex_lock(&h->log_lock);
    if (now != h->log_second) {
        if (h->dropped)
            fprintf(stderr, "sandpiper serve: http: %u more messages dropped\n", h->dropped);
        h->log_second = now;
        h->logged = h->dropped = 0;
    }
    bool show = h->logged < LOG_PER_SECOND;
    if (show) {
        h->logged++;
        fputs("sandpiper serve: http: ", stderr);
        vfprintf(stderr, fmt, ap);
    } else {
        h->dropped++;
    }
    pthread_mutex_unlock(&h->log_lock);
}

int sp_http_start(const sp_serve_config *cfg, sp_service *svc, sp_http **out, const char **err)
{
    sp_http *h = calloc(1, sizeof *h);
    if (!h) return -ENOMEM;
    h->svc = svc;
    h->max_body = cfg->max_body_bytes;
    pthread_mutex_init(&h->log_lock, NULL);
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG |
                     MHD_USE_TURBO;
    const char *host = strcmp(cfg->listen_host, "localhost") == 0 ? "127.0.0.1" : cfg->listen_host;
    if (strchr(host, ':')) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons(cfg->listen_port);
        if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1) goto bad_addr;
        flags |= MHD_USE_IPv6;
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
        a4->sin_family = AF_INET;
        a4->sin_port = htons(cfg->listen_port);
        if (inet_pton(AF_INET, host, &a4->sin_addr) != 1) goto bad_addr;
    }
    h->d = MHD_start_daemon(
        flags, cfg->listen_port, NULL, NULL, on_request, h, MHD_OPTION_EXTERNAL_LOGGER, log_mhd,
        h, /* first: it applies to the options after it */
        MHD_OPTION_SOCK_ADDR, &ss, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->http_threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->connection_timeout_s,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->per_ip_connections,
        MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    if (!h->d) {
        *err = "cannot listen on that address (in use, or not allowed)";
        free(h);
        return -EADDRINUSE;
    }
    *out = h;
    return 0;
bad_addr:
    *err = "--listen wants a numeric IPv4/IPv6 address and a port";
    free(h);
    return -EINVAL;
}

void sp_http_quiesce(sp_http *h)
{
    if (!h->quiesced) {
        MHD_socket s = MHD_quiesce_daemon(h->d);
        if (s != MHD_INVALID_SOCKET) close(s);
        h->quiesced = true;
    }
}

void sp_http_wait_idle(sp_http *h, int timeout_ms)
{
    for (int waited = 0; waited < timeout_ms; waited += 10) {
        const union MHD_DaemonInfo *info =
            MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!info || info->num_connections == 0) return;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

void sp_http_stop(sp_http *h)
{
    if (!h) return;
    MHD_stop_daemon(h->d);
    pthread_mutex_destroy(&h->log_lock);
    free(h);
}
