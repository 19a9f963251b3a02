/* cli.h — shared helpers of the `sandpiper` subcommands. */
#ifndef SP_CLI_H
#define SP_CLI_H
#include <stddef.h>

/* Read a whole file ("-" = stdin) into a malloc'd buffer the caller frees. 0 or -errno. */
int sp_cli_read_file(const char *path, char **out, size_t *out_len);

int sp_cli_run(int argc, char **argv);   /* sandpiper run */
int sp_cli_check(int argc, char **argv); /* sandpiper check */
int sp_cli_serve(int argc, char **argv); /* sandpiper serve */
int sp_cli_trace(int argc, char **argv); /* sandpiper trace */
#endif
