/*
 * parser.c — recursive-descent parser for Python 3.11, producing ast.h trees.
 *
 * Design overview
 * ---------------
 * lexer.c turns the whole source into tokens first; the parser walks the array of
 * significant tokens (COMMENT and NL dropped) with one function per grammar rule of
 * CPython's Grammar/python.gram (rule quoted above each function). Binary operators
 * use one function per precedence level, so the tree shapes are CPython's.
 *
 * Errors: the first error longjmp()s out of the parse (p->jb); a few places parse
 * speculatively (the `match` soft keyword, parenthesised `with` items, the "Perhaps
 * you forgot a comma?" probe) by installing their own jmp_buf and restoring the
 * position on failure. The messages and positions reproduce CPython's second-pass
 * "invalid_*" rules for the common mistakes; anything else is "invalid syntax" at
 * the furthest token the parser looked at (what CPython reports too). Tokenizer
 * errors take precedence over parser errors, as in CPython.
 *
 * Targets (assignment, for, with, del, comprehension) are parsed as expressions and
 * then converted to Store/Del context by set_context(), which also produces the
 * "cannot assign to ..." messages.
 *
 * After a successful parse of a file, validate() walks the tree for the errors that
 * CPython's compiler reports before running anything ('return' outside function,
 * 'break' outside loop, multiple starred expressions ...).
 *
 * Recursion: every nesting construct goes through enter(); past MAX_DEPTH the parse
 * fails with MemoryError like CPython 3.11's parser stack guard, so hostile input
 * never overflows the C stack (brackets are also capped at 200 by the tokenizer).
 *
 * Memory: all nodes in the caller's arena; no GC objects.
 */
#include "parser.h"

#include <assert.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gc.h"
#include "lexer.h"

#define MAX_DEPTH 3000
#define MAX_FSTRING_NESTING 2

typedef struct perr {
    const char *type;
    char msg[256];
    int lineno, col, end_lineno, end_col; /* 0-based byte columns; end_col -1 unknown */
    int oom, depth;
    int unexpected_indent; /* "unexpected indent/unindent": wins over later tokenizer errors */
    int char_cols;         /* col/end_col are already 1-based character offsets (f-string errors) */
    char text[200];        /* line to show instead of the source line (see sp_syntax_error) */
} perr;

/* Invariants
 *  1. n >= 1 and t[n-1] is the lexer's last token (ENDMARKER or ERRORTOKEN); the
 *     parser never moves past it (advance() stops there and bails on ERRORTOKEN).
 *  2. pos <= maxpos < n: maxpos is the furthest token looked at, where a generic
 *     "invalid syntax" is reported (speculation restores both).
 *  3. err.type is set exactly when bail() left a SyntaxError-like report (NULL: the
 *     tokenizer's error is the one to report). */
typedef struct parser {
    sp_arena *arena;
    sp_lexer *lx;
    const char *src;
    size_t len;
    sp_token **t; /* significant tokens; the last is ENDMARKER or ERRORTOKEN */
    int *level;   /* bracket depth after each token */
    size_t n, pos, maxpos;
    jmp_buf *jb;
    perr err;
    int depth;
    uint64_t nnodes;
    int fstring_nesting;
    bool keyword_context; /* the next named_expression is a call argument: `=` is a keyword */
    /* f-string sub-parsers: map positions back into the enclosing source */
    int line_shift, first_line_col_shift;
    bool string_input; /* eval/single mode: no newline is appended to the source */
} parser;

static sp_ast_expr *expression(parser *p);
static sp_ast_expr *named_expression(parser *p);
static sp_ast_expr *star_expressions(parser *p);
static sp_ast_expr *star_named_expression(parser *p);
static sp_ast_expr *bitwise_or(parser *p);
static sp_ast_expr *disjunction(parser *p);
static sp_ast_expr *yield_expr(parser *p);
static sp_ast_expr *primary(parser *p);
static sp_ast_stmt_seq block(parser *p, const char *what, int line);
static sp_ast_stmt_seq statements_until_dedent(parser *p);
static sp_ast_pattern *pattern(parser *p);
static sp_ast_expr *parse_strings(parser *p);
static sp_ast_arguments *parameters(parser *p, bool lambda);

/* ---- errors ------------------------------------------------------------------- */

static _Noreturn void bail(parser *p)
{
    longjmp(*p->jb, 1);
}

static _Noreturn void raise_range(parser *p, const char *type, int l, int c, int el, int ec,
                                  const char *fmt, ...)
{
    perr *e = &p->err;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->type = type;
    e->lineno = l;
    e->col = c;
    e->end_lineno = el;
    e->end_col = ec;
    bail(p);
}

static _Noreturn void oom(parser *p)
{
    p->err.oom = 1;
    p->err.type = "MemoryError";
    bail(p);
}

#define RAISE_TOK(p, tk, ...)                                                                      \
    raise_range(p, "SyntaxError", (tk)->lineno, (tk)->col, (tk)->end_lineno, (tk)->end_col,        \
                __VA_ARGS__)
#define RAISE_NODE(p, nd, ...)                                                                     \
    raise_range(p, "SyntaxError", (nd)->lineno, (nd)->col_offset, (nd)->end_lineno,                \
                (nd)->end_col_offset, __VA_ARGS__)
#define RAISE_RANGE(p, a, b, ...)                                                                  \
    raise_range(p, "SyntaxError", (a)->lineno, (a)->col_offset, (b)->end_lineno,                   \
                (b)->end_col_offset, __VA_ARGS__)

static void enter(parser *p)
{
    if (++p->depth > MAX_DEPTH) {
        p->err.type = "MemoryError";
        p->err.msg[0] = 0;
        p->err.depth = 1;
        bail(p);
    }
}

static void leave(parser *p)
{
    p->depth--;
}

/* ---- memory ------------------------------------------------------------------ */

static void *alloc(parser *p, size_t n)
{
    void *x = sp_arena_alloc(p->arena, n);
    if (!x) oom(p);
    return x;
}

typedef struct vec {
    void **items;
    size_t len, cap;
} vec;

static void vpush(parser *p, vec *v, void *x)
{
    if (v->len == v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 4;
        void **ni = alloc(p, ncap * sizeof *ni);
        if (v->len) memcpy(ni, v->items, v->len * sizeof *ni);
        v->items = ni;
        v->cap = ncap;
    }
    v->items[v->len++] = x;
}

#define SEQ(T, v) ((T){(v).len, (void *)(v).items})

static char *strndup_a(parser *p, const char *s, size_t n)
{
    char *r = sp_arena_strndup(p->arena, s, n);
    if (!r) oom(p);
    return r;
}

/* ---- tokens ------------------------------------------------------------------ */

static sp_token *peek_at(parser *p, size_t k)
{
    size_t i = p->pos + k;
    if (i >= p->n) i = p->n - 1;
    if (i > p->maxpos) p->maxpos = i;
    return p->t[i];
}

static sp_token *cur(parser *p)
{
    return peek_at(p, 0);
}

static sp_token *prev(parser *p)
{
    return p->t[p->pos ? p->pos - 1 : 0];
}

static sp_token *advance(parser *p)
{
    assert(p->pos < p->n && p->pos <= p->maxpos); /* invariants 1, 2 */
    sp_token *t = cur(p);
    if (t->type == SP_TOK_ERRORTOKEN && p->pos == p->n - 1) {
        /* ran into the tokenizer error: it is what gets reported */
        p->err.type = NULL;
        bail(p);
    }
    if (p->pos < p->n - 1) p->pos++;
    return t;
}

static bool tok_text_is(parser *p, const sp_token *t, const char *s)
{
    size_t k = strlen(s);
    return t->end - t->start == k && memcmp(p->src + t->start, s, k) == 0;
}

static bool at_op(parser *p, int op)
{
    sp_token *t = cur(p);
    return t->type == SP_TOK_OP && t->op == op;
}

static bool op_at(parser *p, size_t k, int op)
{
    sp_token *t = peek_at(p, k);
    return t->type == SP_TOK_OP && t->op == op;
}

