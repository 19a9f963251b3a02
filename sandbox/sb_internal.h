/*
 * sb_internal.h — what the sandbox's own files share: the wire formats between
 * the worker thread, the fork server and the child, and the child-side entry
 * points. Nothing outside sandbox/ (except the sandbox's own tests) includes it.
 *
 * Three channels per run:
 *   worker --(request pipe)--> child      sb_wire_setup, then (read only once the
 *                                          child is locked down) sb_wire_request +
 *                                          filename + source + argv
 *   child  --(result pipe)---> worker     records: sb_wire_rec header + payload
 *   fork server --(reply socket)--> worker one SPAWNED reply (+ the child's pidfd)
 * The result pipe is untrusted: the worker bounds-checks every record.
 */
#ifndef SB_INTERNAL_H
#define SB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "sandbox.h"

#ifndef P_PIDFD
#define P_PIDFD 3 /* waitid() on a pidfd: Linux 5.4; older glibc headers lack it */
#endif

#define SB_WIRE_MAGIC 0x53504231u /* "SPB1" */

/* Extra internal mode: the sb_check probe (see check.c). */
#define SB_MODE_PROBE 100

/* Descriptors handed to the fork server for one run, in this order. */
enum { SB_FD_REQUEST, SB_FD_STDIN, SB_FD_STDOUT, SB_FD_STDERR, SB_FD_RESULT, SB_FD_REPLY, SB_NFDS };

/* Child's view: after setup the result pipe is always descriptor 3. */
#define SB_CHILD_RESULT_FD 3
#define SB_CHILD_REQUEST_FD 4 /* the rest of the request, read after the lock-down */

/* What the child needs before its lock-down (its limits), sent first. Everything
 * else of the request is read after the seccomp filter is loaded, so a child can
 * be prepared ahead of its program (a ready child, run.c) and parsing the request
 * is sandboxed too. */
typedef struct sb_wire_setup {
    uint32_t magic;
    uint32_t nice;      /* the run child's nice value (sb_config.run_nice) */
    uint64_t rlimit_as; /* bytes; 0 = do not set (sanitizer builds) */
    uint64_t cpu_ms;
} sb_wire_setup;

typedef struct sb_wire_request {
    uint32_t magic;
    uint32_t mode;
    uint32_t trace;
    uint32_t step_limit;
    int32_t test_case;
    uint32_t filename_len;
    uint32_t argc;
    uint32_t argv_len; /* total bytes of NUL-terminated argv strings */
    uint64_t source_len;
    uint64_t heap_bytes; /* interpreter budget (sp_limits.memory_bytes) */
    uint64_t instructions;
} sb_wire_request;

#define SB_MAX_SOURCE (16u << 20)
#define SB_MAX_ARGV (1u << 20)

/* SB_REC_LINES: the line profile, an array of sb_line_stat (sent before RESULT). */
enum { SB_REC_RESULT = 1, SB_REC_VIOLATION = 2, SB_REC_TRACE = 3, SB_REC_LINES = 4 };
#define SB_MAX_PROFILE_LINES (1u << 20)
/* The step trace's share of the result stream. The parent keeps at most
 * SB_TRACE_CAP bytes of it; the child stops recording steps at SB_TRACE_STEPS_MAX
 * stream bytes (records with their headers), and sends the final
 * `instruction_limit_reached` entry only if the total stays under
 * SB_TRACE_FINAL_MAX: so the LINES and RESULT records that follow always fit in
 * what the parent reads, however large each step is (a deep stack in every one). */
#define SB_TRACE_CAP (16u << 20)
#define SB_TRACE_STEPS_MAX (SB_TRACE_CAP - (512u << 10))
#define SB_TRACE_FINAL_MAX (SB_TRACE_CAP - (64u << 10))

typedef struct sb_wire_rec {
    uint32_t kind;
    uint32_t len; /* payload bytes that follow */
} sb_wire_rec;

typedef struct sb_wire_result {
    uint32_t status; /* sp_status */
    int32_t exit_code;
    int32_t exc_line;
    uint32_t steps_truncated;
    char exc_type[64];
    char exc_message[512];
    sb_stats stats;
    /* CLOCK_MONOTONIC ns; t_run_start: the program has been read (a ready child
     * waits for it between t_sandboxed and t_run_start) */
    uint64_t t_child_start, t_sandboxed, t_run_start, t_run_end;
} sb_wire_result;

typedef struct sb_wire_violation {
    int32_t nr;
    uint32_t arch;
} sb_wire_violation;

/* Fork server -> worker, on the run's reply socket: one message, then EOF. The
 * worker reaps the child itself (it is the child's parent: CLONE_PARENT). */
enum { SB_REPLY_SPAWNED = 1 };

typedef struct sb_wire_reply {
    uint32_t type;
    int32_t err; /* 0 or -errno of the clone (then no child exists) */
    int32_t pid;
    uint32_t reserved;
    uint64_t t_received; /* when the fork server got the request, just before the clone */
} sb_wire_reply;

