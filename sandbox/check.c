/*
 * check.c — sb_check(): which protection layers are really active on this host.
 *
 * Rather than trusting what the code intends, it spawns a probe child through the
 * normal path (SB_MODE_PROBE). The probe, fully sandboxed, writes one byte and
 * waits on stdin; meanwhile the parent reads the child's /proc/<pid>/status
 * (Seccomp, NoNewPrivs, Uid, Gid), /proc/<pid>/limits, its nice value
 * (/proc/<pid>/stat) and the links in /proc/<pid>/ns/, and
 * compares the namespaces with its own. Then it closes stdin and the probe makes
 * a forbidden system call: seccomp counts as active only if that killed it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb_internal.h"

typedef struct probe_data {
    int seen;
    int seccomp_mode, nnp, nice;
    long uid[4], gid[4];
    char limits[4096];
    char ns_same[96], ns_diff[96];
} probe_data;

static int read_text(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    ssize_t n = read(fd, buf, cap - 1);
    int rc = n < 0 ? -errno : 0;
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    return rc;
}

/* Field 19 of /proc/<pid>/stat (the 17th after the command's closing parenthesis),
 * or INT_MIN when unreadable. */
static int read_nice(pid_t pid)
{
    char path[64], stat[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    if (read_text(path, stat, sizeof stat) < 0) return INT_MIN;
    const char *p = strrchr(stat, ')');
    for (int field = 2; p && field < 19; field++)
        p = strchr(p + 1, ' ');
    return p ? atoi(p + 1) : INT_MIN;
}

static void on_probe(void *ctx, pid_t pid)
{
    probe_data *d = ctx;
    char path[64], status[4096];
    d->seen = 1;
    d->seccomp_mode = d->nnp = -1;
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    if (read_text(path, status, sizeof status) == 0) {
        char *p;
        if ((p = strstr(status, "\nSeccomp:"))) d->seccomp_mode = atoi(p + 9);
        if ((p = strstr(status, "\nNoNewPrivs:"))) d->nnp = atoi(p + 12);
        if ((p = strstr(status, "\nUid:")))
            sscanf(p + 5, "%ld %ld %ld %ld", &d->uid[0], &d->uid[1], &d->uid[2], &d->uid[3]);
        if ((p = strstr(status, "\nGid:")))
            sscanf(p + 5, "%ld %ld %ld %ld", &d->gid[0], &d->gid[1], &d->gid[2], &d->gid[3]);
    }
    snprintf(path, sizeof path, "/proc/%d/limits", (int)pid);
    read_text(path, d->limits, sizeof d->limits);
    d->nice = read_nice(pid);
    static const char *const ns[] = {"pid", "net", "ipc", "mnt", "uts"};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        /* Ours as they were before sb_start: with sb_config.in_process this
         * process has since entered the runs' namespaces itself. */
        char theirs[64];
        const char *mine = sb_caller_ns[i];
        snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, ns[i]);
        ssize_t a = readlink(path, theirs, sizeof theirs - 1);
        if (a <= 0 || !mine[0]) continue;
        theirs[a] = 0;
        char *list = strcmp(mine, theirs) ? d->ns_diff : d->ns_same;
        size_t len = strlen(list);
        snprintf(list + len, sizeof d->ns_diff - len, "%s%s", len ? ", " : "", ns[i]);
    }
}

/* The soft value of one line of /proc/<pid>/limits, e.g. "Max file size". */
static const char *limit_value(const char *limits, const char *name, char *out, size_t cap)
{
    const char *p = strstr(limits, name);
    out[0] = 0;
    if (p) sscanf(p + strlen(name), " %31s", out);
    (void)cap;
    return out;
}

static sb_layer *add(sb_check_report *r, const char *name, bool active, bool mandatory)
{
    sb_layer *l = &r->layers[r->nlayers++];
    l->name = name;
    l->active = active;
    l->mandatory = mandatory;
    l->detail[0] = 0;
    return l;
}