static const char *const keywords[] = {
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield",    NULL};

static bool is_keyword_tok(parser *p, const sp_token *t)
{
    if (t->type != SP_TOK_NAME) return false;
    for (int i = 0; keywords[i]; i++)
        if (tok_text_is(p, t, keywords[i])) return true;
    return false;
}

static bool kw_at(parser *p, size_t k, const char *kw)
{
    sp_token *t = peek_at(p, k);
    return t->type == SP_TOK_NAME && tok_text_is(p, t, kw);
}

static bool at_kw(parser *p, const char *kw)
{
    return kw_at(p, 0, kw);
}

static bool at_name(parser *p)
{
    sp_token *t = cur(p);
    return t->type == SP_TOK_NAME && !is_keyword_tok(p, t);
}

static _Noreturn void invalid_syntax(parser *p);

static sp_token *expect_op(parser *p, int op)
{
    if (!at_op(p, op)) invalid_syntax(p);
    return advance(p);
}

static void expect_kw(parser *p, const char *kw)
{
    if (!at_kw(p, kw)) invalid_syntax(p);
    advance(p);
}

/* `&&':'` in the grammar: a missing ':' is reported at the current token. */
static void expect_forced(parser *p, int op, const char *text)
{
    if (at_op(p, op)) {
        advance(p);
        return;
    }
    sp_token *t = cur(p);
    int ec = t->type == SP_TOK_NEWLINE ? t->col : t->end_col;
    raise_range(p, "SyntaxError", t->lineno, t->col, t->end_lineno, ec, "expected '%s'", text);
}

/* A ':' whose absence before a NEWLINE is "expected ':'" (the invalid_*_stmt rules). */
static void expect_colon(parser *p)
{
    if (at_op(p, SP_T_COLON)) {
        advance(p);
        return;
    }
    sp_token *t = cur(p);
    if (t->type == SP_TOK_NEWLINE)
        raise_range(p, "SyntaxError", t->lineno, t->col, t->lineno, t->col, "expected ':'");
    invalid_syntax(p);
}

static const char *name_of(parser *p, const sp_token *t)
{
    return strndup_a(p, p->src + t->start, t->end - t->start);
}

static sp_token *expect_name(parser *p)
{
    if (!at_name(p)) invalid_syntax(p);
    return advance(p);
}

/* ---- node constructors ---------------------------------------------------------- */

static sp_ast_expr *new_expr(parser *p, sp_ast_expr_kind kind, int l, int c, int el, int ec)
{
    sp_ast_expr *e = alloc(p, sizeof *e);
    e->kind = kind;
    e->lineno = l;
    e->col_offset = c;
    e->end_lineno = el;
    e->end_col_offset = ec;
    p->nnodes++;
    return e;
}

/* An expression from token `s` to the last consumed token. */
static sp_ast_expr *expr_from_tok(parser *p, sp_ast_expr_kind kind, const sp_token *s)
{
    sp_token *e = prev(p);
    return new_expr(p, kind, s->lineno, s->col, e->end_lineno, e->end_col);
}

static sp_ast_stmt *new_stmt(parser *p, sp_ast_stmt_kind kind, const sp_token *s)
{
    sp_ast_stmt *st = alloc(p, sizeof *st);
    sp_token *e = prev(p);
    st->kind = kind;
    st->lineno = s->lineno;
    st->col_offset = s->col;
    st->end_lineno = e->end_lineno;
    st->end_col_offset = e->end_col;
    p->nnodes++;
    return st;
}

static void end_at_stmt(sp_ast_stmt *st, const sp_ast_stmt_seq *body)
{
    if (body->len) {
        sp_ast_stmt *last = body->items[body->len - 1];
        st->end_lineno = last->end_lineno;
        st->end_col_offset = last->end_col_offset;
    }
}

static sp_ast_expr *name_expr(parser *p, const sp_token *t, sp_ast_expr_context ctx)
{
    sp_ast_expr *e = new_expr(p, SP_AST_Name, t->lineno, t->col, t->end_lineno, t->end_col);
    e->v.Name.id = name_of(p, t);
    e->v.Name.ctx = ctx;
    return e;
}

static sp_ast_expr *const_expr(parser *p, sp_ast_const_kind kind, const sp_token *t)
{
    sp_ast_expr *e = new_expr(p, SP_AST_Constant, t->lineno, t->col, t->end_lineno, t->end_col);
    e->v.Constant.value.kind = kind;
    return e;
}

/* ---- generic error reporting ------------------------------------------------------ */

static _Noreturn void invalid_syntax(parser *p)
{
    sp_token *t = p->t[p->maxpos];
    if (t->type == SP_TOK_ERRORTOKEN && p->maxpos == p->n - 1) {
        p->err.type = NULL; /* the tokenizer error */
        bail(p);
    }
    if (t->type == SP_TOK_INDENT || t->type == SP_TOK_DEDENT) p->err.unexpected_indent = 1;
    if (t->type == SP_TOK_INDENT) {
        raise_range(p, "IndentationError", t->lineno, t->end_col - 1, t->lineno, -2,
                    "unexpected indent");
    }
    if (t->type == SP_TOK_DEDENT)
        raise_range(p, "IndentationError", t->lineno, t->col - 1, t->lineno, -2,
                    "unexpected unindent");
    if (t->type == SP_TOK_NEWLINE && p->string_input && t->start >= p->len) {
        /* the tokenizer's implicit NEWLINE at the end of a string has no column */
        raise_range(p, "SyntaxError", t->lineno, -1, t->lineno, -1, "invalid syntax");
    }
    int ec = t->end_col;
    if (t->type == SP_TOK_NEWLINE || t->type == SP_TOK_ENDMARKER) ec = t->col;
    if (t->type == SP_TOK_ENDMARKER) {
        /* CPython reports the last real token's line for an unexpected EOF */
        raise_range(p, "SyntaxError", t->lineno, t->col, t->lineno, ec, "invalid syntax");
    }
    raise_range(p, "SyntaxError", t->lineno, t->col, t->end_lineno, ec, "invalid syntax");
}

/* _PyPegen_get_expr_name */
static const char *expr_name(const sp_ast_expr *e)
{
    switch (e->kind) {
    case SP_AST_Attribute:
        return "attribute";
    case SP_AST_Subscript:
        return "subscript";
    case SP_AST_Starred:
        return "starred";
    case SP_AST_Name:
        return "name";
    case SP_AST_List:
        return "list";
    case SP_AST_Tuple:
        return "tuple";
    case SP_AST_Lambda:
        return "lambda";
    case SP_AST_Call:
        return "function call";
    case SP_AST_BoolOp:
    case SP_AST_BinOp:
    case SP_AST_UnaryOp:
        return "expression";
    case SP_AST_GeneratorExp:
        return "generator expression";
    case SP_AST_Yield:
    case SP_AST_YieldFrom:
        return "yield expression";
    case SP_AST_Await:
        return "await expression";
    case SP_AST_ListComp:
        return "list comprehension";
    case SP_AST_SetComp:
        return "set comprehension";
    case SP_AST_DictComp:
        return "dict comprehension";
    case SP_AST_Dict:
        return "dict literal";
    case SP_AST_Set:
        return "set display";
    case SP_AST_JoinedStr:
    case SP_AST_FormattedValue:
        return "f-string expression";
    case SP_AST_Constant:
        switch (e->v.Constant.value.kind) {
        case SP_CONST_NONE:
            return "None";
        case SP_CONST_TRUE:
            return "True";
        case SP_CONST_FALSE:
            return "False";
        case SP_CONST_ELLIPSIS:
            return "ellipsis";
        default:
            return "literal";
        }
    case SP_AST_Compare:
        return "comparison";
    case SP_AST_IfExp:
        return "conditional expression";
    case SP_AST_NamedExpr:
        return "named expression";
    default:
        return "expression";
    }
}

typedef enum { STAR_TARGETS, DEL_TARGETS, FOR_TARGETS } targets_type;

/* _PyPegen_get_invalid_target: the first sub-expression that cannot be a target. */
static sp_ast_expr *invalid_target(sp_ast_expr *e, targets_type tt)
{
    switch (e->kind) {
    case SP_AST_List:
    case SP_AST_Tuple:
        for (size_t i = 0; i < e->v.List.elts.len; i++) {
            sp_ast_expr *x = invalid_target(e->v.List.elts.items[i], tt);
            if (x) return x;
        }
        return NULL;
    case SP_AST_Starred:
        if (tt == DEL_TARGETS) return e;
        return invalid_target(e->v.Starred.value, tt);
    case SP_AST_Compare:
        if (tt == FOR_TARGETS) {
            if (e->v.Compare.ops.items[0] == SP_AST_In)
                return invalid_target(e->v.Compare.left, tt);
            return NULL;
        }
        return e;
    case SP_AST_Name:
    case SP_AST_Subscript:
    case SP_AST_Attribute:
        return NULL;
    default:
        return e;
    }
}

/* Give a target expression Store/Del context, or raise CPython's message. */
static void set_context(parser *p, sp_ast_expr *e, sp_ast_expr_context ctx, targets_type tt)
{
    sp_ast_expr *bad = invalid_target(e, tt);
    if (bad) {
        RAISE_NODE(p, bad, tt == DEL_TARGETS ? "cannot delete %s" : "cannot assign to %s",
                   expr_name(bad));
    }
    switch (e->kind) {
    case SP_AST_Name:
        e->v.Name.ctx = ctx;
        break;
    case SP_AST_Attribute:
        e->v.Attribute.ctx = ctx;
        break;
    case SP_AST_Subscript:
        e->v.Subscript.ctx = ctx;
        break;
    case SP_AST_Starred:
        e->v.Starred.ctx = ctx;
        set_context(p, e->v.Starred.value, ctx, tt);
        break;
    case SP_AST_List:
    case SP_AST_Tuple:
        e->v.List.ctx = ctx;
        for (size_t i = 0; i < e->v.List.elts.len; i++)
            set_context(p, e->v.List.elts.items[i], ctx, tt);
        break;
    default:
        RAISE_NODE(p, e, "cannot assign to %s", expr_name(e));
    }
}

/* ---- speculation ------------------------------------------------------------- */

typedef struct spec_state {
    size_t pos, maxpos;
    int depth;
    uint64_t nnodes;
    perr err;
} spec_state;

static void spec_save(parser *p, spec_state *st)
{
    st->pos = p->pos;
    st->maxpos = p->maxpos;
    st->depth = p->depth;
    st->nnodes = p->nnodes;
    st->err = p->err;
}

static void spec_restore(parser *p, const spec_state *st)
{
    p->pos = st->pos;
    p->maxpos = st->maxpos;
    p->depth = st->depth;
    p->nnodes = st->nnodes;
    p->err = st->err;
}

/* Run fn(p, arg) speculatively: its result, or NULL with the parser state restored
 * when it raised a SyntaxError. MemoryError-like failures still propagate. The setjmp
 * lives here so callers keep no locals across it. */
static void *speculate(parser *p, void *(*fn)(parser *, void *), void *arg)
{
    spec_state st;
    spec_save(p, &st);
    jmp_buf jb, *outer = p->jb;
    void *volatile r = NULL;
    p->jb = &jb;
    if (setjmp(jb) == 0) r = fn(p, arg);
    p->jb = outer;
    if (!r) {
        if (p->err.oom || p->err.depth) bail(p);
        spec_restore(p, &st);
    }
    return r;
}

static void *spec_expression(parser *p, void *arg)
{
    (void)arg;
    return expression(p);
}

static void *spec_star_expressions(parser *p, void *arg)
{
    (void)arg;
    return star_expressions(p);
}

static void *spec_bitwise_or(parser *p, void *arg)
{
    (void)arg;
    return bitwise_or(p);
}

/* ---- "Perhaps you forgot a comma?" --------------------------------------------------- */

static bool can_start_expression(parser *p, const sp_token *t)
{
    switch (t->type) {
    case SP_TOK_NAME:
        if (!is_keyword_tok(p, t)) return true;
        return tok_text_is(p, t, "None") || tok_text_is(p, t, "True") ||
               tok_text_is(p, t, "False") || tok_text_is(p, t, "not") ||
               tok_text_is(p, t, "lambda") || tok_text_is(p, t, "await");
    case SP_TOK_NUMBER:
    case SP_TOK_STRING:
        return true;
    case SP_TOK_OP:
        return t->op == SP_T_LPAR || t->op == SP_T_LSQB || t->op == SP_T_LBRACE ||
               t->op == SP_T_MINUS || t->op == SP_T_PLUS || t->op == SP_T_TILDE ||
               t->op == SP_T_ELLIPSIS;
    default:
        return false;
    }
}

/* invalid_expression: `a b` inside brackets. Called after parsing disjunction `a`
 * that started at token index `start`. */
static void check_forgot_comma(parser *p, size_t start, sp_ast_expr *a)
{
    if (p->pos == 0 || p->level[p->pos - 1] == 0) return;
    sp_token *nt = cur(p);
    if (!can_start_expression(p, nt)) return;
    sp_token *st = p->t[start];
    if (st->type == SP_TOK_NAME && start + 1 < p->n && p->t[start + 1]->type == SP_TOK_STRING)
        return;
    if (st->type == SP_TOK_NAME &&
        (tok_text_is(p, st, "match") || tok_text_is(p, st, "case") || tok_text_is(p, st, "_")))
        return;
    /* speculative: does an expression follow? */
    sp_ast_expr *b = speculate(p, spec_expression, NULL);
    if (!b) return;
    RAISE_RANGE(p, a, b, "invalid syntax. Perhaps you forgot a comma?");
}

/* ---- atoms ------------------------------------------------------------------ */

static sp_ast_expr *parse_number(parser *p, const sp_token *t)
{
    const char *s = p->src + t->start;
    size_t n = t->end - t->start;
    sp_ast_expr *e = new_expr(p, SP_AST_Constant, t->lineno, t->col, t->end_lineno, t->end_col);
    sp_ast_constant *c = &e->v.Constant.value;
    char *clean = alloc(p, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '_') clean[k++] = s[i];
    clean[k] = 0;
    if (k > 1 && clean[0] == '0' && strchr("xXoObB", clean[1])) {
        c->kind = SP_CONST_INT;
        c->int_base = (clean[1] | 0x20) == 'x' ? 16 : (clean[1] | 0x20) == 'o' ? 8 : 2;
        c->int_digits = clean + 2;
        return e;
    }
    char last = clean[k - 1];
    if (last == 'j' || last == 'J') {
        clean[k - 1] = 0;
        c->kind = SP_CONST_COMPLEX;
        c->f = strtod(clean, NULL);
        return e;
    }
    if (strpbrk(clean, ".eE")) {
        c->kind = SP_CONST_FLOAT;
        c->f = strtod(clean, NULL);
        return e;
    }
    c->kind = SP_CONST_INT;
    c->int_base = 10;
    c->int_digits = clean;
    return e;
}

/* comprehension's for_if_clauses: ('async'? 'for' star_targets 'in' disjunction ('if'
 * disjunction)*)+ */
static sp_ast_comprehension_seq for_if_clauses(parser *p)
{
    vec gens = {0};
    while (at_kw(p, "for") || (at_kw(p, "async") && kw_at(p, 1, "for"))) {
        sp_ast_comprehension *c = alloc(p, sizeof *c);
        if (at_kw(p, "async")) {
            advance(p);
            c->is_async = 1;
        }
        advance(p);
        /* star_targets: parsed at bitwise_or level so 'in' is not a comparison */
        sp_token *ts = cur(p);
        vec elts = {0};
        bool tuple = false;
        for (;;) {
            sp_ast_expr *x;
            if (at_op(p, SP_T_STAR)) {
                sp_token *st = advance(p);
                sp_ast_expr *v = bitwise_or(p);
                x = expr_from_tok(p, SP_AST_Starred, st);
                x->v.Starred.value = v;
            } else {
                x = bitwise_or(p);
            }
            vpush(p, &elts, x);
            if (!at_op(p, SP_T_COMMA)) break;
            advance(p);
            tuple = true;
            if (at_kw(p, "in")) break;
        }
        sp_ast_expr *target;
        if (tuple) {
            target = expr_from_tok(p, SP_AST_Tuple, ts);
            target->v.Tuple.elts = SEQ(sp_ast_expr_seq, elts);
        } else {
            target = elts.items[0];
        }
        if (!at_kw(p, "in")) {
            invalid_syntax(p);
        }
        set_context(p, target, SP_AST_Store, FOR_TARGETS);
        advance(p);
        c->target = target;
        c->iter = disjunction(p);
        vec ifs = {0};
        while (at_kw(p, "if")) {
            advance(p);
            vpush(p, &ifs, disjunction(p));
        }
        c->ifs = SEQ(sp_ast_expr_seq, ifs);
        vpush(p, &gens, c);
        p->nnodes++;
    }
    return SEQ(sp_ast_comprehension_seq, gens);
}

/* tuple | group | genexp: '(' [star_named_expression ',' [star_named_expressions]] ')' | '('
 * (yield_expr | named_expression) ')' | '(' named_expression for_if_clauses ')' */
static sp_ast_expr *paren_atom(parser *p)
{
    sp_token *open = advance(p);
    if (at_op(p, SP_T_RPAR)) {
        advance(p);
        sp_ast_expr *e = expr_from_tok(p, SP_AST_Tuple, open);
        e->v.Tuple.ctx = SP_AST_Load;
        return e;
    }
    if (at_kw(p, "yield")) {
        sp_ast_expr *y = yield_expr(p);
        expect_op(p, SP_T_RPAR);
        return y;
    }
    sp_ast_expr *first = star_named_expression(p);
    if (at_kw(p, "for") || (at_kw(p, "async") && kw_at(p, 1, "for"))) {
        if (first->kind == SP_AST_Starred)
            RAISE_NODE(p, first, "iterable unpacking cannot be used in comprehension");
        sp_ast_comprehension_seq gens = for_if_clauses(p);
        expect_op(p, SP_T_RPAR);
        sp_ast_expr *e = expr_from_tok(p, SP_AST_GeneratorExp, open);
        e->v.GeneratorExp.elt = first;
        e->v.GeneratorExp.generators = gens;
        return e;
    }
    if (at_op(p, SP_T_RPAR)) {
        advance(p);
        if (first->kind == SP_AST_Starred) {
            RAISE_NODE(p, first, "cannot use starred expression here");
        }
        return first; /* a group keeps the inner node's position */
    }
    if (!at_op(p, SP_T_COMMA)) {
        if (first->kind == SP_AST_NamedExpr || !at_op(p, SP_T_COLONEQUAL)) invalid_syntax(p);
        invalid_syntax(p);
    }
    vec elts = {0};
    vpush(p, &elts, first);
    while (at_op(p, SP_T_COMMA)) {
        advance(p);
        if (at_op(p, SP_T_RPAR)) break;
        vpush(p, &elts, star_named_expression(p));
    }
    expect_op(p, SP_T_RPAR);
    sp_ast_expr *e = expr_from_tok(p, SP_AST_Tuple, open);
    e->v.Tuple.elts = SEQ(sp_ast_expr_seq, elts);
    e->v.Tuple.ctx = SP_AST_Load;
    return e;
}

/* list | listcomp: '[' [star_named_expressions] ']' | '[' named_expression for_if_clauses ']' */
static sp_ast_expr *list_atom(parser *p)
{
    sp_token *open = advance(p);
    vec elts = {0};
    if (!at_op(p, SP_T_RSQB)) {
        sp_ast_expr *first = star_named_expression(p);
        if (at_kw(p, "for") || (at_kw(p, "async") && kw_at(p, 1, "for"))) {
            if (first->kind == SP_AST_Starred)
                RAISE_NODE(p, first, "iterable unpacking cannot be used in comprehension");
            sp_ast_comprehension_seq gens = for_if_clauses(p);
            expect_op(p, SP_T_RSQB);
            sp_ast_expr *e = expr_from_tok(p, SP_AST_ListComp, open);
            e->v.ListComp.elt = first;
            e->v.ListComp.generators = gens;
            return e;
        }
        vpush(p, &elts, first);
        while (at_op(p, SP_T_COMMA)) {
            advance(p);
            if (at_op(p, SP_T_RSQB)) break;
            vpush(p, &elts, star_named_expression(p));
        }
    }
    expect_op(p, SP_T_RSQB);
    sp_ast_expr *e = expr_from_tok(p, SP_AST_List, open);
    e->v.List.elts = SEQ(sp_ast_expr_seq, elts);
    e->v.List.ctx = SP_AST_Load;
    return e;
}

/* dict | set | dictcomp | setcomp: '{' [double_starred_kvpairs] '}' | '{' star_named_expressions
 * '}' | '{' kvpair for_if_clauses '}' | '{' named_expression for_if_clauses '}' */
static sp_ast_expr *brace_atom(parser *p)
{
    sp_token *open = advance(p);
    if (at_op(p, SP_T_RBRACE)) {
        advance(p);
        return expr_from_tok(p, SP_AST_Dict, open);
    }
    vec keys = {0}, values = {0};
    if (at_op(p, SP_T_DOUBLESTAR)) {
        advance(p);
        vpush(p, &keys, NULL);
        vpush(p, &values, bitwise_or(p));
    } else {
        sp_ast_expr *first = star_named_expression(p);
        if (at_op(p, SP_T_COLON) && first->kind != SP_AST_Starred) {
            sp_token *colon = advance(p);
            if (at_op(p, SP_T_RBRACE) || at_op(p, SP_T_COMMA))
                RAISE_TOK(p, colon, "expression expected after dictionary key and ':'");
            sp_ast_expr *v = expression(p);
            if (at_kw(p, "for") || (at_kw(p, "async") && kw_at(p, 1, "for"))) {
                sp_ast_comprehension_seq gens = for_if_clauses(p);
                expect_op(p, SP_T_RBRACE);
                sp_ast_expr *e = expr_from_tok(p, SP_AST_DictComp, open);
                e->v.DictComp.key = first;
                e->v.DictComp.value = v;
                e->v.DictComp.generators = gens;
                return e;
            }
            vpush(p, &keys, first);
            vpush(p, &values, v);
        } else {
            /* a set */
            if (at_kw(p, "for") || (at_kw(p, "async") && kw_at(p, 1, "for"))) {
                if (first->kind == SP_AST_Starred)
                    RAISE_NODE(p, first, "iterable unpacking cannot be used in comprehension");
                sp_ast_comprehension_seq gens = for_if_clauses(p);
                expect_op(p, SP_T_RBRACE);
                sp_ast_expr *e = expr_from_tok(p, SP_AST_SetComp, open);
                e->v.SetComp.elt = first;
                e->v.SetComp.generators = gens;
                return e;
            }
            vec elts = {0};
            vpush(p, &elts, first);
            while (at_op(p, SP_T_COMMA)) {
                advance(p);
                if (at_op(p, SP_T_RBRACE)) break;
                vpush(p, &elts, star_named_expression(p));
            }
            expect_op(p, SP_T_RBRACE);
            sp_ast_expr *e = expr_from_tok(p, SP_AST_Set, open);
            e->v.Set.elts = SEQ(sp_ast_expr_seq, elts);
            return e;
        }
    }
    while (at_op(p, SP_T_COMMA)) {
        advance(p);
        if (at_op(p, SP_T_RBRACE)) break;
        if (at_op(p, SP_T_DOUBLESTAR)) {
            advance(p);
            vpush(p, &keys, NULL);
            vpush(p, &values, bitwise_or(p));
            continue;
        }
        sp_ast_expr *k = expression(p);
        if (!at_op(p, SP_T_COLON)) {
            if (at_op(p, SP_T_COMMA) || at_op(p, SP_T_RBRACE)) {
                /* invalid_kvpair / invalid_double_starred_kvpairs */
                sp_token *t = cur(p);
                (void)t;
                RAISE_NODE(p, k, "':' expected after dictionary key");
            }
            invalid_syntax(p);
        }
        advance(p);
        if (at_op(p, SP_T_RBRACE) || at_op(p, SP_T_COMMA)) {
            sp_token *colon = prev(p);
            RAISE_TOK(p, colon, "expression expected after dictionary key and ':'");
        }
        vpush(p, &keys, k);
        vpush(p, &values, expression(p));
    }
    expect_op(p, SP_T_RBRACE);
    sp_ast_expr *e = expr_from_tok(p, SP_AST_Dict, open);
    e->v.Dict.keys = SEQ(sp_ast_expr_seq, keys);
    e->v.Dict.values = SEQ(sp_ast_expr_seq, values);
    return e;
}

/* atom: NAME | 'True' | 'False' | 'None' | strings | NUMBER | (tuple | group | genexp) | (list |
 * listcomp) | (dict | set | dictcomp | setcomp) | '...' */
static sp_ast_expr *atom(parser *p)
{
    sp_token *t = cur(p);
    switch (t->type) {
    case SP_TOK_NAME:
        if (tok_text_is(p, t, "None")) return advance(p), const_expr(p, SP_CONST_NONE, t);
        if (tok_text_is(p, t, "True")) return advance(p), const_expr(p, SP_CONST_TRUE, t);
        if (tok_text_is(p, t, "False")) return advance(p), const_expr(p, SP_CONST_FALSE, t);
        if (is_keyword_tok(p, t)) invalid_syntax(p);
        advance(p);
        return name_expr(p, t, SP_AST_Load);
    case SP_TOK_NUMBER:
        advance(p);
        return parse_number(p, t);
    case SP_TOK_STRING:
        return parse_strings(p);
    case SP_TOK_OP:
        switch (t->op) {
        case SP_T_LPAR: {
            enter(p);
            sp_ast_expr *e = paren_atom(p);
            leave(p);
            return e;
        }
        case SP_T_LSQB: {
            enter(p);
            sp_ast_expr *e = list_atom(p);
            leave(p);
            return e;
        }
        case SP_T_LBRACE: {
            enter(p);
            sp_ast_expr *e = brace_atom(p);
            leave(p);
            return e;
        }
        case SP_T_ELLIPSIS:
            advance(p);
            return const_expr(p, SP_CONST_ELLIPSIS, t);
        default:
            break;
        }
        break;
    default:
        break;
    }
    invalid_syntax(p);
}

/* ---- calls, subscripts -------------------------------------------------------------- */

/* args: ','.(starred_expression | (assignment_expression | expression !':=') !'=')+ [',' kwargs] |
 * kwargs */
static void arguments(parser *p, sp_ast_expr *call, const sp_token *open)
{
    vec args = {0}, kws = {0};
    bool seen_kw = false, seen_dstar = false;
    const char *late_error = NULL; /* reported at the closing token, like CPython */
    (void)open;
    while (!at_op(p, SP_T_RPAR)) {
        sp_token *st = cur(p);
        if (at_op(p, SP_T_STAR)) {
            advance(p);
            sp_ast_expr *v = expression(p);
            sp_ast_expr *s = expr_from_tok(p, SP_AST_Starred, st);
            s->v.Starred.value = v;
            s->v.Starred.ctx = SP_AST_Load;
            if (seen_dstar)
                RAISE_TOK(p, st, "iterable argument unpacking follows keyword argument unpacking");
            vpush(p, &args, s);
        } else if (at_op(p, SP_T_DOUBLESTAR)) {
            advance(p);
            sp_ast_expr *v = expression(p);
            sp_ast_keyword *k = alloc(p, sizeof *k);
            k->lineno = st->lineno;
            k->col_offset = st->col;
            k->end_lineno = prev(p)->end_lineno;
            k->end_col_offset = prev(p)->end_col;
            k->value = v;
            p->nnodes++;
            vpush(p, &kws, k);
            seen_dstar = true;
        } else if (st->type == SP_TOK_NAME && op_at(p, 1, SP_T_EQUAL)) {
            if (is_keyword_tok(p, st)) {
                if (tok_text_is(p, st, "True") || tok_text_is(p, st, "False") ||
                    tok_text_is(p, st, "None"))
                    raise_range(p, "SyntaxError", st->lineno, st->col, peek_at(p, 1)->end_lineno,
                                peek_at(p, 1)->end_col, "cannot assign to %s", name_of(p, st));
                invalid_syntax(p);
            }
            advance(p);
            advance(p);
            sp_ast_expr *v = expression(p);
            sp_ast_keyword *k = alloc(p, sizeof *k);
            k->lineno = st->lineno;
            k->col_offset = st->col;
            k->end_lineno = prev(p)->end_lineno;
            k->end_col_offset = prev(p)->end_col;
            k->arg = name_of(p, st);
            k->value = v;
            p->nnodes++;
            vpush(p, &kws, k);
            seen_kw = true;
        } else {
            sp_token *est = cur(p);
            p->keyword_context = true;
            sp_ast_expr *e = named_expression(p);
            if (at_kw(p, "for") || (at_kw(p, "async") && kw_at(p, 1, "for"))) {
                sp_ast_comprehension_seq gens = for_if_clauses(p);
                sp_ast_expr *g;
                if (args.len == 0 && kws.len == 0 && at_op(p, SP_T_RPAR)) {
                    /* the call's parentheses are the generator's */
                    g = new_expr(p, SP_AST_GeneratorExp, open->lineno, open->col,
                                 cur(p)->end_lineno, cur(p)->end_col);
                } else {
                    g = expr_from_tok(p, SP_AST_GeneratorExp, est);
                    RAISE_NODE(p, g, "Generator expression must be parenthesized");
                }
                g->v.GeneratorExp.elt = e;
                g->v.GeneratorExp.generators = gens;
                e = g;
            } else if (at_op(p, SP_T_EQUAL)) {
                /* invalid_kwarg: a=expression b='=' */
                sp_token *eq = cur(p);
                if (e->kind == SP_AST_Constant && (e->v.Constant.value.kind == SP_CONST_TRUE ||
                                                   e->v.Constant.value.kind == SP_CONST_FALSE ||
                                                   e->v.Constant.value.kind == SP_CONST_NONE))
                    RAISE_NODE(p, e, "cannot assign to %s", expr_name(e));
                raise_range(p, "SyntaxError", e->lineno, e->col_offset, eq->end_lineno, eq->end_col,
                            "expression cannot contain assignment, perhaps you meant \"==\"?");
            }
            if (seen_dstar && !late_error)
                late_error = "positional argument follows keyword argument unpacking";
            if (seen_kw && !late_error) late_error = "positional argument follows keyword argument";
            vpush(p, &args, e);
            if (e->kind == SP_AST_GeneratorExp && !at_op(p, SP_T_RPAR) && args.len + kws.len > 0 &&
                e->lineno == open->lineno && e->col_offset == open->col) {
                /* f(x for x in y, 1) */
                RAISE_NODE(p, e, "Generator expression must be parenthesized");
            }
        }
        if (!at_op(p, SP_T_COMMA)) break;
        advance(p);
    }
    /* a generator argument among others must be parenthesised */
    for (size_t i = 0; i < args.len; i++) {
        sp_ast_expr *a = args.items[i];
        if (a->kind == SP_AST_GeneratorExp && (args.len + kws.len) > 1 &&
            a->lineno == open->lineno && a->col_offset == open->col) {
            RAISE_NODE(p, a, "Generator expression must be parenthesized");
        }
    }
    if (late_error) {
        sp_token *t = cur(p);
        RAISE_TOK(p, t, "%s", late_error);
    }
    if (!at_op(p, SP_T_RPAR)) invalid_syntax(p);
    call->v.Call.args = SEQ(sp_ast_expr_seq, args);
    call->v.Call.keywords = SEQ(sp_ast_keyword_seq, kws);
}

/* slice: [expression] ':' [expression] [':' [expression]] | named_expression */
static sp_ast_expr *slice(parser *p)
{
    sp_token *st = cur(p);
    sp_ast_expr *lower = NULL, *upper = NULL, *step = NULL;
    if (!at_op(p, SP_T_COLON)) {
        sp_ast_expr *e = named_expression(p);
        if (!at_op(p, SP_T_COLON)) return e;
        lower = e;
    }
    advance(p); /* ':' */
    if (!at_op(p, SP_T_COLON) && !at_op(p, SP_T_RSQB) && !at_op(p, SP_T_COMMA))
        upper = expression(p);
    if (at_op(p, SP_T_COLON)) {
        advance(p);
        if (!at_op(p, SP_T_RSQB) && !at_op(p, SP_T_COMMA)) step = expression(p);
    }
    sp_ast_expr *e = expr_from_tok(p, SP_AST_Slice, st);
    e->v.Slice.lower = lower;
    e->v.Slice.upper = upper;
    e->v.Slice.step = step;
    return e;
}

/* slices: slice !',' | ','.(slice | starred_expression)+ [','] */
static sp_ast_expr *slices(parser *p)
{
    sp_token *st = cur(p);
    vec elts = {0};
    bool tuple = false;
    for (;;) {
        sp_ast_expr *e;
        if (at_op(p, SP_T_STAR)) {
            sp_token *s = advance(p);
            sp_ast_expr *v = bitwise_or(p);
            e = expr_from_tok(p, SP_AST_Starred, s);
            e->v.Starred.value = v;
            e->v.Starred.ctx = SP_AST_Load;
            tuple = true;
        } else {
            e = slice(p);
        }
        vpush(p, &elts, e);
        if (!at_op(p, SP_T_COMMA)) break;
        advance(p);
        tuple = true;
        if (at_op(p, SP_T_RSQB)) break;
    }
    if (!tuple) return elts.items[0];
    sp_ast_expr *t = expr_from_tok(p, SP_AST_Tuple, st);
    t->v.Tuple.elts = SEQ(sp_ast_expr_seq, elts);
    t->v.Tuple.ctx = SP_AST_Load;
    return t;
}

/* primary: primary '.' NAME | primary genexp | primary '(' [arguments] ')' | primary '[' slices ']'
 * | atom */
static sp_ast_expr *primary(parser *p)
{
    sp_token *st = cur(p);
    sp_ast_expr *e = atom(p);
    int nest = 0;
    for (;;) {
        if (at_op(p, SP_T_DOT)) {
            advance(p);
            sp_token *n = expect_name(p);
            sp_ast_expr *a = expr_from_tok(p, SP_AST_Attribute, st);
            a->v.Attribute.value = e;
            a->v.Attribute.attr = name_of(p, n);
            a->v.Attribute.ctx = SP_AST_Load;
            e = a;
        } else if (at_op(p, SP_T_LPAR)) {
            sp_token *open = advance(p);
            enter(p);
            nest++;
            sp_ast_expr *c = new_expr(p, SP_AST_Call, 0, 0, 0, 0);
            c->v.Call.func = e;
            arguments(p, c, open);
            expect_op(p, SP_T_RPAR);
            sp_token *cl = prev(p);
            c->lineno = st->lineno;
            c->col_offset = st->col;
            c->end_lineno = cl->end_lineno;
            c->end_col_offset = cl->end_col;
            e = c;
        } else if (at_op(p, SP_T_LSQB)) {
            advance(p);
            enter(p);
            nest++;
            sp_ast_expr *s = slices(p);
            expect_op(p, SP_T_RSQB);
            sp_ast_expr *sub = expr_from_tok(p, SP_AST_Subscript, st);
            sub->v.Subscript.value = e;
            sub->v.Subscript.slice = s;
            sub->v.Subscript.ctx = SP_AST_Load;
            e = sub;
        } else {
            break;
        }
    }
    p->depth -= nest;
    return e;
}

/* await_primary: AWAIT primary | primary */
static sp_ast_expr *await_primary(parser *p)
{
    if (at_kw(p, "await")) {
        sp_token *t = advance(p);
        enter(p);
        sp_ast_expr *v = primary(p);
        leave(p);
        sp_ast_expr *e = expr_from_tok(p, SP_AST_Await, t);
        e->v.Await.value = v;
        return e;
    }
    return primary(p);
}

static sp_ast_expr *factor(parser *p);

/* power: await_primary '**' factor | await_primary */
static sp_ast_expr *power(parser *p)
{
    sp_token *st = cur(p);
    sp_ast_expr *a = await_primary(p);
    if (at_op(p, SP_T_DOUBLESTAR)) {
        advance(p);
        enter(p);
        sp_ast_expr *b = factor(p);
        leave(p);
        sp_ast_expr *e = expr_from_tok(p, SP_AST_BinOp, st);
        e->v.BinOp.left = a;
        e->v.BinOp.op = SP_AST_Pow;
        e->v.BinOp.right = b;
        return e;
    }
    return a;
}

/* factor: '+' factor | '-' factor | '~' factor | power */
static sp_ast_expr *factor(parser *p)
{
    sp_token *t = cur(p);
    if (t->type == SP_TOK_OP &&
        (t->op == SP_T_PLUS || t->op == SP_T_MINUS || t->op == SP_T_TILDE)) {
        advance(p);
        enter(p);
        sp_ast_expr *v = factor(p);
        leave(p);
        sp_ast_expr *e = expr_from_tok(p, SP_AST_UnaryOp, t);
        e->v.UnaryOp.op = t->op == SP_T_PLUS    ? SP_AST_UAdd
                          : t->op == SP_T_MINUS ? SP_AST_USub
                                                : SP_AST_Invert;
        e->v.UnaryOp.operand = v;
        return e;
    }
    return power(p);
}

/* Compound expressions span from the first token of their rule to the last token
 * consumed (so parentheses around operands count, as in CPython). */
static sp_ast_expr *binop(parser *p, const sp_token *st, sp_ast_expr *l, sp_ast_operator op,
                          sp_ast_expr *r)
{
    sp_ast_expr *e = expr_from_tok(p, SP_AST_BinOp, st);
    e->v.BinOp.left = l;
    e->v.BinOp.op = op;
    e->v.BinOp.right = r;
    return e;
}

/* One row of a precedence level: the token that spells an operator and the AST
 * operator it builds. */
typedef struct {
    int tok;
    sp_ast_operator op;
} binop_spelling;

/* Parses a left-associative level `level: level OP operand | operand` for the
 * operators in ops[0..n); every binary-operator rule shares this shape. Forced
 * inline so that each nesting level costs the C stack no more frames than
 * before (MAX_DEPTH was sized by them). */
static inline __attribute__((always_inline)) sp_ast_expr *
left_assoc_binops(parser *p, sp_ast_expr *(*operand)(parser *), const binop_spelling *ops, size_t n)
{
    sp_token *st = cur(p);
    sp_ast_expr *e = operand(p);
    for (;;) {
        size_t i = 0;
        while (i < n && !at_op(p, ops[i].tok))
            i++;
        if (i == n) return e;
        advance(p);
        e = binop(p, st, e, ops[i].op, operand(p));
    }
}

#define LEFT_ASSOC(p, operand, ops)                                                                \
    left_assoc_binops((p), (operand), (ops), sizeof(ops) / sizeof((ops)[0]))

/* term: term ('*' | '/' | '//' | '%' | '@') factor | factor */
static sp_ast_expr *term(parser *p)
{
    static const binop_spelling ops[] = {
        {SP_T_STAR, SP_AST_Mult},   {SP_T_SLASH, SP_AST_Div},  {SP_T_DOUBLESLASH, SP_AST_FloorDiv},
        {SP_T_PERCENT, SP_AST_Mod}, {SP_T_AT, SP_AST_MatMult},
    };
    return LEFT_ASSOC(p, factor, ops);
}

/* sum: sum ('+' | '-') term | term */
static sp_ast_expr *sum(parser *p)
{
    static const binop_spelling ops[] = {{SP_T_PLUS, SP_AST_Add}, {SP_T_MINUS, SP_AST_Sub}};
    return LEFT_ASSOC(p, term, ops);
}

/* shift_expr: shift_expr ('<<' | '>>') sum | sum */
static sp_ast_expr *shift_expr(parser *p)
{
    static const binop_spelling ops[] = {{SP_T_LEFTSHIFT, SP_AST_LShift},
                                         {SP_T_RIGHTSHIFT, SP_AST_RShift}};
    return LEFT_ASSOC(p, sum, ops);
}

/* bitwise_and: bitwise_and '&' shift_expr | shift_expr */
static sp_ast_expr *bitwise_and(parser *p)
{
    static const binop_spelling ops[] = {{SP_T_AMPER, SP_AST_BitAnd}};
    return LEFT_ASSOC(p, shift_expr, ops);
}

/* bitwise_xor: bitwise_xor '^' bitwise_and | bitwise_and */
static sp_ast_expr *bitwise_xor(parser *p)
{
    static const binop_spelling ops[] = {{SP_T_CIRCUMFLEX, SP_AST_BitXor}};
    return LEFT_ASSOC(p, bitwise_and, ops);
}

/* bitwise_or: bitwise_or '|' bitwise_xor | bitwise_xor */
static sp_ast_expr *bitwise_or(parser *p)
{
    static const binop_spelling ops[] = {{SP_T_VBAR, SP_AST_BitOr}};
    return LEFT_ASSOC(p, bitwise_xor, ops);
}

/* compare_op: '==' | '!=' | '<=' | '<' | '>=' | '>' | 'not' 'in' | 'in' | 'is' 'not' | 'is';
 * returns 0 if none */
static int compare_op(parser *p)
{
    sp_token *t = cur(p);
    if (t->type == SP_TOK_OP) {
        int r = 0;
        switch (t->op) {
        case SP_T_EQEQUAL:
            r = SP_AST_Eq;
            break;
        case SP_T_NOTEQUAL:
            r = SP_AST_NotEq;
            break;
        case SP_T_LESSEQUAL:
            r = SP_AST_LtE;
            break;
        case SP_T_LESS:
            r = SP_AST_Lt;
            break;
        case SP_T_GREATEREQUAL:
            r = SP_AST_GtE;
            break;
        case SP_T_GREATER:
            r = SP_AST_Gt;
            break;
        default:
            return 0;
        }
        advance(p);
        return r;
    }
    if (at_kw(p, "in")) {
        advance(p);
        return SP_AST_In;
    }
    if (at_kw(p, "not") && kw_at(p, 1, "in")) {
        advance(p);
        advance(p);
        return SP_AST_NotIn;
    }
    if (at_kw(p, "is")) {
        advance(p);
        if (at_kw(p, "not")) {
            advance(p);
            return SP_AST_IsNot;
        }
        return SP_AST_Is;
    }
    return 0;
}

/* comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or */
static sp_ast_expr *comparison(parser *p)
{
    sp_token *st = cur(p);
    sp_ast_expr *a = bitwise_or(p);
    int op = compare_op(p);
    if (!op) return a;
    vec ops = {0}, cmps = {0};
    while (op) {
        vpush(p, &ops, (void *)(intptr_t)op);
        vpush(p, &cmps, bitwise_or(p));
        op = compare_op(p);
    }
    sp_ast_expr *e = expr_from_tok(p, SP_AST_Compare, st);
    e->v.Compare.left = a;
    int *opv = alloc(p, ops.len * sizeof *opv);
    for (size_t i = 0; i < ops.len; i++)
        opv[i] = (int)(intptr_t)ops.items[i];
    e->v.Compare.ops.len = ops.len;
    e->v.Compare.ops.items = opv;
    e->v.Compare.comparators = SEQ(sp_ast_expr_seq, cmps);
    return e;
}

/* inversion: 'not' inversion | comparison */
static sp_ast_expr *inversion(parser *p)
{
    if (at_kw(p, "not")) {
        sp_token *t = advance(p);
        enter(p);
        sp_ast_expr *v = inversion(p);
        leave(p);
        sp_ast_expr *e = expr_from_tok(p, SP_AST_UnaryOp, t);
        e->v.UnaryOp.op = SP_AST_Not;
        e->v.UnaryOp.operand = v;
        return e;
    }
    return comparison(p);
}

static sp_ast_expr *boolop(parser *p, sp_ast_expr *(*sub)(parser *), const char *kw,
                           sp_ast_boolop op)
{
    sp_token *st = cur(p);
    sp_ast_expr *a = sub(p);
    if (!at_kw(p, kw)) return a;
    vec vals = {0};
    vpush(p, &vals, a);
    while (at_kw(p, kw)) {
        advance(p);
        vpush(p, &vals, sub(p));
    }
    sp_ast_expr *e = expr_from_tok(p, SP_AST_BoolOp, st);
    e->v.BoolOp.op = op;
    e->v.BoolOp.values = SEQ(sp_ast_expr_seq, vals);
    return e;
}

/* conjunction: inversion ('and' inversion)+ | inversion */
static sp_ast_expr *conjunction(parser *p)
{
    return boolop(p, inversion, "and", SP_AST_And);
}

/* disjunction: conjunction ('or' conjunction)+ | conjunction */
static sp_ast_expr *disjunction(parser *p)
{
    return boolop(p, conjunction, "or", SP_AST_Or);
}

/* lambdef: 'lambda' [lambda_params] ':' expression */
static sp_ast_expr *lambdef(parser *p)
{
    sp_token *t = advance(p);
    enter(p);
    sp_ast_arguments *args = parameters(p, true);
    expect_op(p, SP_T_COLON);
    sp_ast_expr *body = expression(p);
    leave(p);
    sp_ast_expr *e = expr_from_tok(p, SP_AST_Lambda, t);
    e->v.Lambda.args = args;
    e->v.Lambda.body = body;
    return e;
}

/* expression: disjunction 'if' disjunction 'else' expression | disjunction | lambdef */
static sp_ast_expr *expression(parser *p)
{
    if (at_kw(p, "lambda")) return lambdef(p);
    size_t start = p->pos;
    sp_token *st = cur(p);
    sp_ast_expr *a = disjunction(p);
    if (at_kw(p, "if")) {
        advance(p);
        sp_ast_expr *b = disjunction(p);
        if (!at_kw(p, "else")) {
            if (!at_op(p, SP_T_COLON))
                RAISE_RANGE(p, a, b, "expected 'else' after 'if' expression");
            invalid_syntax(p);
        }
        advance(p);
        enter(p);
        sp_ast_expr *c = expression(p);
        leave(p);
        sp_ast_expr *e = expr_from_tok(p, SP_AST_IfExp, st);
        e->v.IfExp.test = b;
        e->v.IfExp.body = a;
        e->v.IfExp.orelse = c;
        return e;
    }
    check_forgot_comma(p, start, a);
    return a;
}

static bool is_bitwise_or_level(const sp_ast_expr *e);
static bool starts_bitwise_or(parser *p, const sp_token *t);

/* invalid_named_expression: `e = b` where a comparison or walrus was probably meant
 * (e.g. `if x = 1:`). Returns when the '=' is not such a mistake. */
static void invalid_named_expression(parser *p, sp_ast_expr *e)
{
    spec_state ss;
    spec_save(p, &ss);
    advance(p);
    sp_ast_expr *b = NULL;
    if (starts_bitwise_or(p, cur(p))) b = speculate(p, spec_bitwise_or, NULL);
    if (b && !at_op(p, SP_T_EQUAL) && !at_op(p, SP_T_COLONEQUAL)) {
        if (e->kind == SP_AST_Name)
            RAISE_RANGE(p, e, b, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        if (is_bitwise_or_level(e))
            RAISE_NODE(p, e, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                       expr_name(e));
    }
    spec_restore(p, &ss);
}

/* named_expression: NAME ':=' expression | expression !':=' */
static sp_ast_expr *named_expression(parser *p)
{
    sp_token *t = cur(p);
    if (t->type == SP_TOK_NAME && op_at(p, 1, SP_T_COLONEQUAL) && !is_keyword_tok(p, t)) {
        advance(p);
        advance(p);
        sp_ast_expr *target = name_expr(p, t, SP_AST_Store);
        sp_ast_expr *v = expression(p);
        sp_ast_expr *e = expr_from_tok(p, SP_AST_NamedExpr, t);
        e->v.NamedExpr.target = target;
        e->v.NamedExpr.value = v;
        return e;
    }
    bool check_eq = !p->keyword_context;
    p->keyword_context = false;
    sp_ast_expr *e = expression(p);
    if (at_op(p, SP_T_COLONEQUAL))
        RAISE_NODE(p, e, "cannot use assignment expressions with %s", expr_name(e));
    if (check_eq && at_op(p, SP_T_EQUAL)) invalid_named_expression(p, e);
    return e;
}

/* star_named_expression: '*' bitwise_or | named_expression */
static sp_ast_expr *star_named_expression(parser *p)
{
    if (at_op(p, SP_T_STAR)) {
        sp_token *t = advance(p);
        sp_ast_expr *v = bitwise_or(p);
        sp_ast_expr *e = expr_from_tok(p, SP_AST_Starred, t);
        e->v.Starred.value = v;
        e->v.Starred.ctx = SP_AST_Load;
        return e;
    }
    return named_expression(p);
}

/* star_expression: '*' bitwise_or | expression */
static sp_ast_expr *star_expression(parser *p)
{
    if (at_op(p, SP_T_STAR)) {
        sp_token *t = advance(p);
        sp_ast_expr *v = bitwise_or(p);
        sp_ast_expr *e = expr_from_tok(p, SP_AST_Starred, t);
        e->v.Starred.value = v;
        e->v.Starred.ctx = SP_AST_Load;
        return e;
    }
    return expression(p);
}

static bool ends_expression_list(parser *p)
{
    sp_token *t = cur(p);
    if (t->type == SP_TOK_NEWLINE || t->type == SP_TOK_ENDMARKER) return true;
    if (t->type == SP_TOK_OP) {
        switch (t->op) {
        case SP_T_RPAR:
        case SP_T_RSQB:
        case SP_T_RBRACE:
        case SP_T_SEMI:
        case SP_T_EQUAL:
        case SP_T_COLON:
        case SP_T_PLUSEQUAL:
        case SP_T_MINEQUAL:
        case SP_T_STAREQUAL:
        case SP_T_SLASHEQUAL:
        case SP_T_PERCENTEQUAL:
        case SP_T_AMPEREQUAL:
        case SP_T_VBAREQUAL:
        case SP_T_CIRCUMFLEXEQUAL:
        case SP_T_LEFTSHIFTEQUAL:
        case SP_T_RIGHTSHIFTEQUAL:
        case SP_T_DOUBLESTAREQUAL:
        case SP_T_DOUBLESLASHEQUAL:
        case SP_T_ATEQUAL:
            return true;
        default:
            return false;
        }
    }
    return t->type == SP_TOK_NAME &&
           (tok_text_is(p, t, "in") || tok_text_is(p, t, "for") || tok_text_is(p, t, "async"));
}

/* star_expressions: star_expression (',' star_expression)+ [','] | star_expression ',' |
 * star_expression */
static sp_ast_expr *star_expressions_gen(parser *p, sp_ast_expr *(*item)(parser *))
{
    sp_token *st = cur(p);
    sp_ast_expr *first = item(p);
    if (!at_op(p, SP_T_COMMA)) return first;
    vec elts = {0};
    vpush(p, &elts, first);
    while (at_op(p, SP_T_COMMA)) {
        advance(p);
        if (ends_expression_list(p)) break;
        vpush(p, &elts, item(p));
    }
    sp_ast_expr *e = expr_from_tok(p, SP_AST_Tuple, st);
    e->v.Tuple.elts = SEQ(sp_ast_expr_seq, elts);
    e->v.Tuple.ctx = SP_AST_Load;
    return e;
}

static sp_ast_expr *star_expressions(parser *p)
{
    return star_expressions_gen(p, star_expression);
}

/* yield_expr: 'yield' 'from' expression | 'yield' [star_expressions] */
static sp_ast_expr *yield_expr(parser *p)
{
    sp_token *t = advance(p);
    if (at_kw(p, "from")) {
        advance(p);
        sp_ast_expr *v = expression(p);
        sp_ast_expr *e = expr_from_tok(p, SP_AST_YieldFrom, t);
        e->v.YieldFrom.value = v;
        return e;
    }
    sp_ast_expr *v = NULL;
    if (!ends_expression_list(p)) v = star_expressions(p);
    sp_ast_expr *e = expr_from_tok(p, SP_AST_Yield, t);
    e->v.Yield.value = v;
    return e;
}

/* ---- parameters ---------------------------------------------------------------- */

static sp_ast_arg *new_arg(parser *p, const sp_token *name, sp_ast_expr *annotation)
{
    sp_ast_arg *a = alloc(p, sizeof *a);
    sp_token *e = prev(p);
    a->lineno = name->lineno;
    a->col_offset = name->col;
    a->end_lineno = e->end_lineno;
    a->end_col_offset = e->end_col;
    a->arg = name_of(p, name);
    a->annotation = annotation;
    p->nnodes++;
    return a;
}

/* parameters / lambda_parameters: the whole def/lambda parameter list (until ')' or ':') */
static sp_ast_arguments *parameters(parser *p, bool lambda)
{
    sp_ast_arguments *A = alloc(p, sizeof *A);
    p->nnodes++;
    vec posonly = {0}, args = {0}, kwonly = {0}, kwdefaults = {0}, defaults = {0};
    bool star_seen = false, slash_seen = false, default_seen = false;
    sp_ast_arg *nondefault = NULL;
    int close = lambda ? SP_T_COLON : SP_T_RPAR;
    while (!at_op(p, close)) {
        sp_token *t = cur(p);
        if (A->kwarg) {
            RAISE_TOK(p, t, "arguments cannot follow var-keyword argument");
        }
        if (at_op(p, SP_T_SLASH)) {
            if (slash_seen) RAISE_TOK(p, t, "/ may appear only once");
            if (star_seen) RAISE_TOK(p, t, "/ must be ahead of *");
            if (args.len == 0) RAISE_TOK(p, t, "at least one argument must precede /");
            advance(p);
            slash_seen = true;
            posonly = args;
            memset(&args, 0, sizeof args);
        } else if (at_op(p, SP_T_STAR)) {
            if (star_seen) RAISE_TOK(p, t, "* argument may appear only once");
            advance(p);
            star_seen = true;
            if (at_op(p, SP_T_COMMA) || at_op(p, close)) {
                if (at_op(p, close) || op_at(p, 1, close) || op_at(p, 1, SP_T_DOUBLESTAR))
                    RAISE_TOK(p, t, "named arguments must follow bare *");
            } else {
                sp_token *n = expect_name(p);
                sp_ast_expr *ann = NULL;
                if (!lambda && at_op(p, SP_T_COLON)) {
                    advance(p);
                    if (at_op(p, SP_T_STAR)) {
                        sp_token *s = advance(p);
                        sp_ast_expr *v = expression(p);
                        ann = expr_from_tok(p, SP_AST_Starred, s);
                        ann->v.Starred.value = v;
                        ann->v.Starred.ctx = SP_AST_Load;
                    } else {
                        ann = expression(p);
                    }
                }
                A->vararg = new_arg(p, n, ann);
                if (at_op(p, SP_T_EQUAL))
                    RAISE_TOK(p, cur(p), "var-positional argument cannot have default value");
            }
        } else if (at_op(p, SP_T_DOUBLESTAR)) {
            advance(p);
            sp_token *n = expect_name(p);
            sp_ast_expr *ann = NULL;
            if (!lambda && at_op(p, SP_T_COLON)) {
                advance(p);
                ann = expression(p);
            }
            A->kwarg = new_arg(p, n, ann);
            if (at_op(p, SP_T_EQUAL))
                RAISE_TOK(p, cur(p), "var-keyword argument cannot have default value");
        } else {
            sp_token *n = expect_name(p);
            sp_ast_expr *ann = NULL;
            if (!lambda && at_op(p, SP_T_COLON)) {
                advance(p);
                ann = expression(p);
            }
            sp_ast_arg *a = new_arg(p, n, ann);
            sp_ast_expr *def = NULL;
            if (at_op(p, SP_T_EQUAL)) {
                advance(p);
                def = expression(p);
            }
            if (star_seen) {
                vpush(p, &kwonly, a);
                vpush(p, &kwdefaults, def);
            } else {
                if (def) {
                    default_seen = true;
                    vpush(p, &defaults, def);
                } else if (default_seen && !nondefault) {
                    nondefault = a; /* reported once the list parsed (invalid_parameters) */
                }
                vpush(p, &args, a);
            }
        }
        if (!at_op(p, SP_T_COMMA)) break;
        advance(p);
    }
    if (!at_op(p, close)) invalid_syntax(p);
    if (nondefault)
        raise_range(p, "SyntaxError", nondefault->lineno, nondefault->col_offset,
                    nondefault->end_lineno, nondefault->end_col_offset,
                    "non-default argument follows default argument");
    A->posonlyargs = SEQ(sp_ast_arg_seq, posonly);
    A->args = SEQ(sp_ast_arg_seq, args);
    A->kwonlyargs = SEQ(sp_ast_arg_seq, kwonly);
    A->kw_defaults = SEQ(sp_ast_expr_seq, kwdefaults);
    A->defaults = SEQ(sp_ast_expr_seq, defaults);
    return A;
}

/* ---- string literals ------------------------------------------------------------ */

/* Growable byte buffer in the arena for decoded literal text. */
typedef struct lbuf {
    char *p;
    size_t len, cap;
} lbuf;

static void lput(parser *p, lbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 64;
        while (ncap < b->len + n + 1)
            ncap *= 2;
        char *np = alloc(p, ncap);
        if (b->len) memcpy(np, b->p, b->len);
        b->p = np;
        b->cap = ncap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void lput_cp(parser *p, lbuf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    lput(p, b, u, n);
}

/* \N{...}: a small table of common names (case-insensitive). */
static const struct {
    const char *name;
    uint32_t cp;
} unicode_names[] = {
    {"SPACE", 0x20},
    {"NO-BREAK SPACE", 0xA0},
    {"NBSP", 0xA0},
    {"COPYRIGHT SIGN", 0xA9},
    {"REGISTERED SIGN", 0xAE},
    {"DEGREE SIGN", 0xB0},
    {"PLUS-MINUS SIGN", 0xB1},
    {"MICRO SIGN", 0xB5},
    {"MIDDLE DOT", 0xB7},
    {"MULTIPLICATION SIGN", 0xD7},
    {"DIVISION SIGN", 0xF7},
    {"LATIN SMALL LETTER E WITH ACUTE", 0xE9},
    {"LATIN SMALL LETTER A WITH GRAVE", 0xE0},
    {"LATIN SMALL LETTER U WITH DIAERESIS", 0xFC},
    {"LATIN SMALL LETTER O WITH DIAERESIS", 0xF6},
    {"LATIN SMALL LETTER A WITH DIAERESIS", 0xE4},
    {"LATIN SMALL LETTER SHARP S", 0xDF},
    {"LATIN SMALL LETTER N WITH TILDE", 0xF1},
    {"LATIN SMALL LETTER C WITH CEDILLA", 0xE7},
    {"LATIN CAPITAL LETTER E WITH ACUTE", 0xC9},
    {"GREEK SMALL LETTER ALPHA", 0x3B1},
    {"GREEK SMALL LETTER BETA", 0x3B2},
    {"GREEK SMALL LETTER GAMMA", 0x3B3},
    {"GREEK SMALL LETTER DELTA", 0x3B4},
    {"GREEK SMALL LETTER EPSILON", 0x3B5},
    {"GREEK SMALL LETTER LAMDA", 0x3BB},
    {"GREEK SMALL LETTER MU", 0x3BC},
    {"GREEK SMALL LETTER PI", 0x3C0},
    {"GREEK SMALL LETTER SIGMA", 0x3C3},
    {"GREEK SMALL LETTER OMEGA", 0x3C9},
    {"GREEK CAPITAL LETTER DELTA", 0x394},
    {"GREEK CAPITAL LETTER SIGMA", 0x3A3},
    {"GREEK CAPITAL LETTER OMEGA", 0x3A9},
    {"EN DASH", 0x2013},
    {"EM DASH", 0x2014},
    {"LEFT SINGLE QUOTATION MARK", 0x2018},
    {"RIGHT SINGLE QUOTATION MARK", 0x2019},
    {"LEFT DOUBLE QUOTATION MARK", 0x201C},
    {"RIGHT DOUBLE QUOTATION MARK", 0x201D},
    {"BULLET", 0x2022},
    {"HORIZONTAL ELLIPSIS", 0x2026},
    {"EURO SIGN", 0x20AC},
    {"POUND SIGN", 0xA3},
    {"YEN SIGN", 0xA5},
    {"CENT SIGN", 0xA2},
    {"SECTION SIGN", 0xA7},
    {"PILCROW SIGN", 0xB6},
    {"TRADE MARK SIGN", 0x2122},
    {"LEFTWARDS ARROW", 0x2190},
    {"UPWARDS ARROW", 0x2191},
    {"RIGHTWARDS ARROW", 0x2192},
    {"DOWNWARDS ARROW", 0x2193},
    {"INFINITY", 0x221E},
    {"NOT EQUAL TO", 0x2260},
    {"LESS-THAN OR EQUAL TO", 0x2264},
    {"GREATER-THAN OR EQUAL TO", 0x2265},
    {"CHECK MARK", 0x2713},
    {"BALLOT X", 0x2717},
    {"BLACK STAR", 0x2605},
    {"WHITE STAR", 0x2606},
    {"SNOWMAN", 0x2603},
    {"BLACK HEART SUIT", 0x2665},
    {"HEAVY BLACK HEART", 0x2764},
    {"WHITE SMILING FACE", 0x263A},
    {"GRINNING FACE", 0x1F600},
    {"PILE OF POO", 0x1F4A9},
    {"THUMBS UP SIGN", 0x1F44D},
    {"ZERO WIDTH SPACE", 0x200B},
    {"BOX DRAWINGS LIGHT HORIZONTAL", 0x2500},
    {"FULL BLOCK", 0x2588},
    {"LIGHT SHADE", 0x2591},
    {"BLACK SQUARE", 0x25A0},
    {"WHITE SQUARE", 0x25A1},
    {"BLACK CIRCLE", 0x25CF},
    {"WHITE CIRCLE", 0x25CB},
    {"NULL", 0},
    {"LINE FEED", 0x0A},
    {"CARRIAGE RETURN", 0x0D},
    {"CHARACTER TABULATION", 0x09},
    {"ESCAPE", 0x1B},
    {"DELETE", 0x7F},
    {"REPLACEMENT CHARACTER", 0xFFFD},
    {"LATIN SMALL LETTER A", 'a'},
    {"LATIN CAPITAL LETTER A", 'A'},
    {"DIGIT ZERO", '0'},
    {"HYPHEN-MINUS", '-'},
    {"LOW LINE", '_'},
    {"FULL STOP", '.'},
    {"COMMA", ','},
    {"QUOTATION MARK", '"'},
    {"APOSTROPHE", '\''},
    {"REVERSE SOLIDUS", '\\'},
    {"LEFT CURLY BRACKET", '{'},
    {"RIGHT CURLY BRACKET", '}'},
    {"SOLIDUS", '/'},
};

static int lookup_unicode_name(const char *s, size_t n, uint32_t *cp)
{
    for (size_t i = 0; i < sizeof unicode_names / sizeof unicode_names[0]; i++) {
        const char *nm = unicode_names[i].name;
        if (strlen(nm) != n) continue;
        size_t k = 0;
        for (; k < n; k++) {
            char a = s[k], b = nm[k];
            if (a >= 'a' && a <= 'z') a = (char)(a - 32);
            if (a != b) break;
        }
        if (k == n) {
            *cp = unicode_names[i].cp;
            return 0;
        }
    }
    return -1;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Where string errors are reported: CPython raises them from the action that
 * concatenates the strings, so the location is the token after them, zero width. */
static _Noreturn void string_error(parser *p, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sp_token *t = cur(p);
    if (t->type == SP_TOK_NEWLINE && p->string_input && t->start >= p->len && t->col > 0) {
        /* CPython: the implicit NEWLINE of a string has no column; the error points
         * past the line's last character (a closing quote, ASCII) with no end */
        raise_range(p, "SyntaxError", t->lineno, t->col - 1, t->lineno, -2, "%s", msg);
    }
    raise_range(p, "SyntaxError", t->lineno, t->col, t->lineno, t->col, "%s", msg);
}

/* Decode the escapes of s[0..n) (a non-raw literal) into b. `bytes`: no \u \U \N.
 * `pos0` is the index of s inside the literal body, for the error positions. */
static void decode_escapes(parser *p, lbuf *b, const char *s, size_t n, bool bytes, size_t pos0)
{
    const char *codec = bytes ? "(value error)" : "(unicode error) 'unicodeescape' codec";
    for (size_t i = 0; i < n;) {
        if (s[i] != '\\') {
            size_t j = i;
            while (j < n && s[j] != '\\')
                j++;
            lput(p, b, s + i, j - i);
            i = j;
            continue;
        }
        size_t bs = i;
        i++;
        if (i >= n) {
            lput(p, b, "\\", 1);
            break;
        }
        char c = s[i++];
        switch (c) {
        case '\n':
            break;
        case '\r':
            if (i < n && s[i] == '\n') i++;
            break;
        case '\\':
            lput(p, b, "\\", 1);
            break;
        case '\'':
            lput(p, b, "'", 1);
            break;
        case '"':
            lput(p, b, "\"", 1);
            break;
        case 'a':
            lput(p, b, "\a", 1);
            break;
        case 'b':
            lput(p, b, "\b", 1);
            break;
        case 'f':
            lput(p, b, "\f", 1);
            break;
        case 'n':
            lput(p, b, "\n", 1);
            break;
        case 'r':
            lput(p, b, "\r", 1);
            break;
        case 't':
            lput(p, b, "\t", 1);
            break;
        case 'v':
            lput(p, b, "\v", 1);
            break;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
            uint32_t v = (uint32_t)(c - '0');
            for (int k = 0; k < 2 && i < n && s[i] >= '0' && s[i] <= '7'; k++)
                v = v * 8 + (uint32_t)(s[i++] - '0');
            if (bytes) {
                char ch = (char)(v & 0xFF);
                lput(p, b, &ch, 1);
            } else {
                lput_cp(p, b, v);
            }
            break;
        }
        case 'x':
        case 'u':
        case 'U': {
            if (bytes && c != 'x') {
                lput(p, b, s + bs, 2);
                break;
            }
            int digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            uint32_t v = 0;
            int k = 0;
            for (; k < digits && i < n && hexval((unsigned char)s[i]) >= 0; k++)
                v = v * 16 + (uint32_t)hexval((unsigned char)s[i++]);
            if (k < digits) {
                if (bytes)
                    string_error(p, "(value error) invalid \\x escape at position %zu", pos0 + bs);
                string_error(p, "%s can't decode bytes in position %zu-%zu: truncated \\%s escape",
                             codec, pos0 + bs, pos0 + i - 1,
                             c == 'x'   ? "xXX"
                             : c == 'u' ? "uXXXX"
                                        : "UXXXXXXXX");
            }
            if (bytes) {
                char ch = (char)v;
                lput(p, b, &ch, 1);
            } else {
                if (v > 0x10FFFF)
                    string_error(
                        p, "%s can't decode bytes in position %zu-%zu: illegal Unicode character",
                        codec, pos0 + bs, pos0 + i - 1);
                lput_cp(p, b, v);
            }
            break;
        }
        case 'N': {
            if (bytes) {
                lput(p, b, s + bs, 2);
                break;
            }
            uint32_t v;
            if (i < n && s[i] == '{') {
                size_t j = i + 1;
                while (j < n && s[j] != '}')
                    j++;
                if (j < n && lookup_unicode_name(s + i + 1, j - i - 1, &v) == 0) {
                    lput_cp(p, b, v);
                    i = j + 1;
                    break;
                }
                if (j < n)
                    string_error(
                        p,
                        "%s can't decode bytes in position %zu-%zu: unknown Unicode character name",
                        codec, pos0 + bs, pos0 + j);
                string_error(
                    p, "%s can't decode bytes in position %zu-%zu: malformed \\N character escape",
                    codec, pos0 + bs, pos0 + n - 1);
            }
            string_error(
                p, "%s can't decode bytes in position %zu-%zu: malformed \\N character escape",
                codec, pos0 + bs, pos0 + i - 1);
        }
        default:
            /* invalid escape: kept as is (CPython only warns) */
            lput(p, b, s + bs, 1);
            i = bs + 1;
            break;
        }
    }
}

typedef struct strparts {
    vec parts; /* Constant(STR) and FormattedValue nodes of a JoinedStr */
    lbuf lit;  /* literal text not yet flushed into parts */
} strparts;

/* The position every part of a concatenated string gets (CPython 3.11). */
typedef struct spos {
    int l, c, el, ec;
} spos;

static void flush_lit(parser *p, strparts *sp, const spos *ps)
{
    if (sp->lit.len == 0) return;
    sp_ast_expr *e = new_expr(p, SP_AST_Constant, ps->l, ps->c, ps->el, ps->ec);
    e->v.Constant.value.kind = SP_CONST_STR;
    e->v.Constant.value.s = strndup_a(p, sp->lit.p, sp->lit.len);
    e->v.Constant.value.len = sp->lit.len;
    vpush(p, &sp->parts, e);
    sp->lit.len = 0;
}

static sp_ast_expr *parse_fstring_expr(parser *p, const sp_token *tok, size_t abs_start,
                                       const char *text, size_t n);

/* Parse an f-string body s[i..end) into sp; stops at a '}' closing a format spec when
 * `spec_level` > 0. Returns the index reached. */
static size_t fstring_body(parser *p, const sp_token *tok, const char *s, size_t i, size_t end,
                           bool raw, strparts *sp, const spos *ps, int spec_level, size_t body0)
{
    while (i < end) {
        char c = s[i];
        if (c == '{') {
            if (spec_level == 0 && i + 1 < end && s[i + 1] == '{') {
                lput(p, &sp->lit, "{", 1);
                i += 2;
                continue;
            }
            /* a replacement field */
            if (spec_level >= MAX_FSTRING_NESTING)
                string_error(p, "f-string: expressions nested too deeply");
            size_t e0 = ++i;
            char quote = 0;
            bool triple = false;
            char stack[200];
            int depth = 0;
            for (;;) {
                if (i >= end) {
                    if (quote) string_error(p, "f-string: unterminated string");
                    string_error(p, "f-string: expecting '}'");
                }
                char ch = s[i];
                if (ch == '\\')
                    string_error(p, "f-string expression part cannot include a backslash");
                if (quote) {
                    if (ch == quote) {
                        if (triple) {
                            if (i + 2 < end && s[i + 1] == quote && s[i + 2] == quote) {
                                i += 3;
                                quote = 0;
                                continue;
                            }
                        } else {
                            quote = 0;
                        }
                    }
                    i++;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    triple = i + 2 < end && s[i + 1] == ch && s[i + 2] == ch;
                    i += triple ? 3 : 1;
                    continue;
                }
                if (ch == '(' || ch == '[' || ch == '{') {
                    if (depth >= 200) string_error(p, "f-string: too many nested parenthesis");
                    stack[depth++] = ch;
                    i++;
                    continue;
                }
                if (ch == '#') string_error(p, "f-string expression part cannot include '#'");
                if (depth == 0 && (ch == '}' || ch == ':')) break;
                if (ch == ')' || ch == ']' || ch == '}') {
                    if (depth == 0) string_error(p, "f-string: unmatched '%c'", ch);
                    char open = stack[--depth];
                    if (!((open == '(' && ch == ')') || (open == '[' && ch == ']') ||
                          (open == '{' && ch == '}')))
                        string_error(p,
                                     "f-string: closing parenthesis '%c' does not match opening "
                                     "parenthesis '%c'",
                                     ch, open);
                    i++;
                    continue;
                }
                if (depth == 0 && (ch == '=' || ch == '!' || ch == '<' || ch == '>') &&
                    i + 1 < end && s[i + 1] == '=') {
                    i += 2;
                    continue;
                }
                if (depth == 0 && (ch == '=' || ch == '!')) break;
                i++;
            }
            if (quote) string_error(p, "f-string: unterminated string");
            if (depth > 0) string_error(p, "f-string: unmatched '%c'", stack[depth - 1]);
            size_t e1 = i;
            bool blank = true;
            for (size_t k = e0; k < e1; k++)
                if (s[k] != ' ' && s[k] != '\t' && s[k] != '\n' && s[k] != '\r' && s[k] != '\f')
                    blank = false;
            if (blank) string_error(p, "f-string: empty expression not allowed");
            sp_ast_expr *value =
                parse_fstring_expr(p, tok, tok->start + body0 + e0, s + e0, e1 - e0);
            int conversion = -1;
            bool debug = false;
            if (s[i] == '=') {
                debug = true;
                i++;
                while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
                                   s[i] == '\f'))
                    i++;
                lput(p, &sp->lit, s + e0, i - e0);
            }
            if (i < end && s[i] == '!') {
                i++;
                if (i >= end) string_error(p, "f-string: expecting '}'");
                char cv = s[i];
                if (cv != 's' && cv != 'r' && cv != 'a')
                    string_error(
                        p, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
                conversion = cv;
                i++;
                if (i >= end || (s[i] != ':' && s[i] != '}'))
                    string_error(p, "f-string: expecting '}'");
            }
            sp_ast_expr *spec = NULL;
            if (i < end && s[i] == ':') {
                i++;
                strparts sub = {0};
                /* the spec's JoinedStr is located at its own token (CPython 3.11) */
                spos tps = {tok->lineno, tok->col, tok->end_lineno, tok->end_col};
                i = fstring_body(p, tok, s, i, end, raw, &sub, ps, spec_level + 1, body0);
                flush_lit(p, &sub,
                          &tps); /* the trailing literal: _PyPegen_FstringParser_Finish(t, t) */
                spec = new_expr(p, SP_AST_JoinedStr, tps.l, tps.c, tps.el, tps.ec);
                spec->v.JoinedStr.values = SEQ(sp_ast_expr_seq, sub.parts);
            }
            if (i >= end || s[i] != '}') string_error(p, "f-string: expecting '}'");
            i++;
            if (debug && conversion == -1 && !spec) conversion = 'r';
            flush_lit(p, sp, ps);
            sp_ast_expr *fv = new_expr(p, SP_AST_FormattedValue, ps->l, ps->c, ps->el, ps->ec);
            fv->v.FormattedValue.value = value;
            fv->v.FormattedValue.conversion = conversion;
            fv->v.FormattedValue.format_spec = spec;
            vpush(p, &sp->parts, fv);
            continue;
        }
        if (c == '}') {
            if (spec_level > 0) return i;
            if (i + 1 < end && s[i + 1] == '}') {
                lput(p, &sp->lit, "}", 1);
                i += 2;
                continue;
            }
            string_error(p, "f-string: single '}' is not allowed");
        }
        /* literal text up to the next brace */
        size_t j = i;
        while (j < end && s[j] != '{' && s[j] != '}') {
            if (!raw && s[j] == '\\' && j + 2 < end && s[j + 1] == 'N' && s[j + 2] == '{') {
                /* \N{NAME}: its braces are not replacement fields */
                j += 3;
                while (j < end && s[j] != '}')
                    j++;
                if (j < end) j++;
                continue;
            }
            if (!raw && s[j] == '\\' && j + 1 < end) {
                j += 2;
                continue;
            }
            j++;
        }
        if (raw)
            lput(p, &sp->lit, s + i, j - i);
        else
            decode_escapes(p, &sp->lit, s + i, j - i, false, i);
        i = j;
    }
    if (spec_level > 0) string_error(p, "f-string: expecting '}'");
    return i;
}

/* strings: STRING+  (concatenation, bytes, f-strings -> Constant or JoinedStr) */
static sp_ast_expr *parse_strings(parser *p)
{
    sp_token *first = cur(p);
    size_t i0 = p->pos;
    while (cur(p)->type == SP_TOK_STRING)
        advance(p);
    sp_token *last = prev(p);
    spos ps = {first->lineno, first->col, last->end_lineno, last->end_col};
    bool any_f = false, is_bytes = false, u_kind = false;
    strparts sp = {0};
    for (size_t k = i0; k < p->pos; k++) {
        sp_token *t = p->t[k];
        const char *s = p->src + t->start;
        size_t n = t->end - t->start, q = 0;
        bool raw = false, b = false, f = false, u = false;
        while (s[q] != '\'' && s[q] != '"') {
            char c = (char)(s[q] | 0x20);
            if (c == 'r')
                raw = true;
            else if (c == 'b')
                b = true;
            else if (c == 'f')
                f = true;
            else if (c == 'u')
                u = true;
            q++;
        }
        if (k == i0) {
            is_bytes = b;
            u_kind = u;
        } else if (b != is_bytes) {
            string_error(p, "cannot mix bytes and nonbytes literals");
        }
        size_t ql = (n - q >= 6 && s[q + 1] == s[q] && s[q + 2] == s[q]) ? 3 : 1;
        size_t bs = q + ql, be = n - ql;
        if (b) {
            for (size_t j = bs; j < be; j++)
                if ((unsigned char)s[j] >= 0x80)
                    raise_range(p, "SyntaxError", t->lineno, t->col, t->end_lineno, t->end_col,
                                "bytes can only contain ASCII literal characters");
        }
        if (f) {
            any_f = true;
            p->fstring_nesting++;
            fstring_body(p, t, s, bs, be, raw, &sp, &ps, 0, 0);
            p->fstring_nesting--;
        } else if (raw) {
            lput(p, &sp.lit, s + bs, be - bs);
        } else {
            decode_escapes(p, &sp.lit, s + bs, be - bs, b, 0);
        }
    }
    if (!any_f) {
        sp_ast_expr *e = new_expr(p, SP_AST_Constant, ps.l, ps.c, ps.el, ps.ec);
        e->v.Constant.value.kind = is_bytes ? SP_CONST_BYTES : SP_CONST_STR;
        e->v.Constant.value.s = sp.lit.len ? sp.lit.p : strndup_a(p, "", 0);
        e->v.Constant.value.len = sp.lit.len;
        if (u_kind) e->v.Constant.kind = "u";
        return e;
    }
    flush_lit(p, &sp, &ps);
    sp_ast_expr *e = new_expr(p, SP_AST_JoinedStr, ps.l, ps.c, ps.el, ps.ec);
    e->v.JoinedStr.values = SEQ(sp_ast_expr_seq, sp.parts);
    return e;
}

static int parse_tokens_expr(parser *p, sp_ast_expr **out);
static int build_token_index(parser *p);

/* Compile the expression of a replacement field like CPython 3.11: "(" text ")" parsed
 * on its own, positions mapped back into the enclosing source. */
static sp_ast_expr *parse_fstring_expr(parser *p, const sp_token *tok, size_t abs_start,
                                       const char *text, size_t n)
{
    char *buf = alloc(p, n + 3);
    buf[0] = '(';
    memcpy(buf + 1, text, n);
    buf[n + 1] = ')';
    buf[n + 2] = 0;
    sp_lexer *lx = alloc(p, sizeof *lx);
    /* where the expression starts, from its token's (possibly already shifted) position */
    int line = tok->lineno, col = tok->col;
    for (size_t i = tok->start; i < abs_start && i < p->len; i++) {
        if (p->src[i] == '\n') {
            line++;
            col = 0;
        } else {
            col++;
        }
    }
    parser sub;
    memset(&sub, 0, sizeof sub);
    sub.arena = p->arena;
    sub.lx = lx;
    sub.depth = p->depth;
    sub.fstring_nesting = p->fstring_nesting;
    sp_ast_expr *e = NULL;
    int rc;
    if (sp_lex_all(lx, p->arena, buf, n + 2) < 0) {
        if (lx->oom) oom(p);
        rc = -1;
        sub.err.type = NULL;
    } else {
        /* shift token positions into the enclosing source */
        for (size_t i = 0; i < lx->ntoks; i++) {
            sp_token *t = &lx->toks[i];
            if (t->lineno == 1) t->col += col - 1;
            if (t->end_lineno == 1) t->end_col += col - 1;
            t->lineno += line - 1;
            t->end_lineno += line - 1;
        }
        sub.src = buf;
        sub.len = n + 2;
        rc = parse_tokens_expr(&sub, &e);
    }
    p->nnodes += sub.nnodes;
    if (rc == 0) return e;
    if (sub.err.oom) oom(p);
    if (sub.err.depth) {
        p->err = sub.err;
        bail(p);
    }
    /* report like CPython 3.11: "f-string: ..." on the "(expr)" text */
    perr *pe = &p->err;
    const char *msg = sub.err.type ? sub.err.msg : lx->err.msg;
    snprintf(pe->msg, sizeof pe->msg, "f-string: %.240s", msg);
    pe->type = "SyntaxError";
    snprintf(pe->text, sizeof pe->text, "%s\n", buf);
    pe->char_cols = 1;
    if (sub.err.type) {
        int l1 = sub.err.lineno - (line - 1), el1 = sub.err.end_lineno - (line - 1);
        int c = sub.err.col, ec = sub.err.end_col;
        if (l1 == 1) c -= col - 1;
        if (el1 == 1 && ec >= 0) ec -= col - 1;
        pe->lineno = sub.err.lineno;
        pe->col = sp_lex_char_col(lx, l1, c) + 1;
        pe->end_lineno = sub.err.end_lineno;
        pe->end_col = ec >= 0 ? sp_lex_char_col(lx, el1, ec) + 1 : ec;
    } else {
        pe->lineno = lx->err.lineno + line - 1;
        pe->col = sp_lex_char_col(lx, lx->err.lineno, lx->err.col) + 1;
        pe->end_lineno = pe->lineno;
        pe->end_col = pe->col;
    }
    bail(p);
}

/* ---- statements --------------------------------------------------------------- */

static void statement(parser *p, vec *out);

static bool at_newline(parser *p)
{
    return cur(p)->type == SP_TOK_NEWLINE;
}

/* simple_stmts: simple_stmt !';' NEWLINE | ';'.simple_stmt+ [';'] NEWLINE */
static void simple_stmts(parser *p, vec *out);

/* block: NEWLINE INDENT statements DEDENT | simple_stmts */
static sp_ast_stmt_seq block(parser *p, const char *what, int line)
{
    vec body = {0};
    if (at_newline(p)) {
        sp_token *nl = advance(p);
        sp_token *t = cur(p);
        if (t->type != SP_TOK_INDENT) {
            if (t->type == SP_TOK_ERRORTOKEN && p->pos == p->n - 1) {
                p->err.type = NULL;
                bail(p);
            }
            if (t->type == SP_TOK_ENDMARKER || t->type == SP_TOK_DEDENT)
                raise_range(p, "IndentationError", nl->lineno, -1, nl->lineno, -2,
                            "expected an indented block after %s on line %d", what, line);
            raise_range(p, "IndentationError", t->lineno, t->col, t->end_lineno, t->end_col,
                        "expected an indented block after %s on line %d", what, line);
        }
        advance(p);
        enter(p);
        sp_ast_stmt_seq s = statements_until_dedent(p);
        leave(p);
        return s;
    }
    simple_stmts(p, &body);
    return SEQ(sp_ast_stmt_seq, body);
}

static sp_ast_stmt_seq statements_until_dedent(parser *p)
{
    vec body = {0};
    while (cur(p)->type != SP_TOK_DEDENT) {
        if (cur(p)->type == SP_TOK_ENDMARKER) break;
        statement(p, &body);
    }
    if (cur(p)->type == SP_TOK_DEDENT) advance(p);
    return SEQ(sp_ast_stmt_seq, body);
}

static bool is_augassign(parser *p, sp_ast_operator *op)
{
    sp_token *t = cur(p);
    if (t->type != SP_TOK_OP) return false;
    switch (t->op) {
    case SP_T_PLUSEQUAL:
        *op = SP_AST_Add;
        return true;
    case SP_T_MINEQUAL:
        *op = SP_AST_Sub;
        return true;
    case SP_T_STAREQUAL:
        *op = SP_AST_Mult;
        return true;
    case SP_T_ATEQUAL:
        *op = SP_AST_MatMult;
        return true;
    case SP_T_SLASHEQUAL:
        *op = SP_AST_Div;
        return true;
    case SP_T_PERCENTEQUAL:
        *op = SP_AST_Mod;
        return true;
    case SP_T_AMPEREQUAL:
        *op = SP_AST_BitAnd;
        return true;
    case SP_T_VBAREQUAL:
        *op = SP_AST_BitOr;
        return true;
    case SP_T_CIRCUMFLEXEQUAL:
        *op = SP_AST_BitXor;
        return true;
    case SP_T_LEFTSHIFTEQUAL:
        *op = SP_AST_LShift;
        return true;
    case SP_T_RIGHTSHIFTEQUAL:
        *op = SP_AST_RShift;
        return true;
    case SP_T_DOUBLESTAREQUAL:
        *op = SP_AST_Pow;
        return true;
    case SP_T_DOUBLESLASHEQUAL:
        *op = SP_AST_FloorDiv;
        return true;
    default:
        return false;
    }
}

/* Expressions that CPython's `bitwise_or` rule can produce (for the "Maybe you meant
 * '=='" diagnostics). */
static bool is_bitwise_or_level(const sp_ast_expr *e)
{
    switch (e->kind) {
    case SP_AST_Compare:
    case SP_AST_BoolOp:
    case SP_AST_IfExp:
    case SP_AST_Lambda:
    case SP_AST_NamedExpr:
    case SP_AST_Starred:
    case SP_AST_Yield:
    case SP_AST_YieldFrom:
    case SP_AST_List:
    case SP_AST_Tuple:
    case SP_AST_GeneratorExp:
        return false;
    case SP_AST_UnaryOp:
        return e->v.UnaryOp.op != SP_AST_Not;
    case SP_AST_Constant: {
        sp_ast_const_kind k = e->v.Constant.value.kind;
        return k != SP_CONST_TRUE && k != SP_CONST_FALSE && k != SP_CONST_NONE;
    }
    default:
        return true;
    }
}

static bool starts_bitwise_or(parser *p, const sp_token *t)
{
    if (t->type == SP_TOK_NAME)
        return !(tok_text_is(p, t, "not") || tok_text_is(p, t, "lambda") ||
                 tok_text_is(p, t, "yield")) &&
               can_start_expression(p, t);
    return can_start_expression(p, t);
}

/* invalid_assignment / invalid_named_expression: the message CPython gives for an
 * assignment statement with an invalid target. `rhs0`: token index after the first '='. */
static _Noreturn void assignment_error(parser *p, const sp_token *st, vec *targets, size_t rhs0)
{
    sp_ast_expr *t1 = targets->items[0];
    /* a=NAME '=' b=bitwise_or !('='|':=')  /  a=bitwise_or '=' bitwise_or !('='|':=') */
    bool t1_group = st->type == SP_TOK_OP && st->op == SP_T_LPAR;
    bool t1_ok = t1->kind != SP_AST_Tuple && t1->kind != SP_AST_GeneratorExp &&
                 (t1_group ? t1->kind != SP_AST_Starred : is_bitwise_or_level(t1));
    if (t1_ok) {
        p->pos = rhs0;
        sp_ast_expr *b = starts_bitwise_or(p, cur(p)) ? speculate(p, spec_bitwise_or, NULL) : NULL;
        if (b && !at_op(p, SP_T_EQUAL) && !at_op(p, SP_T_COLONEQUAL)) {
            if (t1->kind == SP_AST_Name && st->type == SP_TOK_NAME)
                RAISE_RANGE(p, t1, b,
                            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
            RAISE_NODE(p, t1, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                       expr_name(t1));
        }
    }
    for (size_t i = 0; i < targets->len; i++) {
        sp_ast_expr *t = targets->items[i];
        if (t->kind == SP_AST_Yield || t->kind == SP_AST_YieldFrom)
            RAISE_NODE(p, t, "assignment to yield expression not possible");
        sp_ast_expr *bad = invalid_target(t, STAR_TARGETS);
        if (bad) RAISE_NODE(p, bad, "cannot assign to %s", expr_name(bad));
    }
    invalid_syntax(p);
}

static sp_ast_expr *yield_or_star_expressions(parser *p)
{
    if (at_kw(p, "yield")) return yield_expr(p);
    return star_expressions(p);
}

/* assignment / star_expressions statement */
static sp_ast_stmt *expr_statement(parser *p)
{
    sp_token *st = cur(p);
    /* NAME ':' expression ['=' annotated_rhs] */
    if (at_name(p) && op_at(p, 1, SP_T_COLON)) {
        sp_token *n = advance(p);
        advance(p);
        sp_ast_expr *target = name_expr(p, n, SP_AST_Store);
        sp_ast_expr *ann = expression(p);
        sp_ast_expr *value = NULL;
        if (at_op(p, SP_T_EQUAL)) {
            advance(p);
            value = yield_or_star_expressions(p);
        }
        sp_ast_stmt *s = new_stmt(p, SP_AST_AnnAssign, st);
        s->v.AnnAssign.target = target;
        s->v.AnnAssign.annotation = ann;
        s->v.AnnAssign.value = value;
        s->v.AnnAssign.simple = 1;
        return s;
    }
    sp_ast_expr *first = yield_or_star_expressions(p);
    sp_ast_operator aop;
    if (at_op(p, SP_T_COLON)) {
        /* the invalid_ann_assign rules need an annotation after the ':' */
        if (!can_start_expression(p, peek_at(p, 1))) {
            p->maxpos = p->pos; /* CPython's furthest token is the ':' */
            invalid_syntax(p);
        }
        if (first->kind == SP_AST_Tuple)
            RAISE_NODE(p, first, "only single target (not tuple) can be annotated");
        if (first->kind == SP_AST_List)
            RAISE_NODE(p, first, "only single target (not list) can be annotated");
        if (first->kind != SP_AST_Name && first->kind != SP_AST_Attribute &&
            first->kind != SP_AST_Subscript)
            RAISE_NODE(p, first, "illegal target for annotation");
        advance(p);
        sp_ast_expr *ann = expression(p);
        sp_ast_expr *value = NULL;
        if (at_op(p, SP_T_EQUAL)) {
            advance(p);
            value = yield_or_star_expressions(p);
        }
        set_context(p, first, SP_AST_Store, STAR_TARGETS);
        sp_ast_stmt *s = new_stmt(p, SP_AST_AnnAssign, st);
        s->v.AnnAssign.target = first;
        s->v.AnnAssign.annotation = ann;
        s->v.AnnAssign.value = value;
        s->v.AnnAssign.simple = 0;
        return s;
    }
    if (is_augassign(p, &aop)) {
        if (first->kind != SP_AST_Name && first->kind != SP_AST_Attribute &&
            first->kind != SP_AST_Subscript)
            RAISE_NODE(p, first, "'%s' is an illegal expression for augmented assignment",
                       expr_name(first));
        advance(p);
        sp_ast_expr *value = yield_or_star_expressions(p);
        set_context(p, first, SP_AST_Store, STAR_TARGETS);
        sp_ast_stmt *s = new_stmt(p, SP_AST_AugAssign, st);
        s->v.AugAssign.target = first;
        s->v.AugAssign.op = aop;
        s->v.AugAssign.value = value;
        return s;
    }
    if (at_op(p, SP_T_EQUAL)) {
        vec targets = {0};
        sp_ast_expr *value = first;
        size_t rhs0 = 0;
        while (at_op(p, SP_T_EQUAL)) {
            vpush(p, &targets, value);
            advance(p);
            if (targets.len == 1) rhs0 = p->pos;
            value = yield_or_star_expressions(p);
        }
        bool invalid = false;
        for (size_t i = 0; i < targets.len; i++) {
            sp_ast_expr *t = targets.items[i];
            if (t->kind == SP_AST_Yield || t->kind == SP_AST_YieldFrom ||
                invalid_target(t, STAR_TARGETS))
                invalid = true;
        }
        if (invalid) assignment_error(p, st, &targets, rhs0);
        for (size_t i = 0; i < targets.len; i++)
            set_context(p, targets.items[i], SP_AST_Store, STAR_TARGETS);
        sp_ast_stmt *s = new_stmt(p, SP_AST_Assign, st);
        s->v.Assign.targets = SEQ(sp_ast_expr_seq, targets);
        s->v.Assign.value = value;
        return s;
    }
    /* print "x" and friends */
    if (first->kind == SP_AST_Name &&
        (strcmp(first->v.Name.id, "print") == 0 || strcmp(first->v.Name.id, "exec") == 0) &&
        can_start_expression(p, cur(p)) && !at_op(p, SP_T_LPAR)) {
        spec_state ss;
        spec_save(p, &ss);
        sp_ast_expr *rest = speculate(p, spec_star_expressions, NULL);
        if (rest)
            RAISE_RANGE(p, first, rest,
                        "Missing parentheses in call to '%s'. Did you mean %s(...)?",
                        first->v.Name.id, first->v.Name.id);
        spec_restore(p, &ss);
    }
    sp_ast_stmt *s = new_stmt(p, SP_AST_Expr, st);
    s->v.Expr.value = first;
    return s;
}

/* dotted_name: dotted_name '.' NAME | NAME */
static const char *dotted_name(parser *p)
{
    sp_token *a = expect_name(p);
    size_t s = a->start, e = a->end;
    while (at_op(p, SP_T_DOT)) {
        advance(p);
        sp_token *b = expect_name(p);
        e = b->end;
    }
    /* normalise whitespace around dots */
    char *r = alloc(p, e - s + 1);
    size_t k = 0;
    for (size_t i = s; i < e; i++) {
        char c = p->src[i];
        if (c == ' ' || c == '\t' || c == '\\' || c == '\n' || c == '\r' || c == '\f') continue;
        r[k++] = c;
    }
    r[k] = 0;
    return r;
}

static sp_ast_alias *make_alias(parser *p, const sp_token *st, const char *name)
{
    sp_ast_alias *a = alloc(p, sizeof *a);
    p->nnodes++;
    a->name = name;
    if (at_kw(p, "as")) {
        advance(p);
        a->asname = name_of(p, expect_name(p));
    }
    sp_token *e = prev(p);
    a->lineno = st->lineno;
    a->col_offset = st->col;
    a->end_lineno = e->end_lineno;
    a->end_col_offset = e->end_col;
    return a;
}

/* import_name: 'import' dotted_as_names */
static sp_ast_stmt *import_name(parser *p)
{
    sp_token *st = advance(p);
    vec names = {0};
    do {
        sp_token *s = cur(p);
        const char *n = dotted_name(p);
        vpush(p, &names, make_alias(p, s, n));
        if (!at_op(p, SP_T_COMMA)) break;
        advance(p);
    } while (1);
    sp_ast_stmt *s = new_stmt(p, SP_AST_Import, st);
    s->v.Import.names = SEQ(sp_ast_alias_seq, names);
    return s;
}

/* import_from: 'from' ('.' | '...')* dotted_name 'import' import_from_targets | 'from' ('.' |
 * '...')+ 'import' import_from_targets */
static sp_ast_stmt *import_from(parser *p)
{
    sp_token *st = advance(p);
    int level = 0;
    while (at_op(p, SP_T_DOT) || at_op(p, SP_T_ELLIPSIS)) {
        level += at_op(p, SP_T_DOT) ? 1 : 3;
        advance(p);
    }
    const char *module = NULL;
    if (!at_kw(p, "import")) module = dotted_name(p);
    expect_kw(p, "import");
    vec names = {0};
    if (at_op(p, SP_T_STAR)) {
        sp_token *s = advance(p);
        sp_ast_alias *a = alloc(p, sizeof *a);
        p->nnodes++;
        a->name = "*";
        a->lineno = s->lineno;
        a->col_offset = s->col;
        a->end_lineno = s->end_lineno;
        a->end_col_offset = s->end_col;
        vpush(p, &names, a);
    } else {
        bool paren = at_op(p, SP_T_LPAR);
        if (paren) advance(p);
        for (;;) {
            sp_token *s = expect_name(p);
            vpush(p, &names, make_alias(p, s, name_of(p, s)));
            if (!at_op(p, SP_T_COMMA)) break;
            advance(p);
            if (paren && at_op(p, SP_T_RPAR)) break;
            if (!paren && at_newline(p)) {
                sp_token *t = cur(p);
                raise_range(p, "SyntaxError", t->lineno, t->col, t->lineno, t->col,
                            "trailing comma not allowed without surrounding parentheses");
            }
        }
        if (paren) expect_op(p, SP_T_RPAR);
    }
    sp_ast_stmt *s = new_stmt(p, SP_AST_ImportFrom, st);
    s->v.ImportFrom.module = module;
    s->v.ImportFrom.names = SEQ(sp_ast_alias_seq, names);
    s->v.ImportFrom.level = level;
    return s;
}

/* simple_stmt: assignment | star_expressions | return_stmt | import_stmt | raise_stmt | 'pass' |
 * del_stmt | yield_stmt | assert_stmt | 'break' | 'continue' | global_stmt | nonlocal_stmt */
static sp_ast_stmt *simple_stmt(parser *p)
{
    sp_token *st = cur(p);
    if (st->type == SP_TOK_NAME) {
        if (tok_text_is(p, st, "pass")) return advance(p), new_stmt(p, SP_AST_Pass, st);
        if (tok_text_is(p, st, "break")) return advance(p), new_stmt(p, SP_AST_Break, st);
        if (tok_text_is(p, st, "continue")) return advance(p), new_stmt(p, SP_AST_Continue, st);
        if (tok_text_is(p, st, "return")) {
            advance(p);
            sp_ast_expr *v = NULL;
            if (!at_newline(p) && !at_op(p, SP_T_SEMI)) v = star_expressions(p);
            sp_ast_stmt *s = new_stmt(p, SP_AST_Return, st);
            s->v.Return.value = v;
            return s;
        }
        if (tok_text_is(p, st, "raise")) {
            advance(p);
            sp_ast_expr *exc = NULL, *cause = NULL;
            if (!at_newline(p) && !at_op(p, SP_T_SEMI)) {
                exc = expression(p);
                if (at_kw(p, "from")) {
                    advance(p);
                    cause = expression(p);
                }
            }
            sp_ast_stmt *s = new_stmt(p, SP_AST_Raise, st);
            s->v.Raise.exc = exc;
            s->v.Raise.cause = cause;
            return s;
        }
        if (tok_text_is(p, st, "global") || tok_text_is(p, st, "nonlocal")) {
            bool global = tok_text_is(p, st, "global");
            advance(p);
            vec names = {0};
            for (;;) {
                vpush(p, &names, (void *)name_of(p, expect_name(p)));
                if (!at_op(p, SP_T_COMMA)) break;
                advance(p);
            }
            sp_ast_stmt *s = new_stmt(p, global ? SP_AST_Global : SP_AST_Nonlocal, st);
            s->v.Global.names = SEQ(sp_ast_ident_seq, names);
            return s;
        }
        if (tok_text_is(p, st, "del")) {
            advance(p);
            vec targets = {0};
            for (;;) {
                sp_ast_expr *t;
                if (at_op(p, SP_T_STAR)) {
                    sp_token *s = advance(p);
                    sp_ast_expr *v = bitwise_or(p);
                    t = expr_from_tok(p, SP_AST_Starred, s);
                    t->v.Starred.value = v;
                } else {
                    t = expression(p);
                }
                set_context(p, t, SP_AST_Del, DEL_TARGETS);
                vpush(p, &targets, t);
                if (!at_op(p, SP_T_COMMA)) break;
                advance(p);
                if (at_newline(p) || at_op(p, SP_T_SEMI)) break;
            }
            sp_ast_stmt *s = new_stmt(p, SP_AST_Delete, st);
            s->v.Delete.targets = SEQ(sp_ast_expr_seq, targets);
            return s;
        }
        if (tok_text_is(p, st, "assert")) {
            advance(p);
            sp_ast_expr *test = expression(p), *msg = NULL;
            if (at_op(p, SP_T_COMMA)) {
                advance(p);
                msg = expression(p);
            }
            sp_ast_stmt *s = new_stmt(p, SP_AST_Assert, st);
            s->v.Assert.test = test;
            s->v.Assert.msg = msg;
            return s;
        }
        if (tok_text_is(p, st, "import")) return import_name(p);
        if (tok_text_is(p, st, "from")) return import_from(p);
    }
    return expr_statement(p);
}

static void simple_stmts(parser *p, vec *out)
{
    for (;;) {
        vpush(p, out, simple_stmt(p));
        if (at_op(p, SP_T_SEMI)) {
            advance(p);
            if (at_newline(p)) break;
            continue;
        }
        break;
    }
    if (!at_newline(p)) {
        if (cur(p)->type == SP_TOK_ENDMARKER) return;
        invalid_syntax(p);
    }
    advance(p);
}

/* if_stmt: 'if' named_expression ':' block elif_stmt | 'if' named_expression ':' block [else_block]
 */
static sp_ast_stmt *if_stmt(parser *p)
{
    sp_token *st = advance(p);
    bool elif = tok_text_is(p, st, "elif");
    sp_ast_expr *test = named_expression(p);
    expect_colon(p);
    sp_ast_stmt_seq body = block(p, elif ? "'elif' statement" : "'if' statement", st->lineno);
    sp_ast_stmt_seq orelse = {0};
    if (at_kw(p, "elif")) {
        enter(p);
        sp_ast_stmt *e = if_stmt(p);
        leave(p);
        sp_ast_stmt **one = alloc(p, sizeof *one);
        one[0] = e;
        orelse.len = 1;
        orelse.items = one;
    } else if (at_kw(p, "else")) {
        sp_token *et = advance(p);
        expect_forced(p, SP_T_COLON, ":");
        orelse = block(p, "'else' statement", et->lineno);
    }
    sp_ast_stmt *s = new_stmt(p, SP_AST_If, st);
    s->v.If.test = test;
    s->v.If.body = body;
    s->v.If.orelse = orelse;
    end_at_stmt(s, orelse.len ? &orelse : &body);
    return s;
}

/* while_stmt: 'while' named_expression ':' block [else_block] */
static sp_ast_stmt *while_stmt(parser *p)
{
    sp_token *st = advance(p);
    sp_ast_expr *test = named_expression(p);
    expect_colon(p);
    sp_ast_stmt_seq body = block(p, "'while' statement", st->lineno);
    sp_ast_stmt_seq orelse = {0};
    if (at_kw(p, "else")) {
        sp_token *et = advance(p);
        expect_forced(p, SP_T_COLON, ":");
        orelse = block(p, "'else' statement", et->lineno);
    }
    sp_ast_stmt *s = new_stmt(p, SP_AST_While, st);
    s->v.While.test = test;
    s->v.While.body = body;
    s->v.While.orelse = orelse;
    end_at_stmt(s, orelse.len ? &orelse : &body);
    return s;
}

/* star_targets (for loops): parsed at bitwise_or level so that 'in' stays a keyword */
static sp_ast_expr *for_targets(parser *p)
{
    sp_token *ts = cur(p);
    vec elts = {0};
    bool tuple = false;
    for (;;) {
        sp_ast_expr *x;
        if (at_op(p, SP_T_STAR)) {
            sp_token *st = advance(p);
            sp_ast_expr *v = bitwise_or(p);
            x = expr_from_tok(p, SP_AST_Starred, st);
            x->v.Starred.value = v;
        } else {
            x = bitwise_or(p);
        }
        vpush(p, &elts, x);
        if (!at_op(p, SP_T_COMMA)) break;
        advance(p);
        tuple = true;
        if (at_kw(p, "in") || at_op(p, SP_T_EQUAL)) break;
    }
    if (!tuple) return elts.items[0];
    sp_ast_expr *t = expr_from_tok(p, SP_AST_Tuple, ts);
    t->v.Tuple.elts = SEQ(sp_ast_expr_seq, elts);
    return t;
}

/* for_stmt: 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block] */
static sp_ast_stmt *for_stmt(parser *p, sp_token *st, bool async)
{
    advance(p);
    sp_ast_expr *target = for_targets(p);
    if (!at_kw(p, "in")) {
        sp_ast_expr *bad = invalid_target(target, FOR_TARGETS);
        if (bad) RAISE_NODE(p, bad, "cannot assign to %s", expr_name(bad));
        invalid_syntax(p);
    }
    set_context(p, target, SP_AST_Store, FOR_TARGETS);
    advance(p);
    sp_ast_expr *iter = star_expressions(p);
    expect_colon(p);
    sp_ast_stmt_seq body = block(p, "'for' statement", st->lineno);
    sp_ast_stmt_seq orelse = {0};
    if (at_kw(p, "else")) {
        sp_token *et = advance(p);
        expect_forced(p, SP_T_COLON, ":");
        orelse = block(p, "'else' statement", et->lineno);
    }
    sp_ast_stmt *s = new_stmt(p, async ? SP_AST_AsyncFor : SP_AST_For, st);
    s->v.For.target = target;
    s->v.For.iter = iter;
    s->v.For.body = body;
    s->v.For.orelse = orelse;
    end_at_stmt(s, orelse.len ? &orelse : &body);
    return s;
}

/* with_item: expression 'as' star_target &(',' | ')' | ':') | expression */
static sp_ast_withitem *with_item(parser *p)
{
    sp_ast_withitem *w = alloc(p, sizeof *w);
    p->nnodes++;
    w->context_expr = expression(p);
    if (at_kw(p, "as")) {
        advance(p);
        sp_ast_expr *t;
        if (at_op(p, SP_T_STAR)) {
            sp_token *st = advance(p);
            sp_ast_expr *v = bitwise_or(p);
            t = expr_from_tok(p, SP_AST_Starred, st);
            t->v.Starred.value = v;
        } else {
            t = bitwise_or(p);
        }
        set_context(p, t, SP_AST_Store, STAR_TARGETS);
        w->optional_vars = t;
    }
    return w;
}

/* '(' ','.with_item+ ','? ')' &':'  (items appended to the vec in arg) */
static void *spec_paren_with_items(parser *p, void *arg)
{
    vec *items = arg;
    memset(items, 0, sizeof *items);
    advance(p);
    for (;;) {
        vpush(p, items, with_item(p));
        if (!at_op(p, SP_T_COMMA)) break;
        advance(p);
        if (at_op(p, SP_T_RPAR)) break;
    }
    expect_op(p, SP_T_RPAR);
    if (!at_op(p, SP_T_COLON)) invalid_syntax(p);
    return items;
}

/* with_stmt: 'with' '('  ','.with_item+ ','? ')' ':' block | 'with' ','.with_item+ ':'
 * [TYPE_COMMENT] block */
static sp_ast_stmt *with_stmt(parser *p, sp_token *st, bool async)
{
    advance(p);
    vec items = {0};
    bool done = false;
    if (at_op(p, SP_T_LPAR)) done = speculate(p, spec_paren_with_items, &items) != NULL;
    if (!done) {
        memset(&items, 0, sizeof items);
        for (;;) {
            vpush(p, &items, with_item(p));
            if (!at_op(p, SP_T_COMMA)) break;
            advance(p);
        }
    }
    expect_colon(p);
    sp_ast_stmt_seq body = block(p, "'with' statement", st->lineno);
    sp_ast_stmt *s = new_stmt(p, async ? SP_AST_AsyncWith : SP_AST_With, st);
    s->v.With.items = SEQ(sp_ast_withitem_seq, items);
    s->v.With.body = body;
    end_at_stmt(s, &body);
    return s;
}

/* try_stmt: 'try' &&':' block finally_block | 'try' &&':' block except_block+ [else_block]
 * [finally_block] | 'try' &&':' block except_star_block+ [else_block] [finally_block] */
static sp_ast_stmt *try_stmt(parser *p)
{
    sp_token *st = advance(p);
    expect_forced(p, SP_T_COLON, ":");
    sp_ast_stmt_seq body = block(p, "'try' statement", st->lineno);
    vec handlers = {0};
    int star = -1;
    while (at_kw(p, "except")) {
        sp_token *et = advance(p);
        bool is_star = false;
        if (at_op(p, SP_T_STAR)) {
            advance(p);
            is_star = true;
        }
        if (star >= 0 && star != (int)is_star)
            RAISE_TOK(p, et, "cannot have both 'except' and 'except*' on the same 'try'");
        star = is_star;
        sp_ast_excepthandler *h = alloc(p, sizeof *h);
        p->nnodes++;
        if (!at_op(p, SP_T_COLON)) {
            if (is_star && at_newline(p)) invalid_syntax(p);
            if (!at_newline(p)) {
                h->type = expression(p);
                if (at_op(p, SP_T_COMMA)) {
                    advance(p);
                    sp_ast_expr *last = expression(p);
                    while (at_op(p, SP_T_COMMA)) {
                        advance(p);
                        last = expression(p);
                    }
                    RAISE_RANGE(p, h->type, last, "multiple exception types must be parenthesized");
                }
                if (at_kw(p, "as")) {
                    advance(p);
                    h->name = name_of(p, expect_name(p));
                }
            }
        } else if (is_star) {
            sp_token *t = cur(p);
            RAISE_TOK(p, t, "expected one or more exception types");
        }
        expect_colon(p);
        h->body = block(p, is_star ? "'except*' statement" : "'except' statement", et->lineno);
        h->lineno = et->lineno;
        h->col_offset = et->col;
        sp_ast_stmt *last = h->body.items[h->body.len - 1];
        h->end_lineno = last->end_lineno;
        h->end_col_offset = last->end_col_offset;
        vpush(p, &handlers, h);
    }
    sp_ast_stmt_seq orelse = {0}, finalbody = {0};
    if (handlers.len && at_kw(p, "else")) {
        sp_token *et = advance(p);
        expect_forced(p, SP_T_COLON, ":");
        orelse = block(p, "'else' statement", et->lineno);
    }
    if (at_kw(p, "finally")) {
        sp_token *ft = advance(p);
        expect_forced(p, SP_T_COLON, ":");
        finalbody = block(p, "'finally' statement", ft->lineno);
    }
    if (!handlers.len && !finalbody.len) {
        sp_token *t = cur(p);
        if (t->type == SP_TOK_ENDMARKER || t->type == SP_TOK_DEDENT) {
            /* at the end of the input CPython shows the last line without a caret */
            size_t k = p->pos;
            while (k > 0 && (p->t[k]->type == SP_TOK_ENDMARKER || p->t[k]->type == SP_TOK_DEDENT ||
                             p->t[k]->type == SP_TOK_NEWLINE))
                k--;
            t = p->t[k];
            raise_range(p, "SyntaxError", t->lineno, -1, t->lineno, -2,
                        "expected 'except' or 'finally' block");
        }
        raise_range(p, "SyntaxError", t->lineno, t->col, t->end_lineno, t->end_col,
                    "expected 'except' or 'finally' block");
    }
    sp_ast_stmt *s = new_stmt(p, star == 1 ? SP_AST_TryStar : SP_AST_Try, st);
    s->v.Try.body = body;
    s->v.Try.handlers = SEQ(sp_ast_excepthandler_seq, handlers);
    s->v.Try.orelse = orelse;
    s->v.Try.finalbody = finalbody;
    if (finalbody.len)
        end_at_stmt(s, &finalbody);
    else if (orelse.len)
        end_at_stmt(s, &orelse);
    else {
        sp_ast_excepthandler *h = handlers.items[handlers.len - 1];
        s->end_lineno = h->end_lineno;
        s->end_col_offset = h->end_col_offset;
    }
    return s;
}

/* function_def_raw: 'def' NAME &&'(' [params] ')' ['->' expression] &&':' [func_type_comment] block
 */
static sp_ast_stmt *funcdef(parser *p, sp_token *st, bool async, sp_ast_expr_seq decorators)
{
    advance(p); /* def */
    sp_token *n = expect_name(p);
    expect_forced(p, SP_T_LPAR, "(");
    enter(p);
    sp_ast_arguments *args = parameters(p, false);
    expect_op(p, SP_T_RPAR);
    sp_ast_expr *returns = NULL;
    if (at_op(p, SP_T_RARROW)) {
        advance(p);
        returns = expression(p);
    }
    expect_forced(p, SP_T_COLON, ":");
    sp_ast_stmt_seq body = block(p, "function definition", st->lineno);
    leave(p);
    sp_ast_stmt *s = new_stmt(p, async ? SP_AST_AsyncFunctionDef : SP_AST_FunctionDef, st);
    s->v.FunctionDef.name = name_of(p, n);
    s->v.FunctionDef.args = args;
    s->v.FunctionDef.body = body;
    s->v.FunctionDef.decorator_list = decorators;
    s->v.FunctionDef.returns = returns;
    end_at_stmt(s, &body);
    return s;
}

/* class_def_raw: 'class' NAME ['(' [arguments] ')'] &&':' block */
static sp_ast_stmt *classdef(parser *p, sp_ast_expr_seq decorators)
{
    sp_token *st = advance(p);
    sp_token *n = expect_name(p);
    sp_ast_expr_seq bases = {0};
    sp_ast_keyword_seq kws = {0};
    if (at_op(p, SP_T_LPAR)) {
        sp_token *open = advance(p);
        sp_ast_expr call;
        memset(&call, 0, sizeof call);
        arguments(p, &call, open);
        expect_op(p, SP_T_RPAR);
        bases = call.v.Call.args;
        kws = call.v.Call.keywords;
    }
    if (!at_op(p, SP_T_COLON) && at_newline(p)) {
        sp_token *t = cur(p);
        raise_range(p, "SyntaxError", t->lineno, t->col, t->lineno, t->col, "expected ':'");
    }
    expect_colon(p);
    enter(p);
    sp_ast_stmt_seq body = block(p, "class definition", st->lineno);
    leave(p);
    sp_ast_stmt *s = new_stmt(p, SP_AST_ClassDef, st);
    s->v.ClassDef.name = name_of(p, n);
    s->v.ClassDef.bases = bases;
    s->v.ClassDef.keywords = kws;
    s->v.ClassDef.body = body;
    s->v.ClassDef.decorator_list = decorators;
    end_at_stmt(s, &body);
    return s;
}

/* decorators: ('@' f=named_expression NEWLINE)+ then function_def | class_def */
static sp_ast_stmt *decorated(parser *p)
{
    vec decs = {0};
    while (at_op(p, SP_T_AT)) {
        advance(p);
        vpush(p, &decs, named_expression(p));
        if (!at_newline(p)) invalid_syntax(p);
        advance(p);
    }
    sp_ast_expr_seq d = SEQ(sp_ast_expr_seq, decs);
    if (at_kw(p, "def")) return funcdef(p, cur(p), false, d);
    if (at_kw(p, "async") && kw_at(p, 1, "def")) {
        sp_token *st = advance(p);
        return funcdef(p, st, true, d);
    }
    if (at_kw(p, "class")) return classdef(p, d);
    invalid_syntax(p);
}

/* ---- match statement ------------------------------------------------------------- */

static sp_ast_pattern *new_pattern(parser *p, sp_ast_pattern_kind kind, int l, int c, int el,
                                   int ec)
{
    sp_ast_pattern *pt = alloc(p, sizeof *pt);
    pt->kind = kind;
    pt->lineno = l;
    pt->col_offset = c;
    pt->end_lineno = el;
    pt->end_col_offset = ec;
    p->nnodes++;
    return pt;
}

static sp_ast_pattern *pattern_from_tok(parser *p, sp_ast_pattern_kind kind, const sp_token *s)
{
    sp_token *e = prev(p);
    return new_pattern(p, kind, s->lineno, s->col, e->end_lineno, e->end_col);
}

/* signed_number ['+'|'-' imaginary] (literal numbers in patterns) */
static sp_ast_expr *pattern_number(parser *p)
{
    sp_token *st = cur(p);
    sp_ast_expr *e;
    if (at_op(p, SP_T_MINUS)) {
        advance(p);
        if (cur(p)->type != SP_TOK_NUMBER) invalid_syntax(p);
        sp_token *nt = advance(p);
        sp_ast_expr *n = parse_number(p, nt);
        e = expr_from_tok(p, SP_AST_UnaryOp, st);
        e->v.UnaryOp.op = SP_AST_USub;
        e->v.UnaryOp.operand = n;
    } else {
        sp_token *nt = advance(p);
        e = parse_number(p, nt);
    }
    if (at_op(p, SP_T_PLUS) || at_op(p, SP_T_MINUS)) {
        sp_ast_operator op = at_op(p, SP_T_PLUS) ? SP_AST_Add : SP_AST_Sub;
        advance(p);
        if (cur(p)->type != SP_TOK_NUMBER) invalid_syntax(p);
        sp_token *it = advance(p);
        sp_ast_expr *im = parse_number(p, it);
        if (im->v.Constant.value.kind != SP_CONST_COMPLEX)
            RAISE_NODE(p, im, "imaginary number required in complex literal");
        if (e->kind == SP_AST_Constant && e->v.Constant.value.kind == SP_CONST_COMPLEX)
            RAISE_NODE(p, e, "real number required in complex literal");
        e = binop(p, st, e, op, im);
    }
    return e;
}

/* attr: name_or_attr '.' NAME (value patterns / class names) */
static sp_ast_expr *pattern_name_or_attr(parser *p)
{
    sp_token *n = expect_name(p);
    sp_ast_expr *e = name_expr(p, n, SP_AST_Load);
    const sp_token *st = n;
    while (at_op(p, SP_T_DOT)) {
        advance(p);
        sp_token *a = expect_name(p);
        sp_ast_expr *at = expr_from_tok(p, SP_AST_Attribute, st);
        at->v.Attribute.value = e;
        at->v.Attribute.attr = name_of(p, a);
        at->v.Attribute.ctx = SP_AST_Load;
        e = at;
    }
    return e;
}

static sp_ast_pattern *maybe_star_pattern(parser *p)
{
    if (at_op(p, SP_T_STAR)) {
        sp_token *st = advance(p);
        sp_token *n = expect_name(p);
        sp_ast_pattern *pt = pattern_from_tok(p, SP_AST_MatchStar, st);
        pt->v.MatchStar.name = tok_text_is(p, n, "_") ? NULL : name_of(p, n);
        return pt;
    }
    return pattern(p);
}

/* class_pattern: name_or_attr '(' [positional_patterns ','?] [keyword_patterns ','?] ')' */
static sp_ast_pattern *class_pattern(parser *p, sp_ast_expr *cls)
{
    advance(p); /* '(' */
    vec pats = {0}, kwn = {0}, kwp = {0};
    while (!at_op(p, SP_T_RPAR)) {
        if (at_name(p) && op_at(p, 1, SP_T_EQUAL)) {
            sp_token *n = advance(p);
            advance(p);
            vpush(p, &kwn, (void *)name_of(p, n));
            vpush(p, &kwp, pattern(p));
        } else {
            sp_ast_pattern *pt = pattern(p);
            if (kwn.len)
                raise_range(p, "SyntaxError", pt->lineno, pt->col_offset, pt->end_lineno,
                            pt->end_col_offset, "positional patterns follow keyword patterns");
            vpush(p, &pats, pt);
        }
        if (!at_op(p, SP_T_COMMA)) break;
        advance(p);
    }
    expect_op(p, SP_T_RPAR);
    sp_token *e = prev(p);
    sp_ast_pattern *pt =
        new_pattern(p, SP_AST_MatchClass, cls->lineno, cls->col_offset, e->end_lineno, e->end_col);
    pt->v.MatchClass.cls = cls;
    pt->v.MatchClass.patterns = SEQ(sp_ast_pattern_seq, pats);
    pt->v.MatchClass.kwd_attrs = SEQ(sp_ast_ident_seq, kwn);
    pt->v.MatchClass.kwd_patterns = SEQ(sp_ast_pattern_seq, kwp);
    return pt;
}

/* mapping_pattern: '{' [items_pattern] [double_star_pattern] ','? '}' */
static sp_ast_pattern *mapping_pattern(parser *p)
{
    sp_token *st = advance(p);
    vec keys = {0}, pats = {0};
    const char *rest = NULL;
    while (!at_op(p, SP_T_RBRACE)) {
        if (rest) invalid_syntax(p);
        if (at_op(p, SP_T_DOUBLESTAR)) {
            advance(p);
            rest = name_of(p, expect_name(p));
        } else {
            sp_ast_expr *k;
            sp_token *t = cur(p);
            if (t->type == SP_TOK_NUMBER || at_op(p, SP_T_MINUS))
                k = pattern_number(p);
            else if (t->type == SP_TOK_STRING)
                k = parse_strings(p);
            else if (at_kw(p, "None"))
                advance(p), k = const_expr(p, SP_CONST_NONE, t);
            else if (at_kw(p, "True"))
                advance(p), k = const_expr(p, SP_CONST_TRUE, t);
            else if (at_kw(p, "False"))
                advance(p), k = const_expr(p, SP_CONST_FALSE, t);
            else {
                k = pattern_name_or_attr(p);
                if (k->kind == SP_AST_Name) invalid_syntax(p);
            }
            expect_op(p, SP_T_COLON);
            vpush(p, &keys, k);
            vpush(p, &pats, pattern(p));
        }
        if (!at_op(p, SP_T_COMMA)) break;
        advance(p);
    }
    expect_op(p, SP_T_RBRACE);
    sp_ast_pattern *pt = pattern_from_tok(p, SP_AST_MatchMapping, st);
    pt->v.MatchMapping.keys = SEQ(sp_ast_expr_seq, keys);
    pt->v.MatchMapping.patterns = SEQ(sp_ast_pattern_seq, pats);
    pt->v.MatchMapping.rest = rest;
    return pt;
}

/* closed_pattern: literal_pattern | capture_pattern | wildcard_pattern | value_pattern |
 * group_pattern | sequence_pattern | mapping_pattern | class_pattern */
static sp_ast_pattern *closed_pattern(parser *p)
{
    sp_token *t = cur(p);
    if (t->type == SP_TOK_NUMBER || at_op(p, SP_T_MINUS)) {
        sp_ast_expr *v = pattern_number(p);
        sp_ast_pattern *pt = new_pattern(p, SP_AST_MatchValue, v->lineno, v->col_offset,
                                         v->end_lineno, v->end_col_offset);
        pt->v.MatchValue.value = v;
        return pt;
    }
    if (t->type == SP_TOK_STRING) {
        sp_ast_expr *v = parse_strings(p);
        if (v->kind == SP_AST_JoinedStr)
            RAISE_NODE(p, v, "patterns may only match literals and attribute lookups");
        sp_ast_pattern *pt = new_pattern(p, SP_AST_MatchValue, v->lineno, v->col_offset,
                                         v->end_lineno, v->end_col_offset);
        pt->v.MatchValue.value = v;
        return pt;
    }
    if (t->type == SP_TOK_NAME) {
        sp_ast_const_kind k = 0;
        if (tok_text_is(p, t, "None"))
            k = SP_CONST_NONE;
        else if (tok_text_is(p, t, "True"))
            k = SP_CONST_TRUE;
        else if (tok_text_is(p, t, "False"))
            k = SP_CONST_FALSE;
        if (k) {
            advance(p);
            sp_ast_pattern *pt = pattern_from_tok(p, SP_AST_MatchSingleton, t);
            pt->v.MatchSingleton.value = k;
            return pt;
        }
        sp_ast_expr *e = pattern_name_or_attr(p);
        if (at_op(p, SP_T_LPAR)) return class_pattern(p, e);
        if (e->kind == SP_AST_Name) {
            sp_ast_pattern *pt = pattern_from_tok(p, SP_AST_MatchAs, t);
            pt->v.MatchAs.name = strcmp(e->v.Name.id, "_") == 0 ? NULL : e->v.Name.id;
            return pt;
        }
        sp_ast_pattern *pt = new_pattern(p, SP_AST_MatchValue, e->lineno, e->col_offset,
                                         e->end_lineno, e->end_col_offset);
        pt->v.MatchValue.value = e;
        return pt;
    }
    if (at_op(p, SP_T_LPAR) || at_op(p, SP_T_LSQB)) {
        bool paren = at_op(p, SP_T_LPAR);
        int close = paren ? SP_T_RPAR : SP_T_RSQB;
        advance(p);
        enter(p);
        vec pats = {0};
        bool comma = false;
        while (!at_op(p, close)) {
            vpush(p, &pats, maybe_star_pattern(p));
            if (!at_op(p, SP_T_COMMA)) break;
            advance(p);
            comma = true;
        }
        expect_op(p, close);
        leave(p);
        if (paren && pats.len == 1 && !comma &&
            ((sp_ast_pattern *)pats.items[0])->kind != SP_AST_MatchStar)
            return pats.items[0]; /* group_pattern */
        sp_ast_pattern *pt = pattern_from_tok(p, SP_AST_MatchSequence, t);
        pt->v.MatchSequence.patterns = SEQ(sp_ast_pattern_seq, pats);
        return pt;
    }
    if (at_op(p, SP_T_LBRACE)) {
        enter(p);
        sp_ast_pattern *pt = mapping_pattern(p);
        leave(p);
        return pt;
    }
    invalid_syntax(p);
}

/* or_pattern: '|'.closed_pattern+ */
static sp_ast_pattern *or_pattern(parser *p)
{
    sp_token *st = cur(p);
    sp_ast_pattern *first = closed_pattern(p);
    if (!at_op(p, SP_T_VBAR)) return first;
    vec pats = {0};
    vpush(p, &pats, first);
    while (at_op(p, SP_T_VBAR)) {
        advance(p);
        vpush(p, &pats, closed_pattern(p));
    }
    sp_token *e = prev(p);
    sp_ast_pattern *pt =
        new_pattern(p, SP_AST_MatchOr, st->lineno, st->col, e->end_lineno, e->end_col);
    pt->v.MatchOr.patterns = SEQ(sp_ast_pattern_seq, pats);
    return pt;
}

/* pattern: as_pattern | or_pattern;  as_pattern: or_pattern 'as' pattern_capture_target */
static sp_ast_pattern *pattern(parser *p)
{
    sp_token *st = cur(p);
    sp_ast_pattern *a = or_pattern(p);
    if (at_kw(p, "as")) {
        advance(p);
        sp_token *n = cur(p);
        if (n->type == SP_TOK_NAME && tok_text_is(p, n, "_"))
            RAISE_TOK(p, n, "cannot use '_' as a target");
        n = expect_name(p);
        sp_ast_pattern *pt =
            new_pattern(p, SP_AST_MatchAs, st->lineno, st->col, n->end_lineno, n->end_col);
        pt->v.MatchAs.pattern = a;
        pt->v.MatchAs.name = name_of(p, n);
        return pt;
    }
    return a;
}

/* patterns: open_sequence_pattern | pattern */
static sp_ast_pattern *patterns(parser *p)
{
    sp_token *st = cur(p);
    sp_ast_pattern *first = maybe_star_pattern(p);
    if (!at_op(p, SP_T_COMMA)) {
        if (first->kind == SP_AST_MatchStar) {
            sp_ast_pattern *pt = pattern_from_tok(p, SP_AST_MatchSequence, st);
            sp_ast_pattern **one = alloc(p, sizeof *one);
            one[0] = first;
            pt->v.MatchSequence.patterns.len = 1;
            pt->v.MatchSequence.patterns.items = one;
            return pt;
        }
        return first;
    }
    vec pats = {0};
    vpush(p, &pats, first);
    while (at_op(p, SP_T_COMMA)) {
        advance(p);
        if (at_op(p, SP_T_COLON) || at_kw(p, "if")) break;
        vpush(p, &pats, maybe_star_pattern(p));
    }
    sp_ast_pattern *pt = pattern_from_tok(p, SP_AST_MatchSequence, st);
    pt->v.MatchSequence.patterns = SEQ(sp_ast_pattern_seq, pats);
    return pt;
}

/* subject_expr: star_named_expression ',' star_named_expressions? | named_expression
 * (after the "match" keyword; *arg is set when a NEWLINE follows) */
static void *spec_match_subject(parser *p, void *arg)
{
    bool *newline = arg;
    sp_token *mt = advance(p);
    (void)mt;
    sp_token *st = cur(p);
    sp_ast_expr *first = star_named_expression(p), *subject;
    if (at_op(p, SP_T_COMMA)) {
        vec elts = {0};
        vpush(p, &elts, first);
        while (at_op(p, SP_T_COMMA)) {
            advance(p);
            if (at_op(p, SP_T_COLON)) break;
            vpush(p, &elts, star_named_expression(p));
        }
        subject = expr_from_tok(p, SP_AST_Tuple, st);
        subject->v.Tuple.elts = SEQ(sp_ast_expr_seq, elts);
        subject->v.Tuple.ctx = SP_AST_Load;
    } else {
        subject = first;
    }
    if (at_newline(p)) *newline = true;
    return subject;
}

static void *spec_simple_stmts(parser *p, void *arg)
{
    (void)arg;
    vec tmp = {0};
    simple_stmts(p, &tmp);
    return p; /* non-NULL: success */
}

/* match_stmt: "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT
 * Returns NULL (position restored) when the line is not a match statement. */
static sp_ast_stmt *match_stmt(parser *p)
{
    sp_token *st = cur(p);
    spec_state ss;
    spec_save(p, &ss);
    bool newline_after_subject = false;
    sp_ast_expr *subject = speculate(p, spec_match_subject, &newline_after_subject);
    if (subject && (!at_op(p, SP_T_COLON) || peek_at(p, 1)->type != SP_TOK_NEWLINE ||
                    peek_at(p, 2)->type != SP_TOK_INDENT))
        subject = NULL;
    if (!subject) {
        sp_token *nl = newline_after_subject ? cur(p) : NULL;
        spec_restore(p, &ss);
        if (nl) {
            /* `match x` + NEWLINE: an expression statement, or "expected ':'" */
            if (!speculate(p, spec_simple_stmts, NULL))
                raise_range(p, "SyntaxError", nl->lineno, nl->col, nl->lineno, nl->col,
                            "expected ':'");
            spec_restore(p, &ss);
        }
        return NULL;
    }
    advance(p); /* ':' */
    advance(p); /* NEWLINE */
    advance(p); /* INDENT */
    vec cases = {0};
    while (at_kw(p, "case")) {
        sp_token *ct = advance(p);
        sp_ast_match_case *mc = alloc(p, sizeof *mc);
        p->nnodes++;
        mc->pattern = patterns(p);
        if (at_kw(p, "if")) {
            advance(p);
            mc->guard = named_expression(p);
        }
        expect_colon(p);
        mc->body = block(p, "'case' statement", ct->lineno);
        vpush(p, &cases, mc);
    }
    if (!cases.len) invalid_syntax(p);
    if (cur(p)->type != SP_TOK_DEDENT) invalid_syntax(p);
    advance(p);
    sp_ast_stmt *s = new_stmt(p, SP_AST_Match, st);
    s->v.Match.subject = subject;
    s->v.Match.cases = SEQ(sp_ast_match_case_seq, cases);
    sp_ast_match_case *last = cases.items[cases.len - 1];
    end_at_stmt(s, &last->body);
    return s;
}

/* statement: compound_stmt | simple_stmts */
static void statement(parser *p, vec *out)
{
    sp_token *t = cur(p);
    enter(p);
    if (t->type == SP_TOK_NAME) {
        if (tok_text_is(p, t, "if")) {
            vpush(p, out, if_stmt(p));
            leave(p);
            return;
        }
        if (tok_text_is(p, t, "while")) {
            vpush(p, out, while_stmt(p));
            leave(p);
            return;
        }
        if (tok_text_is(p, t, "for")) {
            vpush(p, out, for_stmt(p, t, false));
            leave(p);
            return;
        }
        if (tok_text_is(p, t, "with")) {
            vpush(p, out, with_stmt(p, t, false));
            leave(p);
            return;
        }
        if (tok_text_is(p, t, "try")) {
            vpush(p, out, try_stmt(p));
            leave(p);
            return;
        }
        if (tok_text_is(p, t, "def")) {
            sp_ast_expr_seq none = {0};
            vpush(p, out, funcdef(p, t, false, none));
            leave(p);
            return;
        }
        if (tok_text_is(p, t, "class")) {
            sp_ast_expr_seq none = {0};
            vpush(p, out, classdef(p, none));
            leave(p);
            return;
        }
        if (tok_text_is(p, t, "async")) {
            sp_token *n = peek_at(p, 1);
            sp_ast_expr_seq none = {0};
            if (n->type == SP_TOK_NAME && tok_text_is(p, n, "def")) {
                advance(p);
                vpush(p, out, funcdef(p, t, true, none));
            } else if (n->type == SP_TOK_NAME && tok_text_is(p, n, "for")) {
                advance(p);
                vpush(p, out, for_stmt(p, t, true));
            } else if (n->type == SP_TOK_NAME && tok_text_is(p, n, "with")) {
                advance(p);
                vpush(p, out, with_stmt(p, t, true));
            } else {
                advance(p);
                invalid_syntax(p);
            }
            leave(p);
            return;
        }
        if (tok_text_is(p, t, "match")) {
            sp_token *n = peek_at(p, 1);
            bool maybe = !(n->type == SP_TOK_OP &&
                           (n->op == SP_T_EQUAL || n->op == SP_T_DOT || n->op == SP_T_COMMA ||
                            n->op == SP_T_RPAR || n->op == SP_T_COLON)) &&
                         n->type != SP_TOK_NEWLINE;
            if (maybe) {
                sp_ast_stmt *m = match_stmt(p);
                if (m) {
                    vpush(p, out, m);
                    leave(p);
                    return;
                }
            }
        }
    } else if (t->type == SP_TOK_OP && t->op == SP_T_AT) {
        vpush(p, out, decorated(p));
        leave(p);
        return;
    } else if (t->type == SP_TOK_INDENT) {
        p->maxpos = p->pos;
        invalid_syntax(p);
    }
    simple_stmts(p, out);
    leave(p);
}

/* ---- compile-time checks (CPython's compiler errors) ------------------------------- */

typedef struct vctx {
    parser *p;
    int in_func; /* 0 module/class level, 1 def, 2 async def */
    int in_loop;
} vctx;

/* CPython's compiler gives up past 3 * the recursion limit (1000) nested nodes; the
 * check also guarantees the compiler a tree at most this deep. */
#define COMPILE_MAX_DEPTH 3000
SP_RUN_STATE static int v_depth;

static void v_expr(vctx *c, sp_ast_expr *e);
static void v_stmts(vctx *c, sp_ast_stmt_seq s);

/* "keyword argument repeated: x" */
static void v_keywords_unique(vctx *c, sp_ast_keyword_seq kws)
{
    for (size_t i = 1; i < kws.len; i++) {
        if (!kws.items[i]->arg) continue;
        for (size_t j = 0; j < i; j++) {
            if (kws.items[j]->arg && strcmp(kws.items[j]->arg, kws.items[i]->arg) == 0) {
                sp_ast_keyword *k = kws.items[i];
                raise_range(c->p, "SyntaxError", k->lineno, k->col_offset, k->end_lineno,
                            k->end_col_offset, "keyword argument repeated: %s", k->arg);
            }
        }
    }
}

static void v_exprs(vctx *c, sp_ast_expr_seq s)
{
    for (size_t i = 0; i < s.len; i++)
        if (s.items[i]) v_expr(c, s.items[i]);
}

/* "duplicate argument 'x' in function definition" (symtable) */
static void v_unique_args(vctx *c, sp_ast_arguments *a)
{
    sp_ast_arg *all[4096];
    size_t n = 0;
    sp_ast_arg_seq *lists[] = {&a->posonlyargs, &a->args, &a->kwonlyargs};
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; i < lists[k]->len && n < 4096; i++)
            all[n++] = lists[k]->items[i];
        if (k == 1 && a->vararg && n < 4096) all[n++] = a->vararg;
    }
    if (a->kwarg && n < 4096) all[n++] = a->kwarg;
    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(all[i]->arg, all[j]->arg) == 0)
                raise_range(c->p, "SyntaxError", all[i]->lineno, all[i]->col_offset,
                            all[i]->end_lineno, all[i]->end_col_offset,
                            "duplicate argument '%s' in function definition", all[i]->arg);
}

