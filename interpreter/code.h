/*
 * code.h — opcodes, code objects and the disassembler.
 *
 * Design overview
 * ---------------
 * The VM is a stack machine in the spirit of CPython's, with its own opcode set.
 * An instruction is one fixed-size 8-byte word (opcode, a 16-bit cache index and a
 * 32-bit argument), so decoding is a single load and jump targets are instruction
 * indices. Instructions that profit from memoisation (LOAD_GLOBAL) own an inline
 * cache entry in code->caches, named by the instruction's `cache` field.
 *
 * Exception handling uses a per-frame block stack (SETUP_FINALLY pushes a handler,
 * POP_BLOCK pops it); `return`/`break`/`continue` through `finally` are compiled by
 * duplicating the finally body on those paths, so the VM never needs to remember a
 * pending return.
 *
 * Local variable slots: [0, nlocals) fast locals (parameters first, in signature
 * order: positional, keyword-only, *args, **kwargs), then [nlocals, nlocals+ncells)
 * cells of this scope, then the free variables (cells received from the closure).
 *
 * Invariants
 *  1. Every jump argument is an instruction index < ncode.
 *  2. pos[i] describes instruction i (line 0: no position, e.g. synthesized code).
 *  3. consts and names are tuples; names holds interned strings only.
 *  4. cache index < ncaches for instructions that use a cache, else SP_NO_CACHE;
 *     except STORE_NAME and STORE_GLOBAL, whose cache field the VM overwrites with
 *     a hint (the entry number where their dict last held the name; checked on
 *     use, so any value is safe).
 */
#ifndef SP_CODE_H
#define SP_CODE_H

#include "object.h"

#define SP_OPCODES(X)                                                                              \
    X(NOP)                                                                                         \
    X(POP_TOP)                                                                                     \
    X(ROT_TWO)                                                                                     \
    X(ROT_THREE) X(ROT_FOUR) X(DUP_TOP) X(DUP_TOP_TWO) X(LOAD_CONST) X(LOAD_FAST) X(STORE_FAST)    \
        X(DELETE_FAST) X(LOAD_FAST_LOAD_FAST) X(LOAD_FAST_CHECKED) X(STORE_FAST_LOAD_FAST) X(      \
            LOAD_DEREF) X(STORE_DEREF) X(DELETE_DEREF) X(LOAD_CLOSURE) X(LOAD_CLASSDEREF)          \
            X(LOAD_NAME) X(STORE_NAME) X(DELETE_NAME) X(LOAD_GLOBAL) X(STORE_GLOBAL) X(            \
                DELETE_GLOBAL) X(LOAD_ATTR) X(STORE_ATTR) X(DELETE_ATTR) X(LOAD_METHOD)            \
                X(CALL_METHOD) X(CALL_METHOD_KW) X(BINARY_OP) X(BINARY_ADD_FAST_CONST) X(          \
                    BINARY_SUBSCR) X(STORE_SUBSCR) X(DELETE_SUBSCR) X(UNARY_NEGATIVE)              \
                    X(UNARY_POSITIVE) X(UNARY_INVERT) X(UNARY_NOT) X(COMPARE_OP) X(IS_OP) X(       \
                        CONTAINS_OP) X(COMPARE_JUMP_IF_FALSE) X(JUMP) X(POP_JUMP_IF_FALSE)         \
                        X(POP_JUMP_IF_TRUE) X(JUMP_IF_FALSE_OR_POP) X(JUMP_IF_TRUE_OR_POP) X(      \
                            POP_JUMP_IF_NONE) X(POP_JUMP_IF_NOT_NONE) X(GET_ITER) X(FOR_ITER)      \
                            X(BUILD_TUPLE) X(BUILD_LIST) X(BUILD_SET) X(BUILD_MAP) X(              \
                                BUILD_CONST_KEY_MAP) X(BUILD_STRING) X(BUILD_SLICE) X(LIST_APPEND) \
                                X(SET_ADD) X(MAP_ADD) X(LIST_EXTEND) X(SET_UPDATE) X(DICT_UPDATE)  \
                                    X(DICT_MERGE) X(LIST_TO_TUPLE) X(UNPACK_SEQUENCE) X(UNPACK_EX) \
                                        X(FORMAT_VALUE) X(CALL) X(CALL_KW) X(CALL_FUNCTION_EX) X(  \
                                            MAKE_FUNCTION) X(BUILD_CLASS) X(RETURN_VALUE)          \
                                            X(RETURN_CONST) X(YIELD_VALUE) X(GET_YIELD_FROM_ITER)  \
                                                X(YIELD_FROM) X(SETUP_FINALLY) X(POP_BLOCK)        \
                                                    X(POP_EXCEPT) X(RERAISE) X(RAISE_VARARGS) X(   \
                                                        JUMP_IF_NOT_EXC_MATCH) X(BEFORE_WITH)      \
                                                        X(WITH_EXCEPT_START) X(IMPORT_NAME) X(     \
                                                            IMPORT_FROM) X(IMPORT_STAR)            \
                                                            X(LOAD_ASSERTION_ERROR) X(             \
                                                                SETUP_ANNOTATIONS) X(MATCH_CLASS)  \
                                                                X(MATCH_MAPPING) X(MATCH_SEQUENCE) \
                                                                    X(MATCH_KEYS) X(GET_LEN)       \
                                                                        X(COPY_DICT_WITHOUT_KEYS)  \
                                                                            X(COPY) X(LOAD_FAST_CLEAR) X(LOAD_FAST_LOAD_FAST_CLEAR)

