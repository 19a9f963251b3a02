/*
 * ast.h — the abstract syntax tree produced by parser.c and consumed by compile.c.
 *
 * Design overview
 * ---------------
 * The node kinds mirror CPython 3.11's `ast` module one for one (same names, same
 * fields, same field order), so `sp_ast_dump()` can print exactly what
 * `ast.dump(ast.parse(src), indent=2)` prints and the compiler can follow CPython's
 * compile.c closely.
 *
 * There are no GC objects anywhere in the tree. Every node, sequence, identifier
 * and constant payload lives in an `sp_arena` whose chunks come from sp_mem_alloc
 * (gc.h); the whole tree is freed at once with sp_arena_free(). Constants are kept
 * raw: ints as their digit text (no underscores, no prefix) plus base, floats and
 * imaginary literals as doubles, str/bytes as decoded bytes + length (str payloads
 * are UTF-8). The compiler turns them into objects.
 *
 * Every node with a position (expr, stmt, pattern, arg, keyword, alias,
 * excepthandler) carries CPython's four location fields: 1-based lines, 0-based
 * UTF-8 byte columns, end position exclusive.
 *
 * Invariants
 *  1. Sequences: `items` has `len` entries; len == 0 implies items may be NULL.
 *     Items are never NULL except: Dict.keys (NULL = `**mapping` entry) and
 *     arguments.kw_defaults (NULL = no default).
 *  2. Optional single children (Return.value, Yield.value, Slice.lower, ...) may be NULL.
 *  3. Identifiers are NUL-terminated C strings in the arena.
 *  4. A Constant of kind STR holds valid UTF-8; BYTES may hold any byte (len counts them).
 *  5. JoinedStr.values contain only Constant(STR) and FormattedValue nodes.
 */
#ifndef SP_AST_H
#define SP_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- arena ------------------------------------------------------------------------ */

typedef struct sp_arena sp_arena;

/* Create an empty arena (its header comes from sp_mem_alloc). NULL on failure. */
sp_arena *sp_arena_new(void);
/* Zeroed memory living until sp_arena_free; NULL (MemoryError set by gc) on failure. */
void *sp_arena_alloc(sp_arena *a, size_t size);
/* Copy n bytes into the arena and NUL-terminate them. */
char *sp_arena_strndup(sp_arena *a, const char *s, size_t n);
/* Release every chunk and the arena itself. NULL is fine. */
void sp_arena_free(sp_arena *a);
/* Bytes handed out so far (statistics). */
size_t sp_arena_used(const sp_arena *a);

/* ---- forward declarations and sequences --------------------------------------------- */

typedef struct sp_ast_mod sp_ast_mod;
typedef struct sp_ast_stmt sp_ast_stmt;
typedef struct sp_ast_expr sp_ast_expr;
typedef struct sp_ast_pattern sp_ast_pattern;
typedef struct sp_ast_comprehension sp_ast_comprehension;
typedef struct sp_ast_excepthandler sp_ast_excepthandler;
typedef struct sp_ast_arguments sp_ast_arguments;
typedef struct sp_ast_arg sp_ast_arg;
typedef struct sp_ast_keyword sp_ast_keyword;
typedef struct sp_ast_alias sp_ast_alias;
typedef struct sp_ast_withitem sp_ast_withitem;
typedef struct sp_ast_match_case sp_ast_match_case;

