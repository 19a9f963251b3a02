/*
 * config.c — defaults, SANDPIPER_* environment variables and flags for `serve`.
 * Every setting has one row in the table below: its flag, its variable, its kind.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum { K_STR, K_INT, K_U64, K_BOOL, K_LISTEN } kind;

typedef struct setting {
    const char *flag, *env;
    kind k;
    size_t offset, size;
    int64_t min, max;
    const char *help;
} setting;

#define F(field) offsetof(sp_serve_config, field), sizeof(((sp_serve_config *)0)->field)

static const setting settings[] = {
    {"--listen", "SANDPIPER_LISTEN", K_LISTEN, 0, 0, 0, 0, "HOST:PORT to listen on"},
    {"--db", "SANDPIPER_DB", K_STR, F(db_path), 0, 0, "SQLite database file"},
    {"--workers", "SANDPIPER_WORKERS", K_INT, F(workers), 1, 256,
     "concurrent runs (default: 2 per CPU)"},
    {"--queue", "SANDPIPER_QUEUE", K_INT, F(queue), 0, 100000, "runs waiting before 503"},
    {"--ready-children", "SANDPIPER_READY_CHILDREN", K_BOOL, F(ready_children), 0, 1,
     "keep a locked-down child ready for each worker's next run (default 1; docs/sandbox.md)"},
    {"--run-nice", "SANDPIPER_RUN_NICE", K_INT, F(run_nice), 0, 19,
     "nice value of the run children, 0-19 (default 0: as the daemon)"},
    {"--max-body", "SANDPIPER_MAX_BODY", K_U64, F(max_body_bytes), 1024, 64 << 20,
     "largest request body in bytes (413 beyond)"},
    {"--per-ip-connections", "SANDPIPER_PER_IP_CONNECTIONS", K_INT, F(per_ip_connections), 1,
     100000, "simultaneous connections from one address"},
    {"--timeout", "SANDPIPER_TIMEOUT", K_INT, F(connection_timeout_s), 1, 3600,
     "idle connection timeout in seconds"},
    {"--http-threads", "SANDPIPER_HTTP_THREADS", K_INT, F(http_threads), 1, 64,
     "HTTP event-loop threads"},
    {"--keys-file", "SANDPIPER_KEYS_FILE", K_STR, F(keys_file), 0, 0,
     "file of API keys, one \"name key\" per line"},
    {"--insecure-public", "SANDPIPER_INSECURE_PUBLIC", K_BOOL, F(insecure_public), 0, 1,
     "allow a non-loopback address without API keys"},
    {"--retain-count", "SANDPIPER_RETAIN_COUNT", K_U64, F(retain_count), 0, INT64_MAX,
     "keep at most this many executions (0: all)"},
    {"--retain-days", "SANDPIPER_RETAIN_DAYS", K_U64, F(retain_days), 0, 36500,
     "delete executions older than this (0: never)"},
    {"--max-steps", "SANDPIPER_MAX_STEPS", K_INT, F(max_steps), 1, 1000000,
     "longest step trace a request may ask for"},
    {"--max-trace-bytes", "SANDPIPER_MAX_TRACE_BYTES", K_U64, F(max_trace_bytes), 1024, 1 << 30,
     "largest stored trace"},
};
#define NSETTINGS (sizeof settings / sizeof settings[0])

static void defaults(sp_serve_config *c)
{
    memset(c, 0, sizeof *c);
    strcpy(c->listen_host, "127.0.0.1");
    c->listen_port = 8080;
    strcpy(c->db_path, "sandpiper.db");
    /* Two runs per CPU: a worker spends much of a short run waiting for hand-offs
     * (fork server, child start, reap), so one per CPU leaves the CPUs idle between
     * them (hello world at 32 connections on 2 CPUs: 2 workers 1,325-1,535/s, 3-8
     * workers 1,560-1,860/s; docs/performance.md). */
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    c->workers = n > 0 ? (int)(2 * n < 256 ? 2 * n : 256) : 2;
    c->queue = 256;
    /* A ready child per worker: a run with the limits of that worker's last run
     * only hands the child its program (sb_run 480-550 -> 210-240 us for an empty
     * native program, idle; docs/sandbox.md). */
    c->ready_children = true;
    /* Run children at the daemon's priority: nice 10 or 19 for them (the daemon's
     * threads first) moved hello world's p99 at 32 connections by -2 to -4 ms in
     * medians of six windows but cost 7 % of throughput, and since the store's
     * write-back fix nice 10 was worse on both (docs/performance.md). */
    c->run_nice = 0;
    c->max_body_bytes = 1 << 20;
    c->per_ip_connections = 256;
    c->connection_timeout_s = 30;
    c->http_threads = 2;
    c->max_steps = 10000;
    c->max_trace_bytes = 8 << 20;
}

