/*
 * child.c — what a freshly forked run child does, in this order, failing closed
 * (exit with a setup code and no result record -> the parent says internal_error)
 * at every step:
 *
 *   1. parent-death signal (SIGKILL), and check the parent is still there
 *   2. read the set-up part of the request (its limits) from the request pipe
 *   3. the run's pipes onto 0/1/2, the result pipe onto 3, the request pipe onto
 *      4, every other fd closed
 *   4. empty environment
 *   5. rlimits: AS, CPU, FSIZE 0, NOFILE 4, CORE 0, NPROC 0, MEMLOCK 0, plus a
 *      CPU-time POSIX timer that raises SIGXCPU at cpu_ms (rlimits count seconds)
 *   6. unprivileged uid/gid and no supplementary groups when running as root; then
 *      the run's nice value (sb_config.run_nice), which it can only raise
 *   7. namespaces: already entered by its parent (the fork server, see forkserver.c)
 *   8. no_new_privs, not dumpable
 *   9. signal state: empty mask, SIGSYS reporter installed, SIGXCPU default
 *  10. the seccomp allow-list compiled by the fork server (filter.c)
 *  11. read the rest of the request (source, argv, mode) from fd 4: a ready child
 *      (run.c) waits here, locked down, until its run arrives
 *
 * then runs the interpreter on fds 0/1/2 and writes one result record to fd 3.
 * Nothing here uses stdio: after step 10 only read(0|4), write(1|2|3), memory calls
 * and exit_group are possible.
 *
 *   FORKED -> (1..10) SANDBOXED -> (11) RUNNING -> exit_group -> REAPED (by sb_run)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sandpiper.h"
#include "sb_internal.h"

/* Setup failure exit codes (no result record follows); run.c names them. */
enum {
    SB_EXIT_PDEATHSIG = 241,
    SB_EXIT_REQUEST,
    SB_EXIT_FDS,
    SB_EXIT_ENV,
    SB_EXIT_RLIMITS,
    SB_EXIT_UID,
    SB_EXIT_NNP,
    SB_EXIT_SIGNALS,
    SB_EXIT_SECCOMP,
    SB_EXIT_RESULT,
};

sb_native_payload sb_test_payload;

void sb_test_set_payload(sb_native_payload fn)
{
    sb_test_payload = fn;
}

static int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -errno;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
    char *p = buf;
    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n == 0 ? -EPIPE : -errno;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Records travel to the parent in an outbox: what is added goes out in one
 * write when the outbox is flushed (or fills up), so the records at the end of a
 * run (line profile, result) wake the parent once. A record too big for it goes
 * out directly, after what the outbox held: the order is kept. The outbox lives on
 * the caller's stack, in pages the run has touched already (a static buffer would
 * cost a page fault in every child). */
typedef struct outbox {
    size_t len;
    char buf[4096];
} outbox;

static int outbox_flush(outbox *o)
{
    int rc = o->len ? write_all(SB_CHILD_RESULT_FD, o->buf, o->len) : 0;
    o->len = 0;
    return rc;
}

static int outbox_add(outbox *o, uint32_t kind, const void *payload, uint32_t len)
{
    sb_wire_rec h = {kind, len};
    if (sizeof h + len > sizeof o->buf - o->len) {
        int rc = outbox_flush(o);
        if (rc < 0) return rc;
        if (sizeof h + len > sizeof o->buf) {
            rc = write_all(SB_CHILD_RESULT_FD, &h, sizeof h);
            return rc < 0 ? rc : write_all(SB_CHILD_RESULT_FD, payload, len);
        }
    }
    memcpy(o->buf + o->len, &h, sizeof h);
    memcpy(o->buf + o->len + sizeof h, payload, len);
    o->len += sizeof h + len;
    return 0;
}

/* One record, now. */
static int write_record(uint32_t kind, const void *payload, uint32_t len)
{
    outbox o;
    o.len = 0;
    int rc = outbox_add(&o, kind, payload, len);
    return rc < 0 ? rc : outbox_flush(&o);
}

