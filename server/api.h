/*
 * api.h — the /v1 routes, independent of the HTTP library: a request comes in
 * as method, path, query, headers and body; a response goes out as status, JSON
 * or text body and a few headers. http.c adapts libmicrohttpd to this.
 *
 * A route either answers at once (sp_api_handle returns 1) or hands the request
 * to a run worker (returns 0); the worker fills the response and calls
 * `done(done_ctx)` exactly once, from its own thread.
 */
#ifndef SP_API_H
#define SP_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "config.h"
#include "pool.h"
#include "store.h"

typedef struct sp_api_request {
    const char *method;
    const char *path; /* without the query string */
    const char *authorization;
    const char *content_type;
    const char *(*query)(void *ctx, const char *key); /* query parameter lookup */
    void *query_ctx;
    const char *body; /* borrowed */
    size_t body_len;
} sp_api_request;

typedef struct sp_api_response {
    int status;
    char *body; /* malloc'd, owned by the response */
    size_t body_len;
    const char *content_type;
    int retry_after;   /* > 0: Retry-After header */
    const char *allow; /* 405: Allow header */
    bool www_authenticate;
    char location[96]; /* 201/202: Location header ("" = none) */
} sp_api_response;

typedef struct sp_service sp_service;

int sp_service_new(const sp_serve_config *cfg, sp_store *store, sp_pool *pool, sp_keyring *keys,
                   sp_service **out);
void sp_service_free(sp_service *svc);
/* Called on a worker thread when a run failed because the fork server is gone
 * (sb_result.sandbox_down): the daemon's supervisor replaces it. Set before any
 * request arrives. */
void sp_service_on_sandbox_down(sp_service *svc, void (*fn)(void));

/* 1: response ready; 0: handed to a worker, `done` will be called. */
int sp_api_handle(sp_service *svc, const sp_api_request *req, sp_api_response *resp,
                  void (*done)(void *ctx), void *done_ctx);

/* Fill an error response {"error": {"code", "message"}}. */
void sp_api_error(sp_api_response *resp, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

void sp_api_response_free(sp_api_response *resp);

/* Metrics the HTTP layer feeds (status classes of answered requests). */
void sp_api_count_http(sp_service *svc, int status);

#endif
