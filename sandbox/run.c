/*
 * run.c — sb_run(): one run, seen from the worker thread.
 *
 *   1. build the request blob (the set-up part the child reads before its lock-down,
 *      then the program) and the run's pipes (request, stdin, stdout, stderr,
 *      result) plus a reply socket; send the child's ends to the fork server — or
 *      adopt this thread's ready child, which has done all that ahead (below);
 *   2. watch: feed the request and stdin, drain stdout/stderr (each capped at
 *      output_kb; past the cap the child is killed) and the result pipe, enforce the
 *      wall-clock deadline (CPU time is enforced inside the child by a CPU timer and
 *      RLIMIT_CPU), kill through the pidfd;
 *   3. the child is ours to reap: the fork server clones it with CLONE_PARENT, so
 *      its parent is this process; its pidfd (from CLONE_PIDFD, passed back by the
 *      fork server) polls readable at exit and waitid(P_PIDFD) reaps it with its
 *      rusage, one hop fewer than a reap in the fork server;
 *   4. parse the child's records (untrusted: every length is bounds-checked) and
 *      decide the verdict.
 *
 * Every descriptor opened here is closed before sb_run returns (one cleanup path),
 * and every child it spawned is reaped before it returns: a child still alive at
 * the cleanup is killed and waited for.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/resource.h>
#include <unistd.h>

#include "sandpiper.h"
#include "sb_internal.h"

/* Address space allowed above the heap budget: the binary, libc, stacks, malloc
 * slack. The interpreter's own budget should always trip first. */
#define AS_HEADROOM (192ull << 20)
/* Everything an honest child can send: its trace, its whole line profile, its result. */
#define RESULT_CAP (SB_TRACE_CAP + SB_MAX_PROFILE_LINES * sizeof(sb_line_stat) + 64 * 1024)
#define KILL_GRACE_MS 10000 /* after SIGKILL, the reap must come within this */
#define EXIT_FIRST_MS 5     /* a run's first ms in which only its exit wakes the worker */
#define KEPT_PIPE_SIZE (1 << 20)

typedef struct outbuf {
    char *data; /* malloc'd */
    size_t len, cap, limit;
    int fd;
    int truncated;
    int empty; /* the last drain() left the pipe empty (or closed it at EOF) */
} outbuf;

typedef enum kill_reason { KILL_NONE, KILL_WALL, KILL_OUTPUT, KILL_INTERNAL } kill_reason;

typedef struct run_state {
    int fds[SB_NFDS]; /* child ends, closed after the send */
    int req_w, in_w, reply;
    int pidfd;
    pid_t pid;
    const char *req_blob;
    size_t req_len, req_off;
    const char *in_data;
    size_t in_len, in_off;
    outbuf out, err, res;
    int spawned, reaped;
    int stdin_on_request; /* no stdin pipe: stdin follows the request on its pipe */
    int adopted;          /* a ready child: forked and locked down before this run */
    int shared;           /* stdout, stderr, result and reply are the thread's kept channels */
    int drained;          /* shared: emptied after the reap */
    sb_wire_reply spawned_msg;
    int wait_status; /* in waitpid() form, valid once reaped */
    uint64_t utime_us, stime_us, maxrss_kb;
    kill_reason killed;
    int kill_sent;
    uint64_t t0, t_spawned, t_killed, t_last_output, t_reaped;
} run_state;

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

/* For the parent's ends of fresh pipes only: pipe2 sets no other status flag, so
 * one F_SETFL (no F_GETFL first) is enough — one system call per descriptor. */
static int set_nonblock(int fd)
{
    return fcntl(fd, F_SETFL, O_NONBLOCK) < 0 ? -errno : 0;
}

/* The request blob: sb_wire_setup (*setup), then the program. NULL when too big. */
static char *build_request(const sb_request *req, int mode, size_t *out_len, sb_wire_setup *setup)
{
    const char *filename = req->filename ? req->filename : "<string>";
    *setup = (sb_wire_setup){
        .magic = SB_WIRE_MAGIC, .nice = (uint32_t)sb_run_nice, .cpu_ms = req->limits.cpu_ms};
    sb_wire_request h = {
        .magic = SB_WIRE_MAGIC,
        .mode = (uint32_t)mode,
        .trace = (uint32_t)req->trace,
        .step_limit = req->step_limit,
        .test_case = req->test_case,
        .filename_len = (uint32_t)strlen(filename),
        .argc = (uint32_t)(req->argc > 0 ? req->argc : 0),
        .source_len = req->source_len,
        .heap_bytes = req->limits.memory_kb * 1024,
        .instructions = req->limits.instructions,
    };
#ifndef SP_SANITIZE /* the sanitizers reserve terabytes of shadow address space */
    setup->rlimit_as = h.heap_bytes + AS_HEADROOM;
#endif
    size_t argv_len = 0;
    for (uint32_t i = 0; i < h.argc; i++)
        argv_len += strlen(req->argv[i]) + 1;
    h.argv_len = (uint32_t)argv_len;
    if (h.filename_len > 4096 || req->source_len > SB_MAX_SOURCE || argv_len > SB_MAX_ARGV ||
        h.argc > 4096)
        return NULL;
    size_t len = sizeof *setup + sizeof h + h.filename_len + req->source_len + argv_len;
    char *blob = malloc(len), *p = blob;
    if (!blob) return NULL;
    memcpy(p, setup, sizeof *setup);
    p += sizeof *setup;
    memcpy(p, &h, sizeof h);
    p += sizeof h;
    memcpy(p, filename, h.filename_len);
    p += h.filename_len;
    if (req->source_len) memcpy(p, req->source, req->source_len);
    p += req->source_len;
    for (uint32_t i = 0; i < h.argc; i++) {
        size_t n = strlen(req->argv[i]) + 1;
        memcpy(p, req->argv[i], n);
        p += n;
    }
    *out_len = len;
    return blob;
}

/* ---- kept channels ----
 *
 * Creating and closing a run's pipes and reply socket was ~7 % of the daemon's
 * CPU per hello-world run. So each thread keeps its stdout, stderr and result
 * pipes and its reply socket pair across runs, both ends: the child gets copies of
 * the write ends (and the fork server one of the reply end) through the fork
 * server, the thread reads. The request and stdin pipes stay per run: the child
 * must see EOF on them, and it would not while we held both ends.
 *
 * Since the thread holds the write ends too, those pipes never report EOF: a run
 * is over when its child is reaped, and then the pipes are drained until empty
 * (no other writer can exist: the child cannot fork or pass descriptors). A run
 * that ends in any other way (no reply, a failed reap, a read error) closes the
 * set instead, so nothing of one run can reach the next.
 *
 *   NONE --first run--> FREE --a run or a ready child takes it--> BUSY
 *   BUSY --reaped, drained--> FREE      BUSY --anything else--> NONE (closed)
 * While the thread's ready child holds the set, a run that cannot adopt it gets
 * fresh pipes of its own, as before.
 */