/* The SIGSYS reporter. Runs with every signal blocked (sa_mask full), so the
 * second forbidden call below makes the kernel reset SIGSYS to SIG_DFL and kill
 * the process: the program never resumes after a violation. One write, so the
 * record is atomic (< PIPE_BUF). */
static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
    struct {
        sb_wire_rec h;
        sb_wire_violation v;
    } msg = {{SB_REC_VIOLATION, sizeof(sb_wire_violation)}, {si->si_syscall, si->si_arch}};
    (void)!write(SB_CHILD_RESULT_FD, &msg, sizeof msg);
    syscall(SYS_getppid); /* forbidden: forced SIGSYS -> death */
    for (;;)
        syscall(SYS_exit_group, 128 + SIGSYS);
}

/* The request: header + filename + source + argv strings, all in one buffer. */
typedef struct request {
    sb_wire_request h;
    char *filename, *source;
    const char **argv;
    char *blob;
} request;

/* Small requests (most programs) are read onto the stack: the child's stack
 * pages near here are already its own, while malloc would first write (and so
 * copy) several of the fork server's heap pages. */
enum { SMALL_REQUEST = 8192, SMALL_ARGC = 16 };
typedef struct request_space {
    char blob[SMALL_REQUEST];
    const char *argv[SMALL_ARGC + 1];
} request_space;

static int read_setup(int fd, sb_wire_setup *setup)
{
    int rc = read_all(fd, setup, sizeof *setup);
    if (rc < 0) return rc;
    return setup->magic == SB_WIRE_MAGIC ? 0 : -EINVAL;
}

static int read_request(int fd, request *r, request_space *space)
{
    int rc = read_all(fd, &r->h, sizeof r->h);
    if (rc < 0) return rc;
    if (r->h.magic != SB_WIRE_MAGIC || r->h.source_len > SB_MAX_SOURCE ||
        r->h.filename_len > 4096 || r->h.argv_len > SB_MAX_ARGV || r->h.argc > 4096)
        return -EINVAL;
    size_t total = r->h.filename_len + 1 + r->h.source_len + 1 + r->h.argv_len;
    r->blob = total <= sizeof space->blob ? space->blob : malloc(total);
    r->argv = r->h.argc <= SMALL_ARGC ? memset(space->argv, 0, sizeof space->argv)
                                      : calloc(r->h.argc + 1, sizeof *r->argv);
    if (!r->blob || !r->argv) return -ENOMEM;
    r->filename = r->blob;
    if ((rc = read_all(fd, r->filename, r->h.filename_len)) < 0) return rc;
    r->filename[r->h.filename_len] = 0;
    r->source = r->filename + r->h.filename_len + 1;
    if ((rc = read_all(fd, r->source, r->h.source_len)) < 0) return rc;
    r->source[r->h.source_len] = 0;
    char *a = r->source + r->h.source_len + 1;
    if ((rc = read_all(fd, a, r->h.argv_len)) < 0) return rc;
    char *end = a + r->h.argv_len;
    for (uint32_t i = 0; i < r->h.argc; i++) {
        char *nul = memchr(a, 0, (size_t)(end - a));
        if (!nul) return -EINVAL;
        r->argv[i] = a;
        a = nul + 1;
    }
    return 0;
}

/* The run's descriptors onto 0..4, every other one closed. A source that is
 * itself one of 0..4 is first copied above 4 (not far above: a descriptor past 63
 * would make the kernel grow the descriptor table, ~15 us in this guest).
 * RLIMIT_NOFILE 4 (step 5) then forbids any new descriptor; fd 4 stays usable. */
