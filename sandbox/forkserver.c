/*
 * forkserver.c — sb_start/sb_stop and the fork server itself.
 *
 * The fork server is forked by sb_start() before the caller has any thread, so
 * fork() in it is always safe (no lock held by a vanished thread) and cheap (a
 * small address space). It is single-threaded and does only three things:
 *
 *   - at start: enter the namespaces the kernel allows (net, ipc, uts, mount, and
 *     pid through a placeholder init, see start_pid_namespace), compile the seccomp
 *     allow-list once, prepare the interpreter (sp_prepare: every child inherits
 *     the initialised heap instead of building it), and report in a hello message;
 *   - on a spawn request (one SOCK_SEQPACKET message carrying the run's 6
 *     descriptors): clone the child with CLONE_PARENT | CLONE_PIDFD and send its
 *     pidfd back on the run's reply socket, then close that socket.
 *
 * The run child is a sibling, not a child, of the fork server: its parent is the
 * caller (the daemon, the CLI), whose sb_run() reaps it through the pidfd. So the
 * exit reaches the waiting worker directly instead of through a SIGCHLD here, a
 * wait4() and one more message (one process wake-up fewer per run).
 *
 * When the control socket closes (sb_stop, or the daemon died) it kills the pid
 * namespace's init, which makes the kernel kill every run child, and exits; with
 * PR_SET_PDEATHSIG it also dies with the daemon, and the run children (whose parent
 * is the daemon) die with the daemon as well.
 *
 * Two ways to start it (sb_config.exec_path):
 *   fork:  the fork server is a copy of the caller (the CLI, the tests);
 *   exec:  the forked process at once execs a small executable (the static
 *          `sandpiper`) with the control socket on descriptor 3, which enters
 *          sb_forkserver_main(). The daemon uses this: it links the HTTP, TLS and
 *          SQLite libraries, and every run child would otherwise copy their ~100
 *          mappings at fork and unmap them at exit (most of a run's kernel time),
 *          and inherit the daemon's heap.
 *
 * Invariants:
 *   1. the fork server reaps only its own helpers (the namespace init and the
 *      network helper); a run child's exit goes to the caller, never here;
 *   2. a run's reply socket and descriptors are closed in the fork server before
 *      the next request is read: it holds nothing of a run after the spawn.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandpiper.h"
#include "sb_internal.h"

int sb_ctl_fd = -1;
sb_wire_hello sb_server_hello;
static pid_t server_pid = -1;

/* ---- fork server state (only meaningful inside the fork server) ---- */

static struct {
    sb_config cfg;
    int as_root;
    pid_t init_pid; /* placeholder init of the pid namespace, -1 without one */
    pid_t expected_ppid;
    void *filter;
    size_t filter_len;
    pid_t helpers[2]; /* namespace helpers, killed, not yet reaped */
    int nhelpers;
} fs;

static void placeholder_init(void)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close_range(0, ~0u, 0);
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    for (;;) {
        siginfo_t si;
        sigwaitinfo(&all, &si);
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
    }
}

/* A pid namespace for all runs: after unshare(CLONE_NEWPID) our next child is the
 * namespace's init; it just waits, so the run children (pids 2, 3, ...) cannot see
 * the fork server or the daemon, and if init dies the kernel kills them all. */
static int start_pid_namespace(void)
{
    if (unshare(CLONE_NEWPID) != 0) return -errno;
    pid_t pid = fork();
    if (pid < 0) /* no init: every later fork would fail, so the server cannot run */
        return -ECHILD;
    if (pid == 0) placeholder_init();
    fs.init_pid = pid;
    return 0;
}

/* Kill the namespace's init: the kernel kills every process left in it; the
 * init's exit completes once they are all reaped (their parents' job). */
