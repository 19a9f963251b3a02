/*
 * http.h — libmicrohttpd adapter: an epoll thread pool that reads requests,
 * enforces body size, content length and connection limits, and hands complete
 * requests to api.c. Long runs suspend their connection instead of blocking an
 * HTTP thread, so a few HTTP threads serve any number of waiting clients.
 */
#ifndef SP_HTTP_H
#define SP_HTTP_H

#include "api.h"
#include "config.h"

typedef struct sp_http sp_http;

/* 0 or -errno (*err says why). */
int sp_http_start(const sp_serve_config *cfg, sp_service *svc, sp_http **out, const char **err);
/* Stop accepting new connections (in-flight requests go on). */
void sp_http_quiesce(sp_http *h);
/* Wait up to timeout_ms for open connections to finish. */
void sp_http_wait_idle(sp_http *h, int timeout_ms);
void sp_http_stop(sp_http *h);
#endif
