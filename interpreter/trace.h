/*
 * trace.h — the step tracer: turns VM events into Python Tutor trace entries.
 *
 * The VM calls in here only while a tracer is installed (sp_trace_active); each
 * hook is guarded by that one flag so that a run without a step trace pays one
 * predictable branch per call/return/exception and nothing per instruction
 * (the per-instruction hook lives on the VM's slow path, which tracing forces).
 *
 * Every emitted entry is one JSON object in Python Tutor's format (see
 * docs/traces.md): event, line, func_name, globals, ordered_globals,
 * stack_to_render, heap, stdout (+ exception_msg on exception events), handed to
 * sp_st.opts->tracer->on_step. When on_step refuses a step (limit reached) the
 * tracer sends one last `instruction_limit_reached` entry and the run stops.
 *
 * Memory: all trace buffers are malloc'd outside the interpreter's budgeted heap
 * (the trace is the caller's product, not the program's), released by
 * sp_trace_stop(). Encoding never calls Python code (no __repr__), never
 * allocates on the GC heap, and leaves a pending exception untouched.
 */
#ifndef SP_TRACE_H
#define SP_TRACE_H

#include <stdbool.h>

#include "vm.h"

/* True between sp_trace_start() (which found a tracer in sp_st.opts) and the
 * end of the run. Read by the VM's hooks. */
extern bool sp_trace_active;

/* Reset the tracer for a new run; returns sp_trace_active. Called by
 * sp_vm_set_budget (once per run, after sp_st.opts is set). */
bool sp_trace_start(void);
void sp_trace_stop(void);

/* Before instruction ip of frame f runs (slow path). Emits call / step_line
 * entries. Returns false when the step limit stopped the run (the caller sets
 * the instruction-limit state). */
bool sp_trace_tick(sp_frame *f, sp_instr *ip);

/* Frame f returns (or yields) value (ip: just past the returning instruction). */
void sp_trace_return(sp_frame *f, sp_instr *ip, sp_val value);

/* The pending exception (sp_st.exc) passes through frame f at ip. When f is the
 * program's module frame with no handler left, an uncaught_exception entry
 * follows at once. */
void sp_trace_exception(sp_frame *f, sp_instr *ip);

/* The instruction budget ended the run: emit the terminal entry. */
void sp_trace_limit_reached(sp_frame *f, const char *msg);
/* Why the tracer refused a step: "step limit reached" or "trace size limit reached". */
const char *sp_trace_stop_reason(void);

#endif