typedef struct {
    size_t len;
    sp_ast_stmt **items;
} sp_ast_stmt_seq;
typedef struct {
    size_t len;
    sp_ast_expr **items;
} sp_ast_expr_seq;
typedef struct {
    size_t len;
    sp_ast_pattern **items;
} sp_ast_pattern_seq;
typedef struct {
    size_t len;
    sp_ast_comprehension **items;
} sp_ast_comprehension_seq;
typedef struct {
    size_t len;
    sp_ast_excepthandler **items;
} sp_ast_excepthandler_seq;
typedef struct {
    size_t len;
    sp_ast_arg **items;
} sp_ast_arg_seq;
typedef struct {
    size_t len;
    sp_ast_keyword **items;
} sp_ast_keyword_seq;
typedef struct {
    size_t len;
    sp_ast_alias **items;
} sp_ast_alias_seq;
typedef struct {
    size_t len;
    sp_ast_withitem **items;
} sp_ast_withitem_seq;
typedef struct {
    size_t len;
    sp_ast_match_case **items;
} sp_ast_match_case_seq;
typedef struct {
    size_t len;
    const char **items;
} sp_ast_ident_seq;
typedef struct {
    size_t len;
    int *items;
} sp_ast_cmpop_seq; /* sp_ast_cmpop values */

/* ---- small enums (CPython order) --------------------------------------------------- */

typedef enum sp_ast_expr_context { SP_AST_Load = 1, SP_AST_Store, SP_AST_Del } sp_ast_expr_context;
typedef enum sp_ast_boolop { SP_AST_And = 1, SP_AST_Or } sp_ast_boolop;
typedef enum sp_ast_operator {
    SP_AST_Add = 1,
    SP_AST_Sub,
    SP_AST_Mult,
    SP_AST_MatMult,
    SP_AST_Div,
    SP_AST_Mod,
    SP_AST_Pow,
    SP_AST_LShift,
    SP_AST_RShift,
    SP_AST_BitOr,
    SP_AST_BitXor,
    SP_AST_BitAnd,
    SP_AST_FloorDiv
} sp_ast_operator;
typedef enum sp_ast_unaryop {
    SP_AST_Invert = 1,
    SP_AST_Not,
    SP_AST_UAdd,
    SP_AST_USub
} sp_ast_unaryop;
typedef enum sp_ast_cmpop {
    SP_AST_Eq = 1,
    SP_AST_NotEq,
    SP_AST_Lt,
    SP_AST_LtE,
    SP_AST_Gt,
    SP_AST_GtE,
    SP_AST_Is,
    SP_AST_IsNot,
    SP_AST_In,
    SP_AST_NotIn
} sp_ast_cmpop;

/* Names for dumps: sp_ast_operator_name(SP_AST_Add) == "Add", etc. */
const char *sp_ast_operator_name(sp_ast_operator op);
const char *sp_ast_unaryop_name(sp_ast_unaryop op);
const char *sp_ast_cmpop_name(sp_ast_cmpop op);
const char *sp_ast_boolop_name(sp_ast_boolop op);
const char *sp_ast_ctx_name(sp_ast_expr_context ctx);

/* ---- constants ------------------------------------------------------------------- */

typedef enum sp_ast_const_kind {
    SP_CONST_NONE = 1,
    SP_CONST_TRUE,
    SP_CONST_FALSE,
    SP_CONST_ELLIPSIS,
    SP_CONST_INT,     /* int_digits (ASCII digits/letters in `int_base`, no '_', no sign) */
    SP_CONST_FLOAT,   /* f */
    SP_CONST_COMPLEX, /* imaginary literal: value is complex(0, f) */
    SP_CONST_STR,     /* s, len: UTF-8 bytes */
    SP_CONST_BYTES,   /* s, len: raw bytes */
} sp_ast_const_kind;

typedef struct sp_ast_constant {
    sp_ast_const_kind kind;
    const char *int_digits; /* SP_CONST_INT: e.g. "ff" with int_base 16, "0" with base 10 */
    int int_base;           /* 2, 8, 10 or 16 */
    double f;               /* SP_CONST_FLOAT / SP_CONST_COMPLEX (imaginary part) */
    const char *s;          /* SP_CONST_STR / SP_CONST_BYTES, NUL-terminated too */
    size_t len;             /* bytes in s */
} sp_ast_constant;

/* ---- module ---------------------------------------------------------------------- */