static void stop_pid_namespace(void)
{
    if (fs.init_pid > 0) {
        kill(fs.init_pid, SIGKILL);
        while (waitpid(fs.init_pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    fs.init_pid = -1;
}

/* Creating namespaces is most of the sandbox's start-up (~0.7 ms for the network
 * one: a loopback device and its sysctl tables; ~0.2 ms for ipc, uts and mount,
 * which copies the mount tree), and the CLI pays it on every run. Two helpers
 * forked first create them, one the network namespace and one the rest, while
 * this process makes the pid namespace, compiles the filter and prepares the
 * interpreter; it then joins each helper's namespaces with one setns() through
 * the helper's pidfd, and the helpers are killed (and reaped later: reap_helpers).
 * No run child is cloned before that. */
static const struct {
    int flag, bit;
} NAMESPACES[] = {
    {CLONE_NEWNET, SB_NS_NET},
    {CLONE_NEWIPC, SB_NS_IPC},
    {CLONE_NEWUTS, SB_NS_UTS},
    {CLONE_NEWNS, SB_NS_MOUNT},
};
#define NNAMESPACES (sizeof NAMESPACES / sizeof NAMESPACES[0])

typedef struct ns_helper {
    pid_t pid;
    int report_fd;       /* the helper writes one errno per namespace of `which` */
    size_t first, count; /* which: NAMESPACES[first, first + count) */
} ns_helper;

static void ns_helper_main(const ns_helper *h, int report) __attribute__((noreturn));
static void ns_helper_main(const ns_helper *h, int report)
{
    int err[NNAMESPACES] = {0};
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    for (size_t i = 0; i < h->count; i++) {
        int flag = NAMESPACES[h->first + i].flag;
        err[i] = unshare(flag) == 0 ? 0 : errno;
        /* A private mount tree, so nothing we (never) mount propagates out. */
        if (err[i] == 0 && flag == CLONE_NEWNS &&
            mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
            err[i] = errno;
    }
    size_t len = h->count * sizeof err[0];
    if (write(report, err, len) != (ssize_t)len) _exit(1);
    for (;;)
        pause(); /* keeps the namespaces alive until joined, then SIGKILL */
}

static ns_helper start_ns_helper(size_t first, size_t count)
{
    ns_helper h = {-1, -1, first, count};
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) return h;
    h.pid = fork();
    if (h.pid == 0) ns_helper_main(&h, p[1]);
    close(p[1]);
    if (h.pid < 0)
        close(p[0]);
    else
        h.report_fd = p[0];
    return h;
}

/* Enter the helper's namespaces (all in one setns), record each in hello, and
 * kill the helper. It is reaped by reap_helpers(), off the start-up's path. */
static void join_ns_helper(ns_helper *h, sb_wire_hello *hello)
{
    int err[NNAMESPACES], flags = 0;
    for (size_t i = 0; i < h->count; i++)
        err[i] = h->pid < 0 ? EAGAIN : EIO;
    if (h->pid >= 0) {
        ssize_t n, len = (ssize_t)(h->count * sizeof err[0]);
        do
            n = read(h->report_fd, err, (size_t)len);
        while (n < 0 && errno == EINTR);
        for (size_t i = 0; n != len && i < h->count; i++)
            err[i] = EIO;
        for (size_t i = 0; i < h->count; i++)
            if (err[i] == 0) flags |= NAMESPACES[h->first + i].flag;
        int pidfd = flags ? (int)syscall(SYS_pidfd_open, h->pid, 0) : -1;
        int join_err = !flags ? 0 : pidfd < 0 || setns(pidfd, flags) != 0 ? errno : 0;
        for (size_t i = 0; join_err && i < h->count; i++)
            if (err[i] == 0) err[i] = join_err;
        if (pidfd >= 0) close(pidfd);
        close(h->report_fd);
        kill(h->pid, SIGKILL);
        fs.helpers[fs.nhelpers++] = h->pid;
    }
    for (size_t i = 0; i < h->count; i++) {
        int bit = NAMESPACES[h->first + i].bit;
        if (err[i] == 0)
            hello->namespaces |= (uint32_t)bit;
        else
            hello->ns_errno[__builtin_ctz((unsigned)bit)] = err[i];
    }
    h->pid = -1;
}

/* The helpers were killed when joined; wait for what is left of them. */
static void reap_helpers(void)
{
    for (int i = 0; i < fs.nhelpers; i++)
        while (waitpid(fs.helpers[i], NULL, 0) < 0 && errno == EINTR)
            ;
    fs.nhelpers = 0;
}

static void enter_namespaces(sb_wire_hello *hello, ns_helper helper[2])
{
    helper[0] = start_ns_helper(0, 1);               /* network */
    helper[1] = start_ns_helper(1, NNAMESPACES - 1); /* ipc, uts, mount */
    int rc = start_pid_namespace();
    if (rc == 0)
        hello->namespaces |= SB_NS_PID;
    else if (rc == -ECHILD)
        hello->err = rc;
    else
        hello->ns_errno[0] = -rc;
}

/* Join the helpers' namespaces, last: no run child may be cloned before. */
static void finish_namespaces(sb_wire_hello *hello, ns_helper helper[2])
{
    join_ns_helper(&helper[0], hello);
    join_ns_helper(&helper[1], hello);
}

/* Receive one spawn request: a magic word and exactly SB_NFDS descriptors.
 * Returns 1 on a request, 0 on EOF, -errno on a malformed message (skipped). */
static int recv_request(int sock, int fds[SB_NFDS])
{
    uint32_t magic = 0;
    int n = SB_NFDS;
    int rc = sb_wire_recv(sock, &magic, sizeof magic, fds, &n, 0);
    if (rc == 1 && (magic != SB_WIRE_MAGIC || n != SB_NFDS)) {
        for (int i = 0; i < n; i++)
            close(fds[i]);
        rc = -EPROTO;
    }
    return rc;
}

/* fork() that also returns the child's pidfd (CLONE_PIDFD: no pidfd_open race).
 * The raw system call: glibc has no wrapper taking these flags without a new
 * stack; we are single-threaded, so there are no locks for fork() to mend. */
static pid_t clone_with_pidfd(unsigned long flags, int *pidfd)
{
    return (pid_t)syscall(SYS_clone, flags | CLONE_PIDFD, NULL, pidfd, NULL, 0);
}

/* A run child of the fork server: its parent is our parent (CLONE_PARENT), whose
 * sb_run reaps it. */
static pid_t clone_sibling(int *pidfd)
{
    return clone_with_pidfd(CLONE_PARENT, pidfd);
}

/* The SPAWNED reply with the child's pidfd (then closed here): the pid, or the
 * clone's errno when there is no child. 0 or -errno of the send. */
static int send_spawned(int reply_fd, sb_wire_reply *r, pid_t pid, int clone_errno, int pidfd)
{
    if (pid < 0)
        r->err = -clone_errno;
    else
        r->pid = pid;
    int rc = sb_wire_send(reply_fd, r, sizeof *r, &pidfd, pidfd >= 0);
    if (pidfd >= 0) close(pidfd);
    return rc;
}

static void run_child(int fds[SB_NFDS]) __attribute__((noreturn));
static void run_child(int fds[SB_NFDS])
{
    sb_child_main(fds, fs.filter, fs.filter_len, fs.cfg.run_uid, fs.cfg.run_gid, fs.as_root,
                  fs.expected_ppid);
}

static void spawn(int fds[SB_NFDS])
{
    sb_wire_reply r = {.type = SB_REPLY_SPAWNED, .t_received = sb_now_ns()};
    int reply_fd = fds[SB_FD_REPLY];
    int pidfd = -1;
    pid_t pid = clone_sibling(&pidfd);
    if (pid == 0) run_child(fds);
    int err = errno;
    for (int i = 0; i < SB_NFDS; i++)
        if (i != SB_FD_REPLY) close(fds[i]);
    send_spawned(reply_fd, &r, pid, err, pidfd); /* on failure: EOF for the caller */
    close(reply_fd);
}

/* SIGCHLD: only our helpers are our children (invariant 1). */
static void reap_children(void)
{
    pid_t pid;
    while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
        if (pid == fs.init_pid) fs.init_pid = -1; /* the pid namespace is gone: forks fail */
        for (int i = 0; i < fs.nhelpers; i++)
            if (fs.helpers[i] == pid) fs.helpers[i--] = fs.helpers[--fs.nhelpers];
    }
}

/* Killing the namespace's init makes the kernel kill every run child; its exit
 * then waits until the caller has reaped them (sb_run and sb_stop always do). */
static void shutdown_server(void) __attribute__((noreturn));
static void shutdown_server(void)
{
    stop_pid_namespace();
    reap_helpers();
    _exit(0);
}

static void serve(int ctl, int sigfd)
{
    struct pollfd p[2] = {{ctl, POLLIN, 0}, {sigfd, POLLIN, 0}};
    for (;;) {
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) continue;
            shutdown_server();
        }
        if (p[1].revents) {
            struct signalfd_siginfo si;
            while (read(sigfd, &si, sizeof si) > 0)
                ;
            reap_children();
        }
        if (p[0].revents) {
            int fds[SB_NFDS];
            int rc = recv_request(ctl, fds);
            if (rc == 0 || (rc < 0 && rc != -EPROTO && rc != -EINTR && rc != -EAGAIN))
                shutdown_server();
            if (rc == 1) spawn(fds);
        }
    }
}

