/* cli.h — shared helpers of the `sandpiper` subcommands. */
#ifndef SP_CLI_H
#define SP_CLI_H
#include <stddef.h>

/* Read a whole file ("-" = stdin) into a malloc'd buffer the caller frees. 0 or -errno. */
int sp_cli_read_file(const char *path, char **out, size_t *out_len);

/* The path of the executable `name` in this executable's directory, written into
 * buf. 0 or -errno (-ENAMETOOLONG when it does not fit). */
int sp_cli_sibling_path(const char *name, char *buf, size_t size);

#define SP_CLI_EXE "sandpiper"           /* the command line and the fork server */
#define SP_DAEMON_EXE "sandpiper-server" /* the HTTP daemon (sandpiper serve) */

int sp_cli_run(int argc, char **argv);   /* sandpiper run */
int sp_cli_check(int argc, char **argv); /* sandpiper check */
int sp_cli_serve(int argc, char **argv); /* sandpiper-server (sandpiper serve) */
int sp_cli_trace(int argc, char **argv); /* sandpiper trace */
#endif