typedef enum sp_opcode {
#define SP_OP_ENUM(n) SP_##n,
    SP_OPCODES(SP_OP_ENUM)
#undef SP_OP_ENUM
        SP_OPCODE__COUNT
} sp_opcode;

/* Flag bits of BINARY_OP's argument: low 4 bits are an sp_binop. */
#define SP_BINOP_INPLACE 0x10
/* `x += e` on a fast local x: the left operand was pushed by a plain LOAD_FAST of x
 * and the result is stored to x by the next instruction, so a str builder
 * (obj_str.h, sp_str_iadd) may be appended to in place. Every other load of x is a
 * LOAD_FAST_CLEAR, which takes the builder mark off the value it loads. */
#define SP_BINOP_BUILD 0x20
/* COMPARE_OP argument: an sp_cmpop. COMPARE_JUMP_IF_FALSE: cmpop | target << 4. */

/* LIST_EXTEND flag: building the positional arguments of a call (error messages
 * then name the function, found just below the list). */
#define SP_EXTEND_IN_CALL 0x100
/* DICT_MERGE flag: merging class keywords (error messages then name
 * __build_class__(), as CPython's do). */
#define SP_MERGE_IN_CLASS 0x100

/* MAKE_FUNCTION flags (CPython's) */
#define SP_MF_DEFAULTS 0x01
#define SP_MF_KWDEFAULTS 0x02
#define SP_MF_ANNOTATIONS 0x04
#define SP_MF_CLOSURE 0x08

/* FORMAT_VALUE: low 2 bits conversion (0 none, 1 str, 2 repr, 3 ascii), 4: has spec */
#define SP_FV_SPEC 0x04

/* Code flags */
#define SP_CO_VARARGS 0x04
#define SP_CO_VARKEYWORDS 0x08
#define SP_CO_NESTED 0x10
#define SP_CO_GENERATOR 0x20
#define SP_CO_CLASS_BODY 0x1000 /* names go through the frame's locals dict */
#define SP_CO_MODULE 0x2000
#define SP_CO_COMPREHENSION 0x4000
#define SP_CO_HAS_CLASSCELL 0x8000 /* class body defining __class__ */

#define SP_NO_CACHE 0xFFFFu

/* sp_instr.learned: what the VM found out running the instruction (0 from the
 * compiler). */
#define SP_INSTR_CALLED_PYTHON 0x1 /* a CALL* that pushed a Python frame (vm.c) */

typedef struct sp_instr {
    uint8_t op; /* sp_opcode */
    uint8_t learned;
    uint16_t cache; /* inline-cache index or SP_NO_CACHE */
    uint32_t arg;
} sp_instr;

typedef struct sp_srcpos {
    int line, col, end_line, end_col; /* col: 0-based UTF-8 byte offsets */
} sp_srcpos;

/* LOAD_GLOBAL's memo: where the name was found when both dict versions were these. */
typedef struct sp_global_cache {
    uint64_t globals_version;
    uint64_t builtins_version;
    sp_val *slot;             /* value slot inside globals or builtins; NULL: empty cache */
    sp_val globals, builtins; /* identity of the dicts the memo is for */
} sp_global_cache;

