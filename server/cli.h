/* cli.h — shared helpers of the `sandpiper` subcommands. */
#ifndef SP_CLI_H
#define SP_CLI_H
#include <stddef.h>

#include "sandbox.h"

/* Read a whole file ("-" = stdin) into a malloc'd buffer the caller frees. 0 or -errno. */
int sp_cli_read_file(const char *path, char **out, size_t *out_len);

/* The path of the executable `name` in this executable's directory, written into
 * buf. 0 or -errno (-ENAMETOOLONG when it does not fit). */
int sp_cli_sibling_path(const char *name, char *buf, size_t size);

/* How a bare number given to a time limit option is read (cli_limits.c). */
typedef enum { SP_CLI_BARE_SECONDS, SP_CLI_BARE_MS } sp_cli_time_unit;

/* The limit options of `run` and `trace` (--time-limit, --cpu-limit, --wall-limit,
 * --memory-limit, --output-limit, --instructions; cli_limits.c). When argv[*i] is
 * one, its value argv[*i + 1] goes into *limits, *i moves past both and 1 is
 * returned; 0 when argv[*i] is another option; -EINVAL after a usage message
 * "sandpiper CMD: ..." on stderr (missing or invalid value). */
int sp_cli_parse_limits(const char *cmd, int argc, char **argv, int *i, sp_cli_time_unit bare,
                        sb_limits *limits);
/* After the options: 0 when the limits are in range, else -EINVAL after the reason
 * ("sandpiper CMD: wall_ms must be ...") on stderr. */
int sp_cli_check_limits(const char *cmd, const sb_limits *limits);

/* Start the sandbox the CLI's way: in this process (sb_config.in_process), no
 * fork server. main() has already copied argv to the heap, since the start wipes
 * the original argv and environment strings. Once per process: main() calls it
 * first for the subcommands that run something (and sb_stop()s after them), a
 * later call returns the first one's result. 0 or -errno, as sb_start(). */
int sp_cli_start_sandbox(void);

/* Where the CLI keeps its persistent network namespace (sb_config.netns_dir) when it
 * runs as root, unless $SANDPIPER_NETNS_DIR says otherwise (empty: a fresh namespace
 * every run). */
#define SP_CLI_NETNS_DIR "/run/sandpiper"

#define SP_CLI_EXE "sandpiper"           /* the command line and the fork server */
#define SP_DAEMON_EXE "sandpiper-server" /* the HTTP daemon (sandpiper serve) */

int sp_cli_run(int argc, char **argv);   /* sandpiper run */
int sp_cli_check(int argc, char **argv); /* sandpiper check */
int sp_cli_serve(int argc, char **argv); /* sandpiper-server (sandpiper serve) */
int sp_cli_trace(int argc, char **argv); /* sandpiper trace */
#endif