/* Children inherit dispositions: reset every handler the caller may have installed
 * (its code must never run in a child), once, here instead of in each child. */
static void reset_signal_handlers(void)
{
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP || sig == SIGPIPE) continue;
#ifdef SP_SANITIZE /* keep the sanitizers' crash reporters */
        if (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL || sig == SIGABRT)
            continue;
#endif
        signal(sig, SIG_DFL);
    }
}

/* Every child is a copy of this process: wipe the caller's command line and
 * environment strings (API keys may be passed there) from our copy of the stack,
 * so a child that gained native code execution cannot read them from memory.
 * The ranges come from /proc/self/stat (fields 48-51). Best effort. */
static void scrub_args_and_environment(void)
{
    char buf[2048];
    int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    if (fd >= 0) close(fd);
    clearenv();
    if (n <= 0) return;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    unsigned long v[52] = {0};
    /* Field 3 follows ") "; count up to field 51. */
    for (int field = 3; p && field <= 51; field++) {
        p = strchr(p, ' ');
        if (!p) return;
        v[field] = strtoul(++p, NULL, 10);
    }
    if (v[48] && v[49] > v[48] && v[49] - v[48] < (1ul << 24))
        memset((void *)v[48], 0, v[49] - v[48]);
    if (v[50] && v[51] > v[50] && v[51] - v[50] < (1ul << 24))
        memset((void *)v[50], 0, v[51] - v[50]);
}

