/*
 * sandbox.h — the sandbox's one public header (prefix sb_).
 *
 * Everything above the sandbox (the CLI, the HTTP service) runs programs only
 * through this file. The design, in one paragraph:
 *
 *   sb_start() forks a small single-threaded *fork server* before the caller has
 *   created any thread. It unshares the namespaces the kernel allows, compiles
 *   the seccomp allow-list once, and then waits for spawn requests. sb_run(),
 *   called concurrently by any number of worker threads, creates the run's pipes,
 *   hands the child's ends to the fork server over a SOCK_SEQPACKET socket and
 *   gets back a pidfd. The fork server clones one child per run as a sibling
 *   (CLONE_PARENT: the caller is its parent); the child locks itself down (see
 *   child.c for the exact order), reads its program and runs the interpreter. With
 *   sb_config.ready_children each thread keeps its next child forked and locked
 *   down ahead (run.c), so a run only hands it the program. The worker thread watches the
 *   pipes, a wall-clock deadline and the output caps, kills with SIGKILL through
 *   the pidfd, and reaps the child through the same pidfd (waitid) with its
 *   rusage. The verdict is derived from that status plus the child's result
 *   record, which is treated as untrusted.
 *
 * Functions return 0 or -errno (libuv convention) unless said otherwise.
 * Limit names are the same everywhere: wall_ms, cpu_ms, memory_kb, output_kb,
 * instructions (JSON keys, CLI help, docs/sandbox.md).
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- limits (defaults and maximums live in limits.c, nowhere else) ---- */

typedef struct sb_limits {
    uint64_t wall_ms;      /* wall clock, from fork to exit */
    uint64_t cpu_ms;       /* user + system CPU time */
    uint64_t memory_kb;    /* interpreter heap budget; RLIMIT_AS is set somewhat above it */
    uint64_t output_kb;    /* cap for stdout and for stderr, each */
    uint64_t instructions; /* bytecode instructions; 0 = unlimited */
} sb_limits;

sb_limits sb_limits_default(void);
sb_limits sb_limits_max(void);
/* NULL when every limit is within 1..max (instructions: 0..max); otherwise a static
 * message naming the offending key, suitable for an HTTP 422 body. */
const char *sb_limits_validate(const sb_limits *l);

/* ---- request ---- */

typedef enum sb_mode {
    SB_MODE_RUN = 0, /* sp_run */
    SB_MODE_TOKENS,  /* sp_analyze(SP_ANALYZE_TOKENS) */
    SB_MODE_AST,
    SB_MODE_DIS,
    SB_MODE_TEST_NATIVE, /* tests only: run the native payload set by sb_test_set_payload() */
} sb_mode;

typedef enum sb_trace_mode {
    SB_TRACE_STAGES = 0, /* stage timings only (always collected) */
    SB_TRACE_STEPS,      /* plus a step-by-step trace, see sb_result.trace_json */
} sb_trace_mode;

typedef struct sb_request {
    const char *source; /* borrowed; need not be NUL-terminated */
    size_t source_len;
    const char *filename;   /* borrowed; NULL -> "<string>" */
    const char *stdin_data; /* borrowed; fed to the program's stdin, then EOF */
    size_t stdin_len;
    int stdin_fd; /* >= 0: this descriptor becomes the program's stdin instead of
                     stdin_data (the CLI passes 0); default -1 */
    sb_limits limits;
    sb_mode mode;
    sb_trace_mode trace;
    uint32_t step_limit; /* SB_TRACE_STEPS: stop after this many steps (0 = 1000); the
                            trace then ends with one instruction_limit_reached entry */
    int argc;            /* sys.argv; borrowed */
    const char *const *argv;
    int test_case; /* SB_MODE_TEST_NATIVE: passed to the payload */
} sb_request;

/* Defaults: limits = sb_limits_default(), mode run, stdin_fd -1, everything else 0/NULL. */
void sb_request_init(sb_request *req);

/* ---- result ---- */

typedef enum sb_verdict {
    SB_OK = 0,
    SB_RUNTIME_ERROR,
    SB_SYNTAX_ERROR,
    SB_TIME_LIMIT_EXCEEDED,
    SB_MEMORY_LIMIT_EXCEEDED,
    SB_OUTPUT_LIMIT_EXCEEDED,
    SB_SANDBOX_VIOLATION,
    SB_INTERNAL_ERROR,
} sb_verdict;

typedef enum sb_tle_reason {
    SB_TLE_NONE = 0,
    SB_TLE_INSTRUCTIONS,
    SB_TLE_CPU,
    SB_TLE_WALL,
} sb_tle_reason;

const char *sb_verdict_name(sb_verdict v);       /* "ok", "runtime_error", ... */
const char *sb_tle_reason_name(sb_tle_reason r); /* NULL, "instructions", "cpu", "wall" */

