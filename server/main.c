/*
 * main.c — the `sandpiper` command line: one binary, one subcommand per job.
 *
 *   sandpiper run FILE | -c CODE    run a program as `python3 FILE` would
 *   sandpiper tokens|ast|dis FILE   show one stage of the pipeline
 *
 * `run` goes through the sandbox; `serve` is the HTTP daemon (serve.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandpiper.h"
#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: sandpiper <command> [options]\n\n"
                 "commands:\n"
                 "  run FILE | run -c CODE   run a Python program in the sandbox\n"
                 "  serve                    run the HTTP/JSON API daemon\n"
                 "  check                    report which protection layers are active\n"
                 "  tokens FILE              print the token stream (like python3 -m tokenize)\n"
                 "  ast FILE                 print the AST (like ast.dump(..., indent=2))\n"
                 "  dis FILE                 print the bytecode (like dis.dis)\n"
                 "\nRun `sandpiper <command> --help` for a command's options.\n");
}

/* Read a whole file (or stdin for "-") into a malloc'd buffer. Returns 0 or -errno. */
int sp_cli_read_file(const char *path, char **out, size_t *out_len)
{
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    int rc = 0;
    for (;;) {
        if (!buf) {
            rc = -ENOMEM;
            break;
        }
        if (len == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                rc = -ENOMEM;
                break;
            }
            buf = nb;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = -errno;
            break;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    if (fd != 0)
        close(fd);
    if (rc < 0) {
        free(buf);
        return rc;
    }
    *out = buf;
    *out_len = len;
    return 0;
}

static int cmd_analyze(int argc, char **argv, sp_analysis what)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fprintf(argc < 2 ? stderr : stdout, "usage: sandpiper %s FILE\n", argv[0]);
        return argc < 2 ? 2 : 0;
    }
    char *src;
    size_t len;
    int rc = sp_cli_read_file(argv[1], &src, &len);
    if (rc < 0) {
        fprintf(stderr, "sandpiper: can't open file '%s': %s\n", argv[1], strerror(-rc));
        return 2;
    }
    int code = sp_analyze(src, len, argv[1], what, 1, 2);
    free(src);
    return code;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "run") == 0)
        return sp_cli_run(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return sp_cli_check(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0)
        return sp_cli_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "tokens") == 0)
        return cmd_analyze(argc - 1, argv + 1, SP_ANALYZE_TOKENS);
    if (strcmp(cmd, "ast") == 0)
        return cmd_analyze(argc - 1, argv + 1, SP_ANALYZE_AST);
    if (strcmp(cmd, "dis") == 0)
        return cmd_analyze(argc - 1, argv + 1, SP_ANALYZE_DIS);
    if (strcmp(cmd, "--version") == 0) {
        printf("sandpiper %s (Python %s)\n", SP_VERSION, SP_PYTHON_VERSION);
        return 0;
    }
    fprintf(stderr, "sandpiper: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return 2;
}