static void ensure_std_fds(void)
{
    for (int fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0) {
            int n = open("/dev/null", O_RDWR);
            if (n >= 0 && n != fd) {
                dup2(n, fd);
                close(n);
            }
        }
}

/* What every run child inherits, set up once in the process that will clone
 * them: the namespaces, the compiled filter and the prepared interpreter. Errors
 * go to hello->err (fatal) or hello->ns_errno (a namespace the kernel refused).
 * parent: the pid the children will see as their parent without a pid namespace. */
static void prepare_runner(sb_wire_hello *hello, pid_t parent)
{
    fs.as_root = geteuid() == 0;
    fs.init_pid = -1;
    hello->as_root = (uint32_t)fs.as_root;
    ns_helper helper[2] = {{-1, -1, 0, 0}, {-1, -1, 0, 0}};
    if (hello->err == 0) enter_namespaces(hello, helper);
    fs.expected_ppid = (hello->namespaces & SB_NS_PID) ? 0 : parent;
    if (hello->err == 0) hello->err = sb_filter_compile(SB_FILTER_RUN, &fs.filter, &fs.filter_len);
    hello->filter_len = (uint32_t)(fs.filter_len / 8);
    /* Warm start for every child: the interpreter's run-independent start-up is
     * done once here and inherited copy-on-write. Best effort: on failure each
     * child starts the interpreter itself. */
    if (hello->err == 0) (void)sp_prepare();
    finish_namespaces(hello, helper);
    if (hello->err == 0 && fs.cfg.require_namespaces &&
        hello->namespaces != (SB_NS_PID | SB_NS_NET | SB_NS_IPC | SB_NS_UTS | SB_NS_MOUNT))
        hello->err = -ENOTSUP;
}

/* The fork server's own seccomp filter (filter.c, SB_FILTER_SERVER), once it has
 * started: from here on it can only serve spawn requests, and every run child
 * inherits it below its own. Mandatory: a failure stops the start. Not in
 * sanitizer builds, whose runtime needs more (ptrace for the leak check). */
static int lock_down_server(void)
{
#ifdef SP_SANITIZE
    return 0;
#else
    void *prog = NULL;
    size_t len = 0;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -errno;
    int rc = sb_filter_compile(SB_FILTER_SERVER, &prog, &len);
    if (rc == 0) rc = sb_filter_load(prog, len);
    free(prog);
    return rc;
#endif
}

