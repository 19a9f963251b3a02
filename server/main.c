/*
 * main.c — the `sandpiper` command line: one binary, one subcommand per job.
 *
 *   sandpiper run FILE | -c CODE    run a program as `python3 FILE` would
 *   sandpiper tokens|ast|dis FILE   show one stage of the pipeline
 *
 * (`run` goes through the sandbox once sandbox/ provides it; `serve` comes with the
 * service.)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandpiper.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: sandpiper <command> [options]\n\n"
                 "commands:\n"
                 "  run FILE | run -c CODE   run a Python program\n"
                 "  tokens FILE              print the token stream (like python3 -m tokenize)\n"
                 "  ast FILE                 print the AST (like ast.dump(..., indent=2))\n"
                 "  dis FILE                 print the bytecode (like dis.dis)\n"
                 "\nRun `sandpiper <command> --help` for a command's options.\n");
}

/* Read a whole file (or stdin for "-") into a malloc'd buffer. Returns 0 or -errno. */
static int read_file(const char *path, char **out, size_t *out_len)
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

static int cmd_run(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fprintf(argc < 2 ? stderr : stdout,
                "usage: sandpiper run FILE [ARG...]\n       sandpiper run -c CODE [ARG...]\n");
        return argc < 2 ? 2 : 0;
    }
    char *src = NULL;
    size_t len = 0;
    const char *filename;
    int first_arg;
    if (strcmp(argv[1], "-c") == 0) {
        if (argc < 3) {
            fprintf(stderr, "sandpiper run: -c needs an argument\n");
            return 2;
        }
        src = strdup(argv[2]);
        len = strlen(src);
        filename = "<string>";
        first_arg = 3;
    } else {
        int rc = read_file(argv[1], &src, &len);
        if (rc < 0) {
            fprintf(stderr, "sandpiper: can't open file '%s': [Errno %d] %s\n", argv[1], -rc,
                    strerror(-rc));
            return 2;
        }
        filename = argv[1];
        first_arg = 2;
    }
    sp_run_options opts;
    sp_run_options_init(&opts);
    opts.source = src;
    opts.source_len = len;
    opts.filename = filename;
    const char **pargv = calloc((size_t)(argc - first_arg + 2), sizeof *pargv);
    pargv[0] = strcmp(filename, "<string>") == 0 ? "-c" : filename;
    int pargc = 1;
    for (int i = first_arg; i < argc; i++)
        pargv[pargc++] = argv[i];
    opts.argc = pargc;
    opts.argv = pargv;
    sp_result res;
    int rc = sp_run(&opts, &res);
    int code = rc < 0 ? 70 : res.exit_code;
    sp_result_free(&res);
    free(pargv);
    free(src);
    return code;
}

static int cmd_analyze(int argc, char **argv, sp_analysis what)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fprintf(argc < 2 ? stderr : stdout, "usage: sandpiper %s FILE\n", argv[0]);
        return argc < 2 ? 2 : 0;
    }
    char *src;
    size_t len;
    int rc = read_file(argv[1], &src, &len);
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
        return cmd_run(argc - 1, argv + 1);
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
