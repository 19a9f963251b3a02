/*
 * filter.c — the seccomp-bpf allow-list, written in ONE place (RULES below), and
 * the helpers that compile it and load it (in each child).
 *
 * The program is compiled from RULES by libseccomp at build time (filter_gen.c
 * writes it into filter_bpf.h) and embedded: a run's start-up then spends no
 * time compiling it or probing the kernel's seccomp API, and every process of a
 * build loads the very same program. sb_filter_build() compiles it again at run
 * time, for the generator and for the test that checks the two are identical.
 *
 * Policy:
 *  - default action SECCOMP_RET_TRAP: a forbidden call raises SIGSYS, whose handler
 *    (child.c) writes the syscall number to the result pipe and then makes another
 *    forbidden call; with SIGSYS blocked inside the handler the kernel resets it to
 *    SIG_DFL and the process dies by SIGSYS. So the program never runs again after
 *    a violation, yet the parent learns which call it was.
 *  - wrong architecture (int 0x80 -> i386, x32 numbers): the same TRAP, so the
 *    report says "i386:..." / "x32:...". libseccomp emits the arch check first.
 *  - executable memory: mmap with PROT_EXEC in its prot argument is not allowed;
 *    mprotect is not allowed at all (the interpreter does not need it), nor
 *    pkey_mprotect, so no page can become executable after the fact.
 *  - descriptors: read only fds 0 and 4 (the request pipe, read once after the
 *    lock-down: child.c step 11), write only fds 1, 2 and 3 (the result pipe).
 *
 * The list is also documented in docs/sandbox.md; tests/sandbox compares the two.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "sb_internal.h"

/* Each rule: syscall name, condition kind, and a readable condition. */
enum cond { ANY, FD_IS_0_4, FD_IS_1_2_3, NO_PROT_EXEC, SIGNUM_IS_SIGPIPE, GETRLIMIT_SELF };

static const struct {
    const char *name;
    enum cond cond;
    const char *desc;
} RULES[] = {
    {"read", FD_IS_0_4, "fd in {0, 4} (4: the rest of the request, after the lock-down)"},
    {"write", FD_IS_1_2_3, "fd in {1, 2, 3}"},
    {"exit_group", ANY, ""},
    {"brk", ANY, ""},
    {"mmap", NO_PROT_EXEC, "(prot & PROT_EXEC) == 0"},
    {"munmap", ANY, ""},
    {"mremap", ANY, ""},
    {"clock_gettime", ANY, "time.process_time() (CPU clocks are not in the vDSO)"},
    {"clock_nanosleep", ANY, "time.sleep(); bounded by wall_ms"},
    {"prlimit64", GETRLIMIT_SELF,
     "pid == 0 and new_limit == NULL (getrlimit(RLIMIT_STACK) for the C stack guard)"},
    {"sysinfo", ANY, "glibc qsort() asks for the physical memory size (read-only host totals)"},
    {"rt_sigaction", SIGNUM_IS_SIGPIPE, "signum == SIGPIPE (sp_run ignores it, as CPython does)"},
#ifdef SP_SANITIZE
    /* ASan/UBSan runtime inside the child (sanitizer builds only). */
    {"madvise", ANY, "sanitizer builds only"},
    {"sigaltstack", ANY, "sanitizer builds only"},
#endif
};

#define NRULES (sizeof RULES / sizeof RULES[0])

/* The fork server's own list: every name above without its condition, plus these.
 * Default action EPERM, not a trap: a run child's own filter (above) decides what
 * happens to a call it makes (a trap outranks an error), and the fork server gets
 * an error it handles instead of dying. Loaded once the fork server has started
 * (namespaces, interpreter), it bounds a compromised fork server, and because a
 * child inherits it, the kernel builds the child's per-syscall cache only for these
 * few calls (a quarter of a child's filter load was that cache). */