typedef enum sp_ast_mod_kind {
    SP_AST_Module = 1,
    SP_AST_Interactive,
    SP_AST_Expression
} sp_ast_mod_kind;

struct sp_ast_mod {
    sp_ast_mod_kind kind;
    sp_ast_stmt_seq body; /* Module, Interactive */
    sp_ast_expr *expr;    /* Expression: its body */
};

/* ---- statements ------------------------------------------------------------------- */

typedef enum sp_ast_stmt_kind {
    SP_AST_FunctionDef = 1,
    SP_AST_AsyncFunctionDef,
    SP_AST_ClassDef,
    SP_AST_Return,
    SP_AST_Delete,
    SP_AST_Assign,
    SP_AST_AugAssign,
    SP_AST_AnnAssign,
    SP_AST_For,
    SP_AST_AsyncFor,
    SP_AST_While,
    SP_AST_If,
    SP_AST_With,
    SP_AST_AsyncWith,
    SP_AST_Match,
    SP_AST_Raise,
    SP_AST_Try,
    SP_AST_TryStar,
    SP_AST_Assert,
    SP_AST_Import,
    SP_AST_ImportFrom,
    SP_AST_Global,
    SP_AST_Nonlocal,
    SP_AST_Expr,
    SP_AST_Pass,
    SP_AST_Break,
    SP_AST_Continue
} sp_ast_stmt_kind;

struct sp_ast_stmt {
    sp_ast_stmt_kind kind;
    int lineno, col_offset, end_lineno, end_col_offset;
    union {
        struct {
            const char *name;
            sp_ast_arguments *args;
            sp_ast_stmt_seq body;
            sp_ast_expr_seq decorator_list;
            sp_ast_expr *returns;
        } FunctionDef, AsyncFunctionDef;
        struct {
            const char *name;
            sp_ast_expr_seq bases;
            sp_ast_keyword_seq keywords;
            sp_ast_stmt_seq body;
            sp_ast_expr_seq decorator_list;
        } ClassDef;
        struct {
            sp_ast_expr *value;
        } Return; /* value may be NULL */
        struct {
            sp_ast_expr_seq targets;
        } Delete;
        struct {
            sp_ast_expr_seq targets;
            sp_ast_expr *value;
        } Assign;
        struct {
            sp_ast_expr *target;
            sp_ast_operator op;
            sp_ast_expr *value;
        } AugAssign;
        struct {
            sp_ast_expr *target, *annotation, *value;
            int simple;
        } AnnAssign;
        struct {
            sp_ast_expr *target, *iter;
            sp_ast_stmt_seq body, orelse;
        } For, AsyncFor;
        struct {
            sp_ast_expr *test;
            sp_ast_stmt_seq body, orelse;
        } While;
        struct {
            sp_ast_expr *test;
            sp_ast_stmt_seq body, orelse;
        } If;
        struct {
            sp_ast_withitem_seq items;
            sp_ast_stmt_seq body;
        } With, AsyncWith;
        struct {
            sp_ast_expr *subject;
            sp_ast_match_case_seq cases;
        } Match;
        struct {
            sp_ast_expr *exc, *cause;
        } Raise; /* both optional */
        struct {
            sp_ast_stmt_seq body;
            sp_ast_excepthandler_seq handlers;
            sp_ast_stmt_seq orelse, finalbody;
        } Try, TryStar;
        struct {
            sp_ast_expr *test, *msg;
        } Assert;
        struct {
            sp_ast_alias_seq names;
        } Import;
        struct {
            const char *module;
            sp_ast_alias_seq names;
            int level;
        } ImportFrom; /* module may be NULL */
        struct {
            sp_ast_ident_seq names;
        } Global, Nonlocal;
        struct {
            sp_ast_expr *value;
        } Expr;
    } v;
};

/* ---- expressions ------------------------------------------------------------------ */