int sb_check(sb_check_report *report)
{
    memset(report, 0, sizeof *report);
    probe_data d;
    memset(&d, 0, sizeof d);
    sb_request req;
    sb_request_init(&req);
    req.stdin_data = "";
    sb_result res;
    sb_record_caller_namespaces();
    int rc = sb_run_internal(&req, SB_MODE_PROBE, &res, on_probe, &d);
    if (rc < 0) {
        sb_result_free(&res);
        return rc;
    }
    const sb_wire_hello *h = &sb_server_hello;

    int killed =
        res.verdict == SB_SANDBOX_VIOLATION && strcmp(res.violation_syscall, "getppid") == 0;
    sb_layer *l = add(report, "seccomp", d.seen && d.seccomp_mode == 2 && killed, true);
    snprintf(l->detail, sizeof l->detail,
             "filter mode %d, %u BPF instructions, allow-list with default trap; forbidden "
             "call %s (probe verdict %s)",
             d.seccomp_mode, h->filter_len, killed ? "killed the probe" : "did NOT kill the probe",
             sb_verdict_name(res.verdict));

    l = add(report, "no_new_privs", d.nnp == 1, true);
    snprintf(l->detail, sizeof l->detail, "NoNewPrivs: %d", d.nnp);

    char fsize[32], nofile[32], core[32], as[32], cpu[32];
    limit_value(d.limits, "Max file size", fsize, sizeof fsize);
    limit_value(d.limits, "Max open files", nofile, sizeof nofile);
    limit_value(d.limits, "Max core file size", core, sizeof core);
    limit_value(d.limits, "Max address space", as, sizeof as);
    limit_value(d.limits, "Max cpu time", cpu, sizeof cpu);
    bool rl_ok = d.seen && !strcmp(fsize, "0") && !strcmp(nofile, "4") && !strcmp(core, "0") &&
                 strcmp(cpu, "unlimited") != 0 && d.nice != INT_MIN && d.nice >= sb_run_nice;
#ifndef SP_SANITIZE
    rl_ok = rl_ok && strcmp(as, "unlimited") != 0;
#endif
    l = add(report, "rlimits", rl_ok, true);
    snprintf(l->detail, sizeof l->detail,
             "address space %s bytes, cpu %s s (+ a %llu ms CPU timer), file size %s, open "
             "files %s, core %s, nice %d",
             as, cpu, (unsigned long long)req.limits.cpu_ms, fsize, nofile, core, d.nice);

    if (h->as_root) {
        bool dropped = d.seen && d.uid[0] != 0 && d.uid[1] != 0 && d.uid[2] != 0 && d.gid[0] != 0 &&
                       d.gid[1] != 0 && d.gid[2] != 0;
        l = add(report, "uid_drop", dropped, true);
        snprintf(l->detail, sizeof l->detail, "running as root; runs use uid %ld gid %ld", d.uid[0],
                 d.gid[0]);
    } else {
        l = add(report, "uid_drop", false, false);
        snprintf(l->detail, sizeof l->detail,
                 "not running as root: runs keep uid %ld (nothing to drop)", d.uid[0]);
    }

    if (d.ns_diff[0] || d.ns_same[0]) {
        l = add(report, "namespaces", d.ns_diff[0] != 0, false);
        snprintf(l->detail, sizeof l->detail, "separate: %s; shared with host: %s",
                 d.ns_diff[0] ? d.ns_diff : "none", d.ns_same[0] ? d.ns_same : "none");
    } else { /* /proc/<pid>/ns unreadable (not root): say what the fork server got */
        static const char *const names[] = {"pid", "net", "ipc", "mnt", "uts"};
        char got[64] = "", refused[64] = "";
        for (int i = 0; i < 5; i++) {
            char *list = (h->namespaces & (1u << i)) ? got : refused;
            size_t len = strlen(list);
            snprintf(list + len, sizeof got - len, "%s%s", len ? ", " : "", names[i]);
        }
        l = add(report, "namespaces", h->namespaces != 0, false);
        snprintf(l->detail, sizeof l->detail,
                 "entered for the runs: %s; refused by the kernel: %s (not verified: "
                 "/proc/<pid>/ns is not readable)",
                 got[0] ? got : "none", refused[0] ? refused : "none");
    }

    struct stat sb;
    const char *cg = stat("/sys/fs/cgroup/cgroup.controllers", &sb) == 0 ? "v2" : "v1/hybrid";
    l = add(report, "cgroups", false, false);
    snprintf(l->detail, sizeof l->detail,
             "not used (host has cgroup %s); memory and CPU are bounded by rlimits, the CPU "
             "timer and the interpreter's budget",
             cg);
    sb_result_free(&res);
    return 0;
}