static void v_args(vctx *c, sp_ast_arguments *a)
{
    if (!a) return;
    v_unique_args(c, a);
    v_exprs(c, a->defaults);
    v_exprs(c, a->kw_defaults);
    sp_ast_arg_seq *lists[] = {&a->posonlyargs, &a->args, &a->kwonlyargs};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < lists[k]->len; i++)
            if (lists[k]->items[i]->annotation) v_expr(c, lists[k]->items[i]->annotation);
    if (a->vararg && a->vararg->annotation) v_expr(c, a->vararg->annotation);
    if (a->kwarg && a->kwarg->annotation) v_expr(c, a->kwarg->annotation);
}

/* A store target: starred only inside a list/tuple, at most one per level. */
static void v_target(vctx *c, sp_ast_expr *t, bool top)
{
    parser *p = c->p;
    if (t->kind == SP_AST_Starred) {
        if (top) RAISE_NODE(p, t, "starred assignment target must be in a list or tuple");
        v_target(c, t->v.Starred.value, false);
        return;
    }
    if (t->kind == SP_AST_List || t->kind == SP_AST_Tuple) {
        int stars = 0;
        for (size_t i = 0; i < t->v.List.elts.len; i++) {
            sp_ast_expr *x = t->v.List.elts.items[i];
            if (x->kind == SP_AST_Starred) {
                if (++stars > 1) RAISE_NODE(p, t, "multiple starred expressions in assignment");
                v_target(c, x->v.Starred.value, false);
            } else {
                v_target(c, x, false);
            }
        }
        return;
    }
    v_expr(c, t);
}

