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
 *     descriptors): fork the child, open its pidfd, send the pidfd back on the
 *     run's reply socket;
 *   - on SIGCHLD (signalfd): reap with wait4() and send the wait status plus
 *     rusage on the reply socket. Every child is reaped here, none is left behind.
 *
 * When the control socket closes (sb_stop, or the daemon died) it kills every
 * child, reaps them and exits; with PR_SET_PDEATHSIG it also dies with the daemon,
 * and its children die with it.
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
 *   1. every forked run child is in `kids` until wait4() returns it;
 *   2. a kid's reply_fd is owned by the fork server and closed right after REAPED;
 *   3. the received run descriptors are closed in the fork server right after fork.
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

typedef struct kid {
    pid_t pid;
    int reply_fd;
} kid;

static struct {
    sb_config cfg;
    int as_root;
    pid_t init_pid; /* placeholder init of the pid namespace, -1 without one */
    pid_t expected_ppid;
    void *filter;
    size_t filter_len;
    kid *kids;
    size_t nkids, cap;
} fs;

static int send_reply(int fd, const sb_wire_reply *r, int pass_fd)
{
    struct iovec iov = {(void *)r, sizeof *r};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (pass_fd >= 0) {
        msg.msg_control = u.buf;
        msg.msg_controllen = sizeof u.buf;
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
    }
    return sendmsg(fd, &msg, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

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

/* Creating a network namespace is the slowest step of the start-up (~0.7 ms here:
 * a loopback device and its sysctl tables), and the CLI pays it on every run. A
 * helper forked first creates it while this process does everything else; the
 * fork server then joins it (join_net_namespace) and the helper goes. */
typedef struct net_helper {
    pid_t pid;
    int report_fd; /* the helper writes the errno of its unshare(), 0 on success */
} net_helper;

static net_helper start_net_namespace(void)
{
    net_helper h = {-1, -1};
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) return h;
    h.pid = fork();
    if (h.pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int err = unshare(CLONE_NEWNET) == 0 ? 0 : errno;
        if (write(p[1], &err, sizeof err) != sizeof err) _exit(1);
        for (;;)
            pause(); /* keeps the namespace alive until joined, then SIGKILL */
    }
    close(p[1]);
    if (h.pid < 0) {
        close(p[0]);
        return h;
    }
    h.report_fd = p[0];
    return h;
}

/* Enter the helper's network namespace; 0 or an errno. Always reaps the helper. */
static int join_net_namespace(net_helper *h)
{
    if (h->pid < 0) return EAGAIN;
    int err = EIO;
    ssize_t n;
    do
        n = read(h->report_fd, &err, sizeof err);
    while (n < 0 && errno == EINTR);
    if (n != sizeof err) err = EIO;
    if (err == 0) {
        int pidfd = (int)syscall(SYS_pidfd_open, h->pid, 0);
        if (pidfd < 0 || setns(pidfd, CLONE_NEWNET) != 0) err = errno;
        if (pidfd >= 0) close(pidfd);
    }
    close(h->report_fd);
    kill(h->pid, SIGKILL);
    while (waitpid(h->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    h->pid = -1;
    return err;
}

static void enter_namespaces(sb_wire_hello *hello, net_helper *net)
{
    static const struct {
        int flag, bit;
    } ns[] = {{CLONE_NEWIPC, SB_NS_IPC}, {CLONE_NEWUTS, SB_NS_UTS}, {CLONE_NEWNS, SB_NS_MOUNT}};
    *net = start_net_namespace();
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        int idx = __builtin_ctz((unsigned)ns[i].bit);
        if (unshare(ns[i].flag) != 0) {
            hello->ns_errno[idx] = errno;
            continue;
        }
        /* A private mount tree, so nothing we (never) mount propagates out. */
        if (ns[i].flag == CLONE_NEWNS && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
            hello->ns_errno[idx] = errno;
            continue;
        }
        hello->namespaces |= (uint32_t)ns[i].bit;
    }
    int rc = start_pid_namespace();
    if (rc == 0)
        hello->namespaces |= SB_NS_PID;
    else if (rc == -ECHILD)
        hello->err = rc;
    else
        hello->ns_errno[0] = -rc;
}

/* The network namespace, last: no run child may be forked before it is entered. */
static void finish_namespaces(sb_wire_hello *hello, net_helper *net)
{
    int err = join_net_namespace(net);
    if (err == 0)
        hello->namespaces |= SB_NS_NET;
    else
        hello->ns_errno[__builtin_ctz((unsigned)SB_NS_NET)] = err;
}

static kid *find_kid(pid_t pid)
{
    for (size_t i = 0; i < fs.nkids; i++)
        if (fs.kids[i].pid == pid) return &fs.kids[i];
    return NULL;
}

static int add_kid(pid_t pid, int reply_fd)
{
    if (fs.nkids == fs.cap) {
        size_t cap = fs.cap ? fs.cap * 2 : 16;
        kid *k = realloc(fs.kids, cap * sizeof *k);
        if (!k) return -ENOMEM;
        fs.kids = k;
        fs.cap = cap;
    }
    fs.kids[fs.nkids++] = (kid){pid, reply_fd};
    return 0;
}

/* Receive one spawn request: a magic word and exactly SB_NFDS descriptors.
 * Returns 1 on a request, 0 on EOF, -errno on a malformed message (skipped). */
static int recv_request(int ctl, int fds[SB_NFDS])
{
    uint32_t magic = 0;
    struct iovec iov = {&magic, sizeof magic};
    union {
        char buf[CMSG_SPACE(sizeof(int) * SB_NFDS)];
        struct cmsghdr align;
    } u;
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    ssize_t n = recvmsg(ctl, &msg, MSG_CMSG_CLOEXEC);
    if (n == 0) return 0;
    if (n < 0) return -errno;
    int got = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        for (int i = 0; i < count; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
            if (got < SB_NFDS)
                fds[got++] = fd;
            else
                close(fd);
        }
    }
    if (n != sizeof magic || magic != SB_WIRE_MAGIC || got != SB_NFDS ||
        (msg.msg_flags & MSG_CTRUNC)) {
        for (int i = 0; i < got; i++)
            close(fds[i]);
        return -EPROTO;
    }
    return 1;
}

static void spawn(int fds[SB_NFDS])
{
    sb_wire_reply r = {.type = SB_REPLY_SPAWNED, .t_received = sb_now_ns()};
    int reply_fd = fds[SB_FD_REPLY];
    pid_t pid = fork();
    if (pid == 0)
        sb_child_main(fds, fs.filter, fs.filter_len, fs.cfg.run_uid, fs.cfg.run_gid, fs.as_root,
                      fs.expected_ppid);
    r.t_forked = sb_now_ns();
    for (int i = 0; i < SB_NFDS; i++)
        if (i != SB_FD_REPLY) close(fds[i]);
    int pidfd = -1;
    if (pid < 0) {
        r.err = -errno;
    } else {
        r.pid = pid;
        pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
        if (pidfd < 0) {
            r.err = -errno;
            kill(pid, SIGKILL);
        }
        if (add_kid(pid, reply_fd) < 0) { /* cannot track it: kill now, reap blindly */
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            r.err = -ENOMEM;
            pid = -1;
        }
    }
    send_reply(reply_fd, &r, pidfd);
    if (pidfd >= 0) close(pidfd);
    if (pid < 0) close(reply_fd);
}

static void reap_children(void)
{
    int status;
    struct rusage ru;
    pid_t pid;
    while ((pid = wait4(-1, &status, WNOHANG, &ru)) > 0) {
        if (pid == fs.init_pid) {
            fs.init_pid = -1; /* the pid namespace is gone: further forks fail */
            continue;
        }
        kid *k = find_kid(pid);
        if (!k) continue;
        sb_wire_reply r = {
            .type = SB_REPLY_REAPED,
            .pid = pid,
            .wait_status = status,
            .utime_us = (uint64_t)ru.ru_utime.tv_sec * 1000000u + (uint64_t)ru.ru_utime.tv_usec,
            .stime_us = (uint64_t)ru.ru_stime.tv_sec * 1000000u + (uint64_t)ru.ru_stime.tv_usec,
            .maxrss_kb = (uint64_t)ru.ru_maxrss,
        };
        send_reply(k->reply_fd, &r, -1);
        close(k->reply_fd);
        *k = fs.kids[--fs.nkids];
    }
}

static void shutdown_server(void)
{
    for (size_t i = 0; i < fs.nkids; i++)
        kill(fs.kids[i].pid, SIGKILL);
    while (fs.nkids > 0) {
        pid_t pid = waitpid(fs.kids[0].pid, NULL, 0);
        if (pid < 0 && errno == EINTR) continue;
        close(fs.kids[0].reply_fd);
        fs.kids[0] = fs.kids[--fs.nkids];
    }
    if (fs.init_pid > 0) {
        kill(fs.init_pid, SIGKILL);
        waitpid(fs.init_pid, NULL, 0);
    }
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
    fs.as_root = geteuid() == 0;
    fs.init_pid = -1;
    hello.as_root = (uint32_t)fs.as_root;
    if (sigfd < 0) hello.err = -errno;
    net_helper net = {-1, -1};
    if (hello.err == 0) enter_namespaces(&hello, &net);
    fs.expected_ppid = (hello.namespaces & SB_NS_PID) ? 0 : getpid();
    if (hello.err == 0) hello.err = sb_filter_compile(&fs.filter, &fs.filter_len);
    hello.filter_len = (uint32_t)(fs.filter_len / 8);
    /* Warm start for every child: the interpreter's run-independent start-up is
     * done once here and inherited copy-on-write. Best effort: on failure each
     * child starts the interpreter itself. */
    if (hello.err == 0) (void)sp_prepare();
    finish_namespaces(&hello, &net); /* reaps the helper in every case */
    if (hello.err == 0 && fs.cfg.require_namespaces &&
        hello.namespaces != (SB_NS_PID | SB_NS_NET | SB_NS_IPC | SB_NS_UTS | SB_NS_MOUNT))
        hello.err = -ENOTSUP;
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
    long pid = argc == 6 ? parse_arg(argv[2]) : -1, uid = argc == 6 ? parse_arg(argv[3]) : -1,
         gid = argc == 6 ? parse_arg(argv[4]) : -1, req = argc == 6 ? parse_arg(argv[5]) : -1;
    if (pid <= 0 || uid < 0 || gid < 0 || req < 0 || fcntl(3, F_GETFD) < 0) _exit(2);
    sb_config_init(&fs.cfg);
    fs.cfg.run_uid = (unsigned)uid;
    fs.cfg.run_gid = (unsigned)gid;
    fs.cfg.require_namespaces = req != 0;
    server_main(3, (pid_t)pid);
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

int sb_start(const sb_config *cfg)
{
    if (sb_ctl_fd >= 0) return -EALREADY;
    if (count_threads() > 1) return -EBUSY;
    signal(SIGPIPE, SIG_IGN);
    if (cfg)
        fs.cfg = *cfg;
    else
        sb_config_init(&fs.cfg);
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
    return 0;
}

int sb_stop(void)
{
    if (sb_ctl_fd < 0) return -EINVAL;
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