static void server_main(int ctl, pid_t daemon_pid) __attribute__((noreturn));
static void server_main(int ctl, pid_t daemon_pid)
{
    sb_wire_hello hello = {.magic = SB_WIRE_MAGIC};
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != daemon_pid) _exit(1);
    ensure_std_fds();
    reset_signal_handlers();
    scrub_args_and_environment();
    if (dup2(ctl, 3) != 3) _exit(1);
    ctl = 3;
    close_range(4, ~0u, 0);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    int sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sigfd < 0) hello.err = -errno;
    /* the run child's parent is ours (CLONE_PARENT) */
    prepare_runner(&hello, getppid());
    if (hello.err == 0) hello.err = lock_down_server();
    if (send(ctl, &hello, sizeof hello, MSG_NOSIGNAL) != sizeof hello || hello.err != 0)
        shutdown_server();
    serve(ctl, sigfd);
    _exit(0);
}

/* Parse a decimal argument of sb_forkserver_main; -1 when malformed. */
static long parse_arg(const char *s)
{
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : -1;
    return s && !errno && end != s && *end == 0 && v >= 0 ? v : -1;
}

void sb_forkserver_main(int argc, char **argv)
{
    /* argv: exe SB_FORKSERVER_COMMAND daemon_pid uid gid require_namespaces */
    long v[4];
    for (int i = 0; i < 4; i++)
        v[i] = argc == 6 ? parse_arg(argv[2 + i]) : -1;
    if (v[0] <= 0 || v[1] < 0 || v[2] < 0 || v[3] < 0 || fcntl(3, F_GETFD) < 0) _exit(2);
    pid_t pid = (pid_t)v[0];
    sb_config_init(&fs.cfg);
    fs.cfg.run_uid = (unsigned)v[1];
    fs.cfg.run_gid = (unsigned)v[2];
    fs.cfg.require_namespaces = v[3] != 0;
    (void)sb_hugetext(); /* best effort: fewer page faults per run child */
    server_main(3, pid);
}

/* In the forked fork server when sb_config.exec_path is set: become that
 * executable. The control socket moves to descriptor 3, everything else above the
 * standard descriptors is closed, the environment is empty. A failed exec is
 * reported in a hello message, so sb_start returns its errno. */
static void exec_server(int ctl, pid_t daemon_pid) __attribute__((noreturn));
static void exec_server(int ctl, pid_t daemon_pid)
{
    sb_wire_hello hello = {.magic = SB_WIRE_MAGIC};
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != daemon_pid) _exit(1);
    if (ctl != 3 && dup2(ctl, 3) != 3) _exit(1);
    if (fcntl(3, F_SETFD, 0) != 0) _exit(1); /* dup2 onto itself keeps FD_CLOEXEC */
    close_range(4, ~0u, 0);
    char pid[24], uid[24], gid[24], req[4];
    snprintf(pid, sizeof pid, "%d", (int)daemon_pid);
    snprintf(uid, sizeof uid, "%u", fs.cfg.run_uid);
    snprintf(gid, sizeof gid, "%u", fs.cfg.run_gid);
    snprintf(req, sizeof req, "%d", fs.cfg.require_namespaces ? 1 : 0);
    char *argv[] = {"sandpiper", SB_FORKSERVER_COMMAND, pid, uid, gid, req, NULL};
    char *envp[] = {NULL};
    execve(fs.cfg.exec_path, argv, envp);
    hello.err = -errno;
    send(3, &hello, sizeof hello, MSG_NOSIGNAL);
    _exit(127);
}

/* The contract says "before any thread exists": enforce it where /proc tells. */
static int count_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* ---- in-process mode (sb_config.in_process) ----
 *
 * For a caller that makes one or a few runs and has no thread (the CLI): the
 * caller itself enters the namespaces, compiles the filter, prepares the
 * interpreter and clones each run child, which is then simply its child. No
 * fork server process, no messages: one process creation and three hand-offs
 * fewer on the way from `sandpiper run` to the result. */
bool sb_in_process;
char sb_caller_ns[5][48];

