/*
 * main.c — the `sandpiper` command line: one binary, one subcommand per job.
 *
 *   sandpiper run FILE | -c CODE    run a program as `python3 FILE` would
 *   sandpiper tokens|ast|dis FILE   show one stage of the pipeline
 *
 * `run` goes through the sandbox; `serve` execs the HTTP daemon, the separate
 * executable `sandpiper-server` (serve.c), so that this one links only libc,
 * libseccomp and jansson, statically: it starts in well under a millisecond, and
 * it is also the daemon's fork server (SB_FORKSERVER_COMMAND), whose image every
 * run child copies.
 */
#define _GNU_SOURCE /* secure_getenv */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"
#include "version.h"
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
                 "  trace [--steps] FILE     stage timeline + line profile, or the step trace\n"
                 "\nRun `sandpiper <command> --help` for a command's options.\n");
}

/* Read a whole file (or stdin for "-") into a malloc'd buffer. Returns 0 or -errno. */
int sp_cli_read_file(const char *path, char **out, size_t *out_len)
{
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
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
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            rc = -errno;
            break;
        }
        if (n == 0) break;
        len += (size_t)n;
    }
    if (fd != 0) close(fd);
    if (rc < 0) {
        free(buf);
        return rc;
    }
    *out = buf;
    *out_len = len;
    return 0;
}

/* tokens / ast / dis: untrusted source is parsed inside the sandbox like any run. */
static int cmd_analyze(int argc, char **argv, sb_mode mode)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fprintf(argc < 2 ? stderr : stdout, "usage: sandpiper %s FILE\n\n%s\n", argv[0],
                mode == SB_MODE_TOKENS ? "Print the token stream, like `python3 -m tokenize FILE`."
                : mode == SB_MODE_AST  ? "Print the AST, like `ast.dump(ast.parse(src), indent=2)`."
                                       : "Print the bytecode, in the layout of `dis.dis`.");
        return argc < 2 ? 2 : 0;
    }
    char *src;
    size_t len;
    int rc = sp_cli_read_file(argv[1], &src, &len);
    if (rc < 0) {
        fprintf(stderr, "sandpiper: can't open file '%s': %s\n", argv[1], strerror(-rc));
        return 2;
    }
    if ((rc = sp_cli_start_sandbox()) < 0) {
        fprintf(stderr, "sandpiper: cannot start the sandbox: %s\n", strerror(-rc));
        free(src);
        return 70;
    }
    sb_request req;
    sb_request_init(&req);
    req.source = src;
    req.source_len = len;
    req.filename = argv[1];
    req.mode = mode;
    sb_result res;
    int code = 70;
    if (sb_run(&req, &res) == 0) {
        if (res.stdout_len) fwrite(res.stdout_buf, 1, res.stdout_len, stdout);
        if (res.stderr_len) fwrite(res.stderr_buf, 1, res.stderr_len, stderr);
        if (res.verdict == SB_OK || res.verdict == SB_RUNTIME_ERROR ||
            res.verdict == SB_SYNTAX_ERROR)
            code = res.verdict == SB_OK ? 0 : res.exit_code ? res.exit_code : 1;
        else
            fprintf(stderr, "sandpiper: %s\n", sb_verdict_name(res.verdict));
    }
    sb_result_free(&res);
    sb_stop();
    free(src);
    return code;
}

/* `sandpiper serve ARGS`: become `sandpiper-server ARGS` (same environment). */
static int exec_daemon(char **argv)
{
    char path[4096];
    int rc = sp_cli_sibling_path(SP_DAEMON_EXE, path, sizeof path);
    if (rc == 0) {
        argv[0] = SP_DAEMON_EXE;
        execv(path, argv);
        rc = -errno;
    }
    fprintf(stderr, "sandpiper serve: cannot run %s next to this executable: %s\n", SP_DAEMON_EXE,
            strerror(-rc));
    return 70;
}

/* Started once per process: main() starts it before a subcommand that runs
 * something has even read its arguments; the subcommand's own call then returns
 * that first call's result. */
int sp_cli_start_sandbox(void)
{
    static int started, rc;
    if (!started) {
        /* Copied: the start wipes the environment strings. */
        const char *dir = secure_getenv("SANDPIPER_NETNS_DIR");
        sb_config cfg;
        sb_config_init(&cfg);
        cfg.in_process = true;
        cfg.netns_dir = !dir ? SP_CLI_NETNS_DIR : dir[0] ? strdup(dir) : NULL;
        rc = sb_start(&cfg);
        started = 1;
    }
    return rc;
}

/* The subcommands that run a program in the sandbox. */
static int runs_sandboxed(const char *cmd)
{
    static const char *const cmds[] = {"run", "check", "trace", "tokens", "ast", "dis"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(cmd, cmds[i]) == 0) return 1;
    return 0;
}

static int dispatch(int argc, char **argv)
{
    const char *cmd = argv[1];
    if (strcmp(cmd, "run") == 0) return sp_cli_run(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0) return sp_cli_check(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0) return exec_daemon(argv + 1);
    if (strcmp(cmd, "trace") == 0) return sp_cli_trace(argc - 1, argv + 1);
    if (strcmp(cmd, "tokens") == 0) return cmd_analyze(argc - 1, argv + 1, SB_MODE_TOKENS);
    if (strcmp(cmd, "ast") == 0) return cmd_analyze(argc - 1, argv + 1, SB_MODE_AST);
    if (strcmp(cmd, "dis") == 0) return cmd_analyze(argc - 1, argv + 1, SB_MODE_DIS);
    if (strcmp(cmd, "--version") == 0) {
        printf("sandpiper %s (Python %s)\n", SANDPIPER_VERSION, SANDPIPER_PYTHON_VERSION);
        return 0;
    }
    fprintf(stderr, "sandpiper: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return 2;
}

/* The in-process sandbox start wipes the argv strings (a run child is a copy of
 * this process); the subcommands keep using argv, so they get heap copies. */
static int copy_argv(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!(argv[i] = strdup(argv[i]))) return -ENOMEM;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], SB_FORKSERVER_COMMAND) == 0) sb_forkserver_main(argc, argv);
    if (copy_argv(argc, argv) < 0) {
        fprintf(stderr, "sandpiper: out of memory\n");
        return 70;
    }
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    /* Creating the namespaces is the start-up's critical path: start it first,
     * so that it overlaps the parsing of the arguments and the reading of the
     * source (the namespaces are joined at the first run). A failure is reported
     * by the subcommand, after its usage errors, as before. Whatever the
     * subcommand did, nothing of the sandbox outlives main(). */
    if (!runs_sandboxed(argv[1])) return dispatch(argc, argv);
    (void)sp_cli_start_sandbox();
    int code = dispatch(argc, argv);
    sb_stop(); /* -EINVAL when the subcommand has stopped it already */
    return code;
}