/* Handshake sent once by the fork server after start. */
typedef struct sb_wire_hello {
    uint32_t magic;
    int32_t err;         /* 0, or -errno: the fork server could not start (filter...) */
    uint32_t namespaces; /* SB_NS_* bits that are active */
    int32_t ns_errno[6]; /* errno of each failed unshare, by bit position */
    uint32_t as_root;
    uint32_t filter_len; /* BPF instructions */
} sb_wire_hello;

enum { SB_NS_PID = 1, SB_NS_NET = 2, SB_NS_IPC = 4, SB_NS_MOUNT = 8, SB_NS_UTS = 16 };

/* ---- shared helpers ---- */

uint64_t sb_now_ns(void); /* CLOCK_MONOTONIC */

/* wire.c: one SEQPACKET message of exactly len bytes with up to SB_WIRE_MAX_FDS
 * descriptors. send: 0 or -errno. recv: 1 with *nfds set (in: room in fds[],
 * out: received, owned by the caller), 0 at EOF, -EPROTO for a malformed message
 * (its descriptors closed), -errno. Both retry on EINTR (recv not with
 * MSG_DONTWAIT in flags). */
#define SB_WIRE_MAX_FDS 8
int sb_wire_send(int sock, const void *buf, size_t len, const int *fds, int nfds);
int sb_wire_recv(int sock, void *buf, size_t len, int *fds, int *nfds, int flags);

/* filter.c: the allow-lists, written in one place. SB_FILTER_RUN is a run
 * child's; SB_FILTER_SERVER the fork server's own (every run syscall, without
 * its conditions, plus what the fork server and a child's set-up need), which
 * every child inherits below its own. */
typedef enum { SB_FILTER_RUN, SB_FILTER_SERVER } sb_filter_kind;
typedef struct sb_allow_rule {
    const char *syscall;
    const char *condition; /* human description (for the server list: why) */
} sb_allow_rule;
/* The run rules of this build (sanitizer builds add a few, flagged in the docs). */
const sb_allow_rule *sb_filter_rules(int *count);
/* What the fork server's list adds to the run rules' names. */
const sb_allow_rule *sb_filter_server_rules(int *count);
/* An allow-list as BPF (malloc'd; caller frees): a copy of the program compiled
 * at build time. 0 or -errno. */
int sb_filter_compile(sb_filter_kind which, void **prog, size_t *prog_len);
/* The same, compiled now by libseccomp from the rules. 0 or -errno. */
int sb_filter_build(sb_filter_kind which, void **prog, size_t *prog_len);
/* Load a compiled program into the calling thread (after no_new_privs). 0 or -errno. */
int sb_filter_load(const void *prog, size_t prog_len);
/* Name for a trapped syscall ("socket", "x32:41", "i386:11", "#512"). */
void sb_filter_syscall_name(int nr, uint32_t arch, char *out, size_t outlen);

/* forkserver.c */
extern int sb_ctl_fd;      /* worker side of the control socket, -1 when stopped */
extern bool sb_in_process; /* started with sb_config.in_process */
/* The caller's pid, net, ipc, mnt and uts namespaces before sb_start, as the
 * /proc/self/ns links read ("" when unreadable): what sb_check compares with. */
extern char sb_caller_ns[5][48];
/* Fill sb_caller_ns, once (until sb_stop), unless this process has joined the runs'
 * namespaces already (in-process, after its first run: then they stay ""). Our
 * own pid namespace is still ours after unshare(CLONE_NEWPID), which moves only
 * children. */
void sb_record_caller_namespaces(void);
/* In-process mode: clone the run child here and fill in the SPAWNED reply the
 * fork server would send, and the child's pidfd (the caller's; -1 when there is
 * no child, r->err then says why). The caller keeps and closes fds. */
void sb_spawn_in_process(const int fds[SB_NFDS], sb_wire_reply *r, int *pidfd);
extern sb_wire_hello sb_server_hello; /* what the fork server reported at start */
extern sb_native_payload sb_test_payload;

/* child.c: runs in the freshly cloned child; never returns. fds[] as SB_FD_*
 * (SB_FD_REPLY is ignored: the fork server keeps it). expected_ppid is what
 * getppid() returns while the caller that reaps it lives (0 across a pid
 * namespace). */
void sb_child_main(const int fds[SB_NFDS], const void *filter, size_t filter_len, unsigned uid,
                   unsigned gid, int as_root, pid_t expected_ppid) __attribute__((noreturn));

/* hugetext.c: move the executable's text onto one transparent huge page (the
 * exec'd fork server, once). 0, or -errno when it is not possible or would not
 * pay (then nothing changed). */
int sb_hugetext(void);

/* run.c: spawn + monitor, shared by sb_run and sb_check. The probe callback, when
 * given, is called once with the child's pid after the first byte on its stdout. */
typedef void (*sb_probe_fn)(void *ctx, pid_t pid);
int sb_run_internal(const sb_request *req, int mode, sb_result *res, sb_probe_fn probe,
                    void *probe_ctx);
/* Ready children (sb_config.ready_children): set by sb_start. */
extern bool sb_ready_children;
extern int sb_run_nice; /* sb_config.run_nice, set by sb_start */
/* Release what the calling thread keeps across runs (its pipes and reply socket,
 * its ready child): sb_stop calls it; other threads do it when they exit. */
void sb_release_thread(void);

#endif