typedef enum { CHAN_NONE, CHAN_FREE, CHAN_BUSY } chan_state;
typedef struct channels {
    chan_state state;
    int out[2], err[2], res[2], reply[2]; /* pipes: [0] read; reply: [0] ours */
} channels;

static __thread channels chans = {CHAN_NONE, {-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}};

/* What a thread keeps (its channels, its ready child) is released by a
 * thread-specific destructor when it exits, by sb_stop for the caller. */
static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;
static bool have_thread_key;

static void release_at_thread_exit(void *unused)
{
    (void)unused;
    sb_release_thread();
}

static void make_thread_key(void)
{
    have_thread_key = pthread_key_create(&thread_key, release_at_thread_exit) == 0;
}

static bool thread_key_ready(void)
{
    pthread_once(&thread_once, make_thread_key);
    return have_thread_key;
}

static void close_pair(int p[2])
{
    for (int i = 0; i < 2; i++)
        if (p[i] >= 0) close(p[i]);
    p[0] = p[1] = -1;
}

static void close_channels(void)
{
    close_pair(chans.out);
    close_pair(chans.err);
    close_pair(chans.res);
    close_pair(chans.reply);
    chans.state = CHAN_NONE;
}

static int open_channels(void)
{
    if (!thread_key_ready()) return -ENOMEM;
    int rc = 0;
    int *pipes[3] = {chans.out, chans.err, chans.res};
    for (int i = 0; rc == 0 && i < 3; i++) {
        if (pipe2(pipes[i], O_CLOEXEC) < 0 || fcntl(pipes[i][0], F_SETFL, O_NONBLOCK) < 0)
            rc = -errno;
        /* Room for a short run's whole output (exit_first_ms), once per thread; best
         * effort (the system's pipe-max-size may be lower). Not for the CLI's one run. */
        else if (!sb_in_process)
            (void)fcntl(pipes[i][1], F_SETPIPE_SZ, KEPT_PIPE_SIZE);
    }
    /* in-process, the reply is filled in directly (send_spawn): no socket */
    if (rc == 0 && !sb_in_process &&
        socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, chans.reply) < 0)
        rc = -errno;
    if (rc < 0) {
        close_channels();
        return rc;
    }
    chans.state = CHAN_FREE;
    pthread_setspecific(thread_key, &chans);
    return 0;
}

/* Give the run the thread's channels if they are free: 1 taken, 0 not. */
static int take_channels(run_state *st)
{
    if (chans.state == CHAN_NONE && open_channels() < 0) return 0;
    if (chans.state != CHAN_FREE) return 0;
    chans.state = CHAN_BUSY;
    st->shared = 1;
    st->out.fd = chans.out[0];
    st->err.fd = chans.err[0];
    st->res.fd = chans.res[0];
    st->reply = chans.reply[0];
    st->fds[SB_FD_STDOUT] = chans.out[1];
    st->fds[SB_FD_STDERR] = chans.err[1];
    st->fds[SB_FD_RESULT] = chans.res[1];
    st->fds[SB_FD_REPLY] = chans.reply[1];
    return 1;
}

/* After the send: close the child's ends, except the kept ones. */
static void close_child_ends(run_state *st)
{
    if (st->shared)
        st->fds[SB_FD_STDOUT] = st->fds[SB_FD_STDERR] = st->fds[SB_FD_RESULT] =
            st->fds[SB_FD_REPLY] = -1;
    for (int i = 0; i < SB_NFDS; i++)
        close_fd(&st->fds[i]);
}

/* Hand the kept descriptors back from a run state, which must not close them:
 * free again when the run ended cleanly (clean), else closed. A read end that a
 * failed read already closed (drain) is not closed twice. */
static void return_channels(run_state *st, bool clean)
{
    assert(st->shared && chans.state == CHAN_BUSY);
    if (st->out.fd < 0) chans.out[0] = -1;
    if (st->err.fd < 0) chans.err[0] = -1;
    if (st->res.fd < 0) chans.res[0] = -1;
    clean = clean && st->out.fd >= 0 && st->err.fd >= 0 && st->res.fd >= 0;
    st->out.fd = st->err.fd = st->res.fd = st->reply = -1;
    st->fds[SB_FD_STDOUT] = st->fds[SB_FD_STDERR] = st->fds[SB_FD_RESULT] = st->fds[SB_FD_REPLY] =
        -1;
    st->shared = 0;
    if (clean)
        chans.state = CHAN_FREE;
    else
        close_channels();
}

/* Pipes are created O_CLOEXEC; the parent's ends are made non-blocking. stdin_fd:
 * the caller's descriptor for the child's stdin, or -1 for a pipe: its own pipe
 * when own_stdin (the probe feeds stdin only after its inspection), else the
 * request pipe itself, where stdin follows the request (the child reads exactly
 * the request's length from fd 4, and the rest from fd 0, the same pipe): one
 * pipe and four system calls fewer per run. */
static int make_pipes(run_state *st, int stdin_fd, bool own_stdin)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) return -errno;
    st->fds[SB_FD_REQUEST] = p[0];
    st->req_w = p[1];
    if (stdin_fd < 0 && !own_stdin) {
        st->stdin_on_request = 1; /* fds[SB_FD_STDIN] stays -1: see spawn_fds() */
    } else if (stdin_fd >= 0) {
        st->fds[SB_FD_STDIN] = fcntl(stdin_fd, F_DUPFD_CLOEXEC, 0);
        if (st->fds[SB_FD_STDIN] < 0) return -errno;
    } else {
        if (pipe2(p, O_CLOEXEC) < 0) return -errno;
        st->fds[SB_FD_STDIN] = p[0];
        st->in_w = p[1];
    }
    int rc = set_nonblock(st->req_w);
    if (rc == 0 && st->in_w >= 0) rc = set_nonblock(st->in_w);
    if (rc < 0 || take_channels(st)) return rc;
    outbuf *bufs[3] = {&st->out, &st->err, &st->res};
    int which[3] = {SB_FD_STDOUT, SB_FD_STDERR, SB_FD_RESULT};
    for (int i = 0; i < 3; i++) {
        if (pipe2(p, O_CLOEXEC) < 0) return -errno;
        bufs[i]->fd = p[0];
        st->fds[which[i]] = p[1];
    }
    int sv[2] = {-1, -1};
    if (!sb_in_process && socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
        return -errno;
    st->reply = sv[0];
    st->fds[SB_FD_REPLY] = sv[1];
    for (int i = 0; rc == 0 && i < 3; i++)
        rc = set_nonblock(bufs[i]->fd);
    return rc;
}