/* The interpreter's counters (a copy of sp_stats, so that callers need not include
 * sandpiper.h). Values come from the child and are informational only. */
typedef struct sb_stats {
    uint64_t source_bytes, tokens, ast_nodes, code_objects, bytecode_instructions;
    uint64_t instructions_executed, calls, bytes_allocated, peak_heap, gc_cycles;
    uint64_t stdout_bytes, stderr_bytes;
    uint64_t ns_load, ns_tokenize, ns_parse, ns_compile, ns_execute;
} sb_stats;

/* A named count attached to a stage (names are static strings, JSON keys). */
typedef struct sb_counter {
    const char *name;
    uint64_t value;
} sb_counter;

#define SB_STAGE_COUNTERS 4

/* One stage of a run, times relative to the sb_run() call. counters[0..ncounters)
 * are the stage's counts (docs/traces.md lists them per stage); counter_name /
 * counter repeat counters[0] for older callers (NULL / 0 when there is none).
 * Names are static strings. */
typedef struct sb_stage {
    const char *name;
    uint64_t start_ns;
    uint64_t duration_ns;
    const char *counter_name;
    uint64_t counter;
    sb_counter counters[SB_STAGE_COUNTERS];
    int ncounters;
} sb_stage;

#define SB_MAX_STAGES 12

/* Per-line profile of the run's file: lines[i] is source line i+1 (a copy of
 * sp_line_stat). Always collected for SB_MODE_RUN. */
typedef struct sb_line_stat {
    uint64_t hits;         /* times execution entered the line */
    uint64_t instructions; /* bytecode instructions executed on the line */
} sb_line_stat;

typedef struct sb_result {
    sb_verdict verdict;
    sb_tle_reason tle_reason; /* for SB_TIME_LIMIT_EXCEEDED */
    int exit_code;            /* the program's exit status (sys.exit(n), 1 on exception) */
    int signal;               /* signal that ended the child, 0 if it exited */

    char *stdout_buf; /* owned (malloc), NUL-terminated, may be NULL when empty */
    size_t stdout_len;
    bool stdout_truncated;
    char *stderr_buf; /* owned (malloc), NUL-terminated, may be NULL when empty */
    size_t stderr_len;
    bool stderr_truncated;

    uint64_t wall_us, cpu_us, memory_kb, instructions;

    bool has_exception; /* runtime_error by exception, syntax_error, memory/instructions */
    char exc_type[64];
    char exc_message[512];
    int exc_line;

    char violation_syscall[48]; /* sandbox_violation: e.g. "socket", "x32:41", "unknown" */
    char internal_message[128]; /* internal_error: what went wrong, for logs */

    sb_stage stages[SB_MAX_STAGES];
    int nstages;
    bool has_stats; /* stats is valid (the child sent a well-formed result record) */
    sb_stats stats;

    char *trace_json; /* owned; SB_TRACE_STEPS: a JSON array of step objects (from the
                         child: untrusted text, callers must parse before embedding) */
    size_t trace_len;
    bool trace_truncated;

    sb_line_stat *lines; /* owned (malloc); NULL when the child sent no profile */
    size_t nlines;       /* <= the number of source lines of the request */

    /* internal_error because the fork server is gone (sb_alive() == 0): nothing of
     * the program's own made the run fail, so it may be run again after sb_restart. */
    bool sandbox_down;
} sb_result;

/* ---- lifecycle ---- */

typedef struct sb_config {
    unsigned run_uid, run_gid; /* used when running as root; default 65534 (nobody) */
    bool require_namespaces;   /* fail sb_start when a namespace cannot be created */
    /* borrowed, may be NULL. When set, the fork server is this executable, exec'd
     * right after the fork (its main() must hand SB_FORKSERVER_COMMAND to
     * sb_forkserver_main): every run child is then a copy of that small image, not
     * of the caller, which is cheaper to fork and holds nothing of the caller's
     * memory. NULL: the fork server is a plain fork of the caller. */
    const char *exec_path;
    /* No fork server process: the caller itself enters the namespaces, prepares
     * the interpreter and clones each run child (fewer processes and hand-offs: the
     * CLI's start-up). Only for a caller that stays single-threaded; its argv and
     * environment strings are wiped like the fork server's copy (copy what you
     * need before sb_start), and it enters the runs' namespaces itself (net, ipc,
     * uts, mount: its working directory becomes the root, so resolve paths first).
     * Not with exec_path. */
    bool in_process;
    /* Each thread that calls sb_run keeps one child forked and locked down ahead
     * of its next run (run.c: "ready children"), with the memory and CPU limits of
     * its last run: a run with those limits then only hands the child its program,
     * so the fork, the set-up and the seccomp load leave its latency (not its CPU
     * cost). For a long-lived service; ignored in_process. Threads discard theirs
     * when they exit, sb_stop the caller's. */
    bool ready_children;
    /* 0..SB_MAX_RUN_NICE: each run child lowers its own scheduling priority to this
     * nice value (never raises it) before it runs anything of the user's; it cannot
     * raise it again. The daemon's threads then go before user code, whose CPU limit
     * counts CPU time, not turns. 0 = as the caller (the default, also the daemon's:
     * docs/performance.md). */
    int run_nice;
    /* in_process, as root: keep one empty network namespace on DIR/net across
     * processes (`ip netns add` style) instead of creating one per process; it is
     * checked at every use, and replaced by a fresh one on any doubt (docs/sandbox.md,
     * "The CLI's network namespace"). NULL: a fresh namespace every time. The string
     * must outlive sb_start's wiping of the environment (copy it from getenv). */
    const char *netns_dir;
} sb_config;

