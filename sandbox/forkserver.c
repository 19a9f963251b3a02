/*
 * forkserver.c — sb_start/sb_stop and the fork server itself.
 *
 * The fork server is forked by sb_start() before the caller has any thread, so
 * fork() in it is always safe (no lock held by a vanished thread) and cheap (a
 * small address space). It is single-threaded and does only three things:
 *
 *   - at start: enter the namespaces the kernel allows (net, ipc, uts, mount, and
 *     pid, whose init is one of the namespace helpers: see start_ns_helpers),
 *     compile the seccomp allow-list once, prepare the interpreter (sp_prepare: every child
 * inherits the initialised heap instead of building it), and report in a hello message;
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
 * When it dies first (a bug, the OOM killer), its socket hangs up (sb_alive() == 0)
 * and the daemon's supervisor calls sb_restart(): exec mode only, since by then the
 * daemon has threads, and the fork in front of the exec makes async-signal-safe
 * calls only. The new socket replaces the old one under the same descriptor number
 * (dup3), so workers never see it closed; the generation counter tells them that
 * their ready child belongs to the dead server.
 *
 *   STARTED --socket hangs up--> GONE --sb_restart: old one reaped, new one's hello
 *   with the same protection--> STARTED (generation + 1)
 *   GONE --restart fails--> GONE (runs: internal_error, sandbox_down; tried again)
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
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandpiper.h"
#include "sb_internal.h"

int sb_ctl_fd = -1;
sb_wire_hello sb_server_hello;
static pid_t server_pid = -1;
/* Bumped by each sb_restart: a ready child of an older fork server is stale. */
static _Atomic unsigned generation;
#define RESTART_HELLO_MS 10000

/* ---- fork server state (only meaningful inside the fork server) ---- */

static struct {
    sb_config cfg;
    int as_root;
    pid_t init_pid; /* the pid namespace's init (a namespace helper), -1 without one */
    pid_t expected_ppid;
    void *filter;
    size_t filter_len;
    uint64_t reset_signals; /* see signals_to_reset; valid when have_reset_signals */
    int have_reset_signals;
} fs;

/* ---- namespace helpers ----
 *
 * Creating namespaces is most of the sandbox's start-up (~0.7 ms for the network
 * one: a loopback device and its sysctl tables; ~0.2 ms for ipc, uts and mount,
 * which copies the mount tree), and the CLI pays it on every run. Two helpers
 * created first make them, one the network namespace and one the rest, while
 * this process does the rest of its set-up (the filter, the warm interpreter;
 * the CLI also reads its arguments and the source meanwhile); it then joins each
 * helper's namespaces with one setns() through the helper's pidfd, before the
 * first run child is cloned.
 *
 * The second helper is created after unshare(CLONE_NEWPID), so it is also the pid
 * namespace's init: after its report it just waits (reaping any orphan), so the
 * run children (pids 2, 3, ...) cannot see the fork server or the daemon, and
 * when it dies the kernel kills them all. Without a pid namespace it is killed
 * once joined, like the network helper; killed helpers are reaped later
 * (reap_helpers), off the start-up's path.
 *
 * On x86-64 the helpers share this process's memory (CLONE_VM): no page tables to
 * copy at the clone or to tear down at the exit, and no copy-on-write faults here
 * afterwards. So they touch nothing of ours but their ns_helper: each runs on its
 * own static stack, makes only raw system calls (no errno, no libc state), and is
 * created with every signal blocked (no handler of the caller's can run in it;
 * SIGKILL still ends it). Elsewhere they are ordinary copies (the same code, with
 * syscall(3)) and their ns_helper is in a shared mapping.
 *
 * In-process (the CLI, which makes one run) the network namespace comes from
 * the persistent one when it can (below), the CLI unshares ipc, uts and mount
 * itself at the join (unshare_here), and the second helper is only the pid
 * namespace's init.
 *
 * A helper reports in its ns_helper (one errno per namespace, then state
 * REPORTED and a futex wake); its exit sets state to 0 with a wake
 * (CLONE_CHILD_CLEARTID), so a helper that died unreported cannot hang us. No
 * descriptor is held from the start to the join. */
static const struct {
    int flag, bit;
} NAMESPACES[] = {
    {CLONE_NEWNET, SB_NS_NET},
    {CLONE_NEWIPC, SB_NS_IPC},
    {CLONE_NEWUTS, SB_NS_UTS},
    {CLONE_NEWNS, SB_NS_MOUNT},
};
#define NNAMESPACES (sizeof NAMESPACES / sizeof NAMESPACES[0])
#define HELPER_STACK 16384

enum { HELPER_EXITED = 0, HELPER_RUNNING = 1, HELPER_REPORTED = 2 };