static void v_comprehensions(vctx *c, sp_ast_comprehension_seq g)
{
    for (size_t i = 0; i < g.len; i++) {
        v_target(c, g.items[i]->target, true);
        v_expr(c, g.items[i]->iter);
        v_exprs(c, g.items[i]->ifs);
    }
}

/* Elements of a list/tuple/set display or call arguments may be starred. */
static void v_elts(vctx *c, sp_ast_expr_seq s)
{
    for (size_t i = 0; i < s.len; i++) {
        sp_ast_expr *x = s.items[i];
        if (x->kind == SP_AST_Starred)
            v_expr(c, x->v.Starred.value);
        else
            v_expr(c, x);
    }
}

static void v_expr_inner(vctx *c, sp_ast_expr *e);

static void v_expr(vctx *c, sp_ast_expr *e)
{
    if (++v_depth > COMPILE_MAX_DEPTH) {
        parser *p = c->p;
        p->err.type = "RecursionError";
        snprintf(p->err.msg, sizeof p->err.msg,
                 "maximum recursion depth exceeded during compilation");
        p->err.lineno = e->lineno;
        p->err.col = e->col_offset;
        p->err.end_lineno = e->end_lineno;
        p->err.end_col = e->end_col_offset;
        bail(p);
    }
    v_expr_inner(c, e);
    v_depth--;
}