static int accept_reply(run_state *st, const sb_wire_reply *r, int pidfd);

/* The child's descriptors as sent: with stdin on the request pipe, that pipe's
 * read end twice (the child gets it as fd 0 and fd 4). st->fds holds it once, so
 * that it is closed once. */
static void spawn_fds(const run_state *st, int fds[SB_NFDS])
{
    memcpy(fds, st->fds, sizeof st->fds);
    if (st->stdin_on_request) fds[SB_FD_STDIN] = fds[SB_FD_REQUEST];
}

static int send_spawn(run_state *st)
{
    int fds[SB_NFDS];
    spawn_fds(st, fds);
    if (sb_in_process) { /* no message to ourselves: the reply is filled in here */
        sb_wire_reply r;
        int pidfd;
        sb_spawn_in_process(fds, &r, &pidfd);
        return accept_reply(st, &r, pidfd);
    }
    uint32_t magic = SB_WIRE_MAGIC;
    return sb_wire_send(sb_ctl_fd, &magic, sizeof magic, fds, SB_NFDS);
}

/* Decide to kill (the first reason wins). The pipes may report an over-limit
 * before the SPAWNED reply has brought the pidfd: then the signal is sent as soon
 * as it arrives (send_pending_kill). */
static void send_pending_kill(run_state *st)
{
    if (st->killed != KILL_NONE && !st->kill_sent && st->pidfd >= 0 && !st->reaped) {
        st->kill_sent = 1;
        syscall(SYS_pidfd_send_signal, st->pidfd, SIGKILL, NULL, 0);
    }
}

static void kill_child(run_state *st, kill_reason why)
{
    if (st->killed != KILL_NONE || st->reaped) return;
    st->killed = why;
    st->t_killed = sb_now_ns();
    send_pending_kill(st);
}

/* Feed a non-blocking writer; close it when done (unless more follows: then true
 * when done) or when the reader is gone. */
static bool feed(int *fd, const char *data, size_t len, size_t *off, bool more_follows)
{
    while (*fd >= 0 && *off < len) {
        ssize_t n = write(*fd, data + *off, len - *off);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return false;
        if (n <= 0) {
            close_fd(fd);
            return false;
        }
        *off += (size_t)n;
    }
    if (*off < len) return false;
    if (!more_follows) close_fd(fd);
    return *fd >= 0;
}

/* The request pipe: the request, then the run's stdin when it shares the pipe. */
static void feed_request(run_state *st)
{
    if (feed(&st->req_w, st->req_blob, st->req_len, &st->req_off, st->stdin_on_request))
        feed(&st->req_w, st->in_data, st->in_len, &st->in_off, false);
}

/* Drain a reader into its buffer up to its limit. Returns 1 when the limit was
 * crossed (data beyond it is discarded), 0 otherwise. Closes the fd at EOF.
 * A short read emptied the pipe (a pipe read returns less than asked only when
 * nothing more is buffered): stop there rather than pay a read for EAGAIN; what
 * is written later polls readable again. */
static int drain(outbuf *b)
{
    char tmp[65536];
    int over = 0;
    b->empty = 1;
    while (b->fd >= 0) {
        ssize_t n = read(b->fd, tmp, sizeof tmp);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) break;
        if (n <= 0) {
            close_fd(&b->fd);
            break;
        }
        size_t take = (size_t)n;
        int emptied = (size_t)n < sizeof tmp;
        if (b->len + take > b->limit) {
            take = b->limit - b->len;
            if (!b->truncated) over = 1;
            b->truncated = 1;
        }
        if (take == 0) {
            if (emptied) break;
            continue;
        }
        if (b->len + take + 1 > b->cap) {
            size_t cap = b->cap ? b->cap : 4096;
            while (cap < b->len + take + 1)
                cap *= 2;
            char *d = realloc(b->data, cap);
            if (!d) { /* treat as over the limit: we cannot hold more */
                b->truncated = 1;
                b->empty = 0;
                return 1;
            }
            b->data = d;
            b->cap = cap;
        }
        memcpy(b->data + b->len, tmp, take);
        b->len += take;
        if (emptied) break;
    }
    return over;
}

/* Whether a pipe polled (p, or NULL when it was not) right after its writer's
 * exit is empty now. */
static bool drained_after_exit(const outbuf *b, const struct pollfd *p)
{
    return b->fd < 0 || (p && (p->revents == 0 || b->empty));
}

/* Kept pipes never reach EOF (we hold their write ends too): once the child is
 * reaped, empty them, once. */
static void drain_kept(run_state *st)
{
    if (st->drained) return;
    drain(&st->out);
    drain(&st->err);
    drain(&st->res);
    st->drained = 1;
}

/* Take the SPAWNED reply and the child's pidfd (consumed; -1 for none). 0, or
 * -EPROTO for anything but one SPAWNED reply. */
static int accept_reply(run_state *st, const sb_wire_reply *r, int pidfd)
{
    if (r->type != SB_REPLY_SPAWNED || st->spawned) {
        if (pidfd >= 0) close(pidfd);
        return -EPROTO;
    }
    st->spawned = 1;
    st->spawned_msg = *r;
    st->t_spawned = sb_now_ns();
    st->pid = r->pid;
    st->pidfd = pidfd;
    if (r->err < 0)
        st->killed = KILL_INTERNAL;
    else
        send_pending_kill(st);
    return 0;
}

/* Receive the fork server's SPAWNED reply (and the child's pidfd), then close a
 * reply socket of the run's own: nothing more comes on it. 0 ok, -EAGAIN, -EPIPE at
 * EOF (the fork server went away), -EPROTO for anything else. */
static int recv_reply(run_state *st)
{
    sb_wire_reply r;
    int pidfd = -1, n = 1;
    int rc = sb_wire_recv(st->reply, &r, sizeof r, &pidfd, &n, MSG_DONTWAIT);
    if (rc < 0) return rc == -EINTR || rc == -EWOULDBLOCK ? -EAGAIN : rc;
    if (rc == 0) return -EPIPE;
    rc = accept_reply(st, &r, n ? pidfd : -1);
    if (rc == 0 && !st->shared) close_fd(&st->reply);
    return rc;
}