typedef enum sp_ast_expr_kind {
    SP_AST_BoolOp = 1,
    SP_AST_NamedExpr,
    SP_AST_BinOp,
    SP_AST_UnaryOp,
    SP_AST_Lambda,
    SP_AST_IfExp,
    SP_AST_Dict,
    SP_AST_Set,
    SP_AST_ListComp,
    SP_AST_SetComp,
    SP_AST_DictComp,
    SP_AST_GeneratorExp,
    SP_AST_Await,
    SP_AST_Yield,
    SP_AST_YieldFrom,
    SP_AST_Compare,
    SP_AST_Call,
    SP_AST_FormattedValue,
    SP_AST_JoinedStr,
    SP_AST_Constant,
    SP_AST_Attribute,
    SP_AST_Subscript,
    SP_AST_Starred,
    SP_AST_Name,
    SP_AST_List,
    SP_AST_Tuple,
    SP_AST_Slice
} sp_ast_expr_kind;

struct sp_ast_expr {
    sp_ast_expr_kind kind;
    int lineno, col_offset, end_lineno, end_col_offset;
    union {
        struct {
            sp_ast_boolop op;
            sp_ast_expr_seq values;
        } BoolOp;
        struct {
            sp_ast_expr *target, *value;
        } NamedExpr;
        struct {
            sp_ast_expr *left;
            sp_ast_operator op;
            sp_ast_expr *right;
        } BinOp;
        struct {
            sp_ast_unaryop op;
            sp_ast_expr *operand;
        } UnaryOp;
        struct {
            sp_ast_arguments *args;
            sp_ast_expr *body;
        } Lambda;
        struct {
            sp_ast_expr *test, *body, *orelse;
        } IfExp;
        struct {
            sp_ast_expr_seq keys, values;
        } Dict; /* keys[i] NULL: `**values[i]` */
        struct {
            sp_ast_expr_seq elts;
        } Set;
        struct {
            sp_ast_expr *elt;
            sp_ast_comprehension_seq generators;
        } ListComp, SetComp, GeneratorExp;
        struct {
            sp_ast_expr *key, *value;
            sp_ast_comprehension_seq generators;
        } DictComp;
        struct {
            sp_ast_expr *value;
        } Await;
        struct {
            sp_ast_expr *value;
        } Yield; /* value may be NULL */
        struct {
            sp_ast_expr *value;
        } YieldFrom;
        struct {
            sp_ast_expr *left;
            sp_ast_cmpop_seq ops;
            sp_ast_expr_seq comparators;
        } Compare;
        struct {
            sp_ast_expr *func;
            sp_ast_expr_seq args;
            sp_ast_keyword_seq keywords;
        } Call;
        /* conversion: -1 none, 's', 'r', 'a'; format_spec: JoinedStr or NULL */
        struct {
            sp_ast_expr *value;
            int conversion;
            sp_ast_expr *format_spec;
        } FormattedValue;
        struct {
            sp_ast_expr_seq values;
        } JoinedStr;
        /* kind: "u" for u'' strings, else NULL */
        struct {
            sp_ast_constant value;
            const char *kind;
        } Constant;
        struct {
            sp_ast_expr *value;
            const char *attr;
            sp_ast_expr_context ctx;
        } Attribute;
        struct {
            sp_ast_expr *value, *slice;
            sp_ast_expr_context ctx;
        } Subscript;
        struct {
            sp_ast_expr *value;
            sp_ast_expr_context ctx;
        } Starred;
        struct {
            const char *id;
            sp_ast_expr_context ctx;
        } Name;
        struct {
            sp_ast_expr_seq elts;
            sp_ast_expr_context ctx;
        } List, Tuple;
        struct {
            sp_ast_expr *lower, *upper, *step;
        } Slice;
    } v;
};

/* ---- other nodes ------------------------------------------------------------------ */

struct sp_ast_comprehension {
    sp_ast_expr *target, *iter;
    sp_ast_expr_seq ifs;
    int is_async;
};

