/*
 * regex.h — the backtracking regular-expression engine behind the `re` module.
 *
 * A pattern (code points) is parsed with Python's syntax into a small tree and
 * compiled into a program for a backtracking machine (Pike/Thompson instruction
 * set: CHAR, CLASS, SPLIT, JMP, SAVE... plus lookaround, backreferences, atomic
 * groups and loop-progress checks). The matcher keeps its choice points on an
 * explicit heap stack, never the C stack, so subject length cannot overflow it;
 * only lookaround/atomic groups recurse, bounded by the pattern's nesting.
 *
 * Every executed instruction counts as a step; steps are charged to the run's
 * instruction budget (sp_st.instr_budget), so catastrophic backtracking ends the
 * run as "instruction limit exceeded" like any other over-budget program.
 *
 * Memory: a re_prog and its arrays come from sp_mem_* and are owned by the Python
 * object wrapping it (mod_re.c), which calls re_prog_free from its finalizer.
 */
#ifndef SP_REGEX_H
#define SP_REGEX_H

#include "object.h"

#include <stddef.h>
#include <stdint.h>

/* Flag values of the re module. */
#define RE_I 2
#define RE_L 4
#define RE_M 8
#define RE_S 16
#define RE_U 32
#define RE_X 64
#define RE_DEBUG 128
#define RE_A 256

typedef struct re_inst {
    uint8_t op;
    int32_t x, y, z;
} re_inst;

typedef struct re_item { /* one member of a character class */
    uint8_t kind;        /* 0 range, 1 category */
    uint32_t lo, hi;     /* range; for a category lo = the escape letter (d D w W s S) */
} re_item;

typedef struct re_class {
    size_t first, count; /* items[first..first+count) */
    bool negate, icase, ascii;
} re_class;

typedef struct re_prog {
    re_inst *code;
    size_t ncode, capcode;
    re_item *items;
    size_t nitems, capitems;
    re_class *classes;
    size_t nclasses, capclasses;
    int ngroups; /* capturing groups (group 0 excluded) */
    int nregs;   /* loop-progress registers */
    int flags;   /* final flags (inline flags merged; U added for str patterns) */
    bool is_bytes;
    int32_t first_char; /* a literal every match starts with (case-sensitive), or -1 */
} re_prog;

/* Compile. `pat` is the pattern's code points. On error returns NULL with
 * *err_msg (static or in err_buf) and *err_pos set (no Python exception).
 * `names` receives (name -> group number) pairs: a dict, filled as groups appear. */
re_prog *re_compile(const uint32_t *pat, size_t n, int flags, bool is_bytes, sp_val names,
                    char *err_buf, size_t err_cap, const char **err_msg, int64_t *err_pos);
void re_prog_free(re_prog *p);

/* Match at exactly `pos` (mode 0), search from pos (mode 1) or match all of
 * [pos, end) (mode 2) in s[0..end); mode | 4 refuses an empty match at pos. slots: 2*(ngroups+1)
 * entries + 1 (lastindex), set to -1 first. Returns 1 matched, 0 no match, -1 Python exception set
 * (memory, instruction budget). */
int re_exec(re_prog *p, const uint32_t *s, size_t end, size_t pos, int mode, int64_t *slots);

#endif