typedef struct ns_helper {
    /* written before the clone, then only read (by the helper) */
    int is_init;         /* the pid namespace's init: stays after its report */
    size_t first, count; /* which: NAMESPACES[first, first + count) */
    /* written by the helper (and by the kernel at its exit) */
    int state; /* HELPER_*; the futex */
    int err[NNAMESPACES];
} ns_helper;

static struct {
    ns_helper *helper; /* [2]: network; ipc, uts, mount (+ the pid namespace's init) */
    pid_t pid[2];      /* the helpers, -1: none (not started, or dropped) */
    int join_pending;  /* helpers started, namespaces not joined yet */
    int join_err;      /* a created namespace that setns() could not join */
    pid_t killed[2];   /* killed, not yet reaped */
    int nkilled;
} nss = {.pid = {-1, -1}};

static char helper_stacks[2][HELPER_STACK] __attribute__((aligned(64)));

#if defined(__x86_64__)
#define HELPER_CLONE_VM CLONE_VM
/* A system call that leaves errno alone: -errno on failure. */
__attribute__((no_sanitize("address", "undefined"))) static inline long
helper_syscall(long nr, long a, long b, long c, long d, long e)
{
    register long r10 __asm__("r10") = d, r8 __asm__("r8") = e;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
                     : "rcx", "r11", "memory");
    return ret;
}
#else
#define HELPER_CLONE_VM 0
static long helper_syscall(long nr, long a, long b, long c, long d, long e)
{
    long ret = syscall(nr, a, b, c, d, e);
    return ret < 0 ? -errno : ret;
}
#endif

/* Where the helpers report: memory they share with us. 0 or -errno. */
static int helper_reports(void)
{
    static ns_helper shared_vm[2];
    if (nss.helper) return 0;
    if (HELPER_CLONE_VM) {
        nss.helper = shared_vm;
        return 0;
    }
    void *p = mmap(NULL, 2 * sizeof(ns_helper), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) return -errno;
    nss.helper = p;
    return 0;
}

/* The helper: create the namespaces, report, then wait for SIGKILL (reaping, as
 * the pid namespace's init, whatever is orphaned in it meanwhile). */
__attribute__((no_sanitize("address", "undefined"))) static int ns_helper_main(void *arg)
{
    ns_helper *h = arg;
    helper_syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    for (size_t i = 0; i < h->count; i++) {
        int flag = NAMESPACES[h->first + i].flag;
        long rc = helper_syscall(SYS_unshare, flag, 0, 0, 0, 0);
        /* A private mount tree, so nothing we (never) mount propagates out. */
        if (rc == 0 && flag == CLONE_NEWNS)
            rc = helper_syscall(SYS_mount, 0, (long)"/", 0, MS_REC | MS_PRIVATE, 0);
        h->err[i] = (int)-rc;
    }
    __atomic_store_n(&h->state, HELPER_REPORTED, __ATOMIC_RELEASE);
    helper_syscall(SYS_futex, (long)&h->state, FUTEX_WAKE, 1, 0, 0);
    if (h->is_init) helper_syscall(SYS_close_range, 0, ~0u, 0, 0, 0);
    uint64_t all = ~(uint64_t)0; /* already blocked: see start_ns_helpers */
    for (;;) {
        helper_syscall(SYS_rt_sigtimedwait, (long)&all, 0, 0, sizeof all, 0);
        while (helper_syscall(SYS_wait4, -1, 0, WNOHANG, 0, 0) > 0)
            ;
    }
    return 0; /* not reached */
}

static pid_t start_ns_helper(int which, size_t first, size_t count, int is_init)
{
    ns_helper *h = &nss.helper[which];
    *h = (ns_helper){is_init, first, count, HELPER_RUNNING, {0}};
    return clone(ns_helper_main, helper_stacks[which] + HELPER_STACK,
                 HELPER_CLONE_VM | CLONE_CHILD_CLEARTID | SIGCHLD, h, NULL, NULL, &h->state);
}

