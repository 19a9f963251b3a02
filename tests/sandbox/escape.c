/*
 * escape.c — the escape harness (test only). Installs native attack code as the
 * sandbox's SB_MODE_TEST_NATIVE payload, so each attack runs in a child that went
 * through exactly the same setup as a real run (same fork server, rlimits, uid,
 * namespaces, no_new_privs, seccomp filter). One attack per case; every one must be
 * killed (normally sandbox_violation) or refused (the payload returns REFUSED).
 * A payload that returns ESCAPED, or a run that ends `ok` without refusing, fails.
 * Afterwards the service must still run a benign payload, and no process or
 * descriptor may be left behind.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <stdint.h>
#include <netinet/in.h>
#include <unistd.h>

#include "sandbox.h"

extern char **environ;

enum { REFUSED = 0, ESCAPED = 1 };

static int refused_if(long rc)
{
    return rc < 0 ? REFUSED : ESCAPED;
}

static int a_open(void)
{
    return refused_if(syscall(SYS_open, "/etc/passwd", O_RDONLY));
}
static int a_openat(void)
{
    return refused_if(syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY));
}
static int a_socket(void)
{
    return refused_if(syscall(SYS_socket, AF_INET, SOCK_STREAM, 0));
}
static int a_connect(void)
{
    struct sockaddr_in sa = {
        .sin_family = AF_INET, .sin_port = htons(80), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    return refused_if(syscall(SYS_connect, 0, &sa, sizeof sa));
}
static int a_fork(void)
{
    long pid = syscall(SYS_fork);
    if (pid == 0) syscall(SYS_exit_group, 0);
    return refused_if(pid);
}
static int a_clone(void)
{
    long pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) syscall(SYS_exit_group, 0);
    return refused_if(pid);
}
static int a_clone3(void)
{
    struct clone_args ca = {.exit_signal = SIGCHLD};
    long pid = syscall(SYS_clone3, &ca, sizeof ca);
    if (pid == 0) syscall(SYS_exit_group, 0);
    return refused_if(pid);
}
static int a_vfork(void)
{
    long pid = syscall(SYS_vfork);
    if (pid == 0) syscall(SYS_exit_group, 0);
    return refused_if(pid);
}
static int a_execve(void)
{
    char *argv[] = {"/bin/sh", "-c", "echo escaped", NULL};
    return refused_if(syscall(SYS_execve, "/bin/sh", argv, NULL));
}
static int a_ptrace(void)
{
    return refused_if(syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0));
}
static int a_kill_parent(void)
{
    return refused_if(syscall(SYS_kill, -1, SIGKILL));
}
static int a_kill_ppid(void)
{
    return refused_if(syscall(SYS_kill, getppid(), SIGKILL));
}
static int a_io_uring(void)
{
    char p[120] = {0};
    return refused_if(syscall(SYS_io_uring_setup, 8, p));
}
static int a_mprotect_exec(void)
{
    static char page[8192] __attribute__((aligned(4096)));
    return refused_if(syscall(SYS_mprotect, page, 4096, PROT_READ | PROT_EXEC));
}
static int a_mmap_exec(void)
{
    void *p = (void *)syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? REFUSED : ESCAPED;
}
static int a_mmap_then_mprotect(void)
{
    void *p = (void *)syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return REFUSED;
    return refused_if(syscall(SYS_pkey_mprotect, p, 4096, PROT_READ | PROT_EXEC, 0));
}
static int a_x32(void)
{
    return refused_if(syscall(0x40000000 | SYS_getpid));
}
static int a_int80(void)
{
    long ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) /* i386 getpid */ : "memory");
    return refused_if(ret);
}
static int a_environ(void)
{
    /* The daemon's environment must not reach the child. */
    return environ == NULL || environ[0] == NULL ? REFUSED : ESCAPED;
}
/* Set by main() after re-executing itself with a secret in its real environment
 * block and command line (where a daemon's API keys could be). The fork server
 * wipes both from its copy, so the child's memory must not hold them. */