static int poll_timeout_ms(const run_state *st, uint64_t wall_ms)
{
    uint64_t now = sb_now_ns(), deadline;
    if (!st->spawned)
        deadline = st->t0 + 30000ull * 1000000;
    else if (st->killed != KILL_NONE)
        deadline = (st->t_killed ? st->t_killed : st->t_spawned) + KILL_GRACE_MS * 1000000ull;
    else
        deadline = st->t_spawned + wall_ms * 1000000ull;
    if (now >= deadline) return 0;
    return (int)((deadline - now + 999999) / 1000000);
}

/* Reap the child once it has exited: 1 reaped, 0 still running (WNOHANG), -errno.
 * The raw waitid: glibc's wrapper has no rusage argument. Without a pidfd (it
 * never arrived) the pid is used: the child is ours, so it cannot be recycled
 * before we reap it. */
static int reap(run_state *st, int options)
{
    siginfo_t si;
    struct rusage ru;
    memset(&si, 0, sizeof si);
    memset(&ru, 0, sizeof ru);
    long rc;
    do
        rc = st->pidfd >= 0 ? syscall(SYS_waitid, P_PIDFD, st->pidfd, &si, WEXITED | options, &ru)
                            : syscall(SYS_waitid, P_PID, st->pid, &si, WEXITED | options, &ru);
    while (rc < 0 && errno == EINTR);
    if (rc < 0) return -errno;
    if (si.si_pid == 0) return 0;
    st->reaped = 1;
    st->t_reaped = sb_now_ns();
    st->wait_status = si.si_code == CLD_EXITED
                          ? (si.si_status & 0xff) << 8
                          : (si.si_status & 0x7f) | (si.si_code == CLD_DUMPED ? 0x80 : 0);
    st->utime_us = (uint64_t)ru.ru_utime.tv_sec * 1000000u + (uint64_t)ru.ru_utime.tv_usec;
    st->stime_us = (uint64_t)ru.ru_stime.tv_sec * 1000000u + (uint64_t)ru.ru_stime.tv_usec;
    st->maxrss_kb = (uint64_t)ru.ru_maxrss;
    return 1;
}

/* The cleanup path's guarantee: no child outlives sb_run, none stays a zombie. */
static void kill_and_reap(run_state *st)
{
    if (!st->spawned || st->reaped || st->pid <= 0) return;
    if (st->pidfd >= 0)
        syscall(SYS_pidfd_send_signal, st->pidfd, SIGKILL, NULL, 0);
    else
        kill(st->pid, SIGKILL);
    (void)reap(st, 0);
}

/* Exit first. Most runs are short: their output fits the kept pipes (enlarged to
 * KEPT_PIPE_SIZE when allowed), so for its first EXIT_FIRST_MS the worker waits
 * for the child's exit alone and reads everything after the reap: one wake-up per
 * run instead of one per write, and a child that writes wakes nobody. A run that
 * is still going after that is watched as before; one that filled a pipe waited
 * at most that long, and the output limit is enforced as soon as it is read.
 * Only with nothing left to write to the child (request and stdin delivered) and
 * nothing to probe. Returns the poll timeout in ms, or -1 when not now. */
static int exit_first_ms(const run_state *st, int probed)
{
    if (!st->shared || !probed || !st->spawned || st->pidfd < 0 || st->reaped ||
        st->killed != KILL_NONE || st->req_w >= 0 || st->in_w >= 0)
        return -1;
    uint64_t end = st->t_spawned + EXIT_FIRST_MS * 1000000ull, now = sb_now_ns();
    return now < end ? (int)((end - now + 999999) / 1000000) : -1;
}

/* The watch loop. Returns 0 when the child was reaped (or never spawned), -ETIMEDOUT
 * when the fork server never answered or the killed child did not exit in time,
 * -EPIPE when the fork server went away before the spawn. */
static int watch(run_state *st, const sb_request *req, sb_probe_fn probe, void *probe_ctx)
{
    int probed = probe == NULL;
    for (;;) {
        if (st->reaped && st->shared) {
            drain_kept(st);
            return 0;
        }
        int done_io = st->out.fd < 0 && st->err.fd < 0 && st->res.fd < 0;
        if ((st->reaped && done_io) || (st->spawned && st->spawned_msg.err < 0)) return 0;
        struct pollfd p[7];
        int n = 0, i_reply = -1, i_exit = -1, i_req = -1, i_in = -1, i_out = -1, i_err = -1,
            i_res = -1, i_ctl = -1;
        int first = exit_first_ms(st, probed), timeout = poll_timeout_ms(st, req->limits.wall_ms);
        if (first >= 0 && timeout > 0) {
            p[i_exit = n++] = (struct pollfd){st->pidfd, POLLIN, 0};
            int rc = poll(p, 1, first < timeout ? first : timeout);
            if (rc < 0 && errno != EINTR) return -errno;
            if (rc > 0 && (rc = reap(st, WNOHANG)) < 0) return rc;
            continue; /* reaped: the kept pipes are drained at the top */
        }
        if (!st->spawned) {
            p[i_reply = n++] = (struct pollfd){st->reply, POLLIN, 0};
            /* a kept reply socket never reaches EOF: see the fork server go away */
            if (st->shared && sb_ctl_fd >= 0) p[i_ctl = n++] = (struct pollfd){sb_ctl_fd, 0, 0};
        } else if (st->pidfd >= 0 && !st->reaped)
            p[i_exit = n++] = (struct pollfd){st->pidfd, POLLIN, 0};
        if (st->req_w >= 0 && st->spawned) p[i_req = n++] = (struct pollfd){st->req_w, POLLOUT, 0};
        if (st->in_w >= 0 && st->spawned && probed)
            p[i_in = n++] = (struct pollfd){st->in_w, POLLOUT, 0};
        if (st->out.fd >= 0) p[i_out = n++] = (struct pollfd){st->out.fd, POLLIN, 0};
        if (st->err.fd >= 0) p[i_err = n++] = (struct pollfd){st->err.fd, POLLIN, 0};
        if (st->res.fd >= 0) p[i_res = n++] = (struct pollfd){st->res.fd, POLLIN, 0};
        int rc = timeout == 0 ? 0 : poll(p, (nfds_t)n, timeout);
        if (rc < 0 && errno != EINTR) return -errno;
        if (rc == 0 && poll_timeout_ms(st, req->limits.wall_ms) == 0) {
            if (!st->spawned) return -ETIMEDOUT;
            if (st->killed == KILL_NONE) {
                kill_child(st, KILL_WALL);
                continue;
            }
            if (st->reaped) /* writers gone but a pipe never hit EOF: stop waiting */
                return 0;
            return -ETIMEDOUT;
        }
        if (rc <= 0) continue;
        if (i_reply >= 0 && p[i_reply].revents) {
            int r = recv_reply(st);
            if (r == -EPIPE || (r < 0 && r != -EAGAIN))
                return -EPIPE; /* the fork server went away */
        }
        if (i_ctl >= 0 && (p[i_ctl].revents & (POLLHUP | POLLERR)) && !st->spawned) return -EPIPE;
        int reaped_now = 0;
        if (i_exit >= 0 && p[i_exit].revents) {
            int r = reap(st, WNOHANG);
            if (r < 0) return r;
            reaped_now = r == 1;
        }
        if (i_req >= 0 && p[i_req].revents) feed_request(st);
        if (i_in >= 0 && p[i_in].revents)
            feed(&st->in_w, st->in_data, st->in_len, &st->in_off, false);
        if (i_out >= 0 && p[i_out].revents) {
            if (drain(&st->out)) kill_child(st, KILL_OUTPUT);
            st->t_last_output = sb_now_ns();
        }
        if (i_err >= 0 && p[i_err].revents) {
            if (drain(&st->err)) kill_child(st, KILL_OUTPUT);
            st->t_last_output = sb_now_ns();
        }
        if (i_res >= 0 && p[i_res].revents) drain(&st->res);
        /* The pidfd comes before the pipes in p[], and poll checks them in that
         * order: a pipe it then found without data stays empty (its writer had
         * exited), and one that had data was drained to empty just above. Then
         * the kept pipes need no drain after the reap (three reads saved). */
        if (reaped_now && st->shared &&
            drained_after_exit(&st->out, i_out >= 0 ? &p[i_out] : NULL) &&
            drained_after_exit(&st->err, i_err >= 0 ? &p[i_err] : NULL) &&
            drained_after_exit(&st->res, i_res >= 0 ? &p[i_res] : NULL))
            st->drained = 1;
        /* The probe's "ready" byte and the SPAWNED reply may arrive in either order. */
        if (!probed && st->out.len > 0 && st->spawned && st->pidfd >= 0 && !st->reaped) {
            probe(probe_ctx, st->pid);
            probed = 1;
        }
    }
}