#define SB_MAX_RUN_NICE 19

void sb_config_init(sb_config *cfg);

/* The fork-server executable's entry: its main() calls this when argv[1] is
 * SB_FORKSERVER_COMMAND (sb_start passes the control socket as descriptor 3 and the
 * configuration in argv). Never returns; exits at once when not started that way. */
#define SB_FORKSERVER_COMMAND "__fork-server"
void sb_forkserver_main(int argc, char **argv) __attribute__((noreturn));

/* Start the fork server. Must be called before the process creates any thread
 * (and before opening SQLite/the HTTP server): -EBUSY when /proc shows another
 * thread. Sets SIGPIPE to SIG_IGN in the caller: workers write to pipes whose
 * reader may be gone; and SIGCHLD to SIG_DFL: run children are the caller's
 * children, reaped by sb_run (never install a SIGCHLD handler that reaps). -EALREADY when started;
 * the fork server's own failure (e.g. the seccomp filter does not compile) is returned as its
 * -errno. cfg may be NULL (defaults of sb_config_init). Without cfg->exec_path every run child is
 * a copy of the caller at this moment (argv and environment strings are wiped from
 * the copy): call it before loading secrets such as API keys. */
int sb_start(const sb_config *cfg);

/* Run one program. Thread-safe and blocking. Returns 0 when res holds a verdict
 * (which may be internal_error), -errno on bad arguments or when the sandbox is
 * not started. res must be released with sb_result_free() in both cases. */
int sb_run(const sb_request *req, sb_result *res);

void sb_result_free(sb_result *res);

/* ---- a fork server that died ----
 *
 * The fork server can die (a bug, the OOM killer, an operator's kill): with it go
 * its pid namespace and so every run child alive, and runs then end in
 * internal_error with sb_result.sandbox_down set. A long-running caller (the
 * daemon) watches sb_alive() and calls sb_restart() from ONE thread that lives as
 * long as the sandbox (the new fork server has PR_SET_PDEATHSIG, which follows the
 * thread that started it); worker threads call sb_thread_tidy() when idle.
 *
 * sb_alive: 1 when the fork server is there, 0 when its control socket hung up,
 * -EINVAL when not started (1 in-process). Thread-safe: one poll().
 * sb_restart: exec a new fork server (sb_config.exec_path only: -ENOTSUP without,
 * as a fork of a caller with threads is not safe), wait for its start, and check
 * that it reports the same protection as the first one did (-EPERM otherwise: no
 * runs, fail closed); then reap the old one. 0 when it was alive already. Safe
 * while other threads are in sb_run: until it returns, their runs fail as above.
 * sb_generation: how many times the fork server was replaced.
 * sb_thread_tidy: discard the calling thread's ready child when its fork server is
 * gone, so that the dead child does not wait as a zombie for this thread's next
 * run. */
int sb_alive(void);
int sb_restart(void);
unsigned sb_generation(void);
void sb_thread_tidy(void);

/* Stop the fork server (it kills the pid namespace's init, and so every run
 * child still alive), and reap it. Discards the calling thread's ready child. Call after every
 * sb_run has returned and every other thread that ran one has exited (each thread reaps its own
 * ready child). */
int sb_stop(void);

/* ---- which protection layers are active on this host ---- */

typedef struct sb_layer {
    const char
        *name; /* "seccomp", "no_new_privs", "rlimits", "uid_drop", "namespaces", "cgroups" */
    bool active;
    bool mandatory; /* a run fails closed without it */
    char detail[256];
} sb_layer;

typedef struct sb_check_report {
    sb_layer layers[8];
    int nlayers;
} sb_check_report;

/* Probe a live sandboxed child (its /proc status, namespaces, limits, and that a
 * forbidden system call kills it). Requires sb_start(). */
int sb_check(sb_check_report *report);

/* ---- tests only ---- */

/* The escape harness installs native attack code run by SB_MODE_TEST_NATIVE children
 * after the full child setup. Call before sb_start(). */
typedef int (*sb_native_payload)(int test_case);
void sb_test_set_payload(sb_native_payload fn);

#ifdef __cplusplus
}
#endif
#endif