static int install_fds(const int fds[SB_NFDS])
{
    enum { N = 5 };
    static const int which[N] = {SB_FD_STDIN, SB_FD_STDOUT, SB_FD_STDERR, SB_FD_RESULT,
                                 SB_FD_REQUEST};
    _Static_assert(SB_CHILD_RESULT_FD == 3 && SB_CHILD_REQUEST_FD == 4, "fd layout");
    int src[N];
    for (int i = 0; i < N; i++) {
        src[i] = fds[which[i]];
        if (src[i] < N && (src[i] = fcntl(src[i], F_DUPFD_CLOEXEC, N)) < 0) return -errno;
    }
    for (int i = 0; i < N; i++)
        if (dup2(src[i], i) != i) return -errno;
    if (close_range(N, ~0u, 0) != 0) return -errno;
    return 0;
}

static int set_limit(int resource, rlim_t soft, rlim_t hard)
{
    struct rlimit rl = {soft, hard};
    return setrlimit(resource, &rl) == 0 ? 0 : -errno;
}

static int set_rlimits(const sb_wire_setup *h)
{
    rlim_t cpu_s = (rlim_t)((h->cpu_ms + 999) / 1000) + 1; /* backstop for the timer */
    int rc = 0;
    if (h->rlimit_as) rc = set_limit(RLIMIT_AS, h->rlimit_as, h->rlimit_as);
    if (rc == 0) rc = set_limit(RLIMIT_CPU, cpu_s, cpu_s + 1);
    if (rc == 0) rc = set_limit(RLIMIT_FSIZE, 0, 0);
    if (rc == 0) rc = set_limit(RLIMIT_NOFILE, 4, 4);
    if (rc == 0) rc = set_limit(RLIMIT_CORE, 0, 0);
    if (rc == 0) rc = set_limit(RLIMIT_NPROC, 0, 0);
    if (rc == 0) rc = set_limit(RLIMIT_MEMLOCK, 0, 0);
    if (rc != 0) return rc;
    /* Millisecond CPU limit: a process CPU-time timer whose signal kills. */
    struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGXCPU};
    timer_t timer;
    if (timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &timer) != 0) return -errno;
    struct itimerspec its = {
        .it_value = {(time_t)(h->cpu_ms / 1000), (long)(h->cpu_ms % 1000) * 1000000L},
    };
    if (timer_settime(timer, 0, &its, NULL) != 0) return -errno;
    return 0;
}

/* The run's nice value, once unprivileged: it can then only lower its priority, so
 * a caller already running at a higher nice value keeps it (EACCES: not an error). */
static int set_nice(unsigned nice)
{
    if (nice > SB_MAX_RUN_NICE) return -EINVAL;
    if (nice == 0 || setpriority(PRIO_PROCESS, 0, (int)nice) == 0 || errno == EACCES) return 0;
    return -errno;
}

static int drop_privileges(unsigned uid, unsigned gid)
{
    if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 || setresuid(uid, uid, uid) != 0)
        return -errno;
    /* Fail closed: make sure there is no way back. */
    if (getuid() != uid || geteuid() != uid || getgid() != gid || setuid(0) == 0) return -EPERM;
    return 0;
}

static int setup_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigsys;
    sa.sa_flags = SA_SIGINFO;
    sigfillset(&sa.sa_mask);
    if (sigaction(SIGSYS, &sa, NULL) != 0) return -errno;
    /* Every other handler was reset by the fork server (forkserver.c). */
    if (signal(SIGPIPE, SIG_DFL) == SIG_ERR) return -errno;
    sigset_t none;
    sigemptyset(&none);
    return sigprocmask(SIG_SETMASK, &none, NULL) == 0 ? 0 : -errno;
}

/* ---- step trace: one TRACE record per step ----
 *
 * Each step is written as soon as it is made, so that a run killed by the wall or
 * CPU limit still leaves its trace up to that moment with the parent. When the
 * step limit refuses a step, the interpreter's tracer sends one terminal
 * `instruction_limit_reached` entry, which is the only entry accepted past it. */