static void v_expr_inner(vctx *c, sp_ast_expr *e)
{
    parser *p = c->p;
    switch (e->kind) {
    case SP_AST_BoolOp:
        v_exprs(c, e->v.BoolOp.values);
        break;
    case SP_AST_NamedExpr:
        v_expr(c, e->v.NamedExpr.value);
        break;
    case SP_AST_BinOp:
        v_expr(c, e->v.BinOp.left);
        v_expr(c, e->v.BinOp.right);
        break;
    case SP_AST_UnaryOp:
        v_expr(c, e->v.UnaryOp.operand);
        break;
    case SP_AST_Lambda: {
        v_args(c, e->v.Lambda.args);
        vctx inner = {p, 1, 0};
        v_expr(&inner, e->v.Lambda.body);
        break;
    }
    case SP_AST_IfExp:
        v_expr(c, e->v.IfExp.test);
        v_expr(c, e->v.IfExp.body);
        v_expr(c, e->v.IfExp.orelse);
        break;
    case SP_AST_Dict:
        v_exprs(c, e->v.Dict.keys);
        v_exprs(c, e->v.Dict.values);
        break;
    case SP_AST_Set:
        v_elts(c, e->v.Set.elts);
        break;
    case SP_AST_ListComp:
    case SP_AST_SetComp:
    case SP_AST_GeneratorExp: {
        v_comprehensions(c, e->v.ListComp.generators);
        vctx inner = {p, c->in_func ? c->in_func : 1, 0};
        v_expr(&inner, e->v.ListComp.elt);
        break;
    }
    case SP_AST_DictComp: {
        v_comprehensions(c, e->v.DictComp.generators);
        vctx inner = {p, c->in_func ? c->in_func : 1, 0};
        v_expr(&inner, e->v.DictComp.key);
        v_expr(&inner, e->v.DictComp.value);
        break;
    }
    case SP_AST_Await:
        if (c->in_func == 0) RAISE_NODE(p, e, "'await' outside function");
        if (c->in_func == 1) RAISE_NODE(p, e, "'await' outside async function");
        v_expr(c, e->v.Await.value);
        break;
    case SP_AST_Yield:
        if (!c->in_func) RAISE_NODE(p, e, "'yield' outside function");
        if (e->v.Yield.value) v_expr(c, e->v.Yield.value);
        break;
    case SP_AST_YieldFrom:
        if (!c->in_func) RAISE_NODE(p, e, "'yield' outside function");
        if (c->in_func == 2) RAISE_NODE(p, e, "'yield from' inside async function");
        v_expr(c, e->v.YieldFrom.value);
        break;
    case SP_AST_Compare:
        v_expr(c, e->v.Compare.left);
        v_exprs(c, e->v.Compare.comparators);
        break;
    case SP_AST_Call: {
        v_expr(c, e->v.Call.func);
        v_keywords_unique(c, e->v.Call.keywords);
        v_elts(c, e->v.Call.args);
        for (size_t i = 0; i < e->v.Call.keywords.len; i++)
            v_expr(c, e->v.Call.keywords.items[i]->value);
        break;
    }
    case SP_AST_FormattedValue:
        v_expr(c, e->v.FormattedValue.value);
        if (e->v.FormattedValue.format_spec) v_expr(c, e->v.FormattedValue.format_spec);
        break;
    case SP_AST_JoinedStr:
        v_exprs(c, e->v.JoinedStr.values);
        break;
    case SP_AST_Attribute:
        v_expr(c, e->v.Attribute.value);
        break;
    case SP_AST_Subscript: {
        v_expr(c, e->v.Subscript.value);
        sp_ast_expr *s = e->v.Subscript.slice;
        if (s->kind == SP_AST_Tuple)
            v_elts(c, s->v.Tuple.elts);
        else
            v_expr(c, s);
        break;
    }
    case SP_AST_Starred:
        if (e->v.Starred.ctx == SP_AST_Load || e->v.Starred.ctx == 0)
            RAISE_NODE(p, e, "can't use starred expression here");
        v_expr(c, e->v.Starred.value);
        break;
    case SP_AST_List:
    case SP_AST_Tuple:
        if (e->v.List.ctx == SP_AST_Store)
            v_target(c, e, true);
        else
            v_elts(c, e->v.List.elts);
        break;
    case SP_AST_Slice:
        if (e->v.Slice.lower) v_expr(c, e->v.Slice.lower);
        if (e->v.Slice.upper) v_expr(c, e->v.Slice.upper);
        if (e->v.Slice.step) v_expr(c, e->v.Slice.step);
        break;
    case SP_AST_Name:
        if (e->v.Name.ctx != SP_AST_Load && strcmp(e->v.Name.id, "__debug__") == 0)
            RAISE_NODE(p, e,
                       e->v.Name.ctx == SP_AST_Del ? "cannot delete __debug__"
                                                   : "cannot assign to __debug__");
        break;
    case SP_AST_Constant:
        break;
    }
}

