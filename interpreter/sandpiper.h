/*
 * sandpiper.h — the interpreter's one public header.
 *
 * Everything outside interpreter/ (the sandbox, the CLI, the server) talks to the
 * embedded Python interpreter only through this file. One call, sp_run(), takes
 * source bytes and runs them through the whole pipeline
 *
 *     load -> tokenize -> parse (AST) -> compile (bytecode) -> execute (VM)
 *
 * reading and writing only the three descriptors it is given, and returns a status
 * plus counters and timings for every stage. sp_analyze() stops after a chosen stage
 * and prints what that stage produced (tokens, AST, bytecode).
 *
 * Threading: one interpreter per process at a time (the sandbox forks a fresh child
 * per run). sp_run() sets up and tears down all interpreter state itself, unless
 * sp_prepare() did the set-up before the fork (see there).
 *
 * Memory: the interpreter allocates only through its own budgeted allocator; the
 * caller owns the options and result structs.
 */
#ifndef SANDPIPER_H
#define SANDPIPER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SP_VERSION "0.1.0"
#define SP_PYTHON_VERSION "3.11"

/* Limits of one run; 0 means "no limit" (recursion_limit 0 means the default, 1000). */
typedef struct sp_limits {
    uint64_t memory_bytes; /* heap budget: exceeding it raises MemoryError */
    uint64_t instructions; /* bytecode instructions executed */
    int recursion_limit;   /* initial sys.getrecursionlimit() */
} sp_limits;

typedef enum sp_status {
    SP_STATUS_EXITED = 0,            /* finished normally or via sys.exit(): see exit_code */
    SP_STATUS_EXCEPTION,             /* uncaught exception: exc_type, exc_message, exc_line */
    SP_STATUS_SYNTAX_ERROR,          /* SyntaxError / IndentationError before execution */
    SP_STATUS_MEMORY_EXCEEDED,       /* memory budget exceeded (uncaught MemoryError) */
    SP_STATUS_INSTRUCTIONS_EXCEEDED, /* instruction budget exhausted */
    SP_STATUS_INTERNAL_ERROR,        /* a bug or an unusable environment */
} sp_status;

const char *sp_status_name(sp_status status);

/* Counters and timings for each stage of the pipeline (nanoseconds). */
typedef struct sp_stats {
    uint64_t source_bytes;
    uint64_t tokens;
    uint64_t ast_nodes;
    uint64_t code_objects;
    uint64_t bytecode_instructions; /* instructions emitted by the compiler */
    uint64_t instructions_executed;
    uint64_t calls;           /* Python-level function calls */
    uint64_t bytes_allocated; /* total over the run */
    uint64_t peak_heap;       /* bytes */
    uint64_t gc_cycles;
    uint64_t stdout_bytes;
    uint64_t stderr_bytes;
    uint64_t ns_load;
    uint64_t ns_tokenize;
    uint64_t ns_parse;
    uint64_t ns_compile;
    uint64_t ns_execute;
} sp_stats;

/* Per-line profile: lines[i] is source line i+1. Owned by the caller's result
 * (allocated with malloc by sp_run when requested, freed by sp_result_free). */
typedef struct sp_line_stat {
    uint64_t hits;         /* times execution entered the line */
    uint64_t instructions; /* instructions executed on the line */
} sp_line_stat;

/* Optional step tracer (Python Tutor–style traces, see the traces issue). Each
 * callback receives a JSON text fragment describing the event; NULL fields are
 * ignored. Returning non-zero from on_step stops the run with
 * SP_STATUS_INSTRUCTIONS_EXCEEDED: SP_TRACE_FULL_SIZE says the trace reached its
 * size limit ("trace size limit reached"), any other value its step limit ("step
 * limit reached"). */
#define SP_TRACE_FULL_STEPS 1
#define SP_TRACE_FULL_SIZE 2
typedef struct sp_tracer {
    void *ctx;
    int (*on_step)(void *ctx, const char *json, size_t len);
} sp_tracer;

typedef struct sp_run_options {
    const char *source; /* borrowed; need not be NUL-terminated */
    size_t source_len;
    const char *filename; /* shown in tracebacks, e.g. "main.py" */
    int fd_stdin, fd_stdout, fd_stderr;
    sp_limits limits;
    int argc; /* sys.argv; argv[0] defaults to filename */
    const char *const *argv;
    int want_line_profile;   /* fill result->lines */
    const sp_tracer *tracer; /* NULL: no step trace */
} sp_run_options;

typedef struct sp_result {
    sp_status status;
    int exit_code;         /* what the process should exit with (0, 1, sys.exit(n)) */
    char exc_type[64];     /* for EXCEPTION / SYNTAX_ERROR / *_EXCEEDED: e.g. "ZeroDivisionError" */
    char exc_message[512]; /* str(exception), truncated */
    int exc_line;          /* line of the innermost frame, 0 if unknown */
    sp_stats stats;
    sp_line_stat *lines; /* owned; NULL unless want_line_profile */
    size_t nlines;
} sp_result;

/* Fill defaults: fds 0/1/2, filename "<string>", recursion limit 1000, no budgets. */
void sp_run_options_init(sp_run_options *opts);

/* Run a program. Returns 0 (look at result->status) or -errno if the interpreter
 * could not run at all (the result then says SP_STATUS_INTERNAL_ERROR). */
int sp_run(const sp_run_options *opts, sp_result *result);

/* Optional, for a process that forks one child per run (the sandbox's fork
 * server): do the run-independent start-up (types, builtins, standard streams on
 * descriptors 0/1/2) now, so that the next sp_run() or sp_analyze() in this process
 * or in a forked child starts from that heap instead of building it. The
 * preparation serves one run per process: the run that uses it skips the final
 * teardown (the child is about to exit) and later runs start from scratch. A run
 * with other descriptors than 0/1/2 ignores it. Not thread-safe; call before any
 * run. Returns 0, or -errno (then runs simply start cold). */
int sp_prepare(void);

/* Release what sp_run allocated in result (the line profile). */
void sp_result_free(sp_result *result);

typedef enum sp_analysis {
    SP_ANALYZE_TOKENS, /* like `python3 -m tokenize` */
    SP_ANALYZE_AST,    /* like `ast.dump(ast.parse(src), indent=2)` */
    SP_ANALYZE_DIS,    /* like `dis.dis(compile(src, ...))` */
} sp_analysis;

/* Run the pipeline up to the chosen stage and print its product to fd_out; errors
 * (a SyntaxError) go to fd_err in CPython's format. Returns the exit code (0 or 1). */
int sp_analyze(const char *source, size_t len, const char *filename, sp_analysis what, int fd_out,
               int fd_err);

#ifdef __cplusplus
}
#endif
#endif