static void record_caller_namespaces(void)
{
    static const char *const ns[] = {"pid", "net", "ipc", "mnt", "uts"};
    for (int i = 0; i < 5; i++) {
        char path[32];
        snprintf(path, sizeof path, "/proc/self/ns/%s", ns[i]);
        ssize_t n = readlink(path, sb_caller_ns[i], sizeof sb_caller_ns[i] - 1);
        sb_caller_ns[i][n > 0 ? n : 0] = 0;
    }
}

/* Children created after sb_stop (a sanitizer's helper thread at exit, say)
 * must not try to enter the dead pid namespace: back to our own. */
static void leave_pid_namespace(void)
{
    int self = (int)syscall(SYS_pidfd_open, getpid(), 0);
    if (self >= 0) {
        (void)setns(self, CLONE_NEWPID);
        close(self);
    }
}

/* Undo start_in_process: the pid namespace (and our way back out of it), the
 * namespace helpers, the filter. */
static void stop_in_process(void)
{
    stop_pid_namespace();
    leave_pid_namespace();
    reap_helpers();
    free(fs.filter);
    fs.filter = NULL;
    sb_in_process = false;
}

static int start_in_process(void)
{
    sb_wire_hello hello = {.magic = SB_WIRE_MAGIC};
    if (fs.cfg.exec_path) return -EINVAL;
    ensure_std_fds();
    reset_signal_handlers();
    scrub_args_and_environment();
    prepare_runner(&hello, getpid());
    if (hello.err != 0) {
        stop_in_process();
        return hello.err;
    }
    sb_server_hello = hello;
    sb_in_process = true;
    return 0;
}

int sb_spawn_in_process(const int fds[SB_NFDS])
{
    sb_wire_reply r = {.type = SB_REPLY_SPAWNED, .t_received = sb_now_ns()};
    int pidfd = -1;
    pid_t pid = clone_with_pidfd(SIGCHLD, &pidfd);
    if (pid == 0) run_child((int *)fds);
    int err = errno;
    return send_spawned(fds[SB_FD_REPLY], &r, pid, err, pidfd);
}

int sb_start(const sb_config *cfg)
{
    if (sb_ctl_fd >= 0) return -EALREADY;
    if (count_threads() > 1) return -EBUSY;
    if (sb_in_process) return -EALREADY;
    signal(SIGPIPE, SIG_IGN);
    signal(SIGCHLD, SIG_DFL); /* SIG_IGN would reap run children before sb_run can */
    if (cfg)
        fs.cfg = *cfg;
    else
        sb_config_init(&fs.cfg);
    record_caller_namespaces();
    if (fs.cfg.in_process) return start_in_process();
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) return -errno;
    pid_t daemon_pid = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int rc = -errno;
        close(sv[0]);
        close(sv[1]);
        return rc;
    }
    if (pid == 0) {
        close(sv[0]);
        if (fs.cfg.exec_path) exec_server(sv[1], daemon_pid);
        server_main(sv[1], daemon_pid);
    }
    close(sv[1]);
    sb_wire_hello hello;
    ssize_t n;
    do
        n = recv(sv[0], &hello, sizeof hello, 0);
    while (n < 0 && errno == EINTR);
    int rc = 0;
    if (n != sizeof hello || hello.magic != SB_WIRE_MAGIC)
        rc = -EPROTO;
    else if (hello.err != 0)
        rc = hello.err;
    if (rc < 0) {
        close(sv[0]);
        waitpid(pid, NULL, 0);
        return rc;
    }
    sb_server_hello = hello;
    sb_ctl_fd = sv[0];
    server_pid = pid;
    sb_ready_children = fs.cfg.ready_children;
    return 0;
}

int sb_stop(void)
{
    sb_release_thread();
    if (sb_in_process) {
        stop_in_process();
        return 0;
    }
    if (sb_ctl_fd < 0) return -EINVAL;
    sb_ready_children = false;
    /* The fork server sees EOF, stops the pid namespace and exits. */
    close(sb_ctl_fd);
    sb_ctl_fd = -1;
    int rc = 0;
    while (waitpid(server_pid, NULL, 0) < 0) {
        if (errno != EINTR) {
            rc = -errno;
            break;
        }
    }
    server_pid = -1;
    return rc;
}