/* The value side of an assignment / return / expression statement: a bare starred
 * expression is only allowed inside a tuple display. */
static void v_value(vctx *c, sp_ast_expr *e)
{
    if (e->kind == SP_AST_Tuple)
        v_elts(c, e->v.Tuple.elts);
    else
        v_expr(c, e);
}

static void v_stmt_inner(vctx *c, sp_ast_stmt *s);

static void v_stmt(vctx *c, sp_ast_stmt *s)
{
    if (++v_depth > COMPILE_MAX_DEPTH) {
        parser *p = c->p;
        p->err.type = "RecursionError";
        snprintf(p->err.msg, sizeof p->err.msg,
                 "maximum recursion depth exceeded during compilation");
        bail(p);
    }
    v_stmt_inner(c, s);
    v_depth--;
}

static void v_stmt_inner(vctx *c, sp_ast_stmt *s)
{
    parser *p = c->p;
    switch (s->kind) {
    case SP_AST_FunctionDef:
    case SP_AST_AsyncFunctionDef: {
        v_exprs(c, s->v.FunctionDef.decorator_list);
        v_args(c, s->v.FunctionDef.args);
        if (s->v.FunctionDef.returns) v_expr(c, s->v.FunctionDef.returns);
        vctx inner = {p, s->kind == SP_AST_AsyncFunctionDef ? 2 : 1, 0};
        v_stmts(&inner, s->v.FunctionDef.body);
        break;
    }
    case SP_AST_ClassDef: {
        v_exprs(c, s->v.ClassDef.decorator_list);
        v_keywords_unique(c, s->v.ClassDef.keywords);
        v_elts(c, s->v.ClassDef.bases);
        for (size_t i = 0; i < s->v.ClassDef.keywords.len; i++)
            v_expr(c, s->v.ClassDef.keywords.items[i]->value);
        vctx inner = {p, 0, 0};
        v_stmts(&inner, s->v.ClassDef.body);
        break;
    }
    case SP_AST_Return:
        if (!c->in_func) RAISE_NODE(p, s, "'return' outside function");
        if (s->v.Return.value) v_value(c, s->v.Return.value);
        break;
    case SP_AST_Delete:
        v_exprs(c, s->v.Delete.targets);
        break;
    case SP_AST_Assign:
        for (size_t i = 0; i < s->v.Assign.targets.len; i++)
            v_target(c, s->v.Assign.targets.items[i], true);
        v_value(c, s->v.Assign.value);
        break;
    case SP_AST_AugAssign:
        v_expr(c, s->v.AugAssign.target);
        v_expr(c, s->v.AugAssign.value);
        break;
    case SP_AST_AnnAssign:
        v_expr(c, s->v.AnnAssign.target);
        v_expr(c, s->v.AnnAssign.annotation);
        if (s->v.AnnAssign.value) v_value(c, s->v.AnnAssign.value);
        break;
    case SP_AST_For:
    case SP_AST_AsyncFor: {
        if (s->kind == SP_AST_AsyncFor && c->in_func != 2)
            RAISE_NODE(p, s,
                       c->in_func ? "'async for' outside async function"
                                  : "'async for' outside async function");
        v_target(c, s->v.For.target, true);
        v_value(c, s->v.For.iter);
        int saved = c->in_loop;
        c->in_loop = 1;
        v_stmts(c, s->v.For.body);
        c->in_loop = saved;
        v_stmts(c, s->v.For.orelse);
        break;
    }
    case SP_AST_While: {
        v_expr(c, s->v.While.test);
        int saved = c->in_loop;
        c->in_loop = 1;
        v_stmts(c, s->v.While.body);
        c->in_loop = saved;
        v_stmts(c, s->v.While.orelse);
        break;
    }
    case SP_AST_If:
        v_expr(c, s->v.If.test);
        v_stmts(c, s->v.If.body);
        v_stmts(c, s->v.If.orelse);
        break;
    case SP_AST_With:
    case SP_AST_AsyncWith:
        if (s->kind == SP_AST_AsyncWith && c->in_func != 2)
            RAISE_NODE(p, s, "'async with' outside async function");
        for (size_t i = 0; i < s->v.With.items.len; i++) {
            v_expr(c, s->v.With.items.items[i]->context_expr);
            if (s->v.With.items.items[i]->optional_vars)
                v_target(c, s->v.With.items.items[i]->optional_vars, true);
        }
        v_stmts(c, s->v.With.body);
        break;
    case SP_AST_Match:
        v_value(c, s->v.Match.subject);
        for (size_t i = 0; i < s->v.Match.cases.len; i++) {
            if (s->v.Match.cases.items[i]->guard) v_expr(c, s->v.Match.cases.items[i]->guard);
            v_stmts(c, s->v.Match.cases.items[i]->body);
        }
        break;
    case SP_AST_Raise:
        if (s->v.Raise.exc) v_expr(c, s->v.Raise.exc);
        if (s->v.Raise.cause) v_expr(c, s->v.Raise.cause);
        break;
    case SP_AST_Try:
    case SP_AST_TryStar:
        v_stmts(c, s->v.Try.body);
        for (size_t i = 0; i < s->v.Try.handlers.len; i++) {
            if (s->v.Try.handlers.items[i]->type) v_expr(c, s->v.Try.handlers.items[i]->type);
            v_stmts(c, s->v.Try.handlers.items[i]->body);
        }
        v_stmts(c, s->v.Try.orelse);
        v_stmts(c, s->v.Try.finalbody);
        break;
    case SP_AST_Assert:
        v_expr(c, s->v.Assert.test);
        if (s->v.Assert.msg) v_expr(c, s->v.Assert.msg);
        break;
    /* Nonlocal at module level: the compiler's symtable pass reports it, after
     * "name 'x' is assigned to before nonlocal declaration" as CPython does. */
    case SP_AST_Expr:
        v_value(c, s->v.Expr.value);
        break;
    case SP_AST_Break:
        if (!c->in_loop) RAISE_NODE(p, s, "'break' outside loop");
        break;
    case SP_AST_Continue:
        if (!c->in_loop) RAISE_NODE(p, s, "'continue' not properly in loop");
        break;
    default:
        break;
    }
}