typedef struct tracebuf {
    char *buf;
    size_t len, cap;
    size_t sent; /* stream bytes of the records so far (SB_TRACE_STEPS_MAX) */
    uint32_t steps, limit;
    int truncated, final_sent;
} tracebuf;

static void trace_flush(tracebuf *t)
{
    if (t->len > 0) write_record(SB_REC_TRACE, t->buf, (uint32_t)t->len);
    t->len = 0;
}

static int is_final_entry(const char *json, size_t len)
{
    static const char prefix[] = "{\"event\":\"instruction_limit_reached\"";
    return len >= sizeof prefix - 1 && memcmp(json, prefix, sizeof prefix - 1) == 0;
}

/* Stream bytes a step of len bytes costs at most: a separator and two records. */
static size_t step_cost(size_t len)
{
    return len + 1 + 2 * sizeof(sb_wire_rec);
}

static void trace_append(tracebuf *t, const char *json, size_t len)
{
    t->sent += step_cost(len);
    if (len + 1 > t->cap) { /* a single huge step: send it alone */
        trace_flush(t);
        write_record(SB_REC_TRACE, ",", t->steps ? 1 : 0);
        write_record(SB_REC_TRACE, json, (uint32_t)len);
    } else {
        if (t->steps) t->buf[t->len++] = ',';
        memcpy(t->buf + t->len, json, len);
        t->len += len;
        trace_flush(t);
    }
    t->steps++;
}

static int on_step(void *ctx, const char *json, size_t len)
{
    tracebuf *t = ctx;
    if (len > UINT32_MAX / 2) return 1;
    int full_steps = t->steps >= t->limit;
    if (full_steps || t->sent + step_cost(len) > SB_TRACE_STEPS_MAX) {
        if (t->truncated && !t->final_sent && is_final_entry(json, len) &&
            t->sent + step_cost(len) <= SB_TRACE_FINAL_MAX) {
            trace_append(t, json, len);
            t->final_sent = 1;
        }
        t->truncated = 1;
        return full_steps ? SP_TRACE_FULL_STEPS : SP_TRACE_FULL_SIZE;
    }
    trace_append(t, json, len);
    return 0;
}

/* The line profile as one LINES record (trailing never-run lines dropped). */
static void send_line_profile(const sp_result *res, outbox *o)
{
    size_t n = res->nlines;
    while (n > 0 && res->lines[n - 1].hits == 0 && res->lines[n - 1].instructions == 0)
        n--;
    if (!res->lines || n == 0 || n > SB_MAX_PROFILE_LINES) return;
    _Static_assert(sizeof(sb_line_stat) == sizeof(sp_line_stat),
                   "sb_line_stat mirrors sp_line_stat");
    outbox_add(o, SB_REC_LINES, res->lines, (uint32_t)(n * sizeof(sb_line_stat)));
}

