/*
 * io.h — the run's standard streams (sys.stdin / sys.stdout / sys.stderr).
 *
 * The interpreter never uses stdio: the sandbox lets the child only read() and
 * write() the three descriptors of the run (sp_st.fd_in / fd_out / fd_err). io.c
 * keeps one static buffer per stream; output is flushed when its buffer fills, on
 * sys.stdout.flush(), before input() reads, and at the end of the run
 * (sp_io_flush_all, called by interp.c). stderr is line buffered like CPython's.
 *
 * Lifecycle per run: sp_io_init() (after sp_gc_init and after sp_st.fd_* and
 * sp_st.stats are set) ... sp_io_flush_all() ... (the heap goes away with the GC).
 */
#ifndef SP_IO_H
#define SP_IO_H

#include "object.h"

/* Reset the buffers and create the three stream objects (GC roots). 0 / -1. */
int sp_io_init(void);

/* Queue bytes for stdout (which = 1) or stderr (which = 2). Bytes are counted in
 * sp_st.stats->stdout_bytes / stderr_bytes. Write errors (EPIPE, a closed pipe)
 * silently drop output: they never fail the run. */
void sp_io_write(int which, const char *p, size_t n);
void sp_io_write_str(int which, sp_val str); /* a str object's UTF-8 bytes */
void sp_io_flush(int which);
void sp_io_flush_all(void);

/* The stream objects (borrowed; valid between sp_io_init and the end of the run).
 * which: 0 stdin, 1 stdout, 2 stderr. */
sp_val sp_io_stream(int which);
/* If v is one of the real stream objects, its index (0..2), else -1. Lets print()
 * and input() skip the generic method call path. */
int sp_io_stream_index(sp_val v);

/* stdin.readline(): next line including its "\n" ("" at EOF), split at "\n" only,
 * decoded as strict UTF-8 (UnicodeDecodeError otherwise). Returns new str or NULL. */
sp_val sp_io_readline(void);

/* Observer of every byte queued for stdout, or NULL (the default). The step
 * tracer (trace.c) sets it to keep "stdout so far" for its snapshots. */
extern void (*sp_io_stdout_tap)(const char *p, size_t n);

/* The TextIOWrapper type of the stream objects. */
extern sp_type sp_type_textio;

#endif