/* Wait for the helper's report (or its death). 0 or -EIO. */
static int wait_ns_helper(ns_helper *h)
{
    int state;
    while ((state = __atomic_load_n(&h->state, __ATOMIC_ACQUIRE)) == HELPER_RUNNING)
        syscall(SYS_futex, &h->state, FUTEX_WAIT, HELPER_RUNNING, NULL, NULL, 0);
    return state == HELPER_REPORTED ? 0 : -EIO;
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

/* Forget a helper (its namespaces joined or given up): kill it unless it is the
 * pid namespace's init, which stays until stop_pid_namespace. */
static void drop_ns_helper(int which)
{
    pid_t pid = nss.pid[which];
    if (pid < 0) return;
    if (pid != fs.init_pid) {
        kill(pid, SIGKILL);
        nss.killed[nss.nkilled++] = pid;
    }
    nss.pid[which] = -1;
}

/* Enter the helper's namespaces (all in one setns), record each in hello, and
 * drop the helper. */
/* NAMESPACES[i] entered (err 0), or the errno the kernel refused it with. */
static void record_ns(sb_wire_hello *hello, size_t i, int err)
{
    int bit = NAMESPACES[i].bit;
    if (err == 0)
        hello->namespaces |= (uint32_t)bit;
    else
        hello->ns_errno[__builtin_ctz((unsigned)bit)] = err;
}

static void join_ns_helper(int which, sb_wire_hello *hello)
{
    ns_helper *h = &nss.helper[which];
    int err[NNAMESPACES], flags = 0;
    for (size_t i = 0; i < h->count; i++)
        err[i] = nss.pid[which] < 0 ? EAGAIN : EIO;
    if (nss.pid[which] >= 0 && h->count == 0) { /* just the pid namespace's init */
        drop_ns_helper(which);
    } else if (nss.pid[which] >= 0) {
        if (wait_ns_helper(h) == 0) memcpy(err, h->err, h->count * sizeof err[0]);
        for (size_t i = 0; i < h->count; i++)
            if (err[i] == 0) flags |= NAMESPACES[h->first + i].flag;
        int pidfd = flags ? (int)syscall(SYS_pidfd_open, nss.pid[which], 0) : -1;
        int join_err = !flags ? 0 : pidfd < 0 || setns(pidfd, flags) != 0 ? errno : 0;
        if (pidfd >= 0) close(pidfd);
        for (size_t i = 0; join_err && i < h->count; i++)
            if (err[i] == 0) err[i] = join_err;
        if (join_err) nss.join_err = join_err;
        drop_ns_helper(which);
    }
    for (size_t i = 0; i < h->count; i++)
        record_ns(hello, h->first + i, err[i]);
}

/* The killed helpers: wait for what is left of them. */
static void reap_helpers(void)
{
    for (int i = 0; i < nss.nkilled; i++)
        while (waitpid(nss.killed[i], NULL, 0) < 0 && errno == EINTR)
            ;
    nss.nkilled = 0;
}

/* ---- the CLI's persistent network namespace ----
 *
 * Creating a network namespace costs ~0.8 ms of kernel CPU (a loopback device,
 * its sysctl tables) and as much again to tear it down (cleanup_net, in a kworker
 * after the CLI has exited, which competes with whatever runs next). The CLI pays
 * it on every run; so when it runs as root it keeps one empty namespace across
 * its runs instead, bind-mounted on DIR/net as `ip netns add` does
 * (sb_config.netns_dir, in-process only: the daemon keeps the one it makes at
 * start). The runs cannot create a socket (seccomp), so an empty namespace
 * shared by consecutive runs carries nothing from one to the next.
 *
 * Every use checks, and on any failure or doubt creates a fresh namespace as
 * before (never none):
 *   1. DIR is a directory (not a symbolic link), owned by root, mode 0700;
 *   2. DIR/net is a namespace file (nsfs) of a network namespace that is not
 *      the caller's own;
 *   3. once joined, /proc/self/net/dev lists exactly one interface, `lo`, and
 *      it has never carried a byte.
 * A missing DIR/net, or one that fails 2 or 3, is (re)placed by the fresh
 * namespace at its join, under an exclusive flock() of DIR (concurrent CLIs:
 * one persists, the others just run in their fresh one). */
#define NETNS_FILE "net"
#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif

static struct {
    bool joined;   /* this process is in the persistent namespace (checked) */
    bool replace;  /* place the fresh namespace on DIR/net at its join */
    bool tainted;  /* joined one that failed check 3: the fresh one is a must */
    ino_t bad_ino; /* the namespace that failed check 2 or 3, to replace */
} pnet;

/* sb_caller_ns[1] was read before a persistent namespace's join (by
 * use_persistent_netns): sb_record_caller_namespaces keeps it. */
static bool caller_net_recorded;

/* In-process, as root, with a directory: then also record the caller's network
 * namespace (check 2, and what sb_check compares with) before it is left. */
static bool use_persistent_netns(void)
{
    const char *dir = fs.cfg.netns_dir;
    if (!fs.cfg.in_process || !fs.as_root || !dir || dir[0] != '/') return false;
    ssize_t n = readlink("/proc/self/ns/net", sb_caller_ns[1], sizeof sb_caller_ns[1] - 1);
    sb_caller_ns[1][n > 0 ? n : 0] = 0;
    caller_net_recorded = true;
    return n > 0;
}

/* DIR, checked (1). A descriptor or -errno. */
static int open_netns_dir(bool create)
{
    const char *dir = fs.cfg.netns_dir;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create && mkdir(dir, 0700) == 0)
        fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -errno;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != 0 ||
        (st.st_mode & 07777) != 0700) {
        close(fd);
        return -EPERM;
    }
    return fd;
}