static const char *env_secret, *arg_secret;
static int a_environ_memory(void)
{
    return env_secret && memcmp(env_secret, "must-not-leak", 13) == 0 ? ESCAPED : REFUSED;
}
static int a_argv_memory(void)
{
    return arg_secret && memcmp(arg_secret, "--secret=hunter2", 16) == 0 ? ESCAPED : REFUSED;
}
static int a_proc_environ(void)
{
    return refused_if(syscall(SYS_open, "/proc/self/environ", O_RDONLY));
}
static int a_write_other_fd(void)
{
    return refused_if(syscall(SYS_write, 4, "x", 1));
}
static int a_read_other_fd(void)
{
    char c;
    return refused_if(syscall(SYS_read, 3, &c, 1));
}
static int a_read_past_request(void)
{
    char c; /* fd 4, the request pipe, may be read: only the run's own stdin (here
             * none) follows the request, then EOF */
    return syscall(SYS_read, 4, &c, 1) == 0 ? REFUSED : ESCAPED;
}
static int a_setuid(void)
{
    return refused_if(syscall(SYS_setuid, 0));
}
static int a_unshare(void)
{
    return refused_if(syscall(SYS_unshare, CLONE_NEWUSER));
}
static int a_memfd(void)
{
    return refused_if(syscall(SYS_memfd_create, "x", 0));
}
static int a_bpf(void)
{
    return refused_if(syscall(SYS_bpf, 0, 0, 0));
}
static int a_prctl(void)
{
    return refused_if(syscall(SYS_prctl, PR_SET_DUMPABLE, 1));
}
static int a_sigaction(void)
{
    return refused_if(syscall(SYS_rt_sigaction, SIGSYS, 0, 0, 8));
}
static int a_benign(void)
{
    return REFUSED;
}

static const struct {
    const char *name;
    int (*fn)(void);
} CASES[] = {
    {"open", a_open},
    {"openat", a_openat},
    {"socket", a_socket},
    {"connect", a_connect},
    {"fork", a_fork},
    {"vfork", a_vfork},
    {"clone", a_clone},
    {"clone3", a_clone3},
    {"execve", a_execve},
    {"ptrace", a_ptrace},
    {"kill -1 (every process we may signal)", a_kill_parent},
    {"kill parent", a_kill_ppid},
    {"io_uring_setup", a_io_uring},
    {"mprotect to executable", a_mprotect_exec},
    {"mmap executable", a_mmap_exec},
    {"pkey_mprotect to executable", a_mmap_then_mprotect},
    {"x32 syscall", a_x32},
    {"int 0x80 syscall", a_int80},
    {"environment is empty", a_environ},
    {"environment strings in memory", a_environ_memory},
    {"command-line strings in memory", a_argv_memory},
    {"open /proc/self/environ", a_proc_environ},
    {"write to another fd", a_write_other_fd},
    {"read another fd", a_read_other_fd},
    {"read past the request (fd 4)", a_read_past_request},
    {"setuid(0)", a_setuid},
    {"unshare(CLONE_NEWUSER)", a_unshare},
    {"memfd_create", a_memfd},
    {"bpf", a_bpf},
    {"prctl", a_prctl},
    {"rt_sigaction(SIGSYS)", a_sigaction},
};
#define NCASES (int)(sizeof CASES / sizeof CASES[0])

/* A compromised child lying on the result pipe: huge lengths, unknown kinds. */
static int garbage_result(void)
{
    uint32_t junk[64];
    for (int i = 0; i < 64; i++)
        junk[i] = 0xFFFFFFF0u - (uint32_t)i;
    junk[0] = 1;          /* "result" */
    junk[1] = 0x7FFFFFFF; /* absurd length */
    (void)!write(3, junk, sizeof junk);
    return 0;
}

static int payload(int which)
{
    if (which == NCASES) return a_benign();
    if (which == NCASES + 1) return garbage_result();
    return which >= 0 && which < NCASES ? CASES[which].fn() : 70;
}

static int count_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    while (d && readdir(d))
        n++;
    if (d) closedir(d);
    return n;
}