/* Length of the longest prefix of buf[0..len) that does not end inside a UTF-8
 * character. */
static size_t utf8_cut(const char *buf, size_t len)
{
    if (len == 0) return 0;
    size_t j = len - 1;
    while (j > 0 && len - j < 4 && ((unsigned char)buf[j] & 0xC0) == 0x80)
        j--;
    unsigned char lead = (unsigned char)buf[j];
    size_t need = lead < 0x80         ? 1
                  : (lead >> 5) == 6  ? 2
                  : (lead >> 4) == 14 ? 3
                  : (lead >> 3) == 30 ? 4
                                      : 1;
    return j + need > len ? j : len;
}

static void take_output(outbuf *b, char **data, size_t *len, bool *truncated)
{
    if (b->truncated) b->len = utf8_cut(b->data, b->len);
    if (b->data) b->data[b->len] = 0;
    *data = b->data;
    *len = b->len;
    *truncated = b->truncated != 0;
    b->data = NULL;
}

typedef struct child_records {
    int have_result, have_violation;
    sb_wire_result result;
    sb_wire_violation violation;
} child_records;

/* Parse the untrusted result stream; stops at the first malformed record. */
static void parse_records(const outbuf *b, child_records *cr, sb_result *res)
{
    size_t off = 0, trace_cap = 0;
    while (b->data && b->len - off >= sizeof(sb_wire_rec)) {
        sb_wire_rec h;
        memcpy(&h, b->data + off, sizeof h);
        off += sizeof h;
        if (h.len > b->len - off) break;
        const char *payload = b->data + off;
        off += h.len;
        if (h.kind == SB_REC_RESULT && h.len == sizeof cr->result && !cr->have_result) {
            memcpy(&cr->result, payload, sizeof cr->result);
            cr->result.exc_type[sizeof cr->result.exc_type - 1] = 0;
            cr->result.exc_message[sizeof cr->result.exc_message - 1] = 0;
            cr->have_result = 1;
        } else if (h.kind == SB_REC_VIOLATION && h.len == sizeof cr->violation) {
            memcpy(&cr->violation, payload, sizeof cr->violation);
            cr->have_violation = 1;
        } else if (h.kind == SB_REC_TRACE) {
            if (res->trace_len + h.len + 3 > SB_TRACE_CAP) {
                res->trace_truncated = true;
                continue;
            }
            if (res->trace_len + h.len + 3 > trace_cap) {
                size_t cap = trace_cap ? trace_cap : 65536;
                while (cap < res->trace_len + h.len + 3)
                    cap *= 2;
                char *t = realloc(res->trace_json, cap);
                if (!t) {
                    res->trace_truncated = true;
                    continue;
                }
                if (!res->trace_json) t[res->trace_len++] = '[';
                res->trace_json = t;
                trace_cap = cap;
            }
            if (res->trace_len == 1 && h.len > 0 && payload[0] == ',') {
                payload++; /* the first steps were dropped: no separator after '[' */
                h.len--;
            }
            memcpy(res->trace_json + res->trace_len, payload, h.len);
            res->trace_len += h.len;
        } else if (h.kind == SB_REC_LINES && !res->lines && h.len % sizeof(sb_line_stat) == 0 &&
                   h.len / sizeof(sb_line_stat) <= SB_MAX_PROFILE_LINES) {
            res->lines = malloc(h.len ? h.len : 1);
            if (res->lines) {
                memcpy(res->lines, payload, h.len);
                res->nlines = h.len / sizeof(sb_line_stat);
            }
        } else {
            break; /* garbage: ignore the rest */
        }
    }
    if (res->trace_json) {
        res->trace_json[res->trace_len++] = ']';
        res->trace_json[res->trace_len] = 0;
    }
}

/* Append a stage with up to SB_STAGE_COUNTERS (name, value) pairs, given as
 * name, value, ..., NULL. */