/* Check 2 on an open DIR/net. 0 or -EINVAL; *ino: the namespace's inode when
 * it is one (0: not on nsfs). own: the caller's namespace, as /proc/self/ns/net
 * reads ("net:[inode]"). */
static int check_netns_file(int fd, const char *own, ino_t *ino)
{
    struct statfs sfs;
    struct stat st;
    char name[48];
    *ino = 0;
    if (fstatfs(fd, &sfs) != 0 || sfs.f_type != NSFS_MAGIC || fstat(fd, &st) != 0) return -EINVAL;
    *ino = st.st_ino;
    if (ioctl(fd, NS_GET_NSTYPE) != CLONE_NEWNET) return -EINVAL;
    snprintf(name, sizeof name, "net:[%lu]", (unsigned long)st.st_ino);
    return own[0] && strcmp(name, own) != 0 ? 0 : -EINVAL;
}

/* Check 3, in the namespace joined: /proc/self/net/dev is its two header lines
 * and one line "lo:" followed by 16 zero counters. 0 or -ENOTEMPTY. */
static int netns_is_empty(void)
{
    char buf[1024];
    int fd = open("/proc/self/net/dev", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    if (fd >= 0) close(fd);
    if (n <= 0 || n == (ssize_t)sizeof buf - 1) return -ENOTEMPTY;
    buf[n] = 0;
    char *line = strchr(buf, '\n');
    line = line ? strchr(line + 1, '\n') : NULL;
    if (!line) return -ENOTEMPTY;
    line += 1 + strspn(line + 1, " ");
    if (strncmp(line, "lo:", 3) != 0) return -ENOTEMPTY;
    char *p = line + 3;
    for (int i = 0; i < 16; i++) {
        p += strspn(p, " ");
        if (*p++ != '0' || (*p != ' ' && *p != '\n')) return -ENOTEMPTY;
    }
    return strcmp(p, "\n") == 0 ? 0 : -ENOTEMPTY;
}

/* Join DIR/net if it passes every check (then pnet.joined); otherwise say
 * whether the fresh namespace should replace it (pnet.replace) and whether we
 * are in a namespace that failed check 3 (pnet.tainted). own: as above. */
static void join_persistent_netns(const char *own)
{
    int dirfd = open_netns_dir(false);
    if (dirfd < 0) {
        pnet.replace = dirfd == -ENOENT; /* created at the join; a bad DIR: never */
        return;
    }
    int fd = openat(dirfd, NETNS_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    close(dirfd);
    pnet.replace = true;
    if (fd < 0) return;
    ino_t ino;
    /* Not a namespace (a creator died before its mount?), another kind, ours. */
    int rc = check_netns_file(fd, own, &ino);
    if (rc == 0) rc = setns(fd, CLONE_NEWNET) == 0 ? netns_is_empty() : -errno;
    close(fd);
    if (rc == -ENOTEMPTY) pnet.tainted = true;
    if (rc != 0) {
        pnet.bad_ino = ino;
        return;
    }
    pnet.joined = true;
    pnet.replace = false;
}

/* DIR/net opened, and what is there now (the file system it is on, and itself):
 * a descriptor, or -1. */
static int open_netns_file(int dirfd, struct statfs *sfs, struct stat *st)
{
    int fd = openat(dirfd, NETNS_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && (fstatfs(fd, sfs) != 0 || fstat(fd, st) != 0)) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* Place the namespace this process has just joined (fresh) on DIR/net, unless
 * another CLI is doing so or has placed a good one meanwhile. Best effort: this
 * run is in its fresh namespace either way. Not when even a fresh namespace
 * fails check 3 (a host whose fallback tunnels, sit0 and the like, appear in
 * every new one): each use would find it bad and replace it. Before the mount
 * namespace's join: the mount belongs in the caller's. */
static void persist_netns(void)
{
    if (netns_is_empty() != 0) return;
    int dirfd = open_netns_dir(true);
    if (dirfd < 0) return;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d/" NETNS_FILE, dirfd);
    if (flock(dirfd, LOCK_EX | LOCK_NB) != 0) goto out;
    int fd = openat(dirfd, NETNS_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_CREAT | O_EXCL, 0);
    if (fd < 0 && errno == EEXIST) {
        struct statfs sfs;
        struct stat st;
        if ((fd = open_netns_file(dirfd, &sfs, &st)) < 0) goto out;
        if (sfs.f_type == NSFS_MAGIC) {
            /* Someone else's good one, or the one we found bad: replace only that. */
            if (st.st_ino != pnet.bad_ino || umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) != 0)
                goto out_fd;
            close(fd);
            if ((fd = open_netns_file(dirfd, &sfs, &st)) < 0) goto out;
        }
        /* The mount point: an empty regular file (nothing mounted on it now). */
        if (sfs.f_type == NSFS_MAGIC || !S_ISREG(st.st_mode) || st.st_size != 0) goto out_fd;
    }
    if (fd >= 0) (void)mount("/proc/self/ns/net", path, NULL, MS_BIND, NULL);
out_fd:
    if (fd >= 0) close(fd);
out:
    close(dirfd);
}

/* Start both helpers, the second one as the pid namespace's init. Every signal is
 * blocked around the clones, so the helpers start (and stay) with all blocked. */
static void start_ns_helpers(sb_wire_hello *hello)
{
    nss.join_err = 0;
    nss.pid[0] = nss.pid[1] = -1;
    int rc = helper_reports();
    if (rc < 0) {
        hello->err = rc;
        return;
    }
    pnet = (typeof(pnet)){0};
    if (use_persistent_netns()) join_persistent_netns(sb_caller_ns[1]);
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, &old);
    if (!pnet.joined) nss.pid[0] = start_ns_helper(0, 0, 1, 0); /* network */
    int pid_err = unshare(CLONE_NEWPID) == 0 ? 0 : errno;
    /* ipc, uts, mount; in-process they are unshared here at the join instead */
    size_t rest = fs.cfg.in_process ? 0 : NNAMESPACES - 1;
    if (rest > 0 || pid_err == 0) nss.pid[1] = start_ns_helper(1, 1, rest, pid_err == 0);
    sigprocmask(SIG_SETMASK, &old, NULL);
    nss.join_pending = 1;
    if (pid_err != 0) {
        hello->ns_errno[0] = pid_err;
    } else if (nss.pid[1] < 0) { /* no init: every later fork would fail */
        hello->err = -ECHILD;
    } else {
        fs.init_pid = nss.pid[1];
        hello->namespaces |= SB_NS_PID;
    }
}

/* In-process, the ipc, uts and mount namespaces: unshared by this process
 * itself at the join, as the helper would (~0.1 ms of kernel time on the
 * critical path instead of waking a helper, waiting for it and joining). A
 * caller with a thread by now (EINVAL: its mount namespace cannot change) fails
 * every run, as a helper's namespaces that setns() could not join would. */
static void unshare_here(sb_wire_hello *hello)
{
    for (size_t i = 1; i < NNAMESPACES; i++) {
        int flag = NAMESPACES[i].flag, err = unshare(flag) == 0 ? 0 : errno;
        if (err == EINVAL && !nss.join_err) nss.join_err = err;
        if (err == 0 && flag == CLONE_NEWNS &&
            mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
            err = errno; /* as the helper: not counted (shared propagation) */
        record_ns(hello, i, err);
    }
}

/* Join the helpers' namespaces: no run child may be cloned before. */
static void finish_namespaces(sb_wire_hello *hello)
{
    if (!nss.join_pending) return;
    if (pnet.joined) {
        hello->namespaces |= SB_NS_NET;
    } else {
        join_ns_helper(0, hello);
        /* Fail closed: never stay in a persistent namespace found not empty. */
        if (pnet.tainted && !(hello->namespaces & SB_NS_NET) && !nss.join_err)
            nss.join_err = ENOTEMPTY;
        if (pnet.replace && (hello->namespaces & SB_NS_NET) && !nss.join_err) persist_netns();
    }
    join_ns_helper(1, hello);
    if (fs.cfg.in_process) unshare_here(hello);
    nss.join_pending = 0;
    if (hello->err == 0 && fs.cfg.require_namespaces &&
        hello->namespaces != (SB_NS_PID | SB_NS_NET | SB_NS_IPC | SB_NS_UTS | SB_NS_MOUNT))
        hello->err = -ENOTSUP;
}

/* Give up the helpers without joining (a failed or abandoned start). */
static void abandon_ns_helpers(void)
{
    drop_ns_helper(0);
    drop_ns_helper(1);
    nss.join_pending = 0;
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
        for (int i = 0; i < nss.nkilled; i++)
            if (nss.killed[i] == pid) nss.killed[i--] = nss.killed[--nss.nkilled];
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

/* One read of /proc/self/status: the number of threads and the signals not at
 * their default disposition (SigIgn | SigCgt, bit sig - 1). 0 or -errno. */
static int read_status(int *threads, uint64_t *nondefault)
{
    char buf[4096];
    int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    int rc = n < 0 ? -errno : 0;
    close(fd);
    if (rc < 0) return rc;
    buf[n] = 0;
    const char *t = strstr(buf, "\nThreads:"), *ign = strstr(buf, "\nSigIgn:"),
               *cgt = strstr(buf, "\nSigCgt:");
    if (!t || !ign || !cgt) return -EPROTO;
    *threads = atoi(t + 9);
    *nondefault = strtoull(ign + 8, NULL, 16) | strtoull(cgt + 8, NULL, 16);
    return 0;
}

/* The signals reset_signal_handlers must reset: those sb_start found not at their
 * default (the exec'd fork server reads its own); all of them when unknown. */
static uint64_t signals_to_reset(void)
{
    int threads;
    uint64_t mask;
    if (fs.have_reset_signals) return fs.reset_signals;
    return read_status(&threads, &mask) == 0 ? mask : ~(uint64_t)0;
}

/* Children inherit dispositions: reset every handler the caller may have installed
 * (its code must never run in a child) and every ignored signal (SIGXCPU must reach
 * a child), once, here instead of in each child; the others are at the default
 * already, which saves ~60 system calls at each start. */
static void reset_signal_handlers(void)
{
    uint64_t mask = signals_to_reset();
    for (int sig = 1; sig < NSIG && sig <= 64; sig++) {
        if (!(mask & (uint64_t)1 << (sig - 1))) continue;
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
    fs.expected_ppid = (hello->namespaces & SB_NS_PID) ? 0 : parent;
    if (hello->err == 0) hello->err = sb_filter_compile(SB_FILTER_RUN, &fs.filter, &fs.filter_len);
    hello->filter_len = (uint32_t)(fs.filter_len / 8);
    /* Warm start for every child: the interpreter's run-independent start-up is
     * done once here and inherited copy-on-write. Best effort: on failure each
     * child starts the interpreter itself. Not in-process (the CLI): its one run
     * would pay it here anyway, and in the child it writes its own fresh pages
     * instead of copying ours (~20 page faults fewer; start-up −2–8 %). */
    if (hello->err == 0 && !fs.cfg.in_process) (void)sp_prepare();
}

/* The first step of the set-up, as early as possible: the namespace helpers
 * (finish_namespaces joins them). */
static void begin_namespaces(sb_wire_hello *hello)
{
    fs.as_root = geteuid() == 0;
    fs.init_pid = -1;
    hello->as_root = (uint32_t)fs.as_root;
    if (hello->err == 0) start_ns_helpers(hello);
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
    begin_namespaces(&hello);
    /* the run child's parent is ours (CLONE_PARENT) */
    prepare_runner(&hello, getppid());
    finish_namespaces(&hello);
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

/* The exec'd fork server's command line, formatted before the fork: after a fork
 * in a daemon with threads (sb_restart) the child may only make async-signal-safe
 * calls, and snprintf is not one. */
typedef struct exec_args {
    char pid[24], uid[24], gid[24], req[4];
    char *argv[7];
} exec_args;

static void format_exec_args(exec_args *a, pid_t daemon_pid)
{
    snprintf(a->pid, sizeof a->pid, "%d", (int)daemon_pid);
    snprintf(a->uid, sizeof a->uid, "%u", fs.cfg.run_uid);
    snprintf(a->gid, sizeof a->gid, "%u", fs.cfg.run_gid);
    snprintf(a->req, sizeof a->req, "%d", fs.cfg.require_namespaces ? 1 : 0);
    char *argv[] = {"sandpiper", SB_FORKSERVER_COMMAND, a->pid, a->uid, a->gid, a->req, NULL};
    memcpy(a->argv, argv, sizeof argv);
}

/* In the forked fork server when sb_config.exec_path is set: become that
 * executable. The control socket moves to descriptor 3, everything else above the
 * standard descriptors is closed, the environment is empty, no signal is blocked
 * (the daemon's threads block SIGTERM and SIGINT). A failed exec is reported in a
 * hello message, so sb_start returns its errno. Async-signal-safe calls only. */
static void exec_server(int ctl, pid_t daemon_pid, exec_args *a) __attribute__((noreturn));
static void exec_server(int ctl, pid_t daemon_pid, exec_args *a)
{
    sb_wire_hello hello = {.magic = SB_WIRE_MAGIC};
    sigset_t none;
    sigemptyset(&none);
    if (sigprocmask(SIG_SETMASK, &none, NULL) != 0) _exit(1);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != daemon_pid) _exit(1);
    if (ctl != 3 && dup2(ctl, 3) != 3) _exit(1);
    if (fcntl(3, F_SETFD, 0) != 0) _exit(1); /* dup2 onto itself keeps FD_CLOEXEC */
    close_range(4, ~0u, 0);
    char *envp[] = {NULL};
    execve(fs.cfg.exec_path, a->argv, envp);
    hello.err = -errno;
    send(3, &hello, sizeof hello, MSG_NOSIGNAL);
    _exit(127);
}

/* ---- in-process mode (sb_config.in_process) ----
 *
 * For a caller that makes one or a few runs and has no thread (the CLI): the
 * caller itself enters the namespaces, compiles the filter, prepares the
 * interpreter and clones each run child, which is then simply its child. No
 * fork server process, no messages: one process creation and three hand-offs
 * fewer on the way from `sandpiper run` to the result. The caller must not
 * create a thread before its first run either: setns() into a mount namespace
 * needs a single-threaded caller, and a namespace that cannot be joined then
 * fails every run (fail closed) instead of running it outside. */
bool sb_in_process;
char sb_caller_ns[5][48];

/* Only what `check` compares with, so read only when it is needed: by sb_check
 * (or before an in-process join inside sb_start). Once this process has joined
 * the runs' namespaces (in-process, at its first run) its own are gone: they stay
 * unknown (""), and check then compares nothing. */
static bool caller_ns_recorded, joined_in_process;

void sb_record_caller_namespaces(void)
{
    static const char *const ns[] = {"pid", "net", "ipc", "mnt", "uts"};
    if (caller_ns_recorded || joined_in_process) return;
    caller_ns_recorded = true;
    for (int i = 0; i < 5; i++) {
        if (i == 1 && caller_net_recorded) continue;
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
 * namespace helpers, the filter. The init is killed first and waited for last,
 * so that its exit overlaps the rest. */
static void stop_in_process(void)
{
    abandon_ns_helpers();
    if (fs.init_pid > 0) kill(fs.init_pid, SIGKILL);
    leave_pid_namespace();
    reap_helpers();
    free(fs.filter);
    fs.filter = NULL;
    stop_pid_namespace(); /* the wait (a second SIGKILL is a no-op) */
    sb_in_process = false;
}

/* The namespace helpers first: the network namespace is the critical path. They
 * are joined at the first spawn (sb_spawn_in_process), so that the caller's own
 * start-up meanwhile (the CLI parses its arguments and reads the source) overlaps
 * their work too; at once with require_namespaces, since then sb_start must
 * report a missing namespace. Until the join this process is in none of them
 * (and holds no descriptor of theirs): its paths still resolve as the caller's. */
static int start_in_process(void)
{
    sb_wire_hello hello = {.magic = SB_WIRE_MAGIC};
    if (fs.cfg.exec_path) return -EINVAL;
    ensure_std_fds();
    begin_namespaces(&hello);
    reset_signal_handlers();
    scrub_args_and_environment();
    prepare_runner(&hello, getpid());
    if (hello.err == 0 && fs.cfg.require_namespaces) {
        sb_record_caller_namespaces();
        finish_namespaces(&hello);
    }
    if (hello.err != 0) {
        stop_in_process();
        return hello.err;
    }
    sb_server_hello = hello;
    sb_in_process = true;
    return 0;
}

void sb_spawn_in_process(const int fds[SB_NFDS], sb_wire_reply *r, int *pidfd)
{
    if (nss.join_pending) {
        finish_namespaces(&sb_server_hello);
        joined_in_process = true;
    }
    /* Received after the join: a wait for the namespaces shows as "queue". */
    *r = (sb_wire_reply){.type = SB_REPLY_SPAWNED, .t_received = sb_now_ns()};
    *pidfd = -1;
    /* A namespace created but not joined (the caller has a thread by now, say):
     * fail this and every later run rather than run it outside. */
    if (nss.join_err) {
        r->err = -nss.join_err;
        return;
    }
    pid_t pid = clone_with_pidfd(SIGCHLD, pidfd);
    if (pid == 0) run_child((int *)fds);
    if (pid < 0) {
        r->err = -errno;
        *pidfd = -1;
    } else {
        r->pid = pid;
    }
}

/* Fork the fork server on a new control socket (and exec it when exec_path is
 * set): *ctl our end, *pid its pid. In a caller with threads (sb_restart) the
 * child makes async-signal-safe calls only: exec_path is set there. 0 or -errno. */
static int fork_server(int *ctl, pid_t *pid)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) return -errno;
    pid_t daemon_pid = getpid();
    exec_args args;
    format_exec_args(&args, daemon_pid);
    pid_t p = fork();
    if (p == 0) {
        close(sv[0]);
        if (fs.cfg.exec_path) exec_server(sv[1], daemon_pid, &args);
        server_main(sv[1], daemon_pid);
    }
    int rc = p < 0 ? -errno : 0;
    close(sv[1]);
    if (rc < 0) {
        close(sv[0]);
        return rc;
    }
    *ctl = sv[0];
    *pid = p;
    return 0;
}

/* The fork server's hello on sock, waiting at most timeout_ms (-1: no limit).
 * 0 when it started, else its -errno (-EPROTO for anything malformed, -ETIMEDOUT). */
static int await_hello(int sock, sb_wire_hello *hello, int timeout_ms)
{
    struct pollfd p = {sock, POLLIN, 0};
    int n;
    do
        n = poll(&p, 1, timeout_ms);
    while (n < 0 && errno == EINTR);
    if (n == 0) return -ETIMEDOUT;
    ssize_t got;
    do
        got = recv(sock, hello, sizeof *hello, MSG_DONTWAIT);
    while (got < 0 && errno == EINTR);
    if (got != (ssize_t)sizeof *hello || hello->magic != SB_WIRE_MAGIC) return -EPROTO;
    return hello->err;
}

int sb_start(const sb_config *cfg)
{
    if (sb_ctl_fd >= 0 || sb_in_process) return -EALREADY;
    /* The contract says "before any thread exists": enforce it where /proc tells
     * (the same read tells reset_signal_handlers which signals to reset). */
    int threads = 1;
    fs.have_reset_signals = read_status(&threads, &fs.reset_signals) == 0;
    if (threads > 1) return -EBUSY;
    signal(SIGPIPE, SIG_IGN);
    signal(SIGCHLD, SIG_DFL); /* SIG_IGN would reap run children before sb_run can */
    if (cfg)
        fs.cfg = *cfg;
    else
        sb_config_init(&fs.cfg);
    if (fs.cfg.run_nice < 0 || fs.cfg.run_nice > SB_MAX_RUN_NICE) return -EINVAL;
    sb_run_nice = fs.cfg.run_nice;
    if (fs.cfg.in_process) return start_in_process();
    int ctl;
    pid_t pid;
    int rc = fork_server(&ctl, &pid);
    if (rc < 0) return rc;
    sb_wire_hello hello;
    rc = await_hello(ctl, &hello, -1);
    if (rc < 0) {
        close(ctl);
        waitpid(pid, NULL, 0);
        return rc;
    }
    sb_server_hello = hello;
    sb_ctl_fd = ctl;
    server_pid = pid;
    sb_ready_children = fs.cfg.ready_children;
    return 0;
}

int sb_alive(void)
{
    if (sb_in_process) return 1;
    if (sb_ctl_fd < 0) return -EINVAL;
    struct pollfd p = {sb_ctl_fd, 0, 0};
    if (poll(&p, 1, 0) < 0) return -errno;
    return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) ? 0 : 1;
}

unsigned sb_generation(void)
{
    return atomic_load_explicit(&generation, memory_order_acquire);
}

/* A fork server that is gone from its socket, or one that failed to start: make
 * sure it is gone, and leave no zombie. */
static void kill_server(pid_t pid)
{
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* A replacement must protect the runs exactly as the first fork server did. */
static bool same_protection(const sb_wire_hello *a, const sb_wire_hello *b)
{
    return a->namespaces == b->namespaces && a->as_root == b->as_root &&
           a->filter_len == b->filter_len;
}

int sb_restart(void)
{
    if (sb_in_process || sb_ctl_fd < 0) return -EINVAL;
    if (!fs.cfg.exec_path) return -ENOTSUP; /* a fork of a caller with threads: never */
    int alive = sb_alive();
    if (alive != 0) return alive < 0 ? alive : 0;
    if (server_pid > 0) kill_server(server_pid);
    server_pid = -1;
    int ctl = -1;
    pid_t pid = -1;
    sb_wire_hello hello;
    int rc = fork_server(&ctl, &pid);
    if (rc == 0) rc = await_hello(ctl, &hello, RESTART_HELLO_MS);
    if (rc == 0 && !same_protection(&hello, &sb_server_hello)) rc = -EPERM; /* fail closed */
    /* The new socket takes the old one's number in one step: a worker never sees
     * the descriptor closed, or reused by another thread, only the server behind it
     * change (a send in flight reaches the old one and fails). */
    if (rc == 0 && dup3(ctl, sb_ctl_fd, O_CLOEXEC) < 0) rc = -errno;
    if (ctl >= 0) close(ctl);
    if (rc < 0) {
        if (pid > 0) kill_server(pid);
        return rc;
    }
    server_pid = pid;
    atomic_fetch_add_explicit(&generation, 1, memory_order_release);
    return 0;
}

int sb_stop(void)
{
    sb_release_thread();
    caller_ns_recorded = joined_in_process = caller_net_recorded = false;
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
    while (server_pid > 0 && waitpid(server_pid, NULL, 0) < 0) { /* none after a failed restart */
        if (errno != EINTR) {
            rc = -errno;
            break;
        }
    }
    server_pid = -1;
    return rc;
}