static void v_stmts(vctx *c, sp_ast_stmt_seq s)
{
    for (size_t i = 0; i < s.len; i++)
        v_stmt(c, s.items[i]);
}

/* ---- entry points --------------------------------------------------------------- */

static int build_token_index(parser *p)
{
    sp_lexer *lx = p->lx;
    p->t = sp_arena_alloc(p->arena, (lx->ntoks + 1) * sizeof *p->t);
    p->level = sp_arena_alloc(p->arena, (lx->ntoks + 1) * sizeof *p->level);
    if (!p->t || !p->level) return -1;
    size_t n = 0;
    int level = 0;
    for (size_t i = 0; i < lx->ntoks; i++) {
        sp_token *t = &lx->toks[i];
        if (t->type == SP_TOK_COMMENT || t->type == SP_TOK_NL) continue;
        if (t->type == SP_TOK_ERRORTOKEN && i + 1 < lx->ntoks) {
            /* a stray character ('$', '?'): keep it, the parser rejects it */
        }
        if (t->type == SP_TOK_OP) {
            if (t->op == SP_T_LPAR || t->op == SP_T_LSQB || t->op == SP_T_LBRACE)
                level++;
            else if (t->op == SP_T_RPAR || t->op == SP_T_RSQB || t->op == SP_T_RBRACE)
                level--;
        }
        if (t->type == SP_TOK_NEWLINE) {
            /* CPython's NEWLINE tokens are zero-width for error locations */
        }
        p->t[n] = t;
        p->level[n] = level;
        n++;
    }
    p->n = n;
    return 0;
}