static void add_stage(sb_result *res, const char *name, uint64_t t0, uint64_t start, uint64_t dur,
                      ...)
{
    if (res->nstages >= SB_MAX_STAGES || start < t0) return;
    sb_stage *sg = &res->stages[res->nstages++];
    *sg = (sb_stage){.name = name, .start_ns = start - t0, .duration_ns = dur};
    va_list ap;
    va_start(ap, dur);
    const char *cname;
    while (sg->ncounters < SB_STAGE_COUNTERS && (cname = va_arg(ap, const char *)) != NULL)
        sg->counters[sg->ncounters++] = (sb_counter){cname, va_arg(ap, uint64_t)};
    va_end(ap);
    if (sg->ncounters > 0) {
        sg->counter_name = sg->counters[0].name;
        sg->counter = sg->counters[0].value;
    }
}

/* Protection layers installed in every child (docs/sandbox.md): seccomp,
 * no_new_privs, rlimits, plus the uid drop and the namespaces when active. */
static uint64_t layers_installed(void)
{
    uint64_t n = 3;
    if (sb_server_hello.as_root) n++;
    if (sb_server_hello.namespaces) n++;
    return n;
}

/* Stage times from the child are untrusted: only kept when they are ordered and
 * inside the run's own window. */
static void fill_stages(const run_state *st, const child_records *cr, sb_result *res)
{
    uint64_t t0 = st->t0, t_end = st->t_reaped ? st->t_reaped : sb_now_ns();
    const sb_wire_reply *sp = &st->spawned_msg;
    if (st->spawned && !st->adopted && sp->t_received >= t0 && sp->t_received <= t_end)
        add_stage(res, "queue", t0, t0, sp->t_received - t0, NULL);
    const sb_wire_result *r = &cr->result;
    int child_times_ok = cr->have_result && st->spawned && r->t_sandboxed >= r->t_child_start &&
                         r->t_run_start >= r->t_sandboxed && r->t_run_end >= r->t_run_start &&
                         r->t_run_end <= t_end &&
                         (st->adopted ? r->t_run_start >= t0 : r->t_child_start >= sp->t_received);
    if (!child_times_ok) return;
    int nrules = 0;
    (void)sb_filter_rules(&nrules);
    uint64_t pid = (uint64_t)(sp->pid > 0 ? sp->pid : 0);
    if (st->adopted) {
        /* forked and locked down before the run: the stages here are the hand-off
         * (the program reaching the waiting child), and how long the set-up took */
        add_stage(res, "fork", t0, t0, r->t_run_start - t0, "pid", pid, "prespawned", (uint64_t)1,
                  NULL);
        add_stage(res, "sandbox", t0, r->t_run_start, 0, "layers", layers_installed(), "allow_list",
                  (uint64_t)nrules, "ahead_us", (r->t_sandboxed - r->t_child_start) / 1000, NULL);
    } else {
        add_stage(res, "fork", t0, sp->t_received, r->t_child_start - sp->t_received, "pid", pid,
                  "prespawned", (uint64_t)0, NULL);
        add_stage(res, "sandbox", t0, r->t_child_start, r->t_sandboxed - r->t_child_start, "layers",
                  layers_installed(), "allow_list", (uint64_t)nrules, NULL);
    }
    const sb_stats *s = &r->stats;
    uint64_t at = r->t_run_start, budget = r->t_run_end - r->t_run_start;
    /* each pipeline stage gets at most what is left of the child's run window */
#define CLAMP(ns) ((ns) > budget ? budget : (ns))
#define NEXT(ns) (at += CLAMP(ns), budget -= CLAMP(ns))
    add_stage(res, "load", t0, at, CLAMP(s->ns_load), "source_bytes", s->source_bytes, NULL);
    NEXT(s->ns_load);
    add_stage(res, "tokenize", t0, at, CLAMP(s->ns_tokenize), "tokens", s->tokens, NULL);
    NEXT(s->ns_tokenize);
    add_stage(res, "parse", t0, at, CLAMP(s->ns_parse), "ast_nodes", s->ast_nodes, NULL);
    NEXT(s->ns_parse);
    add_stage(res, "compile", t0, at, CLAMP(s->ns_compile), "bytecode_instructions",
              s->bytecode_instructions, "code_objects", s->code_objects, NULL);
    NEXT(s->ns_compile);
    add_stage(res, "execute", t0, at, CLAMP(s->ns_execute), "instructions",
              s->instructions_executed, "calls", s->calls, "peak_heap", s->peak_heap, "gc_cycles",
              s->gc_cycles, NULL);
    NEXT(s->ns_execute);
#undef CLAMP
#undef NEXT
    uint64_t out_end = st->t_last_output > r->t_run_end ? st->t_last_output : r->t_run_end;
    add_stage(res, "output", t0, r->t_run_end, out_end - r->t_run_end, "bytes",
              (uint64_t)(res->stdout_len + res->stderr_len), "stdout_bytes",
              (uint64_t)res->stdout_len, "stderr_bytes", (uint64_t)res->stderr_len, NULL);
    if (st->t_reaped >= r->t_run_end) {
        /* the program's exit status (the child itself exits 0 after its record) */
        if (res->signal)
            add_stage(res, "exit", t0, r->t_run_end, st->t_reaped - r->t_run_end, "signal",
                      (uint64_t)res->signal, "reaped", (uint64_t)1, NULL);
        else
            add_stage(res, "exit", t0, r->t_run_end, st->t_reaped - r->t_run_end, "exit_code",
                      (uint64_t)(res->exit_code & 0xff), "reaped", (uint64_t)1, NULL);
    }
}

static const char *setup_step_name(int code)
{
    static const char *const names[] = {
        "parent-death signal", "request", "descriptors", "environment", "rlimits", "uid drop",
        "no_new_privs",        "signals", "seccomp",     "result write"};
    return code >= 241 && code <= 250 ? names[code - 241] : NULL;
}

static void internal(sb_result *res, const char *msg)
{
    res->verdict = SB_INTERNAL_ERROR;
    if (!res->internal_message[0])
        strncpy(res->internal_message, msg, sizeof res->internal_message - 1);
}