static const sb_allow_rule SERVER_RULES[] = {
    {"clone", "a run child (CLONE_PARENT | CLONE_PIDFD)"},
    {"poll", "waiting for requests and helper exits"},
    {"recvmsg", "spawn requests"},
    {"sendmsg", "SPAWNED replies"},
    {"sendto", "the hello message"},
    {"close", "a run's descriptors, once handed on"},
    {"kill", "stopping the pid namespace's init"},
    {"wait4", "reaping the init and the namespace helpers"},
    {"getppid", "child set-up: the parent-death check"},
    {"prctl", "child set-up: parent-death signal, no_new_privs, not dumpable"},
    {"fcntl", "child set-up: moving descriptors"},
    {"dup2", "child set-up: descriptors onto 0..4"},
    {"close_range", "child set-up: every other descriptor closed"},
    {"timer_create", "child set-up: the CPU-time timer"},
    {"timer_settime", "child set-up: the CPU-time timer"},
    {"setgroups", "child set-up: the uid drop"},
    {"setresgid", "child set-up: the uid drop"},
    {"setresuid", "child set-up: the uid drop"},
    {"setuid", "child set-up: checking there is no way back"},
    {"getuid", "child set-up: checking the uid drop"},
    {"geteuid", "child set-up: checking the uid drop"},
    {"getgid", "child set-up: checking the uid drop"},
    {"setpriority", "child set-up: the run's nice value (sb_config.run_nice)"},
    {"rt_sigprocmask", "child set-up: the signal mask; abort()"},
    {"seccomp", "child set-up: loading the run filter"},
    {"getpid", "abort()"},
    {"gettid", "abort()"},
    {"tgkill", "abort()"},
};
#define NSERVER (sizeof SERVER_RULES / sizeof SERVER_RULES[0])

const sb_allow_rule *sb_filter_rules(int *count)
{
    static sb_allow_rule out[NRULES];
    for (size_t i = 0; i < NRULES; i++) {
        out[i].syscall = RULES[i].name;
        out[i].condition = RULES[i].desc;
    }
    *count = (int)NRULES;
    return out;
}

const sb_allow_rule *sb_filter_server_rules(int *count)
{
    *count = (int)NSERVER;
    return SERVER_RULES;
}

/* Like libseccomp's SCMP_An() but with every field set (clang -Wextra clean). */
#define ARG(n, cmp, a, b)                                                                          \
    ((struct scmp_arg_cmp){.arg = (n), .op = (cmp), .datum_a = (a), .datum_b = (b)})

static int add_rule(scmp_filter_ctx ctx, int nr, enum cond cond)
{
    switch (cond) {
    case ANY:
        return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
    case FD_IS_0_4:
        for (int fd = 0; fd <= 4; fd += 4) {
            int rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
                                      ARG(0, SCMP_CMP_EQ, (scmp_datum_t)fd, 0));
            if (rc < 0) return rc;
        }
        return 0;
    case FD_IS_1_2_3:
        for (int fd = 1; fd <= 3; fd++) {
            int rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
                                      ARG(0, SCMP_CMP_EQ, (scmp_datum_t)fd, 0));
            if (rc < 0) return rc;
        }
        return 0;
    case SIGNUM_IS_SIGPIPE:
        return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, ARG(0, SCMP_CMP_EQ, SIGPIPE, 0));
    case GETRLIMIT_SELF:
        return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 2, ARG(0, SCMP_CMP_EQ, 0, 0),
                                ARG(2, SCMP_CMP_EQ, 0, 0));
    case NO_PROT_EXEC:
        return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
                                ARG(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    }
    return -EINVAL;
}