/* The runs' uid: one of this test's own (as root), so that sandboxed processes of
 * other suites running beside it are not counted as ours. */
static unsigned run_uid;

/* /proc/<pid>/<file> into buf, NUL-terminated: its length, or -1. */
static long read_proc_file(const char *pid, const char *file, char *buf, size_t cap)
{
    char path[300];
    snprintf(path, sizeof path, "/proc/%s/%s", pid, file);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t len = fread(buf, 1, cap - 1, f);
    buf[len] = 0;
    fclose(f);
    return (long)len;
}

static int count_run_uid_processes(void)
{
    int n = 0;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char buf[2048];
        if (read_proc_file(e->d_name, "status", buf, sizeof buf) < 0) continue;
        char *u = strstr(buf, "\nUid:");
        if (u && strtoul(u + 5, NULL, 10) == run_uid) n++;
    }
    if (d) closedir(d);
    return n;
}

/* This process's oldest child: the fork server (run children come later). */
static pid_t first_child(void)
{
    pid_t best = -1;
    unsigned long long best_start = ~0ull;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char buf[1024];
        if (read_proc_file(e->d_name, "stat", buf, sizeof buf) < 0) continue;
        char *rp = strrchr(buf, ')');
        int ppid = 0;
        unsigned long long start = 0;
        /* after the name: state ppid ... starttime (field 22) */
        if (!rp || sscanf(rp + 2,
                          "%*c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
                          "%*d %*d %*d %*d %llu",
                          &ppid, &start) != 2)
            continue;
        if (ppid == getpid() && start < best_start) {
            best_start = start;
            best = atoi(e->d_name);
        }
    }
    if (d) closedir(d);
    return best;
}

/* The fork server killed: runs end as internal_error marked sandbox_down (never
 * unsandboxed), sb_alive says it is gone, and without exec_path (a fork of this
 * caller) sb_restart refuses to replace it. 1 when all of that holds. */
static int fork_server_gone(void)
{
    pid_t server = first_child();
    if (server <= 0 || kill(server, SIGKILL) != 0) {
        printf("     no fork server to kill (%d): %s\n", (int)server, strerror(errno));
        return 0;
    }
    for (int i = 0; i < 200 && sb_alive() != 0; i++)
        usleep(5000);
    /* Limits no ready child has: a fresh spawn, which the dead server cannot make.
     * (A ready child may still finish a run: it was locked down before.) */
    sb_request req;
    sb_request_init(&req);
    req.mode = SB_MODE_TEST_NATIVE;
    req.test_case = NCASES;
    req.limits.cpu_ms /= 2; /* (not memory: sanitizer builds set no RLIMIT_AS) */
    sb_result res;
    int rc = sb_run(&req, &res);
    int ok = rc <= 0 && res.verdict == SB_INTERNAL_ERROR && res.sandbox_down && !res.has_stats &&
             sb_alive() == 0 && sb_restart() == -ENOTSUP;
    if (!ok)
        printf("     rc %d verdict %s down %d stats %d alive %d: %s\n", rc,
               sb_verdict_name(res.verdict), res.sandbox_down, res.has_stats, sb_alive(),
               res.internal_message);
    sb_result_free(&res);
    return ok;
}

static int run_case(int which, sb_result *res)
{
    sb_request req;
    sb_request_init(&req);
    req.mode = SB_MODE_TEST_NATIVE;
    req.test_case = which;
    req.limits.wall_ms = 5000;
    return sb_run(&req, res);
}

