/*
 * config.h — `sandpiper serve` settings: defaults, environment, flags, in that
 * order of precedence (a flag beats SANDPIPER_* which beats the default).
 */
#ifndef SP_CONFIG_H
#define SP_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct sp_serve_config {
    char listen_host[64]; /* numeric address: 127.0.0.1, ::1, 0.0.0.0 */
    uint16_t listen_port;
    char db_path[512];
    int workers;             /* concurrent runs */
    int queue;               /* runs waiting for a worker before 503 */
    bool ready_children;     /* a locked-down child ready per worker (sb_config) */
    int run_nice;            /* the run children's nice value (sb_config) */
    uint64_t max_body_bytes; /* 413 beyond this, answered from the headers */
    int per_ip_connections;
    int connection_timeout_s;
    int http_threads;
    char keys_file[512];  /* lines "name key"; "" = none */
    bool insecure_public; /* allow a non-loopback listen address without keys */
    int64_t retain_count; /* 0: keep all */
    int64_t retain_days;  /* 0: keep forever */
    uint32_t max_steps;   /* maximum step-trace length a request may ask for */
    uint64_t max_trace_bytes;
} sp_serve_config;

/* Fill defaults, then apply the environment and then argv. Returns 0, 1 when
 * --help was printed, or -EINVAL after printing a message to stderr. */
int sp_config_load(sp_serve_config *cfg, int argc, char **argv);
void sp_config_print(const sp_serve_config *cfg, FILE *out);
void sp_config_usage(FILE *out);
bool sp_config_is_loopback(const sp_serve_config *cfg);

#endif