/* Parse the tokens of an f-string replacement field "(expr)" as one expression
 * (CPython's `fstring: star_expressions`). Returns 0, or -1 with p->err set
 * (err.type NULL: the sub-lexer's error). */
static int parse_tokens_expr(parser *p, sp_ast_expr **out)
{
    if (build_token_index(p) < 0) {
        p->err.oom = 1;
        return -1;
    }
    jmp_buf jb;
    p->jb = &jb;
    if (setjmp(jb) == 0) {
        sp_ast_expr *e = star_expressions(p);
        while (at_newline(p))
            advance(p);
        if (cur(p)->type != SP_TOK_ENDMARKER) invalid_syntax(p);
        *out = e;
        return 0;
    }
    return -1;
}

static void fill_from_lexer(sp_syntax_error *err, const sp_lexer *lx)
{
    const sp_lex_error *le = &lx->err;
    memset(err, 0, sizeof *err);
    err->type = le->type;
    snprintf(err->msg, sizeof err->msg, "%s", le->msg);
    err->lineno = le->lineno;
    err->col_offset = le->col < 0 ? 0 : sp_lex_char_col(lx, le->lineno, le->col) + 1;
    err->end_lineno = le->end_lineno;
    if (le->end_col == -1)
        err->end_col_offset = 0;
    else if (le->end_col == -2)
        err->end_col_offset = -1;
    else
        err->end_col_offset = sp_lex_char_col(lx, le->end_lineno, le->end_col) + 1;
}

static void fill_from_parser(sp_syntax_error *err, const parser *p)
{
    const perr *pe = &p->err;
    memset(err, 0, sizeof *err);
    err->type = pe->type;
    snprintf(err->msg, sizeof err->msg, "%s", pe->msg);
    snprintf(err->text, sizeof err->text, "%s", pe->text);
    err->lineno = pe->lineno;
    err->end_lineno = pe->end_lineno;
    if (pe->char_cols) {
        err->col_offset = pe->col;
        err->end_col_offset = pe->end_col;
        return;
    }
    err->col_offset = pe->col < 0 ? 0 : sp_lex_char_col(p->lx, pe->lineno, pe->col) + 1;
    if (pe->end_col == -1)
        err->end_col_offset = 0;
    else if (pe->end_col == -2)
        err->end_col_offset = -1;
    else
        err->end_col_offset = sp_lex_char_col(p->lx, pe->end_lineno, pe->end_col) + 1;
}

static void fill_oom(sp_syntax_error *err)
{
    memset(err, 0, sizeof *err);
    err->type = "MemoryError";
}

static sp_ast_mod *parse_mode(parser *p, sp_parse_mode mode)
{
    sp_ast_mod *m = alloc(p, sizeof *m);
    if (mode == SP_PARSE_EVAL) {
        m->kind = SP_AST_Expression;
        /* eval: expressions NEWLINE* ENDMARKER. (builtin eval() strips leading spaces
         * and tabs itself before parsing; compile(..., 'eval') does not.) */
        if (cur(p)->type == SP_TOK_ENDMARKER) {
            /* Nothing but blank lines: CPython points at column 0 of the last line
             * (line 0 for an empty source). */
            if (p->len == 0 || p->src[p->len - 1] == '\n') {
                int nl = 0;
                for (size_t i = 0; i < p->len; i++)
                    nl += p->src[i] == '\n';
                raise_range(p, "SyntaxError", nl, -1, nl, -1, "invalid syntax");
            }
            raise_range(p, "SyntaxError", 0, -1, 0, -2, "invalid syntax");
        }
        m->expr = star_expressions_gen(p, expression); /* expressions: no starred items */
        while (at_newline(p) || cur(p)->type == SP_TOK_DEDENT)
            advance(p);
        if (cur(p)->type != SP_TOK_ENDMARKER) invalid_syntax(p);
        return m;
    }
    vec body = {0};
    if (mode == SP_PARSE_SINGLE) {
        m->kind = SP_AST_Interactive;
        while (at_newline(p))
            advance(p);
        if (cur(p)->type != SP_TOK_ENDMARKER) statement(p, &body);
        while (at_newline(p) || cur(p)->type == SP_TOK_DEDENT)
            advance(p);
        if (cur(p)->type != SP_TOK_ENDMARKER) {
            sp_token *t = cur(p);
            raise_range(p, "SyntaxError", t->lineno, t->col, t->end_lineno, t->end_col,
                        "multiple statements found while compiling a single statement");
        }
    } else {
        m->kind = SP_AST_Module;
        while (cur(p)->type != SP_TOK_ENDMARKER) {
            if (cur(p)->type == SP_TOK_NEWLINE) {
                advance(p);
                continue;
            }
            statement(p, &body);
        }
    }
    m->body = SEQ(sp_ast_stmt_seq, body);
    return m;
}

sp_ast_mod *sp_parse(sp_arena *arena, const char *src, size_t len, const char *filename,
                     sp_parse_mode mode, sp_syntax_error *err, uint64_t *ntokens, uint64_t *nnodes)
{
    (void)filename;
    sp_lexer *lx = sp_arena_alloc(arena, sizeof *lx);
    if (!lx) {
        fill_oom(err);
        return NULL;
    }
    int lrc = sp_lex_all(lx, arena, src, len);
    if (ntokens) *ntokens = lx->ntoks;
    if (nnodes) *nnodes = 0;
    if (lrc < 0 && lx->oom) {
        fill_oom(err);
        return NULL;
    }
    /* On a tokenizer error the parser still runs over the tokens before it: CPython
     * reports "unexpected indent" found there instead of the tokenizer error. */
    parser P;
    memset(&P, 0, sizeof P);
    parser *p = &P;
    p->arena = arena;
    p->lx = lx;
    p->src = src;
    p->len = len;
    if (build_token_index(p) < 0) {
        fill_oom(err);
        return NULL;
    }
    jmp_buf jb;
    p->jb = &jb;
    sp_ast_mod *volatile m = NULL;
    if (setjmp(jb) == 0) {
        p->string_input = (mode & ~SP_PARSE_AST_ONLY) != SP_PARSE_FILE;
        m = parse_mode(p, (sp_parse_mode)(mode & ~SP_PARSE_AST_ONLY));
        if (!(mode & SP_PARSE_AST_ONLY)) {
            vctx vc = {p, 0, 0};
            v_depth = 0;
            if (m->kind == SP_AST_Expression)
                v_expr(&vc, m->expr);
            else
                v_stmts(&vc, m->body);
        }
    } else {
        m = NULL;
    }
    if (nnodes) *nnodes = p->nnodes;
    if (m) return m;
    if (p->err.oom) {
        fill_oom(err);
        return NULL;
    }
    if (p->err.depth) {
        fill_oom(err);
        return NULL;
    }
    if (lrc < 0 && lx->err.lazy && p->err.type) {
        fill_from_parser(err, p); /* the parser failed before reaching the tokenizer error */
        return NULL;
    }
    if (lrc < 0 && !lx->err.eof_in_paren && !(p->err.type && p->err.unexpected_indent)) {
        fill_from_lexer(err, lx);
        return NULL;
    }
    if (lrc < 0 && lx->err.eof_in_paren && (!p->err.type || p->err.lineno > lx->err.lineno)) {
        fill_from_lexer(err, lx);
        return NULL;
    }
    if (!p->err.type) {
        /* reached a tokenizer error token */
        fill_from_lexer(err, lx);
        if (!err->type) {
            err->type = "SyntaxError";
            snprintf(err->msg, sizeof err->msg, "invalid syntax");
        }
        return NULL;
    }
    fill_from_parser(err, p);
    return NULL;
}

sp_ast_mod *sp_parse_module(sp_arena *arena, const char *src, size_t len, const char *filename,
                            sp_syntax_error *err, uint64_t *ntokens, uint64_t *nnodes)
{
    return sp_parse(arena, src, len, filename, SP_PARSE_FILE, err, ntokens, nnodes);
}

void sp_syntax_error_at(sp_syntax_error *err, const char *type, const char *msg, const char *src,
                        size_t len, int lineno, int col_byte, int end_lineno, int end_col_byte)
{
    memset(err, 0, sizeof *err);
    err->type = type ? type : "SyntaxError";
    snprintf(err->msg, sizeof err->msg, "%s", msg);
    err->lineno = lineno;
    err->end_lineno = end_lineno;
    /* byte -> character columns on the given lines */
    int cols[2] = {col_byte, end_col_byte}, lines[2] = {lineno, end_lineno}, out[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        size_t off = 0;
        int l = 1;
        while (l < lines[k] && off < len) {
            if (src[off] == '\n') l++;
            off++;
        }
        int n = 0;
        for (int i = 0; i < cols[k] && off + i < len; i++)
            if (((unsigned char)src[off + i] & 0xC0) != 0x80) n++;
        out[k] = cols[k] < 0 ? cols[k] : n + 1;
    }
    err->col_offset = out[0];
    err->end_col_offset = out[1];
}

/* ---- the report ---------------------------------------------------------------- */

typedef struct fmtbuf {
    char *buf;
    size_t size, len;
} fmtbuf;

static void fb_put(fmtbuf *f, const char *s, size_t n)
{
    if (f->len < f->size) {
        size_t k = f->size - f->len - 1 < n ? f->size - f->len - 1 : n;
        if (f->size > 0) {
            memcpy(f->buf + f->len, s, k);
            f->buf[f->len + k] = 0;
        }
    }
    f->len += n;
}

static void fb_puts(fmtbuf *f, const char *s)
{
    fb_put(f, s, strlen(s));
}

/* The text of line `lineno` (1-based) including its '\n', or NULL. */
static const char *source_line(const char *src, size_t len, int lineno, size_t *n)
{
    if (lineno < 1 || !src) return NULL;
    size_t off = 0;
    int l = 1;
    while (l < lineno) {
        const char *nl = memchr(src + off, '\n', len - off);
        if (!nl) return NULL;
        off = (size_t)(nl - src) + 1;
        l++;
    }
    if (off >= len && lineno > 1) return NULL;
    const char *nl = memchr(src + off, '\n', len - off);
    *n = nl ? (size_t)(nl - src) + 1 - off : len - off;
    return src + off;
}

/* pythonrun.c print_error_text(), offsets in characters. */
static void print_error_text(fmtbuf *f, long offset, long end_offset, const char *text, size_t tlen)
{
    long caret_repetitions = (end_offset > 0 && end_offset > offset) ? end_offset - offset : 1;
    offset--;
    size_t i = 0;
    while (i < tlen && (text[i] == ' ' || text[i] == '\t' || text[i] == '\f')) {
        i++;
        offset--;
    }
    text += i;
    tlen -= i;
    long len = (long)tlen;
    if (len > 0 && text[len - 1] == '\n') len--;
    if (offset > len) offset = len;
    for (;;) {
        const char *nl = memchr(text, '\n', tlen);
        if (!nl) break;
        long inl = nl - text;
        if (inl >= offset) break;
        inl += 1;
        text += inl;
        tlen -= (size_t)inl;
        len -= inl;
        offset -= inl;
    }
    fb_puts(f, "    ");
    fb_put(f, text, tlen);
    if (tlen == 0 || text[tlen - 1] != '\n') fb_puts(f, "\n");
    if (offset < 0) return;
    fb_puts(f, "    ");
    while (--offset >= 0)
        fb_puts(f, " ");
    for (long k = 0; k < caret_repetitions; k++)
        fb_puts(f, "^");
    fb_puts(f, "\n");
}

int sp_syntax_error_format(const sp_syntax_error *e, const char *filename, const char *src,
                           size_t len, char *buf, size_t size)
{
    fmtbuf f = {buf, size, 0};
    if (size) buf[0] = 0;
    const char *type = e->type ? e->type : "SyntaxError";
    if (strcmp(type, "MemoryError") == 0 || strcmp(type, "RecursionError") == 0) {
        /* not a SyntaxError: CPython prints just the exception line */
        fb_puts(&f, type);
        if (e->msg[0]) {
            fb_puts(&f, ": ");
            fb_puts(&f, e->msg);
        }
        fb_puts(&f, "\n");
        return (int)f.len;
    }
    char head[512];
    snprintf(head, sizeof head, "  File \"%s\", line %d\n", filename ? filename : "<string>",
             e->lineno);
    fb_puts(&f, head);
    size_t tlen = 0;
    const char *text = NULL;
    if (e->text[0]) {
        text = e->text;
        tlen = strlen(text);
    } else {
        text = source_line(src, len, e->lineno, &tlen);
    }
    if (text) {
        /* a character-based view of the line: offsets count code points, so convert
         * the text's characters by skipping UTF-8 continuation bytes when printing */
        long offset = e->col_offset, end_offset = e->end_col_offset;
        long line_size = (long)tlen;
        int end_lineno = e->end_lineno;
        if (strcmp(type, "SyntaxError") != 0) {
            /* parse_syntax_error() ignores the end of SyntaxError subclasses */
            end_lineno = e->lineno;
            end_offset = -1;
        }
        if (end_lineno > e->lineno) end_offset = line_size;
        if (end_offset > line_size + 1) end_offset = line_size + 1;
        /* Work in characters: map the text to one byte per character for the caret
         * computation but print the real bytes. */
        long nchars = 0;
        for (size_t i = 0; i < tlen; i++)
            if (((unsigned char)text[i] & 0xC0) != 0x80) nchars++;
        if (nchars == (long)tlen) {
            print_error_text(&f, offset, end_offset, text, tlen);
        } else {
            /* strip leading whitespace and compute the caret column in characters */
            long caret_repetitions =
                (end_offset > 0 && end_offset > offset) ? end_offset - offset : 1;
            long off = offset - 1;
            size_t i = 0;
            while (i < tlen && (text[i] == ' ' || text[i] == '\t' || text[i] == '\f')) {
                i++;
                off--;
            }
            size_t rest = tlen - i;
            long clen = 0;
            for (size_t k = i; k < tlen; k++)
                if (((unsigned char)text[k] & 0xC0) != 0x80 && text[k] != '\n') clen++;
            if (off > clen) off = clen;
            fb_puts(&f, "    ");
            fb_put(&f, text + i, rest);
            if (rest == 0 || text[tlen - 1] != '\n') fb_puts(&f, "\n");
            if (off >= 0) {
                fb_puts(&f, "    ");
                while (--off >= 0)
                    fb_puts(&f, " ");
                for (long k = 0; k < caret_repetitions; k++)
                    fb_puts(&f, "^");
                fb_puts(&f, "\n");
            }
        }
    }
    fb_puts(&f, type);
    if (e->msg[0]) {
        fb_puts(&f, ": ");
        fb_puts(&f, e->msg);
    }
    fb_puts(&f, "\n");
    return (int)f.len;
}

int sp_syntax_error_print(const sp_syntax_error *e, const char *filename, const char *src,
                          size_t len, int fd)
{
    char small[2048];
    int n = sp_syntax_error_format(e, filename, src, len, small, sizeof small);
    char *buf = small;
    if ((size_t)n >= sizeof small) {
        buf = sp_mem_alloc((size_t)n + 1);
        if (buf)
            sp_syntax_error_format(e, filename, src, len, buf, (size_t)n + 1);
        else
            buf = small, n = (int)sizeof small - 1; /* truncated report */
    }
    size_t off = 0;
    int rc = 0;
    while (off < (size_t)n) {
        ssize_t w = write(fd, buf + off, (size_t)n - off);
        if (w <= 0) {
            rc = -1;
            break;
        }
        off += (size_t)w;
    }
    if (buf != small) sp_mem_free(buf, (size_t)n + 1);
    return rc;
}

int sp_parse_dump_ast(const char *src, size_t len, const char *filename, int fd_out, int fd_err,
                      uint64_t *ntokens, uint64_t *nnodes)
{
    sp_arena *arena = sp_arena_new();
    if (!arena) return 1;
    sp_syntax_error err;
    sp_ast_mod *m = sp_parse(arena, src, len, filename, SP_PARSE_FILE | SP_PARSE_AST_ONLY, &err,
                             ntokens, nnodes);
    int status = 0;
    if (!m) {
        sp_syntax_error_print(&err, filename, src, len, fd_err);
        status = 1;
    } else {
        int rc = sp_ast_dump(m, fd_out);
        if (rc == -2) {
            static const char msg[] = "RecursionError: maximum recursion depth exceeded\n";
            if (write(fd_err, msg, sizeof msg - 1) < 0) status = 1;
        }
        if (rc < 0) status = 1;
    }
    sp_arena_free(arena);
    return status;
}