/* LOAD_ATTR / LOAD_METHOD / STORE_ATTR memo of a type's MRO lookup: valid while
 * the type is the same, its dict has the same version (dict versions are globally
 * unique and change when keys come or go) and sp_type_epoch is unchanged (any
 * type attribute assignment, e.g. to a base class, bumps it); the same rule as
 * sp_type_lookup's cache. A value replaced in place is seen through `slot`. */
typedef struct sp_attr_cache {
    sp_type *type;
    uint64_t epoch;        /* sp_type_epoch when filled */
    uint64_t dict_version; /* version of type->dict when filled */
    sp_val *slot;          /* the attribute's value slot in a class dict; NULL: not on the MRO */
    /* the dict holding slot and its version then (NULL: slot is NULL or in
     * type->dict): checked too, so a slot can never dangle even if a base's
     * dict were changed without a type attribute assignment */
    sp_val holder;
    uint64_t holder_version;
    /* where the attribute was last found in an instance dict of `type`
     * (sp_dict_get_hinted): only a guess, checked on use */
    uint32_t dict_hint;
} sp_attr_cache;
/* Entries per instruction: instruction i owns attr_caches[WAYS*cache, +WAYS), the
 * most recently filled first, so a site seeing a few types (a method called on
 * objects of sibling classes) keeps hitting. */
#define SP_ATTR_CACHE_WAYS 4

typedef struct sp_code {
    sp_object ob;
    sp_val name, qualname, filename; /* str */
    int argcount, posonlyargcount, kwonlyargcount;
    uint32_t flags;
    int nlocals, ncells, nfree;
    int stacksize;
    int firstlineno;
    sp_val consts;   /* tuple */
    sp_val names;    /* tuple of interned str */
    sp_val varnames; /* tuple: names of the fast locals */
    sp_val cellvars; /* tuple */
    sp_val freevars; /* tuple */
    int *cell2arg;  /* raw, ncells entries: slot of the parameter a cell starts from, or -1; NULL if
                       none */
    sp_instr *code; /* raw buffer, ncode instructions */
    size_t ncode;
    sp_srcpos *pos;          /* raw buffer, ncode entries */
    sp_global_cache *caches; /* raw buffer, ncaches entries (LOAD_GLOBAL) */
    size_t ncaches;
    sp_attr_cache *attr_caches; /* raw buffer (LOAD_ATTR, LOAD_METHOD, STORE_ATTR) */
    size_t nattr_caches;
    sp_val docstring; /* or NULL */
    /* Set by the compiler for the VM's call fast path: frame_bytes is the frame's
     * allocation size; simple_call says a call binds positional arguments only
     * (no star parameters, keyword-only parameters, cells or free variables, and
     * not a generator), so exact positional calls skip bind_args. */
    size_t frame_bytes;
    bool simple_call;
    /* Line profile (vm.c): per instruction, its block and stretch lengths and
     * where its line is credited. malloc'd, built on first use in a run and
     * valid only while prof_epoch equals the VM's run epoch. */
    struct sp_prof_entry *prof_tab;
    uint64_t prof_epoch;
    struct sp_code *prof_next, *prof_prev; /* codes with a table this run */
} sp_code;

typedef struct sp_prof_entry {
    sp_line_stat *ls; /* the line's counters (the VM's sink when not profiled) */
    uint32_t run;     /* instructions from here to the end of the block (>= 1) */
    uint32_t srun;    /* ... to the end of the stretch (>= 1, <= run) */
    int32_t line;     /* line to credit, 0 when the instruction is not profiled */
    int32_t last;     /* line of the block's last instruction */
    uint32_t newline; /* 1: a stretch on another line than the previous one's starts here */
    uint64_t count;   /* times the block from here ran to its end, not yet credited */
} sp_prof_entry;

extern const char *const sp_opcode_names[SP_OPCODE__COUNT];

/* Does the opcode's argument name a jump target? */
bool sp_opcode_is_jump(int op);

/* Write `dis.dis`-style output of co (and, after it, of each nested code object). */
int sp_code_disassemble(sp_code *co, int fd);

/* Line of instruction index i (0 if none). */
static inline int sp_code_line(const sp_code *co, size_t i)
{
    return i < co->ncode ? co->pos[i].line : 0;
}

void sp_code_init_type(void);

#endif