int main(int argc, char **argv)
{
    if (!getenv("SANDPIPER_TEST_SECRET")) { /* put the secrets where a daemon's would be */
        setenv("SANDPIPER_TEST_SECRET", "must-not-leak", 1);
        char *args[] = {argv[0], "--secret=hunter2", NULL};
        execv("/proc/self/exe", args);
        perror("execv");
        return 1;
    }
    env_secret = getenv("SANDPIPER_TEST_SECRET");
    arg_secret = argc > 1 ? argv[1] : NULL;
    if (!env_secret || !arg_secret || strcmp(arg_secret, "--secret=hunter2") != 0) {
        fprintf(stderr, "escape: secrets not in place\n");
        return 1;
    }
    sb_test_set_payload(payload);
    sb_config cfg; /* SB_TEST_READY: the same cases through ready children */
    sb_config_init(&cfg);
    if (geteuid() == 0) cfg.run_uid = cfg.run_gid = 100000u + (unsigned)getpid();
    run_uid = cfg.run_uid;
    int fds_before = count_fds(), nobody_before = count_run_uid_processes();
    cfg.ready_children = getenv("SB_TEST_READY") != NULL;
    cfg.in_process = getenv("SB_TEST_IN_PROCESS") != NULL; /* ...or with no fork server */
    int rc = sb_start(&cfg);
    if (rc < 0) {
        fprintf(stderr, "sb_start: %s\n", strerror(-rc));
        return 1;
    }
    int fds_started = count_fds();
    int failed = 0;
    for (int i = 0; i < NCASES; i++) {
        sb_result res;
        rc = run_case(i, &res);
        /* a ready child (SB_TEST_READY) holds its pipes between runs: count from here */
        if (i == 0) fds_started = count_fds();
        int killed = res.signal != 0;
        int refused = !killed && (res.verdict == SB_OK) && res.exit_code == REFUSED;
        int ok = rc == 0 && (killed || refused);
        printf("%-4s %-40s %s%s%s%s\n", ok ? "ok" : "FAIL", CASES[i].name,
               killed    ? "killed: "
               : refused ? "refused"
                         : "NOT CONTAINED: ",
               killed ? sb_verdict_name(res.verdict) : "",
               res.verdict == SB_SANDBOX_VIOLATION ? " on " : "",
               res.verdict == SB_SANDBOX_VIOLATION ? res.violation_syscall : "");
        if (!ok) {
            printf("     verdict %s exit %d signal %d %s\n", sb_verdict_name(res.verdict),
                   res.exit_code, res.signal, res.internal_message);
            failed++;
        }
        sb_result_free(&res);
    }
    sb_result res;
    rc = run_case(NCASES, &res);
    int alive = rc == 0 && res.verdict == SB_OK && res.exit_code == 0;
    printf("%-4s %-40s %s\n", alive ? "ok" : "FAIL", "service still runs",
           sb_verdict_name(res.verdict));
    failed += !alive;
    sb_result_free(&res);

    rc = run_case(NCASES + 1, &res);
    int contained = rc == 0 && res.verdict == SB_INTERNAL_ERROR && !res.has_stats;
    printf("%-4s %-40s %s (%s)\n", contained ? "ok" : "FAIL", "garbage on the result pipe",
           sb_verdict_name(res.verdict), res.internal_message);
    failed += !contained;
    sb_result_free(&res);

    int fds_after_runs = count_fds();
    if (fds_after_runs != fds_started) {
        printf("FAIL descriptors leaked by runs: %d -> %d\n", fds_started, fds_after_runs);
        failed++;
    }
    if (!cfg.in_process) {
        int gone = fork_server_gone();
        printf("%-4s %-40s\n", gone ? "ok" : "FAIL", "fork server killed: runs fail closed");
        failed += !gone;
    }
    sb_stop();
    int fds_after = count_fds(), nobody_after = count_run_uid_processes();
    /* A process exiting takes a moment to leave /proc: a leftover is one that stays. */
    for (int tries = 0; tries < 5 && nobody_after > nobody_before; tries++) {
        usleep(300 * 1000);
        nobody_after = count_run_uid_processes();
    }
    if (fds_after != fds_before) {
        printf("FAIL descriptors left after sb_stop: %d -> %d\n", fds_before, fds_after);
        failed++;
    }
    if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD) {
        printf("FAIL a child process is left\n");
        failed++;
    }
    if (nobody_after > nobody_before) {
        printf("FAIL %d sandboxed processes left\n", nobody_after - nobody_before);
        failed++;
    }
    printf("%d passed, %d failed\n", NCASES + 2 + !cfg.in_process - failed, failed);
    return failed ? 1 : 0;
}