struct sp_ast_excepthandler { /* ExceptHandler */
    int lineno, col_offset, end_lineno, end_col_offset;
    sp_ast_expr *type; /* may be NULL (bare except) */
    const char *name;  /* may be NULL */
    sp_ast_stmt_seq body;
};

struct sp_ast_arguments {
    sp_ast_arg_seq posonlyargs, args;
    sp_ast_arg *vararg; /* may be NULL */
    sp_ast_arg_seq kwonlyargs;
    sp_ast_expr_seq kw_defaults; /* same length as kwonlyargs; NULL item = no default */
    sp_ast_arg *kwarg;           /* may be NULL */
    sp_ast_expr_seq defaults;    /* for the LAST len(defaults) of posonlyargs+args */
};

struct sp_ast_arg {
    int lineno, col_offset, end_lineno, end_col_offset;
    const char *arg;
    sp_ast_expr *annotation; /* may be NULL */
};

struct sp_ast_keyword {
    int lineno, col_offset, end_lineno, end_col_offset;
    const char *arg; /* NULL for `**mapping` */
    sp_ast_expr *value;
};

struct sp_ast_alias {
    int lineno, col_offset, end_lineno, end_col_offset;
    const char *name;   /* dotted, or "*" */
    const char *asname; /* may be NULL */
};

struct sp_ast_withitem {
    sp_ast_expr *context_expr;
    sp_ast_expr *optional_vars; /* may be NULL */
};

struct sp_ast_match_case {
    sp_ast_pattern *pattern;
    sp_ast_expr *guard; /* may be NULL */
    sp_ast_stmt_seq body;
};

typedef enum sp_ast_pattern_kind {
    SP_AST_MatchValue = 1,
    SP_AST_MatchSingleton,
    SP_AST_MatchSequence,
    SP_AST_MatchMapping,
    SP_AST_MatchClass,
    SP_AST_MatchStar,
    SP_AST_MatchAs,
    SP_AST_MatchOr
} sp_ast_pattern_kind;

struct sp_ast_pattern {
    sp_ast_pattern_kind kind;
    int lineno, col_offset, end_lineno, end_col_offset;
    union {
        struct {
            sp_ast_expr *value;
        } MatchValue;
        struct {
            sp_ast_const_kind value;
        } MatchSingleton; /* NONE, TRUE or FALSE */
        struct {
            sp_ast_pattern_seq patterns;
        } MatchSequence;
        struct {
            sp_ast_expr_seq keys;
            sp_ast_pattern_seq patterns;
            const char *rest;
        } MatchMapping;
        struct {
            sp_ast_expr *cls;
            sp_ast_pattern_seq patterns;
            sp_ast_ident_seq kwd_attrs;
            sp_ast_pattern_seq kwd_patterns;
        } MatchClass;
        struct {
            const char *name;
        } MatchStar; /* name NULL: `*_` */
        struct {
            sp_ast_pattern *pattern;
            const char *name;
        } MatchAs; /* both optional */
        struct {
            sp_ast_pattern_seq patterns;
        } MatchOr;
    } v;
};

/* ---- printing --------------------------------------------------------------------- */

/* Write `ast.dump(tree, indent=2)` + "\n" to fd, byte for byte like CPython 3.11.
 * Returns 0, -1 on a write or allocation failure, -2 (nothing written) when the tree
 * is nested deeper than 3000 levels (CPython's ast.dump raises RecursionError). */
int sp_ast_dump(const sp_ast_mod *m, int fd);
/* Same with include_attributes=True (positions), for tests. */
int sp_ast_dump_ex(const sp_ast_mod *m, int fd, bool include_attributes);

/* Format a float like CPython's repr() (shortest round-trip) into buf (>= 32 bytes).
 * Exposed because the dump needs it anyway; returns the length. */
int sp_ast_float_repr(double d, char *buf, size_t size);

#endif