static int parse_listen(sp_serve_config *c, const char *v)
{
    const char *colon = strrchr(v, ':');
    if (!colon) return -EINVAL;
    size_t hl = (size_t)(colon - v);
    if (hl >= 2 && v[0] == '[' && v[hl - 1] == ']') { /* [::1]:8080 */
        v++;
        hl -= 2;
    }
    if (hl == 0 || hl >= sizeof c->listen_host) return -EINVAL;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535) return -EINVAL;
    memcpy(c->listen_host, v, hl);
    c->listen_host[hl] = 0;
    c->listen_port = (uint16_t)port;
    return 0;
}

static int apply(sp_serve_config *c, const setting *s, const char *v)
{
    char *field = (char *)c + s->offset;
    char *end;
    switch (s->k) {
    case K_LISTEN:
        return parse_listen(c, v);
    case K_STR:
        if (strlen(v) >= s->size) return -EINVAL;
        strcpy(field, v);
        return 0;
    case K_BOOL:
        *(bool *)field = strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0;
        return 0;
    case K_INT:
    case K_U64: {
        errno = 0;
        long long n = strtoll(v, &end, 10);
        if (errno || *end || end == v || n < s->min || n > s->max) return -EINVAL;
        if (s->size == sizeof(int32_t))
            *(int32_t *)field = (int32_t)n;
        else
            *(int64_t *)field = (int64_t)n;
        return 0;
    }
    }
    return -EINVAL;
}

static const setting *find_flag(const char *arg, const char **inline_value)
{
    for (size_t i = 0; i < NSETTINGS; i++) {
        size_t n = strlen(settings[i].flag);
        if (strncmp(arg, settings[i].flag, n) == 0 && (arg[n] == 0 || arg[n] == '=')) {
            *inline_value = arg[n] == '=' ? arg + n + 1 : NULL;
            return &settings[i];
        }
    }
    return NULL;
}

void sp_config_usage(FILE *out)
{
    fprintf(out,
            "usage: sandpiper serve [options]\n\n"
            "Run the HTTP/JSON API. Every option can also be set by its environment\n"
            "variable; flags win. API keys also come from SANDPIPER_API_KEYS=name:key,...\n\n");
    for (size_t i = 0; i < NSETTINGS; i++)
        fprintf(out, "  %-24s %-30s %s\n", settings[i].flag, settings[i].env, settings[i].help);
}

int sp_config_load(sp_serve_config *c, int argc, char **argv)
{
    defaults(c);
    for (size_t i = 0; i < NSETTINGS; i++) {
        const char *v = getenv(settings[i].env);
        if (v && *v && apply(c, &settings[i], v) < 0) {
            fprintf(stderr, "sandpiper serve: invalid %s=%s\n", settings[i].env, v);
            return -EINVAL;
        }
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            sp_config_usage(stdout);
            return 1;
        }
        const char *v;
        const setting *s = find_flag(argv[i], &v);
        if (!s) {
            fprintf(stderr, "sandpiper serve: unknown option '%s' (see --help)\n", argv[i]);
            return -EINVAL;
        }
        if (!v && s->k == K_BOOL)
            v = "1";
        else if (!v && i + 1 < argc)
            v = argv[++i];
        if (!v || apply(c, s, v) < 0) {
            fprintf(stderr, "sandpiper serve: invalid value for %s\n", s->flag);
            return -EINVAL;
        }
    }
    return 0;
}

bool sp_config_is_loopback(const sp_serve_config *c)
{
    return strncmp(c->listen_host, "127.", 4) == 0 || strcmp(c->listen_host, "::1") == 0 ||
           strcmp(c->listen_host, "localhost") == 0;
}

void sp_config_print(const sp_serve_config *c, FILE *out)
{
    fprintf(out,
            "sandpiper serve: listen=%s:%u db=%s workers=%d queue=%d ready_children=%d run_nice=%d "
            "max_body=%llu "
            "per_ip_connections=%d timeout=%ds http_threads=%d keys=%s retain_count=%lld "
            "retain_days=%lld max_steps=%u\n",
            c->listen_host, c->listen_port, c->db_path, c->workers, c->queue, c->ready_children,
            c->run_nice, (unsigned long long)c->max_body_bytes, c->per_ip_connections,
            c->connection_timeout_s, c->http_threads,
            c->keys_file[0] || getenv("SANDPIPER_API_KEYS") ? "on" : "off",
            (long long)c->retain_count, (long long)c->retain_days, c->max_steps);
}