/* Export through a memfd: libseccomp 2.5 can only export to a descriptor. */
static int export_bpf(scmp_filter_ctx ctx, void **prog, size_t *prog_len)
{
    int fd = memfd_create("sb-filter", MFD_CLOEXEC);
    if (fd < 0) return -errno;
    int rc = seccomp_export_bpf(ctx, fd);
    off_t size = rc < 0 ? -1 : lseek(fd, 0, SEEK_CUR);
    char *buf = NULL;
    if (rc >= 0 && size <= 0) rc = -EIO;
    if (rc >= 0 && !(buf = malloc((size_t)size))) rc = -ENOMEM;
    if (rc >= 0 && pread(fd, buf, (size_t)size, 0) != size) rc = -EIO;
    close(fd);
    if (rc < 0) {
        free(buf);
        return rc;
    }
    *prog = buf;
    *prog_len = (size_t)size;
    return 0;
}

static int add_by_name(scmp_filter_ctx ctx, const char *name, enum cond cond)
{
    int nr = seccomp_syscall_resolve_name(name);
    return nr == __NR_SCMP_ERROR ? -ENOSYS : add_rule(ctx, nr, cond);
}

int sb_filter_build(sb_filter_kind which, void **prog, size_t *prog_len)
{
    uint32_t deny = which == SB_FILTER_RUN ? SCMP_ACT_TRAP : SCMP_ACT_ERRNO(EPERM);
    scmp_filter_ctx ctx = seccomp_init(deny);
    if (!ctx) return -ENOMEM;
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, deny);
    /* We set no_new_privs ourselves, earlier, and want to see it fail if it does. */
    if (rc == 0) rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
    /* A binary tree instead of a linear chain: fewer BPF steps per call, and the
     * kernel's per-syscall cache is built faster at load time. */
    if (rc == 0) rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
    for (size_t i = 0; rc == 0 && i < NRULES; i++)
        rc = add_by_name(ctx, RULES[i].name, which == SB_FILTER_RUN ? RULES[i].cond : ANY);
    for (size_t i = 0; rc == 0 && which == SB_FILTER_SERVER && i < NSERVER; i++)
        rc = add_by_name(ctx, SERVER_RULES[i].syscall, ANY);
    if (rc == 0) rc = export_bpf(ctx, prog, prog_len);
    seccomp_release(ctx);
    return rc < 0 ? rc : 0;
}

#ifndef SB_FILTER_GENERATOR
#include "filter_bpf.h" /* sb_filter_prebuilt_*[]: generated by filter_gen.c */

int sb_filter_compile(sb_filter_kind which, void **prog, size_t *prog_len)
{
    const void *src = which == SB_FILTER_RUN ? (const void *)sb_filter_prebuilt_run
                                             : (const void *)sb_filter_prebuilt_server;
    size_t len =
        which == SB_FILTER_RUN ? sizeof sb_filter_prebuilt_run : sizeof sb_filter_prebuilt_server;
    void *copy = malloc(len);
    if (!copy) return -ENOMEM;
    memcpy(copy, src, len);
    *prog = copy;
    *prog_len = len;
    return 0;
}
#endif

int sb_filter_load(const void *prog, size_t prog_len)
{
    if (prog_len == 0 || prog_len % sizeof(struct sock_filter) != 0) return -EINVAL;
    struct sock_fprog fprog = {
        .len = (unsigned short)(prog_len / sizeof(struct sock_filter)),
        .filter = (struct sock_filter *)prog,
    };
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0) return -errno;
    return 0;
}

void sb_filter_syscall_name(int nr, uint32_t arch, char *out, size_t outlen)
{
    const char *prefix = "";
    uint32_t token = arch;
    if (arch == SCMP_ARCH_X86_64 && (nr & 0x40000000)) {
        prefix = "x32:";
        nr &= ~0x40000000;
        token = SCMP_ARCH_X32;
    } else if (arch == SCMP_ARCH_X86) {
        prefix = "i386:";
    } else if (arch != SCMP_ARCH_X86_64) {
        snprintf(out, outlen, "arch-0x%x:%d", arch, nr);
        return;
    }
    char *name = seccomp_syscall_resolve_num_arch(token, nr);
    if (name && strlen(name) < 40)
        snprintf(out, outlen, "%s%s", prefix, name);
    else
        snprintf(out, outlen, "%s#%d", prefix, nr);
    free(name);
}