static void verdict_from_record(const sb_request *req, const sb_wire_result *r, sb_result *res)
{
    res->exit_code = r->exit_code;
    int exc = r->exc_type[0] != 0;
    switch ((sp_status)r->status) {
    case SP_STATUS_EXITED:
        res->verdict = r->exit_code == 0 ? SB_OK : SB_RUNTIME_ERROR;
        break;
    case SP_STATUS_EXCEPTION:
        res->verdict = SB_RUNTIME_ERROR;
        break;
    case SP_STATUS_SYNTAX_ERROR:
        res->verdict = SB_SYNTAX_ERROR;
        break;
    case SP_STATUS_MEMORY_EXCEEDED:
        res->verdict = SB_MEMORY_LIMIT_EXCEEDED;
        break;
    case SP_STATUS_INSTRUCTIONS_EXCEEDED:
        res->verdict = SB_TIME_LIMIT_EXCEEDED;
        res->tle_reason = SB_TLE_INSTRUCTIONS;
        break;
    case SP_STATUS_INTERNAL_ERROR:
        internal(res, "interpreter internal error");
        break;
    default:
        internal(res, "malformed result record");
        exc = 0;
        break;
    }
    if (exc) {
        res->has_exception = true;
        memcpy(res->exc_type, r->exc_type, sizeof res->exc_type);
        memcpy(res->exc_message, r->exc_message, sizeof res->exc_message);
        res->exc_line = r->exc_line > 0 ? r->exc_line : 0;
    }
    (void)req;
}

static void decide(const run_state *st, const sb_request *req, const child_records *cr,
                   sb_result *res)
{
    int status = st->wait_status;
    int signaled = WIFSIGNALED(status), sig = signaled ? WTERMSIG(status) : 0;
    res->signal = sig;
    res->exit_code = signaled ? 128 + sig : WEXITSTATUS(status);
    /* Over the cap is the verdict whether the kill came first or the run's own end
     * (a short run's output is often read only after its exit: exit_first_ms). */
    if (st->killed == KILL_OUTPUT || st->out.truncated || st->err.truncated) {
        res->verdict = SB_OUTPUT_LIMIT_EXCEEDED;
    } else if (st->killed == KILL_WALL) {
        res->verdict = SB_TIME_LIMIT_EXCEEDED;
        res->tle_reason = SB_TLE_WALL;
    } else if (signaled && sig == SIGSYS) {
        res->verdict = SB_SANDBOX_VIOLATION;
        if (cr->have_violation)
            sb_filter_syscall_name(cr->violation.nr, cr->violation.arch, res->violation_syscall,
                                   sizeof res->violation_syscall);
        else
            strcpy(res->violation_syscall, "unknown");
    } else if (signaled &&
               (sig == SIGXCPU || (sig == SIGKILL && res->cpu_us >= req->limits.cpu_ms * 1000))) {
        res->verdict = SB_TIME_LIMIT_EXCEEDED;
        res->tle_reason = SB_TLE_CPU;
    } else if (!signaled && WEXITSTATUS(status) == 0 && cr->have_result) {
        verdict_from_record(req, &cr->result, res);
    } else if (!signaled && setup_step_name(WEXITSTATUS(status))) {
        char msg[96];
        snprintf(msg, sizeof msg, "child setup failed: %s", setup_step_name(WEXITSTATUS(status)));
        internal(res, msg);
    } else if (signaled && res->memory_kb * 10 >= req->limits.memory_kb * 9) {
        res->verdict = SB_MEMORY_LIMIT_EXCEEDED;
    } else {
        char msg[96];
        snprintf(msg, sizeof msg,
                 signaled ? "child killed by signal %d"
                          : "child exited %d "
                            "without a result",
                 signaled ? sig : WEXITSTATUS(status));
        internal(res, msg);
    }
}

static void init_state(run_state *st)
{
    *st = (run_state){.req_w = -1, .in_w = -1, .reply = -1, .pidfd = -1, .pid = -1};
    for (int i = 0; i < SB_NFDS; i++)
        st->fds[i] = -1;
    st->out.fd = st->err.fd = st->res.fd = -1;
}

/* The one cleanup path of a run state: its child killed and reaped when still
 * there, every descriptor closed, every buffer freed. */
static void release_state(run_state *st)
{
    kill_and_reap(st);
    if (st->shared) {
        /* free again only after a reaped child and emptied pipes (see above) */
        bool clean = st->reaped && st->spawned;
        if (clean) drain_kept(st); /* if the run stopped watching early */
        return_channels(st, clean);
    }
    for (int i = 0; i < SB_NFDS; i++)
        close_fd(&st->fds[i]);
    close_fd(&st->req_w);
    close_fd(&st->in_w);
    close_fd(&st->reply);
    close_fd(&st->pidfd);
    close_fd(&st->out.fd);
    close_fd(&st->err.fd);
    close_fd(&st->res.fd);
    free(st->out.data);
    free(st->err.data);
    free(st->res.data);
    st->out.data = st->err.data = st->res.data = NULL;
}

/* ---- ready children ----
 *
 * With sb_config.ready_children (the daemon), a thread that has run a program
 * keeps one child for its next run, forked and locked down ahead: after each run
 * it makes the next run's pipes, sends them to the fork server and writes the
 * set-up part of a request with the limits of the run just finished. The child
 * goes through steps 1..10 of child.c while the worker is busy elsewhere, then
 * waits in read(4) for its program. A run with the same set-up (memory and CPU
 * limits), no caller-given stdin and no probe adopts it: only its program is
 * written, so the fork, the set-up and the seccomp load have left the run's
 * latency (not its CPU cost). Any other run forks a fresh child as before; the
 * ready one stays for a later run, unless two runs in a row had the same other
 * limits: then it is replaced by one with theirs (a judge's next problem). Each run
 * still gets a process of its own.
 *
 *   (none) --after a run--> PREPARED --a matching run--> ADOPTED (that run's child)
 *   PREPARED --thread exit, sb_stop, two runs with other limits--> DISCARDED: its
 *             request pipe closed (it exits at EOF), killed and reaped by this thread
 *
 * Invariants:
 *   1. a thread holds at most one ready child, and only that thread reaps it;
 *   2. a ready child has read nothing but its set-up: no program, no stdin.
 */
bool sb_ready_children;
int sb_run_nice;

typedef struct ready_child {
    bool valid;
    unsigned generation; /* of the fork server that cloned it (sb_generation) */
    sb_wire_setup setup; /* the child's */
    run_state st;
    bool have_last;
    sb_wire_setup last; /* the thread's last run's */
} ready_child;

static __thread ready_child ready;

static void discard_ready_child(void)
{
    if (!ready.valid) return;
    ready.valid = false;
    run_state *st = &ready.st;
    close_fd(&st->req_w); /* wherever it is, the child now reads EOF and exits */
    if (!st->spawned && st->reply >= 0) {
        struct pollfd p = {st->reply, POLLIN, 0};
        if (poll(&p, 1, 5000) > 0) (void)recv_reply(st);
    }
    release_state(st);
}

/* A ready child of a fork server that is gone was killed with that server's pid
 * namespace: reap it now (the namespace's end waits for it too). */
static bool ready_is_stale(void)
{
    return ready.valid && (ready.generation != sb_generation() || sb_alive() == 0);
}