static void run_program(const request *r, sb_wire_result *out, outbox *o)
{
    if (r->h.mode == SB_MODE_TEST_NATIVE) {
        out->status = SP_STATUS_EXITED;
        out->exit_code = sb_test_payload ? sb_test_payload(r->h.test_case) : 70;
        return;
    }
    if (r->h.mode == SB_MODE_PROBE) {
        /* sb_check: say we are ready, wait for the parent to inspect us, then prove
         * that a forbidden call kills. */
        char c;
        (void)!write(1, "R", 1);
        while (read(0, &c, 1) > 0)
            ;
        syscall(SYS_getppid);
        out->status = SP_STATUS_EXITED;
        out->exit_code = 99; /* still alive: the parent reports seccomp inactive */
        return;
    }
    if (r->h.mode != SB_MODE_RUN) {
        sp_analysis what = r->h.mode == SB_MODE_TOKENS ? SP_ANALYZE_TOKENS
                           : r->h.mode == SB_MODE_AST  ? SP_ANALYZE_AST
                                                       : SP_ANALYZE_DIS;
        int code = sp_analyze(r->source, r->h.source_len, r->filename, what, 1, 2);
        out->status = code == 0 ? SP_STATUS_EXITED : SP_STATUS_SYNTAX_ERROR;
        out->exit_code = code;
        return;
    }
    sp_run_options opts;
    sp_run_options_init(&opts);
    opts.source = r->source;
    opts.source_len = r->h.source_len;
    opts.filename = r->filename;
    opts.limits.memory_bytes = r->h.heap_bytes;
    opts.limits.instructions = r->h.instructions;
    opts.argc = (int)r->h.argc;
    opts.argv = r->h.argc ? r->argv : NULL;
    opts.want_line_profile = 1; /* always on (docs/traces.md) */
    tracebuf tb = {0};
    sp_tracer tracer = {&tb, on_step};
    if (r->h.trace == SB_TRACE_STEPS) {
        tb.cap = 64 * 1024;
        tb.buf = malloc(tb.cap);
        tb.limit = r->h.step_limit ? r->h.step_limit : 1000;
        if (tb.buf) opts.tracer = &tracer;
    }
    sp_result res;
    memset(&res, 0, sizeof res);
    int rc = sp_run(&opts, &res);
    if (opts.tracer) trace_flush(&tb);
    send_line_profile(&res, o);
    out->status = rc < 0 ? SP_STATUS_INTERNAL_ERROR : res.status;
    out->exit_code = res.exit_code;
    out->exc_line = res.exc_line;
    out->steps_truncated = (uint32_t)tb.truncated;
    memcpy(out->exc_type, res.exc_type, sizeof out->exc_type);
    memcpy(out->exc_message, res.exc_message, sizeof out->exc_message);
    _Static_assert(sizeof(sb_stats) == sizeof(sp_stats), "sb_stats mirrors sp_stats");
    memcpy(&out->stats, &res.stats, sizeof out->stats);
    sp_result_free(&res);
}

void sb_child_main(const int fds[SB_NFDS], const void *filter, size_t filter_len, unsigned uid,
                   unsigned gid, int as_root, pid_t expected_ppid)
{
    sb_wire_result out;
    memset(&out, 0, sizeof out);
    out.t_child_start = sb_now_ns();

    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != expected_ppid)
        _exit(SB_EXIT_PDEATHSIG);
    sb_wire_setup setup;
    if (read_setup(fds[SB_FD_REQUEST], &setup) < 0) _exit(SB_EXIT_REQUEST);
    if (install_fds(fds) < 0) _exit(SB_EXIT_FDS);
    /* The fork server emptied its own environment; clearing only when needed
     * spares a copy-on-write fault of the page holding `environ`. */
    if (environ && clearenv() != 0) _exit(SB_EXIT_ENV);
    if (environ) _exit(SB_EXIT_ENV);
    if (set_rlimits(&setup) < 0) _exit(SB_EXIT_RLIMITS);
    if (as_root && drop_privileges(uid, gid) < 0) _exit(SB_EXIT_UID);
    if (set_nice(setup.nice) < 0) _exit(SB_EXIT_RLIMITS);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_DUMPABLE, 0) != 0)
        _exit(SB_EXIT_NNP);
    if (setup_signals() < 0) _exit(SB_EXIT_SIGNALS);
    if (sb_filter_load(filter, filter_len) < 0) _exit(SB_EXIT_SECCOMP);
    out.t_sandboxed = sb_now_ns();

    request req;
    request_space space;
    memset(&req, 0, sizeof req);
    if (read_request(SB_CHILD_REQUEST_FD, &req, &space) < 0) _exit(SB_EXIT_REQUEST);
    out.t_run_start = sb_now_ns();
    outbox o;
    o.len = 0;
    run_program(&req, &out, &o);
    out.t_run_end = sb_now_ns();
    if (outbox_add(&o, SB_REC_RESULT, &out, sizeof out) < 0 || outbox_flush(&o) < 0)
        _exit(SB_EXIT_RESULT);
    _exit(0);
}