void sb_thread_tidy(void)
{
    if (ready_is_stale()) discard_ready_child();
}

void sb_release_thread(void)
{
    discard_ready_child();
    close_channels();
}

/* Prepare this thread's next child with the set-up of the run just made. Best
 * effort: on any failure there is simply no ready child. */
static void prepare_ready(const sb_wire_setup *setup)
{
    bool repeated = ready.have_last && memcmp(&ready.last, setup, sizeof *setup) == 0;
    ready.last = *setup;
    ready.have_last = true;
    if (ready.valid && (!repeated || memcmp(&ready.setup, setup, sizeof *setup) == 0)) return;
    discard_ready_child(); /* its limits are no longer this thread's */
    if (!sb_ready_children || sb_in_process || sb_ctl_fd < 0) return;
    if (!thread_key_ready()) return;
    run_state *st = &ready.st;
    init_state(st);
    if (make_pipes(st, -1, false) < 0 || write(st->req_w, setup, sizeof *setup) != sizeof *setup ||
        send_spawn(st) < 0) {
        release_state(st);
        return;
    }
    close_child_ends(st);
    ready.setup = *setup;
    ready.generation = sb_generation();
    ready.valid = true;
    pthread_setspecific(thread_key, &ready);
}

/* Take this thread's ready child for a run with this set-up, if it fits. */
static bool adopt_ready(run_state *st, const sb_wire_setup *setup, const sb_request *req,
                        sb_probe_fn probe)
{
    if (ready.valid && ready.generation != sb_generation()) discard_ready_child();
    if (!ready.valid || probe || req->stdin_fd >= 0 ||
        memcmp(&ready.setup, setup, sizeof *setup) != 0)
        return false;
    assert(!ready.st.shared || chans.state == CHAN_BUSY); /* the ready child holds them */
    uint64_t t0 = st->t0;
    *st = ready.st;
    st->t0 = t0;
    st->adopted = 1;
    st->req_off = sizeof *setup; /* the set-up part was written when it was prepared */
    ready.valid = false;
    return true;
}

int sb_run_internal(const sb_request *req, int mode, sb_result *res, sb_probe_fn probe,
                    void *probe_ctx)
{
    memset(res, 0, sizeof *res);
    unsigned generation = sb_generation();
    run_state st;
    init_state(&st);
    st.t0 = sb_now_ns();
    char *blob = NULL;
    sb_wire_setup setup;
    child_records cr;
    memset(&cr, 0, sizeof cr);
    int rc = 0;

    const char *bad = sb_limits_validate(&req->limits);
    if (bad || (req->source_len && !req->source) || (req->stdin_len && !req->stdin_data)) {
        internal(res, bad ? bad : "bad request");
        return -EINVAL;
    }
    if (sb_ctl_fd < 0 && !sb_in_process) {
        internal(res, "sandbox not started");
        return -ENOTCONN;
    }
    size_t req_len = 0;
    blob = build_request(req, mode, &req_len, &setup);
    if (!blob) {
        rc = -ENOMEM;
        internal(res, "cannot build request");
        goto out;
    }
    bool adopted = adopt_ready(&st, &setup, req, probe);
    if (!adopted && (rc = make_pipes(&st, req->stdin_fd, probe != NULL)) < 0) {
        internal(res, "cannot create pipes");
        goto out;
    }
    st.out.limit = st.err.limit = req->limits.output_kb * 1024;
    st.res.limit = RESULT_CAP;
    st.in_data = req->stdin_data;
    st.in_len = req->stdin_len;
    st.req_blob = blob;
    st.req_len = req_len;
    feed_request(&st); /* usually fits the pipe */
    if (st.in_w >= 0 && st.in_len == 0 && !probe) close_fd(&st.in_w);
    /* A ready child's SPAWNED reply has usually long arrived: take it now, so that
     * the watch can wait for the exit alone from the start (exit_first_ms). */
    if (adopted && !st.spawned) (void)recv_reply(&st);
    if (!adopted && (rc = send_spawn(&st)) < 0) {
        internal(res, "fork server unreachable");
        goto out;
    }
    close_child_ends(&st);

    rc = watch(&st, req, probe, probe_ctx);
    if (st.spawned && st.spawned_msg.err < 0) {
        internal(res, "fork failed");
        rc = 0;
        goto out;
    }
    if (rc < 0) {
        kill_child(&st, KILL_INTERNAL);
        kill_and_reap(&st);
        internal(res, rc == -EPIPE ? "fork server died" : "child was not reaped in time");
        rc = 0;
        goto out;
    }
    /* From the clone (for a ready child: from the hand-off of its program) to the reap. */
    res->wall_us = (st.t_reaped - (adopted ? st.t0 : st.spawned_msg.t_received)) / 1000;
    res->cpu_us = st.utime_us + st.stime_us;
    res->memory_kb = st.maxrss_kb;
    take_output(&st.out, &res->stdout_buf, &res->stdout_len, &res->stdout_truncated);
    take_output(&st.err, &res->stderr_buf, &res->stderr_len, &res->stderr_truncated);
    parse_records(&st.res, &cr, res);
    if (cr.have_result) {
        res->has_stats = true;
        res->stats = cr.result.stats;
        res->instructions = cr.result.stats.instructions_executed;
        res->trace_truncated |= cr.result.steps_truncated != 0;
    }
    decide(&st, req, &cr, res);
    fill_stages(&st, &cr, res);

out:
    release_state(&st);
    free(blob);
    /* Gone now, or replaced meanwhile (its pid namespace took the child with it). */
    if (res->verdict == SB_INTERNAL_ERROR && (sb_alive() == 0 || sb_generation() != generation))
        res->sandbox_down = true;
    /* Not after sb_check's probe run: its thread (the daemon's main thread) makes
     * no other run, and its ready child would wait for nothing. */
    if (blob && !probe) prepare_ready(&setup);
    return rc;
}

int sb_run(const sb_request *req, sb_result *res)
{
    if (req->mode > SB_MODE_TEST_NATIVE) {
        memset(res, 0, sizeof *res);
        internal(res, "bad mode");
        return -EINVAL;
    }
    return sb_run_internal(req, (int)req->mode, res, NULL, NULL);
}

void sb_result_free(sb_result *res)
{
    free(res->stdout_buf);
    free(res->stderr_buf);
    free(res->trace_json);
    free(res->lines);
    res->stdout_buf = res->stderr_buf = res->trace_json = NULL;
    res->lines = NULL;
    res->nlines = 0;
}
