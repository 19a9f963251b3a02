/*
 * compile.c — AST to code objects.
 *
 * Design overview
 * ---------------
 * Pass 1 (symbol tables) walks the tree once and builds a scope per module,
 * function, lambda, class body and comprehension, recording how each name is used
 * (bound, declared global/nonlocal, parameter, read). `analyze` then resolves every
 * name to LOCAL / CELL / FREE / GLOBAL_EXPLICIT / GLOBAL_IMPLICIT with CPython's
 * rules (class scopes do not enclose functions; a name free in a child makes it a
 * cell in the nearest enclosing function that binds it).
 *
 * Pass 2 (code generation) emits instructions per scope into a growable array.
 * Jumps name labels; `assemble` resolves them, computes the maximum stack depth with
 * a flow analysis, and builds the sp_code. A few superinstructions are formed at
 * emission time when no label separates the pair (LOAD_FAST+LOAD_FAST,
 * COMPARE_OP+POP_JUMP_IF_FALSE).
 *
 * Errors unwind with longjmp to sp_compile: a SyntaxError fills the caller's
 * sp_syntax_error; an allocation failure leaves MemoryError set.
 *
 * Memory: scopes and instruction arrays are malloc'd and freed before returning;
 * Python objects under construction (constants, names) sit in lists reachable from
 * `active` units, which the VM's GC tracer marks via sp_compile_trace().
 */
#include "compile.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "obj_str.h"
#include "vm.h"

/* ---- symbol tables ------------------------------------------------------------- */

enum {
    DEF_LOCAL = 1,
    DEF_GLOBAL = 2,
    DEF_NONLOCAL = 4,
    DEF_PARAM = 8,
    USE = 16,
    DEF_FREE_CLASS = 32,
    DEF_ANNOT = 64,
    /* target of `name += ...`: in a function its other loads are LOAD_FAST_CLEAR
     * (see SP_BINOP_BUILD) */
    DEF_IADD = 128,
};
enum { SC_NONE, SC_LOCAL, SC_GLOBAL_EXPLICIT, SC_GLOBAL_IMPLICIT, SC_FREE, SC_CELL };
enum { ST_MODULE, ST_FUNCTION, ST_CLASS };

typedef struct sym {
    const char *name;
    int flags;
    int scope;
    int first_line, first_col, end_line, end_col;
} sym;

typedef struct scope {
    int kind;
    const char *name;
    const void *node;
    struct scope *parent;
    sym *syms;
    int nsyms, capsyms;
    int *hidx; /* open addressing over syms, hcap entries, -1 empty */
    int hcap;
    struct scope **children;
    int nchildren, capchildren, next_child;
    bool generator, comprehension, needs_class_closure, uses_super;
    const char **params;
    int nparams;
    char **owned_names; /* malloc'd names the syms point to (`import a.b` binds "a"); freed with the
                           scope */
    int nowned;
} scope;

typedef struct compiler compiler;
static void fail(compiler *c, int line, int col, int end_line, int end_col, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 6, 7)));
static void oom(compiler *c) __attribute__((noreturn));

static unsigned hash_str(const char *s)
{
    unsigned h = 2166136261u;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static void *xrealloc(compiler *c, void *p, size_t n);

static sym *sym_find(scope *s, const char *name)
{
    if (!s->hcap) return NULL;
    unsigned h = hash_str(name) & (unsigned)(s->hcap - 1);
    while (s->hidx[h] >= 0) {
        if (strcmp(s->syms[s->hidx[h]].name, name) == 0) return &s->syms[s->hidx[h]];
        h = (h + 1) & (unsigned)(s->hcap - 1);
    }
    return NULL;
}

static void sym_rehash(compiler *c, scope *s)
{
    int ncap = s->hcap ? s->hcap * 2 : 16;
    int *nidx = xrealloc(c, NULL, (size_t)ncap * sizeof(int));
    for (int i = 0; i < ncap; i++)
        nidx[i] = -1;
    for (int i = 0; i < s->nsyms; i++) {
        unsigned h = hash_str(s->syms[i].name) & (unsigned)(ncap - 1);
        while (nidx[h] >= 0)
            h = (h + 1) & (unsigned)(ncap - 1);
        nidx[h] = i;
    }
    sp_sys_free(s->hidx);
    s->hidx = nidx;
    s->hcap = ncap;
}

static sym *sym_add(compiler *c, scope *s, const char *name, int flags, int line, int col)
{
    sym *y = sym_find(s, name);
    if (y) {
        y->flags |= flags;
        return y;
    }
    if (s->nsyms >= s->capsyms) {
        s->capsyms = s->capsyms ? s->capsyms * 2 : 8;
        s->syms = xrealloc(c, s->syms, (size_t)s->capsyms * sizeof(sym));
    }
    if ((s->nsyms + 1) * 2 > s->hcap) sym_rehash(c, s);
    y = &s->syms[s->nsyms];
    *y = (sym){.name = name, .flags = flags, .first_line = line, .first_col = col};
    unsigned h = hash_str(name) & (unsigned)(s->hcap - 1);
    while (s->hidx[h] >= 0)
        h = (h + 1) & (unsigned)(s->hcap - 1);
    s->hidx[h] = s->nsyms++;
    return y;
}

static void scope_free(scope *s)
{
    if (!s) return;
    for (int i = 0; i < s->nchildren; i++)
        scope_free(s->children[i]);
    sp_sys_free(s->children);
    sp_sys_free(s->syms);
    sp_sys_free(s->hidx);
    sp_sys_free(s->params);
    for (int i = 0; i < s->nowned; i++)
        sp_sys_free(s->owned_names[i]);
    sp_sys_free(s->owned_names);
    sp_sys_free(s);
}

/* ---- compiler state --------------------------------------------------------------- */

typedef struct cinstr {
    uint8_t op;
    uint32_t arg;
    sp_srcpos pos;
} cinstr;

enum fblock_kind {
    FB_WHILE,
    FB_FOR,
    FB_TRY_EXCEPT,
    FB_FINALLY_TRY,
    FB_FINALLY_END,
    FB_HANDLER,
    FB_WITH
};

typedef struct fblock {
    int kind;
    int label_continue, label_break;
    const sp_ast_stmt *finalbody_owner; /* FB_FINALLY_TRY: the Try node */
    const char *handler_name;           /* FB_HANDLER: bound name or NULL */
} fblock;

typedef struct unit {
    struct unit *prev;
    scope *sc;
    sp_val consts;    /* list */
    sp_val names;     /* list of interned str */
    sp_val names_map; /* dict str -> index */
    sp_val qualname;
    cinstr *code;
    int ncode, capcode;
    int *labels; /* label -> instruction index (-1 unbound) */
    int nlabels, caplabels;
    int last_label_at;     /* instruction index where the latest label was bound */
    const char **varnames; /* fast locals in slot order */
    int nvarnames, capvarnames;
    const char **cellnames;
    int ncells;
    const char **freenames;
    int nfree;
    sp_srcpos pos;
    fblock fb[SP_MAXBLOCKS];
    int nfb;
    int firstlineno;
    int argcount, posonly, kwonly;
    uint32_t flags;
    int ncaches;
    bool in_class_body_func; /* scope kind shortcut */
} unit;

struct compiler {
    jmp_buf jb;
    sp_syntax_error *err;
    const char *filename;
    const char *src;
    size_t srclen;
    sp_val filename_obj;
    scope *top;
    scope *cur_scope; /* pass 1 */
    unit *u;          /* pass 2 */
    sp_parse_mode mode;
    bool dynamic_locals;
    bool syntax_error;
    sp_compile_stats *stats;
    int nested_functions;
};

SP_RUN_STATE static compiler *active; /* for the GC tracer */

void sp_compile_trace(void)
{
    for (compiler *c = active; c; c = NULL)
        for (unit *u = c->u; u; u = u->prev) {
            sp_gc_mark(u->consts);
            sp_gc_mark(u->names);
            sp_gc_mark(u->names_map);
            sp_gc_mark(u->qualname);
        }
    if (active) sp_gc_mark(active->filename_obj);
}

static void oom(compiler *c)
{
    if (!sp_err_occurred()) sp_err_no_memory();
    longjmp(c->jb, 1);
}

static void *xrealloc(compiler *c, void *p, size_t n)
{
    void *q = sp_sys_realloc(p, n ? n : 1);
    if (!q) oom(c);
    return q;
}

static void fail(compiler *c, int line, int col, int end_line, int end_col, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->syntax_error = true;
    sp_syntax_error_at(c->err, "SyntaxError", msg, c->src, c->srclen, line, col, end_line, end_col);
    longjmp(c->jb, 1);
}

static sp_val check(compiler *c, sp_val v)
{
    if (!v) oom(c);
    return v;
}

/* ---- pass 1: building the symbol tables -------------------------------------------------- */

static scope *scope_new(compiler *c, int kind, const char *name, const void *node)
{
    scope *s = sp_sys_calloc(1, sizeof *s);
    if (!s) oom(c);
    s->kind = kind;
    s->name = name;
    s->node = node;
    s->parent = c->cur_scope;
    if (s->parent) {
        scope *p = s->parent;
        if (p->nchildren >= p->capchildren) {
            p->capchildren = p->capchildren ? p->capchildren * 2 : 4;
            p->children = xrealloc(c, p->children, (size_t)p->capchildren * sizeof(scope *));
        }
        p->children[p->nchildren++] = s;
    }
    return s;
}

static void st_stmts(compiler *c, const sp_ast_stmt_seq *seq);
static void st_expr(compiler *c, const sp_ast_expr *e);
static void st_exprs(compiler *c, const sp_ast_expr_seq *seq)
{
    for (size_t i = 0; i < seq->len; i++)
        st_expr(c, seq->items[i]);
}

static void st_def(compiler *c, const char *name, int flags, int line, int col)
{
    scope *s = c->cur_scope;
    sym *y = sym_find(s, name);
    if (y && (flags & (DEF_LOCAL | DEF_PARAM))) {
        if ((y->flags & DEF_GLOBAL) && (flags & DEF_PARAM))
            fail(c, line, col, 0, 0, "name '%s' is parameter and global", name);
        if ((y->flags & DEF_PARAM) && (flags & DEF_PARAM))
            fail(c, line, col, 0, 0, "duplicate argument '%s' in function definition", name);
    }
    sym_add(c, s, name, flags, line, col);
}

static void st_param(compiler *c, const sp_ast_arg *a)
{
    st_def(c, a->arg, DEF_PARAM, a->lineno, a->col_offset);
    scope *s = c->cur_scope;
    s->params = xrealloc(c, s->params, (size_t)(s->nparams + 1) * sizeof(char *));
    s->params[s->nparams++] = a->arg;
}

static void st_params(compiler *c, const sp_ast_arguments *a)
{
    for (size_t i = 0; i < a->posonlyargs.len; i++)
        st_param(c, a->posonlyargs.items[i]);
    for (size_t i = 0; i < a->args.len; i++)
        st_param(c, a->args.items[i]);
    for (size_t i = 0; i < a->kwonlyargs.len; i++)
        st_param(c, a->kwonlyargs.items[i]);
    if (a->vararg) st_param(c, a->vararg);
    if (a->kwarg) st_param(c, a->kwarg);
}

static void st_arg_defaults(compiler *c, const sp_ast_arguments *a)
{
    st_exprs(c, &a->defaults);
    for (size_t i = 0; i < a->kw_defaults.len; i++)
        if (a->kw_defaults.items[i]) st_expr(c, a->kw_defaults.items[i]);
}

static void st_annotations(compiler *c, const sp_ast_arguments *a, const sp_ast_expr *returns)
{
    /* annotations are evaluated in the enclosing scope */
    const sp_ast_arg_seq *seqs[3] = {&a->posonlyargs, &a->args, &a->kwonlyargs};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < seqs[k]->len; i++)
            if (seqs[k]->items[i]->annotation) st_expr(c, seqs[k]->items[i]->annotation);
    if (a->vararg && a->vararg->annotation) st_expr(c, a->vararg->annotation);
    if (a->kwarg && a->kwarg->annotation) st_expr(c, a->kwarg->annotation);
    if (returns) st_expr(c, returns);
}

static void st_comprehension(compiler *c, const sp_ast_expr *e, const char *name,
                             const sp_ast_comprehension_seq *gens, const sp_ast_expr *elt,
                             const sp_ast_expr *value)
{
    /* the first iterable is evaluated in the enclosing scope */
    st_expr(c, gens->items[0]->iter);
    scope *s = scope_new(c, ST_FUNCTION, name, e);
    s->comprehension = true;
    if (e->kind == SP_AST_GeneratorExp) s->generator = true;
    scope *saved = c->cur_scope;
    c->cur_scope = s;
    sym_add(c, s, ".0", DEF_PARAM, e->lineno, e->col_offset);
    s->params = xrealloc(c, s->params, sizeof(char *));
    s->params[s->nparams++] = ".0";
    for (size_t i = 0; i < gens->len; i++) {
        const sp_ast_comprehension *g = gens->items[i];
        if (i > 0) st_expr(c, g->iter);
        st_expr(c, g->target);
        st_exprs(c, &g->ifs);
    }
    if (value) st_expr(c, value);
    st_expr(c, elt);
    c->cur_scope = saved;
}

static void st_expr(compiler *c, const sp_ast_expr *e)
{
    if (!e) return;
    switch (e->kind) {
    case SP_AST_BoolOp:
        st_exprs(c, &e->v.BoolOp.values);
        break;
    case SP_AST_NamedExpr: {
        st_expr(c, e->v.NamedExpr.value);
        const char *name = e->v.NamedExpr.target->v.Name.id;
        scope *s = c->cur_scope;
        if (s->comprehension) {
            /* binds in the nearest enclosing non-comprehension scope */
            scope *t = s;
            while (t->comprehension)
                t = t->parent;
            if (t->kind == ST_CLASS)
                fail(c, e->lineno, e->col_offset, e->end_lineno, e->end_col_offset,
                     "assignment expression within a comprehension cannot be used in a class body");
            for (scope *x = s; x != t; x = x->parent)
                sym_add(c, x, name, t->kind == ST_MODULE ? DEF_GLOBAL : DEF_NONLOCAL, e->lineno,
                        e->col_offset);
            sym_add(c, t, name, DEF_LOCAL, e->lineno, e->col_offset);
        } else {
            st_def(c, name, DEF_LOCAL, e->lineno, e->col_offset);
        }
        break;
    }
    case SP_AST_BinOp:
        st_expr(c, e->v.BinOp.left);
        st_expr(c, e->v.BinOp.right);
        break;
    case SP_AST_UnaryOp:
        st_expr(c, e->v.UnaryOp.operand);
        break;
    case SP_AST_Lambda: {
        st_arg_defaults(c, e->v.Lambda.args);
        scope *s = scope_new(c, ST_FUNCTION, "<lambda>", e);
        scope *saved = c->cur_scope;
        c->cur_scope = s;
        st_params(c, e->v.Lambda.args);
        st_expr(c, e->v.Lambda.body);
        c->cur_scope = saved;
        break;
    }
    case SP_AST_IfExp:
        st_expr(c, e->v.IfExp.test);
        st_expr(c, e->v.IfExp.body);
        st_expr(c, e->v.IfExp.orelse);
        break;
    case SP_AST_Dict:
        for (size_t i = 0; i < e->v.Dict.keys.len; i++)
            st_expr(c, e->v.Dict.keys.items[i]);
        st_exprs(c, &e->v.Dict.values);
        break;
    case SP_AST_Set:
        st_exprs(c, &e->v.Set.elts);
        break;
    case SP_AST_ListComp:
        st_comprehension(c, e, "<listcomp>", &e->v.ListComp.generators, e->v.ListComp.elt, NULL);
        break;
    case SP_AST_SetComp:
        st_comprehension(c, e, "<setcomp>", &e->v.SetComp.generators, e->v.SetComp.elt, NULL);
        break;
    case SP_AST_GeneratorExp:
        st_comprehension(c, e, "<genexpr>", &e->v.GeneratorExp.generators, e->v.GeneratorExp.elt,
                         NULL);
        break;
    case SP_AST_DictComp:
        st_comprehension(c, e, "<dictcomp>", &e->v.DictComp.generators, e->v.DictComp.key,
                         e->v.DictComp.value);
        break;
    case SP_AST_Await:
        st_expr(c, e->v.Await.value);
        break;
    case SP_AST_Yield:
    case SP_AST_YieldFrom: {
        scope *s = c->cur_scope;
        if (s->kind != ST_FUNCTION)
            fail(c, e->lineno, e->col_offset, e->end_lineno, e->end_col_offset,
                 "'yield' outside function");
        if (s->comprehension)
            fail(c, e->lineno, e->col_offset, e->end_lineno, e->end_col_offset, "'yield' inside %s",
                 strcmp(s->name, "<genexpr>") == 0    ? "generator expression"
                 : strcmp(s->name, "<listcomp>") == 0 ? "list comprehension"
                 : strcmp(s->name, "<setcomp>") == 0  ? "set comprehension"
                                                      : "dict comprehension");
        s->generator = true;
        st_expr(c, e->kind == SP_AST_Yield ? e->v.Yield.value : e->v.YieldFrom.value);
        break;
    }
    case SP_AST_Compare:
        st_expr(c, e->v.Compare.left);
        st_exprs(c, &e->v.Compare.comparators);
        break;
    case SP_AST_Call:
        st_expr(c, e->v.Call.func);
        st_exprs(c, &e->v.Call.args);
        for (size_t i = 0; i < e->v.Call.keywords.len; i++)
            st_expr(c, e->v.Call.keywords.items[i]->value);
        break;
    case SP_AST_FormattedValue:
        st_expr(c, e->v.FormattedValue.value);
        st_expr(c, e->v.FormattedValue.format_spec);
        break;
    case SP_AST_JoinedStr:
        st_exprs(c, &e->v.JoinedStr.values);
        break;
    case SP_AST_Constant:
        break;
    case SP_AST_Attribute:
        st_expr(c, e->v.Attribute.value);
        break;
    case SP_AST_Subscript:
        st_expr(c, e->v.Subscript.value);
        st_expr(c, e->v.Subscript.slice);
        break;
    case SP_AST_Starred:
        st_expr(c, e->v.Starred.value);
        break;
    case SP_AST_Name:
        if (e->v.Name.ctx == SP_AST_Load) {
            sym_add(c, c->cur_scope, e->v.Name.id, USE, e->lineno, e->col_offset);
            if (strcmp(e->v.Name.id, "super") == 0 && c->cur_scope->kind == ST_FUNCTION)
                c->cur_scope->uses_super = true;
        } else {
            st_def(c, e->v.Name.id, DEF_LOCAL, e->lineno, e->col_offset);
        }
        break;
    case SP_AST_List:
        st_exprs(c, &e->v.List.elts);
        break;
    case SP_AST_Tuple:
        st_exprs(c, &e->v.Tuple.elts);
        break;
    case SP_AST_Slice:
        st_expr(c, e->v.Slice.lower);
        st_expr(c, e->v.Slice.upper);
        st_expr(c, e->v.Slice.step);
        break;
    }
}

static void st_pattern(compiler *c, const sp_ast_pattern *p)
{
    if (!p) return;
    switch (p->kind) {
    case SP_AST_MatchValue:
        st_expr(c, p->v.MatchValue.value);
        break;
    case SP_AST_MatchSingleton:
        break;
    case SP_AST_MatchSequence:
        for (size_t i = 0; i < p->v.MatchSequence.patterns.len; i++)
            st_pattern(c, p->v.MatchSequence.patterns.items[i]);
        break;
    case SP_AST_MatchMapping:
        st_exprs(c, &p->v.MatchMapping.keys);
        for (size_t i = 0; i < p->v.MatchMapping.patterns.len; i++)
            st_pattern(c, p->v.MatchMapping.patterns.items[i]);
        if (p->v.MatchMapping.rest)
            st_def(c, p->v.MatchMapping.rest, DEF_LOCAL, p->lineno, p->col_offset);
        break;
    case SP_AST_MatchClass:
        st_expr(c, p->v.MatchClass.cls);
        for (size_t i = 0; i < p->v.MatchClass.patterns.len; i++)
            st_pattern(c, p->v.MatchClass.patterns.items[i]);
        for (size_t i = 0; i < p->v.MatchClass.kwd_patterns.len; i++)
            st_pattern(c, p->v.MatchClass.kwd_patterns.items[i]);
        break;
    case SP_AST_MatchStar:
        if (p->v.MatchStar.name)
            st_def(c, p->v.MatchStar.name, DEF_LOCAL, p->lineno, p->col_offset);
        break;
    case SP_AST_MatchAs:
        st_pattern(c, p->v.MatchAs.pattern);
        if (p->v.MatchAs.name) st_def(c, p->v.MatchAs.name, DEF_LOCAL, p->lineno, p->col_offset);
        break;
    case SP_AST_MatchOr:
        for (size_t i = 0; i < p->v.MatchOr.patterns.len; i++)
            st_pattern(c, p->v.MatchOr.patterns.items[i]);
        break;
    }
}

static void st_global_decl(compiler *c, const sp_ast_stmt *s, bool nonlocal)
{
    scope *sc = c->cur_scope;
    const sp_ast_ident_seq *names = nonlocal ? &s->v.Nonlocal.names : &s->v.Global.names;
    for (size_t i = 0; i < names->len; i++) {
        const char *n = names->items[i];
        sym *y = sym_find(sc, n);
        const char *kw = nonlocal ? "nonlocal" : "global";
        if (y) {
            if (y->flags & DEF_PARAM)
                fail(c, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset,
                     "name '%s' is parameter and %s", n, kw);
            if (nonlocal && (y->flags & DEF_GLOBAL))
                fail(c, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset,
                     "name '%s' is nonlocal and global", n);
            if (!nonlocal && (y->flags & DEF_NONLOCAL))
                fail(c, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset,
                     "name '%s' is nonlocal and global", n);
            if (y->flags & DEF_LOCAL)
                fail(c, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset,
                     "name '%s' is assigned to before %s declaration", n, kw);
            if (y->flags & USE)
                fail(c, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset,
                     "name '%s' is used prior to %s declaration", n, kw);
        }
        sym *ny = sym_add(c, sc, n, nonlocal ? DEF_NONLOCAL : DEF_GLOBAL, s->lineno, s->col_offset);
        ny->end_line = s->end_lineno;
        ny->end_col = s->end_col_offset;
    }
}

static void st_stmt(compiler *c, const sp_ast_stmt *s)
{
    switch (s->kind) {
    case SP_AST_FunctionDef:
    case SP_AST_AsyncFunctionDef: {
        st_def(c, s->v.FunctionDef.name, DEF_LOCAL, s->lineno, s->col_offset);
        st_exprs(c, &s->v.FunctionDef.decorator_list);
        st_arg_defaults(c, s->v.FunctionDef.args);
        st_annotations(c, s->v.FunctionDef.args, s->v.FunctionDef.returns);
        scope *sc = scope_new(c, ST_FUNCTION, s->v.FunctionDef.name, s);
        scope *saved = c->cur_scope;
        c->cur_scope = sc;
        st_params(c, s->v.FunctionDef.args);
        st_stmts(c, &s->v.FunctionDef.body);
        c->cur_scope = saved;
        break;
    }
    case SP_AST_ClassDef: {
        st_def(c, s->v.ClassDef.name, DEF_LOCAL, s->lineno, s->col_offset);
        st_exprs(c, &s->v.ClassDef.decorator_list);
        st_exprs(c, &s->v.ClassDef.bases);
        for (size_t i = 0; i < s->v.ClassDef.keywords.len; i++)
            st_expr(c, s->v.ClassDef.keywords.items[i]->value);
        scope *sc = scope_new(c, ST_CLASS, s->v.ClassDef.name, s);
        scope *saved = c->cur_scope;
        c->cur_scope = sc;
        st_stmts(c, &s->v.ClassDef.body);
        c->cur_scope = saved;
        break;
    }
    case SP_AST_Return:
        if (c->cur_scope->kind != ST_FUNCTION)
            fail(c, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset,
                 "'return' outside function");
        st_expr(c, s->v.Return.value);
        break;
    case SP_AST_Delete:
        st_exprs(c, &s->v.Delete.targets);
        break;
    case SP_AST_Assign:
        st_expr(c, s->v.Assign.value);
        st_exprs(c, &s->v.Assign.targets);
        break;
    case SP_AST_AugAssign: {
        st_expr(c, s->v.AugAssign.value);
        const sp_ast_expr *t = s->v.AugAssign.target;
        if (t->kind == SP_AST_Name) {
            int iadd = s->v.AugAssign.op == SP_AST_Add ? DEF_IADD : 0;
            sym_add(c, c->cur_scope, t->v.Name.id, USE | iadd, t->lineno, t->col_offset);
            st_def(c, t->v.Name.id, DEF_LOCAL, t->lineno, t->col_offset);
        } else {
            st_expr(c, t);
        }
        break;
    }
    case SP_AST_AnnAssign: {
        const sp_ast_expr *t = s->v.AnnAssign.target;
        if (t->kind == SP_AST_Name) {
            sym *y = sym_find(c->cur_scope, t->v.Name.id);
            if (y && (y->flags & (DEF_GLOBAL | DEF_NONLOCAL)) && s->v.AnnAssign.simple)
                fail(c, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset,
                     "annotated name '%s' can't be %s", t->v.Name.id,
                     (y->flags & DEF_GLOBAL) ? "global" : "nonlocal");
            st_def(c, t->v.Name.id, DEF_LOCAL | DEF_ANNOT, t->lineno, t->col_offset);
        } else {
            st_expr(c, t);
        }
        st_expr(c, s->v.AnnAssign.annotation);
        st_expr(c, s->v.AnnAssign.value);
        break;
    }
    case SP_AST_For:
    case SP_AST_AsyncFor:
        st_expr(c, s->v.For.target);
        st_expr(c, s->v.For.iter);
        st_stmts(c, &s->v.For.body);
        st_stmts(c, &s->v.For.orelse);
        break;
    case SP_AST_While:
        st_expr(c, s->v.While.test);
        st_stmts(c, &s->v.While.body);
        st_stmts(c, &s->v.While.orelse);
        break;
    case SP_AST_If:
        st_expr(c, s->v.If.test);
        st_stmts(c, &s->v.If.body);
        st_stmts(c, &s->v.If.orelse);
        break;
    case SP_AST_With:
    case SP_AST_AsyncWith:
        for (size_t i = 0; i < s->v.With.items.len; i++) {
            st_expr(c, s->v.With.items.items[i]->context_expr);
            st_expr(c, s->v.With.items.items[i]->optional_vars);
        }
        st_stmts(c, &s->v.With.body);
        break;
    case SP_AST_Match:
        st_expr(c, s->v.Match.subject);
        for (size_t i = 0; i < s->v.Match.cases.len; i++) {
            const sp_ast_match_case *mc = s->v.Match.cases.items[i];
            st_pattern(c, mc->pattern);
            st_expr(c, mc->guard);
            st_stmts(c, &mc->body);
        }
        break;
    case SP_AST_Raise:
        st_expr(c, s->v.Raise.exc);
        st_expr(c, s->v.Raise.cause);
        break;
    case SP_AST_Try:
    case SP_AST_TryStar:
        st_stmts(c, &s->v.Try.body);
        for (size_t i = 0; i < s->v.Try.handlers.len; i++) {
            const sp_ast_excepthandler *h = s->v.Try.handlers.items[i];
            st_expr(c, h->type);
            if (h->name) st_def(c, h->name, DEF_LOCAL, h->lineno, h->col_offset);
            st_stmts(c, &h->body);
        }
        st_stmts(c, &s->v.Try.orelse);
        st_stmts(c, &s->v.Try.finalbody);
        break;
    case SP_AST_Assert:
        st_expr(c, s->v.Assert.test);
        st_expr(c, s->v.Assert.msg);
        break;
    case SP_AST_Import:
    case SP_AST_ImportFrom: {
        const sp_ast_alias_seq *names =
            s->kind == SP_AST_Import ? &s->v.Import.names : &s->v.ImportFrom.names;
        for (size_t i = 0; i < names->len; i++) {
            const sp_ast_alias *a = names->items[i];
            if (strcmp(a->name, "*") == 0) {
                if (c->cur_scope->kind != ST_MODULE)
                    fail(c, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset,
                         "import * only allowed at module level");
                continue;
            }
            const char *bound = a->asname;
            char *tmp = NULL;
            if (!bound) {
                const char *dot = strchr(a->name, '.');
                if (dot && s->kind == SP_AST_Import) {
                    size_t n = (size_t)(dot - a->name);
                    tmp = sp_sys_malloc(n + 1);
                    if (!tmp) oom(c);
                    memcpy(tmp, a->name, n);
                    tmp[n] = 0;
                    sym *y = sym_find(c->cur_scope, tmp);
                    if (y) {
                        sp_sys_free(tmp);
                        y->flags |= DEF_LOCAL;
                        continue;
                    }
                    scope *cs = c->cur_scope;
                    char **on =
                        sp_sys_realloc(cs->owned_names, (size_t)(cs->nowned + 1) * sizeof *on);
                    if (!on) {
                        sp_sys_free(tmp);
                        oom(c);
                    }
                    cs->owned_names = on;
                    on[cs->nowned++] = tmp;
                    bound = tmp; /* owned by the scope from now on */
                } else {
                    bound = a->name;
                }
            }
            st_def(c, bound, DEF_LOCAL, a->lineno, a->col_offset);
        }
        break;
    }
    case SP_AST_Global:
        st_global_decl(c, s, false);
        break;
    case SP_AST_Nonlocal:
        st_global_decl(c, s, true);
        break;
    case SP_AST_Expr:
        st_expr(c, s->v.Expr.value);
        break;
    case SP_AST_Pass:
    case SP_AST_Break:
    case SP_AST_Continue:
        break;
    }
}

static void st_stmts(compiler *c, const sp_ast_stmt_seq *seq)
{
    for (size_t i = 0; i < seq->len; i++)
        st_stmt(c, seq->items[i]);
}

/* A tiny string set used during analysis. */
typedef struct nameset {
    const char **v;
    int n, cap;
} nameset;

static bool ns_has(const nameset *s, const char *n)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->v[i], n) == 0) return true;
    return false;
}

static void ns_add(compiler *c, nameset *s, const char *n)
{
    if (ns_has(s, n)) return;
    if (s->n >= s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->v = xrealloc(c, s->v, (size_t)s->cap * sizeof(char *));
    }
    s->v[s->n++] = n;
}

/* Resolve the names of `s` given the names bound in enclosing function scopes
 * (`bound`) and declared global there (`global`); adds to `free_out` the names this
 * scope needs from its parents. */
static void analyze(compiler *c, scope *s, const nameset *bound, const nameset *global,
                    nameset *free_out)
{
    nameset newbound = {0}, newglobal = {0}, childfree = {0};
    for (int i = 0; i < bound->n; i++)
        ns_add(c, &newbound, bound->v[i]);
    for (int i = 0; i < global->n; i++)
        ns_add(c, &newglobal, global->v[i]);
    for (int i = 0; i < s->nsyms; i++) {
        sym *y = &s->syms[i];
        if (y->flags & DEF_GLOBAL) {
            y->scope = SC_GLOBAL_EXPLICIT;
        } else if (y->flags & DEF_NONLOCAL) {
            if (s->kind == ST_MODULE)
                fail(c, y->first_line, y->first_col, y->end_line, y->end_col,
                     "nonlocal declaration not allowed at module level");
            if (!ns_has(bound, y->name))
                fail(c, y->first_line, y->first_col, y->end_line, y->end_col,
                     "no binding for nonlocal '%s' found", y->name);
            y->scope = SC_FREE;
        } else if (y->flags & (DEF_LOCAL | DEF_PARAM)) {
            y->scope = SC_LOCAL;
        } else if (s->kind != ST_MODULE && ns_has(bound, y->name) && !ns_has(global, y->name)) {
            y->scope = SC_FREE;
        } else {
            y->scope = SC_GLOBAL_IMPLICIT;
        }
    }
    if (s->kind == ST_FUNCTION) {
        for (int i = 0; i < s->nsyms; i++) {
            sym *y = &s->syms[i];
            if (y->scope == SC_LOCAL) {
                ns_add(c, &newbound, y->name);
                /* a local shadows an outer global declaration */
                for (int j = 0; j < newglobal.n; j++)
                    if (strcmp(newglobal.v[j], y->name) == 0) newglobal.v[j] = "";
            } else if (y->scope == SC_GLOBAL_EXPLICIT) {
                ns_add(c, &newglobal, y->name);
            }
        }
    } else if (s->kind == ST_CLASS) {
        /* a class's own `global` declarations are invisible to its methods (CPython
         * passes the class's children the sets from before the class's names) */
        ns_add(c, &newbound, "__class__");
    }
    for (int i = 0; i < s->nchildren; i++)
        analyze(c, s->children[i], &newbound, &newglobal, &childfree);
    /* the names children need */
    for (int i = 0; i < childfree.n; i++) {
        const char *n = childfree.v[i];
        sym *y = sym_find(s, n);
        if (s->kind == ST_CLASS && strcmp(n, "__class__") == 0) {
            s->needs_class_closure = true;
            continue;
        }
        if (s->kind == ST_FUNCTION && y && y->scope == SC_LOCAL) {
            y->scope = SC_CELL;
            continue;
        }
        if (s->kind == ST_FUNCTION && y && y->scope == SC_CELL) continue;
        if (y && s->kind == ST_CLASS &&
            (y->scope == SC_LOCAL || y->scope == SC_GLOBAL_IMPLICIT ||
             y->scope == SC_GLOBAL_EXPLICIT)) {
            y->flags |= DEF_FREE_CLASS;
            ns_add(c, free_out, n);
            continue;
        }
        if (y && y->scope == SC_FREE) {
            ns_add(c, free_out, n);
            continue;
        }
        if (!y) {
            y = sym_add(c, s, n, 0, 0, 0);
            y->scope = SC_FREE;
        } else if (y->scope == SC_GLOBAL_IMPLICIT || y->scope == SC_GLOBAL_EXPLICIT) {
            continue; /* cannot happen for well-formed input */
        }
        ns_add(c, free_out, n);
    }
    for (int i = 0; i < s->nsyms; i++)
        if (s->syms[i].scope == SC_FREE) ns_add(c, free_out, s->syms[i].name);
    sp_sys_free(newbound.v);
    sp_sys_free(newglobal.v);
    sp_sys_free(childfree.v);
}

/* super() and __class__ in a method make `__class__` a free variable. */
static void add_class_refs(compiler *c, scope *s)
{
    if (s->kind == ST_FUNCTION && !s->comprehension &&
        (s->uses_super || sym_find(s, "__class__"))) {
        sym *y = sym_find(s, "__class__");
        if (!y) sym_add(c, s, "__class__", USE, 0, 0);
    }
    for (int i = 0; i < s->nchildren; i++)
        add_class_refs(c, s->children[i]);
}

/* ---- pass 2: emitting code ---------------------------------------------------------- */

static int name_index(compiler *c, const char *name)
{
    unit *u = c->u;
    sp_val key = check(c, sp_str_intern(name));
    sp_val idx = sp_dict_get(u->names_map, key);
    if (idx) return (int)sp_small_value(idx);
    int i = (int)((sp_list *)u->names)->len;
    if (sp_list_append(u->names, key) < 0 || sp_dict_set(u->names_map, key, sp_small(i)) < 0)
        oom(c);
    return i;
}

static bool same_const(sp_val a, sp_val b)
{
    if (a == b) return true;
    sp_type *ta = sp_typeof(a), *tb = sp_typeof(b);
    if (ta != tb) return false;
    if (ta == &sp_type_str) return sp_str_eq(a, b);
    if (ta == &sp_type_int) return sp_eq(a, b) == 1;
    if (ta == &sp_type_float) {
        /* bit equality: 0.0 and -0.0 (and NaNs) are distinct constants */
        double x = sp_float_as_double(a), y = sp_float_as_double(b);
        return memcmp(&x, &y, sizeof x) == 0;
    }
    return false;
}

static int const_index(compiler *c, sp_val v)
{
    sp_list *l = (sp_list *)c->u->consts;
    size_t lim = l->len > 512 ? l->len - 512 : 0;
    for (size_t i = l->len; i-- > lim;)
        if (same_const(l->items[i], v)) return (int)i;
    if (sp_list_append(c->u->consts, v) < 0) oom(c);
    return (int)l->len - 1;
}

static int new_label(compiler *c)
{
    unit *u = c->u;
    if (u->nlabels >= u->caplabels) {
        u->caplabels = u->caplabels ? u->caplabels * 2 : 16;
        u->labels = xrealloc(c, u->labels, (size_t)u->caplabels * sizeof(int));
    }
    u->labels[u->nlabels] = -1;
    return u->nlabels++;
}

static void bind_label(compiler *c, int label)
{
    c->u->labels[label] = c->u->ncode;
    c->u->last_label_at = c->u->ncode;
}

static void emit(compiler *c, int op, uint32_t arg)
{
    unit *u = c->u;
    /* superinstructions, only when no jump lands between the pair */
    if (u->ncode > 0 && u->last_label_at != u->ncode) {
        cinstr *prev = &u->code[u->ncode - 1];
        /* only parameters: they are bound on entry, so an UnboundLocalError (which
         * must point at the failing operand) cannot come from the fused pair */
        int nparams = u->sc->nparams;
        bool load = op == SP_LOAD_FAST || op == SP_LOAD_FAST_CLEAR;
        bool prev_load = prev->op == SP_LOAD_FAST || prev->op == SP_LOAD_FAST_CLEAR;
        if (load && prev_load && prev->arg < (uint32_t)nparams && arg < (uint32_t)nparams) {
            /* a `+=` target's load takes the builder mark off both (harmless
             * for the other) */
            prev->op = op == SP_LOAD_FAST && prev->op == SP_LOAD_FAST
                           ? SP_LOAD_FAST_LOAD_FAST
                           : SP_LOAD_FAST_LOAD_FAST_CLEAR;
            prev->arg |= arg << 16;
            return;
        }
        if (op == SP_POP_JUMP_IF_FALSE && prev->op == SP_COMPARE_OP && arg < (1u << 27)) {
            prev->op = SP_COMPARE_JUMP_IF_FALSE;
            prev->arg |= arg << 4;
            return;
        }
    }
    if (u->ncode >= u->capcode) {
        u->capcode = u->capcode ? u->capcode * 2 : 64;
        u->code = xrealloc(c, u->code, (size_t)u->capcode * sizeof(cinstr));
    }
    u->code[u->ncode++] = (cinstr){.op = (uint8_t)op, .arg = arg, .pos = u->pos};
}

static void emit_const(compiler *c, sp_val v)
{
    emit(c, SP_LOAD_CONST, (uint32_t)const_index(c, v));
}

static void set_pos_expr(compiler *c, const sp_ast_expr *e)
{
    c->u->pos = (sp_srcpos){e->lineno, e->col_offset, e->end_lineno, e->end_col_offset};
}

static void set_pos_stmt(compiler *c, const sp_ast_stmt *s)
{
    c->u->pos = (sp_srcpos){s->lineno, s->col_offset, s->end_lineno, s->end_col_offset};
}

/* ---- name resolution in pass 2 ---- */

static sym *lookup_sym(compiler *c, const char *name)
{
    return sym_find(c->u->sc, name);
}

static int slot_of(const char **names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) return i;
    return -1;
}

static int fast_slot(compiler *c, const char *name)
{
    unit *u = c->u;
    int i = slot_of(u->varnames, u->nvarnames, name);
    if (i >= 0) return i;
    if (u->nvarnames >= u->capvarnames) {
        u->capvarnames = u->capvarnames ? u->capvarnames * 2 : 8;
        u->varnames = xrealloc(c, u->varnames, (size_t)u->capvarnames * sizeof(char *));
    }
    u->varnames[u->nvarnames] = name;
    return u->nvarnames++;
}

/* Slot of a cell or free variable: cells follow the fast locals; frees follow the
 * cells. The final base (nlocals) is only known at assembly: encode as a tag. */
#define DEREF_TAG 0x40000000u
static int deref_slot(compiler *c, const char *name)
{
    unit *u = c->u;
    int i = slot_of(u->cellnames, u->ncells, name);
    if (i >= 0) return i;
    i = slot_of(u->freenames, u->nfree, name);
    if (i >= 0) return u->ncells + i;
    return -1;
}

enum name_op { NAME_LOAD, NAME_STORE, NAME_DEL };

/* The load of fast local y: LOAD_FAST_CLEAR for a `+=` target unless it is the
 * left operand of a builder `+=` (iadd_left), which must not clear the mark. */
static int fast_load_op(const sym *y, bool iadd_left)
{
    return y && (y->flags & DEF_IADD) && !iadd_left ? SP_LOAD_FAST_CLEAR : SP_LOAD_FAST;
}

static void compile_name(compiler *c, const char *name, int op, const sp_ast_expr *e)
{
    unit *u = c->u;
    sym *y = lookup_sym(c, name);
    int sc = y ? y->scope : SC_GLOBAL_IMPLICIT;
    int kind = u->sc->kind;
    if (kind == ST_MODULE && sc != SC_FREE && sc != SC_CELL) {
        int i = name_index(c, name);
        if (c->dynamic_locals && sc != SC_GLOBAL_EXPLICIT)
            emit(c,
                 op == NAME_LOAD    ? SP_LOAD_NAME
                 : op == NAME_STORE ? SP_STORE_NAME
                                    : SP_DELETE_NAME,
                 (uint32_t)i);
        else
            emit(c,
                 op == NAME_LOAD    ? SP_LOAD_GLOBAL
                 : op == NAME_STORE ? SP_STORE_GLOBAL
                                    : SP_DELETE_GLOBAL,
                 (uint32_t)i);
        if (op == NAME_LOAD && !(c->dynamic_locals && sc != SC_GLOBAL_EXPLICIT)) c->u->ncaches++;
        return;
    }
    switch (sc) {
    case SC_LOCAL:
        if (kind == ST_FUNCTION) {
            int i = fast_slot(c, name);
            emit(c,
                 op == NAME_LOAD    ? fast_load_op(y, false)
                 : op == NAME_STORE ? SP_STORE_FAST
                                    : SP_DELETE_FAST,
                 (uint32_t)i);
        } else {
            emit(c,
                 op == NAME_LOAD    ? SP_LOAD_NAME
                 : op == NAME_STORE ? SP_STORE_NAME
                                    : SP_DELETE_NAME,
                 (uint32_t)name_index(c, name));
        }
        return;
    case SC_CELL:
    case SC_FREE: {
        int i = deref_slot(c, name);
        if (kind == ST_CLASS && op == NAME_LOAD && (sc == SC_FREE) && (y->flags & DEF_FREE_CLASS)) {
            emit(c, SP_LOAD_CLASSDEREF, DEREF_TAG | (uint32_t)i);
            return;
        }
        if (kind == ST_CLASS && sc == SC_CELL) {
            /* __class__ cell in a class body is never accessed by name */
        }
        emit(c,
             op == NAME_LOAD    ? SP_LOAD_DEREF
             : op == NAME_STORE ? SP_STORE_DEREF
                                : SP_DELETE_DEREF,
             DEREF_TAG | (uint32_t)i);
        return;
    }
    case SC_GLOBAL_EXPLICIT:
        emit(c,
             op == NAME_LOAD    ? SP_LOAD_GLOBAL
             : op == NAME_STORE ? SP_STORE_GLOBAL
                                : SP_DELETE_GLOBAL,
             (uint32_t)name_index(c, name));
        if (op == NAME_LOAD) c->u->ncaches++;
        return;
    default:
        if (kind == ST_FUNCTION) {
            emit(c,
                 op == NAME_LOAD    ? SP_LOAD_GLOBAL
                 : op == NAME_STORE ? SP_STORE_GLOBAL
                                    : SP_DELETE_GLOBAL,
                 (uint32_t)name_index(c, name));
            if (op == NAME_LOAD) c->u->ncaches++;
        } else {
            emit(c,
                 op == NAME_LOAD    ? SP_LOAD_NAME
                 : op == NAME_STORE ? SP_STORE_NAME
                                    : SP_DELETE_NAME,
                 (uint32_t)name_index(c, name));
        }
        return;
    }
}

/* ---- units ---- */

static scope *find_child_scope(compiler *c, const void *node)
{
    scope *s = c->u ? c->u->sc : c->top;
    for (int i = 0; i < s->nchildren; i++)
        if (s->children[i]->node == node) return s->children[i];
    fail(c, 1, 0, 0, 0, "internal compiler error: no scope");
}

static void enter_unit(compiler *c, scope *s, const char *name, int firstlineno)
{
    unit *u = sp_sys_calloc(1, sizeof *u);
    if (!u) oom(c);
    u->prev = c->u;
    u->sc = s;
    u->last_label_at = -1;
    u->firstlineno = firstlineno;
    c->u = u;
    u->consts = check(c, sp_list_new(4));
    u->names = check(c, sp_list_new(4));
    u->names_map = check(c, sp_dict_new());
    /* qualified name */
    unit *p = u->prev;
    if (!p || p->sc->kind == ST_MODULE) {
        u->qualname = check(c, sp_str_from_cstr(name));
    } else {
        sym *y = sym_find(p->sc, name);
        if (y && y->scope == SC_GLOBAL_EXPLICIT) {
            u->qualname = check(c, sp_str_from_cstr(name));
        } else {
            const char *pq = sp_str_cstr(p->qualname);
            bool fn = p->sc->kind == ST_FUNCTION;
            u->qualname = check(c, sp_str_format("%s%s%s", pq, fn ? ".<locals>." : ".", name));
        }
    }
    /* parameters occupy the first slots */
    for (int i = 0; i < s->nparams; i++)
        fast_slot(c, s->params[i]);
    /* cells: sorted like CPython (alphabetical) is not needed; keep symbol order */
    for (int i = 0; i < s->nsyms; i++) {
        if (s->syms[i].scope == SC_CELL) {
            u->cellnames = xrealloc(c, u->cellnames, (size_t)(u->ncells + 1) * sizeof(char *));
            u->cellnames[u->ncells++] = s->syms[i].name;
        }
    }
    if (s->kind == ST_CLASS && s->needs_class_closure) {
        u->cellnames = xrealloc(c, u->cellnames, (size_t)(u->ncells + 1) * sizeof(char *));
        u->cellnames[u->ncells++] = "__class__";
    }
    for (int i = 0; i < s->nsyms; i++) {
        /* DEF_FREE_CLASS: a class-local name its methods take from the enclosing
         * function; the class body only passes the outer cell through */
        if (s->syms[i].scope == SC_FREE ||
            (s->kind == ST_CLASS && (s->syms[i].flags & DEF_FREE_CLASS))) {
            u->freenames = xrealloc(c, u->freenames, (size_t)(u->nfree + 1) * sizeof(char *));
            u->freenames[u->nfree++] = s->syms[i].name;
        }
    }
    if (s->kind == ST_FUNCTION) {
        if (s->parent && s->parent->kind == ST_FUNCTION) u->flags |= SP_CO_NESTED;
        if (s->generator) u->flags |= SP_CO_GENERATOR;
        if (s->comprehension) u->flags |= SP_CO_COMPREHENSION;
    } else if (s->kind == ST_CLASS) {
        u->flags |= SP_CO_CLASS_BODY;
    } else {
        u->flags |= SP_CO_MODULE;
    }
}

static void free_unit(unit *u)
{
    sp_sys_free(u->code);
    sp_sys_free(u->labels);
    sp_sys_free(u->varnames);
    sp_sys_free(u->cellnames);
    sp_sys_free(u->freenames);
    sp_sys_free(u);
}

static int stack_effect(const cinstr *in, int jump)
{
    uint32_t a = in->arg;
    switch (in->op) {
    case SP_NOP:
        return 0;
    case SP_POP_TOP:
        return -1;
    case SP_ROT_TWO:
    case SP_ROT_THREE:
    case SP_ROT_FOUR:
        return 0;
    case SP_DUP_TOP:
        return 1;
    case SP_DUP_TOP_TWO:
        return 2;
    case SP_COPY:
        return 1;
    case SP_LOAD_CONST:
    case SP_LOAD_FAST:
    case SP_LOAD_FAST_CLEAR:
    case SP_LOAD_FAST_CHECKED:
    case SP_LOAD_DEREF:
    case SP_LOAD_CLOSURE:
    case SP_LOAD_CLASSDEREF:
    case SP_LOAD_NAME:
    case SP_LOAD_GLOBAL:
    case SP_LOAD_ASSERTION_ERROR:
    case SP_BINARY_ADD_FAST_CONST:
        return 1;
    case SP_LOAD_FAST_LOAD_FAST:
    case SP_LOAD_FAST_LOAD_FAST_CLEAR:
        return 2;
    case SP_STORE_FAST_LOAD_FAST:
        return 0;
    case SP_STORE_FAST:
    case SP_STORE_DEREF:
    case SP_STORE_NAME:
    case SP_STORE_GLOBAL:
        return -1;
    case SP_DELETE_FAST:
    case SP_DELETE_DEREF:
    case SP_DELETE_NAME:
    case SP_DELETE_GLOBAL:
        return 0;
    case SP_LOAD_ATTR:
        return 0;
    case SP_STORE_ATTR:
        return -2;
    case SP_DELETE_ATTR:
        return -1;
    case SP_LOAD_METHOD:
        return 1;
    case SP_CALL_METHOD:
        return -(int)a - 1;
    case SP_CALL_METHOD_KW:
        return -(int)a - 2;
    case SP_BINARY_OP:
    case SP_BINARY_SUBSCR:
        return -1;
    case SP_STORE_SUBSCR:
        return -3;
    case SP_DELETE_SUBSCR:
        return -2;
    case SP_UNARY_NEGATIVE:
    case SP_UNARY_POSITIVE:
    case SP_UNARY_INVERT:
    case SP_UNARY_NOT:
        return 0;
    case SP_COMPARE_OP:
    case SP_IS_OP:
    case SP_CONTAINS_OP:
        return -1;
    case SP_COMPARE_JUMP_IF_FALSE:
        return -2;
    case SP_JUMP:
        return 0;
    case SP_POP_JUMP_IF_FALSE:
    case SP_POP_JUMP_IF_TRUE:
    case SP_POP_JUMP_IF_NONE:
    case SP_POP_JUMP_IF_NOT_NONE:
        return -1;
    case SP_JUMP_IF_FALSE_OR_POP:
    case SP_JUMP_IF_TRUE_OR_POP:
        return jump ? 0 : -1;
    case SP_GET_ITER:
        return 0;
    case SP_FOR_ITER:
        return jump ? -1 : 1;
    case SP_BUILD_TUPLE:
    case SP_BUILD_LIST:
    case SP_BUILD_SET:
    case SP_BUILD_STRING:
        return 1 - (int)a;
    case SP_BUILD_MAP:
        return 1 - 2 * (int)a;
    case SP_BUILD_CONST_KEY_MAP:
        return -(int)a;
    case SP_BUILD_SLICE:
        return 1 - (int)a;
    case SP_LIST_APPEND:
    case SP_SET_ADD:
    case SP_LIST_EXTEND:
    case SP_SET_UPDATE:
    case SP_DICT_UPDATE:
    case SP_DICT_MERGE:
        return -1;
    case SP_MAP_ADD:
        return -2;
    case SP_LIST_TO_TUPLE:
        return 0;
    case SP_UNPACK_SEQUENCE:
        return (int)a - 1;
    case SP_UNPACK_EX:
        return (int)(a & 0xFF) + (int)(a >> 8);
    case SP_FORMAT_VALUE:
        return (a & SP_FV_SPEC) ? -1 : 0;
    case SP_CALL:
        return -(int)a;
    case SP_CALL_KW:
        return -(int)a - 1;
    case SP_CALL_FUNCTION_EX:
        return (a & 1) ? -2 : -1;
    case SP_MAKE_FUNCTION:
        return -1 - !!(a & SP_MF_DEFAULTS) - !!(a & SP_MF_KWDEFAULTS) - !!(a & SP_MF_ANNOTATIONS) -
               !!(a & SP_MF_CLOSURE);
    case SP_BUILD_CLASS:
        return -3;
    case SP_RETURN_VALUE:
        return -1;
    case SP_RETURN_CONST:
        return 0;
    case SP_YIELD_VALUE:
        return 0;
    case SP_GET_YIELD_FROM_ITER:
        return 0;
    case SP_YIELD_FROM:
        return -1;
    case SP_SETUP_FINALLY:
        return jump ? 2 : 0;
    case SP_POP_BLOCK:
        return 0;
    case SP_POP_EXCEPT:
        return -1;
    case SP_RERAISE:
        return -1;
    case SP_RAISE_VARARGS:
        return -(int)a;
    case SP_JUMP_IF_NOT_EXC_MATCH:
        return -1;
    case SP_BEFORE_WITH:
        return 1;
    case SP_WITH_EXCEPT_START:
        return 1;
    case SP_IMPORT_NAME:
        return -1;
    case SP_IMPORT_FROM:
        return 1;
    case SP_IMPORT_STAR:
        return -1;
    case SP_SETUP_ANNOTATIONS:
        return 0;
    case SP_MATCH_CLASS:
        return -2;
    case SP_MATCH_MAPPING:
    case SP_MATCH_SEQUENCE:
    case SP_MATCH_KEYS:
    case SP_GET_LEN:
        return 1;
    case SP_COPY_DICT_WITHOUT_KEYS:
        return 0;
    }
    return 0;
}

static bool is_terminal(int op)
{
    return op == SP_JUMP || op == SP_RETURN_VALUE || op == SP_RETURN_CONST || op == SP_RERAISE ||
           op == SP_RAISE_VARARGS;
}

static int jump_target(const cinstr *in)
{
    if (in->op == SP_COMPARE_JUMP_IF_FALSE) return (int)(in->arg >> 4);
    if (sp_opcode_is_jump(in->op)) return (int)in->arg;
    return -1;
}

static int max_stack(compiler *c, cinstr *code, int n)
{
    int *depth = sp_sys_malloc((size_t)(n + 1) * sizeof(int));
    int *work = sp_sys_malloc((size_t)(n + 1) * sizeof(int));
    if (!depth || !work) {
        sp_sys_free(depth);
        sp_sys_free(work);
        oom(c);
    }
    for (int i = 0; i <= n; i++)
        depth[i] = -1;
    int nw = 0, maxd = 0;
    /* SP_DEBUG_STACK=1 reports inconsistent depths at jump targets (compiler bugs) */
    bool debug = getenv("SP_DEBUG_STACK") != NULL;
    depth[0] = 0;
    work[nw++] = 0;
    while (nw > 0) {
        int i = work[--nw];
        int d = depth[i];
        for (; i < n; i++) {
            cinstr *in = &code[i];
            int t = jump_target(in);
            if (t >= 0) {
                int dj = d + stack_effect(in, 1);
                if (dj > maxd) maxd = dj;
                if (debug && depth[t] >= 0 && depth[t] != dj)
                    fprintf(stderr, "stack depth mismatch at %d: %d vs %d (from %d)\n", t, depth[t],
                            dj, i);
                if (depth[t] < dj && nw < n + 1) {
                    depth[t] = dj;
                    work[nw++] = t;
                }
            }
            d += stack_effect(in, 0);
            if (d > maxd) maxd = d;
            if (is_terminal(in->op) || in->op == SP_RAISE_VARARGS) break;
            if (i + 1 < n) {
                if (depth[i + 1] >= d) break;
                depth[i + 1] = d;
            }
        }
    }
    sp_sys_free(depth);
    sp_sys_free(work);
    return maxd + 2;
}

static sp_val names_tuple(compiler *c, const char **names, int n)
{
    sp_val t = check(c, sp_tuple_new((size_t)n));
    for (int i = 0; i < n; i++)
        ((sp_tuple *)t)->items[i] = check(c, sp_str_intern(names[i]));
    return t;
}

/* Build the code object of the current unit and leave it. */
static sp_code *assemble(compiler *c, const char *name)
{
    unit *u = c->u;
    /* make sure the code ends with a return */
    if (u->ncode == 0 || !is_terminal(u->code[u->ncode - 1].op) || u->last_label_at == u->ncode) {
        emit(c, SP_RETURN_CONST, (uint32_t)const_index(c, sp_None));
    }
    int nlocals = u->nvarnames;
    for (int i = 0; i < u->ncode; i++) {
        cinstr *in = &u->code[i];
        if (sp_opcode_is_jump(in->op) || in->op == SP_COMPARE_JUMP_IF_FALSE) {
            uint32_t l = in->op == SP_COMPARE_JUMP_IF_FALSE ? in->arg >> 4 : in->arg;
            if (l >= (uint32_t)u->nlabels || u->labels[l] < 0)
                fail(c, in->pos.line, in->pos.col, 0, 0, "internal compiler error: unbound label");
        }
        if (in->op == SP_COMPARE_JUMP_IF_FALSE) {
            in->arg = (in->arg & 0xF) | ((uint32_t)u->labels[in->arg >> 4] << 4);
        } else if (sp_opcode_is_jump(in->op)) {
            in->arg = (uint32_t)u->labels[in->arg];
        } else if (in->op == SP_LOAD_DEREF || in->op == SP_STORE_DEREF ||
                   in->op == SP_DELETE_DEREF || in->op == SP_LOAD_CLOSURE ||
                   in->op == SP_LOAD_CLASSDEREF) {
            if (in->arg & DEREF_TAG) in->arg = (in->arg & ~DEREF_TAG) + (uint32_t)nlocals;
        }
    }
    int stacksize = max_stack(c, u->code, u->ncode);
    sp_code *co = sp_gc_new(&sp_type_code, sizeof(sp_code));
    if (!co) oom(c);
    co->name = check(c, sp_str_intern(name));
    co->qualname = u->qualname;
    co->filename = c->filename_obj;
    co->argcount = u->argcount;
    co->posonlyargcount = u->posonly;
    co->kwonlyargcount = u->kwonly;
    co->flags = u->flags;
    co->nlocals = nlocals;
    co->ncells = u->ncells;
    co->nfree = u->nfree;
    co->stacksize = stacksize;
    co->firstlineno = u->firstlineno;
    co->consts = check(c, sp_tuple_from_iterable(u->consts));
    co->names = check(c, sp_tuple_from_iterable(u->names));
    co->varnames = names_tuple(c, u->varnames, u->nvarnames);
    co->cellvars = names_tuple(c, u->cellnames, u->ncells);
    co->freevars = names_tuple(c, u->freenames, u->nfree);
    co->code = sp_mem_alloc((size_t)u->ncode * sizeof(sp_instr));
    co->pos = sp_mem_alloc((size_t)u->ncode * sizeof(sp_srcpos));
    if (!co->code || !co->pos) oom(c);
    co->ncode = (size_t)u->ncode;
    co->simple_call = !(co->flags & (SP_CO_VARARGS | SP_CO_VARKEYWORDS | SP_CO_GENERATOR)) &&
                      co->kwonlyargcount == 0 && co->ncells == 0 && co->nfree == 0;
    co->frame_bytes = sp_vm_frame_size(co);
    int ncache = 0, nattr = 0;
    for (int i = 0; i < u->ncode; i++) {
        int op = u->code[i].op;
        co->code[i] = (sp_instr){.op = (uint8_t)op, .arg = u->code[i].arg, .cache = SP_NO_CACHE};
        co->pos[i] = u->code[i].pos;
        if (op == SP_LOAD_GLOBAL && ncache < 0xFFFF)
            co->code[i].cache = (uint16_t)ncache++;
        else if ((op == SP_LOAD_ATTR || op == SP_LOAD_METHOD || op == SP_STORE_ATTR) &&
                 nattr < 0xFFFF)
            co->code[i].cache = (uint16_t)nattr++;
    }
    if (nattr) {
        /* SP_ATTR_CACHE_WAYS entries per instruction (see sp_attr_cache) */
        co->attr_caches = sp_mem_calloc((size_t)nattr * SP_ATTR_CACHE_WAYS, sizeof(sp_attr_cache));
        if (!co->attr_caches) oom(c);
        co->nattr_caches = (size_t)nattr * SP_ATTR_CACHE_WAYS;
    }
    if (ncache) {
        co->caches = sp_mem_calloc((size_t)ncache, sizeof(sp_global_cache));
        if (!co->caches) oom(c);
        co->ncaches = (size_t)ncache;
    }
    if (u->ncells) {
        co->cell2arg = sp_mem_alloc((size_t)u->ncells * sizeof(int));
        if (!co->cell2arg) oom(c);
        bool any = false;
        for (int i = 0; i < u->ncells; i++) {
            int a = -1;
            for (int j = 0; j < u->sc->nparams; j++)
                if (strcmp(u->sc->params[j], u->cellnames[i]) == 0) a = j;
            co->cell2arg[i] = a;
            any |= a >= 0;
        }
        (void)any;
    }
    if (c->stats) {
        c->stats->code_objects++;
        c->stats->instructions += (uint64_t)u->ncode;
    }
    c->u = u->prev;
    free_unit(u);
    return co;
}

/* ---- constants ---- */

static sp_val make_const(compiler *c, const sp_ast_constant *k)
{
    switch (k->kind) {
    case SP_CONST_NONE:
        return sp_None;
    case SP_CONST_TRUE:
        return sp_True;
    case SP_CONST_FALSE:
        return sp_False;
    case SP_CONST_ELLIPSIS:
        return sp_Ellipsis;
    case SP_CONST_INT: {
        sp_val v = sp_int_from_string(k->int_digits, strlen(k->int_digits), k->int_base);
        if (!v) {
            if (sp_err_matches(&sp_exc_ValueError)) {
                sp_val e = sp_err_fetch();
                sp_val m = sp_exc_str(e);
                fail(c, c->u->pos.line, c->u->pos.col, 0, 0, "%s",
                     m ? sp_str_cstr(m) : "invalid int");
            }
            oom(c);
        }
        return v;
    }
    case SP_CONST_FLOAT:
        return check(c, sp_float_new(k->f));
    case SP_CONST_COMPLEX: {
        sp_val args[2] = {check(c, sp_float_new(0.0)), check(c, sp_float_new(k->f))};
        return check(c, sp_call((sp_val)&sp_type_complex, args, 2, NULL));
    }
    case SP_CONST_STR:
        return check(c, sp_str_new(k->s, k->len));
    case SP_CONST_BYTES:
        return check(c, sp_bytes_new(k->s, k->len));
    }
    return sp_None;
}

/* Constant value of an expression if it is one after folding, else NULL. */
static sp_val fold(compiler *c, const sp_ast_expr *e);

static bool safe_to_fold(sp_binop op, sp_val a, sp_val b)
{
    sp_type *ta = sp_typeof(a), *tb = sp_typeof(b);
    bool num_a = ta == &sp_type_int || ta == &sp_type_float || ta == &sp_type_bool;
    bool num_b = tb == &sp_type_int || tb == &sp_type_float || tb == &sp_type_bool;
    if (num_a && num_b) {
        if (op == SP_OP_POW || op == SP_OP_LSHIFT) {
            if (!sp_is_small(b)) return false;
            int64_t n = sp_small_value(b);
            if (n > 128 || n < -128) return false;
            if (op == SP_OP_POW && n < 0 && ta == &sp_type_int) return true;
        }
        return true;
    }
    if (ta == &sp_type_str && tb == &sp_type_str && op == SP_OP_ADD)
        return ((sp_str *)a)->size + ((sp_str *)b)->size <= 4096;
    return false;
}

static sp_val fold(compiler *c, const sp_ast_expr *e)
{
    switch (e->kind) {
    case SP_AST_Constant:
        return make_const(c, &e->v.Constant.value);
    case SP_AST_UnaryOp: {
        if (e->v.UnaryOp.op == SP_AST_Not) return NULL;
        sp_val v = fold(c, e->v.UnaryOp.operand);
        if (!v) return NULL;
        sp_type *t = sp_typeof(v);
        if (t != &sp_type_int && t != &sp_type_float && t != &sp_type_complex) return NULL;
        sp_val r = e->v.UnaryOp.op == SP_AST_USub   ? sp_neg(v)
                   : e->v.UnaryOp.op == SP_AST_UAdd ? sp_pos(v)
                                                    : sp_invert(v);
        if (!r) sp_err_clear();
        return r;
    }
    case SP_AST_BinOp: {
        sp_val a = fold(c, e->v.BinOp.left);
        if (!a) return NULL;
        sp_val b = fold(c, e->v.BinOp.right);
        if (!b) return NULL;
        static const sp_binop map[] = {
            0,         SP_OP_ADD,     SP_OP_SUB,    SP_OP_MUL,    SP_OP_MATMUL, SP_OP_TRUEDIV,
            SP_OP_MOD, SP_OP_POW,     SP_OP_LSHIFT, SP_OP_RSHIFT, SP_OP_OR,     SP_OP_XOR,
            SP_OP_AND, SP_OP_FLOORDIV};
        sp_binop op = map[e->v.BinOp.op];
        if (!safe_to_fold(op, a, b)) return NULL;
        sp_val r = sp_binary_op(op, a, b);
        if (!r) {
            sp_err_clear();
            return NULL;
        }
        if (sp_typeof(r) == &sp_type_int && !sp_is_small(r))
            return NULL; /* keep big results out of the constants */
        return r;
    }
    case SP_AST_Tuple: {
        if (e->v.Tuple.ctx != SP_AST_Load) return NULL;
        size_t n = e->v.Tuple.elts.len;
        sp_val items[n ? n : 1];
        for (size_t i = 0; i < n; i++) {
            if (e->v.Tuple.elts.items[i]->kind == SP_AST_Starred) return NULL;
            items[i] = fold(c, e->v.Tuple.elts.items[i]);
            if (!items[i]) return NULL;
        }
        sp_val t = check(c, sp_tuple_new(n));
        for (size_t i = 0; i < n; i++)
            ((sp_tuple *)t)->items[i] = items[i];
        return t;
    }
    default:
        return NULL;
    }
}

/* ---- expressions ---- */

static void compile_expr(compiler *c, const sp_ast_expr *e);
static void compile_stmts(compiler *c, const sp_ast_stmt_seq *seq);
static void compile_stmt(compiler *c, const sp_ast_stmt *s);

static const uint32_t binop_of[] = {
    0,         SP_OP_ADD,    SP_OP_SUB,    SP_OP_MUL, SP_OP_MATMUL, SP_OP_TRUEDIV, SP_OP_MOD,
    SP_OP_POW, SP_OP_LSHIFT, SP_OP_RSHIFT, SP_OP_OR,  SP_OP_XOR,    SP_OP_AND,     SP_OP_FLOORDIV};

static bool has_starred(const sp_ast_expr_seq *elts)
{
    for (size_t i = 0; i < elts->len; i++)
        if (elts->items[i]->kind == SP_AST_Starred) return true;
    return false;
}

/* Build a list/tuple/set from elements that may contain *starred. kind: 0 list, 1 tuple, 2 set */
static void compile_sequence(compiler *c, const sp_ast_expr_seq *elts, int kind)
{
    if (!has_starred(elts)) {
        for (size_t i = 0; i < elts->len; i++)
            compile_expr(c, elts->items[i]);
        emit(c,
             kind == 0   ? SP_BUILD_LIST
             : kind == 1 ? SP_BUILD_TUPLE
                         : SP_BUILD_SET,
             (uint32_t)elts->len);
        return;
    }
    emit(c, kind == 2 ? SP_BUILD_SET : SP_BUILD_LIST, 0);
    for (size_t i = 0; i < elts->len; i++) {
        const sp_ast_expr *x = elts->items[i];
        if (x->kind == SP_AST_Starred) {
            compile_expr(c, x->v.Starred.value);
            emit(c, kind == 2 ? SP_SET_UPDATE : SP_LIST_EXTEND, 1);
        } else {
            compile_expr(c, x);
            emit(c, kind == 2 ? SP_SET_ADD : SP_LIST_APPEND, 1);
        }
    }
    if (kind == 1) emit(c, SP_LIST_TO_TUPLE, 0);
}

static void compile_jump_if(compiler *c, const sp_ast_expr *e, bool cond, int label);

static void compile_compare(compiler *c, const sp_ast_expr *e)
{
    static const int cmp_of[] = {0,         SP_CMP_EQ, SP_CMP_NE, SP_CMP_LT,
                                 SP_CMP_LE, SP_CMP_GT, SP_CMP_GE};
    compile_expr(c, e->v.Compare.left);
    size_t n = e->v.Compare.ops.len;
    int cleanup = n > 1 ? new_label(c) : -1;
    for (size_t i = 0; i < n; i++) {
        compile_expr(c, e->v.Compare.comparators.items[i]);
        set_pos_expr(c, e);
        if (i + 1 < n) {
            emit(c, SP_DUP_TOP, 0);
            emit(c, SP_ROT_THREE, 0);
        }
        int op = e->v.Compare.ops.items[i];
        if (op <= SP_AST_GtE)
            emit(c, SP_COMPARE_OP, (uint32_t)cmp_of[op]);
        else if (op == SP_AST_Is || op == SP_AST_IsNot)
            emit(c, SP_IS_OP, op == SP_AST_IsNot);
        else
            emit(c, SP_CONTAINS_OP, op == SP_AST_NotIn);
        if (i + 1 < n) emit(c, SP_JUMP_IF_FALSE_OR_POP, (uint32_t)cleanup);
    }
    if (n > 1) {
        int end = new_label(c);
        emit(c, SP_JUMP, (uint32_t)end);
        bind_label(c, cleanup);
        emit(c, SP_ROT_TWO, 0);
        emit(c, SP_POP_TOP, 0);
        bind_label(c, end);
    }
}

/* Jump to label when truthiness of e equals cond; otherwise fall through. */
static void compile_jump_if(compiler *c, const sp_ast_expr *e, bool cond, int label)
{
    if (e->kind == SP_AST_UnaryOp && e->v.UnaryOp.op == SP_AST_Not) {
        compile_jump_if(c, e->v.UnaryOp.operand, !cond, label);
        return;
    }
    if (e->kind == SP_AST_BoolOp) {
        bool is_and = e->v.BoolOp.op == SP_AST_And;
        size_t n = e->v.BoolOp.values.len;
        if (is_and != cond) {
            /* and/false or or/true: any one operand decides */
            for (size_t i = 0; i < n; i++)
                compile_jump_if(c, e->v.BoolOp.values.items[i], cond, label);
        } else {
            int skip = new_label(c);
            for (size_t i = 0; i + 1 < n; i++)
                compile_jump_if(c, e->v.BoolOp.values.items[i], !cond, skip);
            compile_jump_if(c, e->v.BoolOp.values.items[n - 1], cond, label);
            bind_label(c, skip);
        }
        return;
    }
    if (e->kind == SP_AST_Compare && e->v.Compare.ops.len == 1) {
        int op = e->v.Compare.ops.items[0];
        const sp_ast_expr *r = e->v.Compare.comparators.items[0];
        if ((op == SP_AST_Is || op == SP_AST_IsNot) && r->kind == SP_AST_Constant &&
            r->v.Constant.value.kind == SP_CONST_NONE) {
            compile_expr(c, e->v.Compare.left);
            set_pos_expr(c, e);
            bool jump_if_none = (op == SP_AST_Is) == cond;
            emit(c, jump_if_none ? SP_POP_JUMP_IF_NONE : SP_POP_JUMP_IF_NOT_NONE, (uint32_t)label);
            return;
        }
    }
    compile_expr(c, e);
    emit(c, cond ? SP_POP_JUMP_IF_TRUE : SP_POP_JUMP_IF_FALSE, (uint32_t)label);
}

/* Calls: f(args, kw) with optional method form. */
static bool simple_call_args(const sp_ast_expr_seq *args, const sp_ast_keyword_seq *kws)
{
    if (has_starred(args)) return false;
    for (size_t i = 0; i < kws->len; i++)
        if (!kws->items[i]->arg) return false;
    return true;
}

static void compile_kwnames(compiler *c, const sp_ast_keyword_seq *kws)
{
    sp_val t = check(c, sp_tuple_new(kws->len));
    for (size_t i = 0; i < kws->len; i++)
        ((sp_tuple *)t)->items[i] = check(c, sp_str_intern(kws->items[i]->arg));
    emit_const(c, t);
}

/* Emit args as a tuple on the stack and kwargs as a dict (or nothing); returns the
 * CALL_FUNCTION_EX flag. `prefix` values already on the stack become leading args. */
static int compile_ex_args(compiler *c, const sp_ast_expr_seq *args, const sp_ast_keyword_seq *kws,
                           int prefix)
{
    emit(c, SP_BUILD_LIST, (uint32_t)prefix);
    for (size_t i = 0; i < args->len; i++) {
        const sp_ast_expr *x = args->items[i];
        if (x->kind == SP_AST_Starred) {
            compile_expr(c, x->v.Starred.value);
            emit(c, SP_LIST_EXTEND, 1 | SP_EXTEND_IN_CALL);
        } else {
            compile_expr(c, x);
            emit(c, SP_LIST_APPEND, 1);
        }
    }
    emit(c, SP_LIST_TO_TUPLE, 0);
    if (kws->len == 0) return 0;
    emit(c, SP_BUILD_MAP, 0);
    bool merged = false;
    for (size_t i = 0; i < kws->len; i++) {
        const sp_ast_keyword *k = kws->items[i];
        if (k->arg) {
            emit_const(c, check(c, sp_str_intern(k->arg)));
            compile_expr(c, k->value);
            if (merged) {
                /* may collide with a key from a ** before it: DICT_MERGE raises
                 * "got multiple values" where MAP_ADD would overwrite */
                emit(c, SP_BUILD_MAP, 1);
                emit(c, SP_DICT_MERGE, 1);
            } else {
                emit(c, SP_MAP_ADD, 1);
            }
        } else {
            compile_expr(c, k->value);
            emit(c, SP_DICT_MERGE, 1);
            merged = true;
        }
    }
    return 1;
}

static void compile_super_call(compiler *c, const sp_ast_expr *e)
{
    /* super() -> super(__class__, <first argument>) */
    unit *u = c->u;
    compile_expr(c, e->v.Call.func);
    if (u->sc->kind != ST_FUNCTION || u->sc->nparams == 0 || deref_slot(c, "__class__") < 0) {
        set_pos_expr(c, e);
        emit(c, SP_CALL, 0);
        return;
    }
    set_pos_expr(c, e);
    emit(c, SP_LOAD_DEREF, DEREF_TAG | (uint32_t)deref_slot(c, "__class__"));
    const char *first = u->sc->params[0];
    sym *y = sym_find(u->sc, first);
    if (y && y->scope == SC_CELL)
        emit(c, SP_LOAD_DEREF, DEREF_TAG | (uint32_t)deref_slot(c, first));
    else
        emit(c, fast_load_op(y, false), (uint32_t)fast_slot(c, first));
    emit(c, SP_CALL, 2);
}

static void compile_call(compiler *c, const sp_ast_expr *e)
{
    const sp_ast_expr *fn = e->v.Call.func;
    const sp_ast_expr_seq *args = &e->v.Call.args;
    const sp_ast_keyword_seq *kws = &e->v.Call.keywords;
    if (fn->kind == SP_AST_Name && strcmp(fn->v.Name.id, "super") == 0 && args->len == 0 &&
        kws->len == 0) {
        sym *y = lookup_sym(c, "super");
        if (!y || y->scope == SC_GLOBAL_IMPLICIT) {
            compile_super_call(c, e);
            return;
        }
    }
    bool simple = simple_call_args(args, kws);
    if (fn->kind == SP_AST_Attribute && simple) {
        compile_expr(c, fn->v.Attribute.value);
        set_pos_expr(c, fn);
        emit(c, SP_LOAD_METHOD, (uint32_t)name_index(c, fn->v.Attribute.attr));
        for (size_t i = 0; i < args->len; i++)
            compile_expr(c, args->items[i]);
        for (size_t i = 0; i < kws->len; i++)
            compile_expr(c, kws->items[i]->value);
        set_pos_expr(c, e);
        if (kws->len) {
            compile_kwnames(c, kws);
            emit(c, SP_CALL_METHOD_KW, (uint32_t)(args->len + kws->len));
        } else {
            emit(c, SP_CALL_METHOD, (uint32_t)args->len);
        }
        return;
    }
    compile_expr(c, fn);
    if (simple) {
        for (size_t i = 0; i < args->len; i++)
            compile_expr(c, args->items[i]);
        for (size_t i = 0; i < kws->len; i++)
            compile_expr(c, kws->items[i]->value);
        set_pos_expr(c, e);
        if (kws->len) {
            compile_kwnames(c, kws);
            emit(c, SP_CALL_KW, (uint32_t)(args->len + kws->len));
        } else {
            emit(c, SP_CALL, (uint32_t)args->len);
        }
        return;
    }
    int flag = compile_ex_args(c, args, kws, 0);
    set_pos_expr(c, e);
    emit(c, SP_CALL_FUNCTION_EX, (uint32_t)flag);
}

static void compile_dict(compiler *c, const sp_ast_expr *e)
{
    size_t n = e->v.Dict.keys.len;
    bool any_star = false;
    for (size_t i = 0; i < n; i++)
        if (!e->v.Dict.keys.items[i]) any_star = true;
    if (!any_star && n <= 0xFFFF) {
        for (size_t i = 0; i < n; i++) {
            compile_expr(c, e->v.Dict.keys.items[i]);
            compile_expr(c, e->v.Dict.values.items[i]);
        }
        set_pos_expr(c, e);
        emit(c, SP_BUILD_MAP, (uint32_t)n);
        return;
    }
    emit(c, SP_BUILD_MAP, 0);
    for (size_t i = 0; i < n; i++) {
        if (e->v.Dict.keys.items[i]) {
            compile_expr(c, e->v.Dict.keys.items[i]);
            compile_expr(c, e->v.Dict.values.items[i]);
            emit(c, SP_MAP_ADD, 1);
        } else {
            compile_expr(c, e->v.Dict.values.items[i]);
            set_pos_expr(c, e);
            emit(c, SP_DICT_UPDATE, 1);
        }
    }
}

static void compile_store(compiler *c, const sp_ast_expr *t);

static void compile_make_closure(compiler *c, sp_code *co, uint32_t flags)
{
    /* pass the cells the child needs, taken from this unit's cells/frees */
    if (co->nfree > 0) {
        for (int i = 0; i < co->nfree; i++) {
            const char *n = sp_str_cstr(((sp_tuple *)co->freevars)->items[i]);
            int slot = deref_slot(c, n);
            if (slot < 0)
                fail(c, c->u->pos.line, 0, 0, 0, "internal compiler error: no cell for '%s'", n);
            emit(c, SP_LOAD_CLOSURE, DEREF_TAG | (uint32_t)slot);
        }
        emit(c, SP_BUILD_TUPLE, (uint32_t)co->nfree);
        flags |= SP_MF_CLOSURE;
    }
    emit_const(c, (sp_val)co);
    emit_const(c, co->qualname);
    emit(c, SP_MAKE_FUNCTION, flags);
}

/* Push defaults / kwdefaults; returns MAKE_FUNCTION flags. */
static uint32_t compile_defaults(compiler *c, const sp_ast_arguments *a)
{
    uint32_t flags = 0;
    if (a->defaults.len) {
        for (size_t i = 0; i < a->defaults.len; i++)
            compile_expr(c, a->defaults.items[i]);
        emit(c, SP_BUILD_TUPLE, (uint32_t)a->defaults.len);
        flags |= SP_MF_DEFAULTS;
    }
    size_t nkw = 0;
    for (size_t i = 0; i < a->kw_defaults.len; i++)
        if (a->kw_defaults.items[i]) {
            emit_const(c, check(c, sp_str_intern(a->kwonlyargs.items[i]->arg)));
            compile_expr(c, a->kw_defaults.items[i]);
            nkw++;
        }
    if (nkw) {
        emit(c, SP_BUILD_MAP, (uint32_t)nkw);
        flags |= SP_MF_KWDEFAULTS;
    }
    return flags;
}

static void set_arg_counts(compiler *c, const sp_ast_arguments *a)
{
    unit *u = c->u;
    u->argcount = (int)(a->posonlyargs.len + a->args.len);
    u->posonly = (int)a->posonlyargs.len;
    u->kwonly = (int)a->kwonlyargs.len;
    if (a->vararg) u->flags |= SP_CO_VARARGS;
    if (a->kwarg) u->flags |= SP_CO_VARKEYWORDS;
}

static void compile_lambda(compiler *c, const sp_ast_expr *e)
{
    uint32_t flags = compile_defaults(c, e->v.Lambda.args);
    scope *s = find_child_scope(c, e);
    enter_unit(c, s, "<lambda>", e->lineno);
    set_arg_counts(c, e->v.Lambda.args);
    const_index(c, sp_None); /* co_consts[0] is the (absent) docstring, like CPython */
    compile_expr(c, e->v.Lambda.body);
    if (c->u->flags & SP_CO_GENERATOR) {
        emit(c, SP_POP_TOP, 0);
        emit(c, SP_RETURN_CONST, (uint32_t)const_index(c, sp_None));
    } else {
        emit(c, SP_RETURN_VALUE, 0);
    }
    sp_code *co = assemble(c, "<lambda>");
    set_pos_expr(c, e);
    compile_make_closure(c, co, flags);
}

static void compile_comprehension_gen(compiler *c, const sp_ast_expr *e, size_t gi,
                                      const sp_ast_comprehension_seq *gens, const sp_ast_expr *elt,
                                      const sp_ast_expr *val, int kind)
{
    const sp_ast_comprehension *g = gens->items[gi];
    int start = new_label(c), anchor = new_label(c);
    if (gi == 0) {
        emit(c, SP_LOAD_FAST, 0); /* .0 */
    } else {
        compile_expr(c, g->iter);
        emit(c, SP_GET_ITER, 0);
    }
    bind_label(c, start);
    emit(c, SP_FOR_ITER, (uint32_t)anchor);
    compile_store(c, g->target);
    for (size_t i = 0; i < g->ifs.len; i++)
        compile_jump_if(c, g->ifs.items[i], false, start);
    if (gi + 1 < gens->len) {
        compile_comprehension_gen(c, e, gi + 1, gens, elt, val, kind);
    } else {
        int depth = (int)gens->len + 1;
        switch (kind) {
        case 0:
            compile_expr(c, elt);
            emit(c, SP_LIST_APPEND, (uint32_t)depth);
            break;
        case 1:
            compile_expr(c, elt);
            emit(c, SP_SET_ADD, (uint32_t)depth);
            break;
        case 2:
            compile_expr(c, elt);
            compile_expr(c, val);
            emit(c, SP_MAP_ADD, (uint32_t)depth);
            break;
        case 3:
            compile_expr(c, elt);
            emit(c, SP_YIELD_VALUE, 0);
            emit(c, SP_POP_TOP, 0);
            break;
        }
    }
    emit(c, SP_JUMP, (uint32_t)start);
    bind_label(c, anchor);
}

static void compile_comprehension(compiler *c, const sp_ast_expr *e, const char *name,
                                  const sp_ast_comprehension_seq *gens, const sp_ast_expr *elt,
                                  const sp_ast_expr *val, int kind)
{
    scope *s = find_child_scope(c, e);
    compile_expr(c, gens->items[0]->iter);
    set_pos_expr(c, e);
    emit(c, SP_GET_ITER, 0);
    enter_unit(c, s, name, e->lineno);
    c->u->argcount = 1;
    set_pos_expr(c, e);
    if (kind == 0)
        emit(c, SP_BUILD_LIST, 0);
    else if (kind == 1)
        emit(c, SP_BUILD_SET, 0);
    else if (kind == 2)
        emit(c, SP_BUILD_MAP, 0);
    compile_comprehension_gen(c, e, 0, gens, elt, val, kind);
    set_pos_expr(c, e);
    if (kind == 3)
        emit(c, SP_RETURN_CONST, (uint32_t)const_index(c, sp_None));
    else
        emit(c, SP_RETURN_VALUE, 0);
    sp_code *co = assemble(c, name);
    set_pos_expr(c, e);
    compile_make_closure(c, co, 0);
    emit(c, SP_ROT_TWO, 0);
    emit(c, SP_CALL, 1);
}

static void compile_fstring_part(compiler *c, const sp_ast_expr *v)
{
    if (v->kind == SP_AST_Constant) {
        compile_expr(c, v);
        return;
    }
    compile_expr(c, v->v.FormattedValue.value);
    uint32_t flags = 0;
    switch (v->v.FormattedValue.conversion) {
    case 's':
        flags = 1;
        break;
    case 'r':
        flags = 2;
        break;
    case 'a':
        flags = 3;
        break;
    default:
        break;
    }
    if (v->v.FormattedValue.format_spec) {
        compile_expr(c, v->v.FormattedValue.format_spec);
        flags |= SP_FV_SPEC;
    }
    set_pos_expr(c, v);
    emit(c, SP_FORMAT_VALUE, flags);
}

static void compile_expr(compiler *c, const sp_ast_expr *e)
{
    sp_srcpos saved = c->u->pos;
    set_pos_expr(c, e);
    switch (e->kind) {
    case SP_AST_BoolOp: {
        int end = new_label(c);
        size_t n = e->v.BoolOp.values.len;
        for (size_t i = 0; i < n; i++) {
            compile_expr(c, e->v.BoolOp.values.items[i]);
            if (i + 1 < n)
                emit(c,
                     e->v.BoolOp.op == SP_AST_And ? SP_JUMP_IF_FALSE_OR_POP
                                                  : SP_JUMP_IF_TRUE_OR_POP,
                     (uint32_t)end);
        }
        bind_label(c, end);
        break;
    }
    case SP_AST_NamedExpr:
        compile_expr(c, e->v.NamedExpr.value);
        emit(c, SP_DUP_TOP, 0);
        compile_store(c, e->v.NamedExpr.target);
        break;
    case SP_AST_BinOp: {
        sp_val k = fold(c, e);
        if (k) {
            emit_const(c, k);
            break;
        }
        compile_expr(c, e->v.BinOp.left);
        compile_expr(c, e->v.BinOp.right);
        set_pos_expr(c, e);
        emit(c, SP_BINARY_OP, binop_of[e->v.BinOp.op]);
        break;
    }
    case SP_AST_UnaryOp: {
        sp_val k = fold(c, e);
        if (k) {
            emit_const(c, k);
            break;
        }
        compile_expr(c, e->v.UnaryOp.operand);
        set_pos_expr(c, e);
        static const int ops[] = {0, SP_UNARY_INVERT, SP_UNARY_NOT, SP_UNARY_POSITIVE,
                                  SP_UNARY_NEGATIVE};
        emit(c, ops[e->v.UnaryOp.op], 0);
        break;
    }
    case SP_AST_Lambda:
        compile_lambda(c, e);
        break;
    case SP_AST_IfExp: {
        int orelse = new_label(c), end = new_label(c);
        compile_jump_if(c, e->v.IfExp.test, false, orelse);
        compile_expr(c, e->v.IfExp.body);
        emit(c, SP_JUMP, (uint32_t)end);
        bind_label(c, orelse);
        compile_expr(c, e->v.IfExp.orelse);
        bind_label(c, end);
        break;
    }
    case SP_AST_Dict:
        compile_dict(c, e);
        break;
    case SP_AST_Set:
        compile_sequence(c, &e->v.Set.elts, 2);
        break;
    case SP_AST_ListComp:
        compile_comprehension(c, e, "<listcomp>", &e->v.ListComp.generators, e->v.ListComp.elt,
                              NULL, 0);
        break;
    case SP_AST_SetComp:
        compile_comprehension(c, e, "<setcomp>", &e->v.SetComp.generators, e->v.SetComp.elt, NULL,
                              1);
        break;
    case SP_AST_DictComp:
        compile_comprehension(c, e, "<dictcomp>", &e->v.DictComp.generators, e->v.DictComp.key,
                              e->v.DictComp.value, 2);
        break;
    case SP_AST_GeneratorExp:
        compile_comprehension(c, e, "<genexpr>", &e->v.GeneratorExp.generators,
                              e->v.GeneratorExp.elt, NULL, 3);
        break;
    case SP_AST_Await:
        fail(c, e->lineno, e->col_offset, e->end_lineno, e->end_col_offset,
             "'await' outside function");
    case SP_AST_Yield:
        if (e->v.Yield.value)
            compile_expr(c, e->v.Yield.value);
        else
            emit_const(c, sp_None);
        set_pos_expr(c, e);
        emit(c, SP_YIELD_VALUE, 0);
        break;
    case SP_AST_YieldFrom: {
        compile_expr(c, e->v.YieldFrom.value);
        set_pos_expr(c, e);
        emit(c, SP_GET_YIELD_FROM_ITER, 0);
        emit_const(c, sp_None);
        int next = new_label(c);
        emit(c, SP_YIELD_FROM, (uint32_t)next);
        bind_label(c, next);
        break;
    }
    case SP_AST_Compare:
        compile_compare(c, e);
        break;
    case SP_AST_Call:
        compile_call(c, e);
        break;
    case SP_AST_FormattedValue:
        compile_fstring_part(c, e);
        break;
    case SP_AST_JoinedStr: {
        size_t n = e->v.JoinedStr.values.len;
        if (n == 0) {
            emit_const(c, check(c, sp_str_new("", 0)));
            break;
        }
        for (size_t i = 0; i < n; i++)
            compile_fstring_part(c, e->v.JoinedStr.values.items[i]);
        set_pos_expr(c, e);
        if (n > 1 || e->v.JoinedStr.values.items[0]->kind != SP_AST_FormattedValue)
            emit(c, SP_BUILD_STRING, (uint32_t)n);
        break;
    }
    case SP_AST_Constant:
        emit_const(c, make_const(c, &e->v.Constant.value));
        break;
    case SP_AST_Attribute:
        compile_expr(c, e->v.Attribute.value);
        set_pos_expr(c, e);
        emit(c, SP_LOAD_ATTR, (uint32_t)name_index(c, e->v.Attribute.attr));
        break;
    case SP_AST_Subscript:
        compile_expr(c, e->v.Subscript.value);
        compile_expr(c, e->v.Subscript.slice);
        set_pos_expr(c, e);
        emit(c, SP_BINARY_SUBSCR, 0);
        break;
    case SP_AST_Starred:
        fail(c, e->lineno, e->col_offset, e->end_lineno, e->end_col_offset,
             "can't use starred expression here");
    case SP_AST_Name:
        compile_name(c, e->v.Name.id, NAME_LOAD, e);
        break;
    case SP_AST_List:
        compile_sequence(c, &e->v.List.elts, 0);
        break;
    case SP_AST_Tuple: {
        sp_val k = fold(c, e);
        if (k) {
            emit_const(c, k);
            break;
        }
        compile_sequence(c, &e->v.Tuple.elts, 1);
        break;
    }
    case SP_AST_Slice: {
        int n = 2;
        if (e->v.Slice.lower)
            compile_expr(c, e->v.Slice.lower);
        else
            emit_const(c, sp_None);
        if (e->v.Slice.upper)
            compile_expr(c, e->v.Slice.upper);
        else
            emit_const(c, sp_None);
        if (e->v.Slice.step) {
            compile_expr(c, e->v.Slice.step);
            n = 3;
        }
        set_pos_expr(c, e);
        emit(c, SP_BUILD_SLICE, (uint32_t)n);
        break;
    }
    }
    c->u->pos = saved;
}

/* Store TOS into an assignment target. */
static void compile_unpack(compiler *c, const sp_ast_expr *t, const sp_ast_expr_seq *elts)
{
    size_t n = elts->len;
    size_t star = (size_t)-1;
    for (size_t i = 0; i < n; i++)
        if (elts->items[i]->kind == SP_AST_Starred) {
            if (star != (size_t)-1)
                fail(c, elts->items[i]->lineno, elts->items[i]->col_offset,
                     elts->items[i]->end_lineno, elts->items[i]->end_col_offset,
                     "multiple starred expressions in assignment");
            star = i;
        }
    set_pos_expr(c, t);
    if (star == (size_t)-1) {
        emit(c, SP_UNPACK_SEQUENCE, (uint32_t)n);
    } else {
        if (star >= 256 || n - star - 1 >= 256)
            fail(c, t->lineno, t->col_offset, 0, 0,
                 "too many expressions in star-unpacking assignment");
        emit(c, SP_UNPACK_EX, (uint32_t)(star | ((n - star - 1) << 8)));
    }
    for (size_t i = 0; i < n; i++) {
        const sp_ast_expr *x = elts->items[i];
        compile_store(c, x->kind == SP_AST_Starred ? x->v.Starred.value : x);
    }
}

/* Stores into or deletes `obj.attr` / `obj[key]`: evaluates the container (and the
 * key), then emits attr_op or subscr_op at the target's own position. */
static void compile_member_target(compiler *c, const sp_ast_expr *t, int attr_op, int subscr_op)
{
    if (t->kind == SP_AST_Attribute) {
        compile_expr(c, t->v.Attribute.value);
        set_pos_expr(c, t);
        emit(c, attr_op, (uint32_t)name_index(c, t->v.Attribute.attr));
    } else {
        compile_expr(c, t->v.Subscript.value);
        compile_expr(c, t->v.Subscript.slice);
        set_pos_expr(c, t);
        emit(c, subscr_op, 0);
    }
}

static void compile_store(compiler *c, const sp_ast_expr *t)
{
    sp_srcpos saved = c->u->pos;
    set_pos_expr(c, t);
    switch (t->kind) {
    case SP_AST_Name:
        compile_name(c, t->v.Name.id, NAME_STORE, t);
        break;
    case SP_AST_Attribute:
    case SP_AST_Subscript:
        compile_member_target(c, t, SP_STORE_ATTR, SP_STORE_SUBSCR);
        break;
    case SP_AST_Tuple:
        compile_unpack(c, t, &t->v.Tuple.elts);
        break;
    case SP_AST_List:
        compile_unpack(c, t, &t->v.List.elts);
        break;
    case SP_AST_Starred:
        fail(c, t->lineno, t->col_offset, t->end_lineno, t->end_col_offset,
             "starred assignment target must be in a list or tuple");
    default:
        fail(c, t->lineno, t->col_offset, 0, 0, "cannot assign to expression");
    }
    c->u->pos = saved;
}

static void compile_delete(compiler *c, const sp_ast_expr *t)
{
    set_pos_expr(c, t);
    switch (t->kind) {
    case SP_AST_Name:
        compile_name(c, t->v.Name.id, NAME_DEL, t);
        break;
    case SP_AST_Attribute:
    case SP_AST_Subscript:
        compile_member_target(c, t, SP_DELETE_ATTR, SP_DELETE_SUBSCR);
        break;
    case SP_AST_Tuple:
        for (size_t i = 0; i < t->v.Tuple.elts.len; i++)
            compile_delete(c, t->v.Tuple.elts.items[i]);
        break;
    case SP_AST_List:
        for (size_t i = 0; i < t->v.List.elts.len; i++)
            compile_delete(c, t->v.List.elts.items[i]);
        break;
    default:
        fail(c, t->lineno, t->col_offset, 0, 0, "cannot delete expression");
    }
}

/* ---- statements ---- */

static void push_fblock(compiler *c, int kind, int lcont, int lbreak, const sp_ast_stmt *owner,
                        const sp_ast_stmt *s)
{
    unit *u = c->u;
    if (u->nfb >= SP_MAXBLOCKS)
        fail(c, s->lineno, s->col_offset, 0, 0, "too many statically nested blocks");
    u->fb[u->nfb++] = (fblock){
        .kind = kind, .label_continue = lcont, .label_break = lbreak, .finalbody_owner = owner};
}

static void pop_fblock(compiler *c)
{
    c->u->nfb--;
}

/* Emit the cleanup of one fblock on the way out of it (return/break/continue).
 * `preserve_tos`: a return value sits on top of the stack. */
static void unwind_fblock(compiler *c, fblock *fb, bool preserve_tos)
{
    switch (fb->kind) {
    case FB_WHILE:
        break;
    case FB_FOR:
        if (preserve_tos) emit(c, SP_ROT_TWO, 0);
        emit(c, SP_POP_TOP, 0);
        break;
    case FB_TRY_EXCEPT:
        emit(c, SP_POP_BLOCK, 0);
        break;
    case FB_FINALLY_TRY: {
        emit(c, SP_POP_BLOCK, 0);
        /* run the finally body with this block (and inner ones) gone */
        unit *u = c->u;
        int saved_n = u->nfb;
        fblock saved[SP_MAXBLOCKS];
        memcpy(saved, u->fb, sizeof saved);
        u->nfb = (int)(fb - u->fb);
        compile_stmts(c, &fb->finalbody_owner->v.Try.finalbody);
        memcpy(u->fb, saved, sizeof saved);
        u->nfb = saved_n;
        break;
    }
    case FB_FINALLY_END:
        /* stack: prev_exc, exc [, value] */
        if (preserve_tos) {
            emit(c, SP_ROT_TWO, 0);
            emit(c, SP_POP_TOP, 0);
            emit(c, SP_ROT_TWO, 0);
        } else {
            emit(c, SP_POP_TOP, 0);
        }
        emit(c, SP_POP_EXCEPT, 0);
        break;
    case FB_HANDLER:
        /* stack: prev_exc [, value]; a named handler has its own cleanup block */
        if (fb->handler_name) emit(c, SP_POP_BLOCK, 0);
        if (preserve_tos) emit(c, SP_ROT_TWO, 0);
        emit(c, SP_POP_EXCEPT, 0);
        if (fb->handler_name) {
            emit_const(c, sp_None);
            compile_name(c, fb->handler_name, NAME_STORE, NULL);
            compile_name(c, fb->handler_name, NAME_DEL, NULL);
        }
        break;
    case FB_WITH:
        emit(c, SP_POP_BLOCK, 0);
        if (preserve_tos) emit(c, SP_ROT_TWO, 0);
        emit_const(c, sp_None);
        emit(c, SP_DUP_TOP, 0);
        emit(c, SP_DUP_TOP, 0);
        emit(c, SP_CALL, 3);
        emit(c, SP_POP_TOP, 0);
        break;
    }
}

static void compile_return(compiler *c, const sp_ast_stmt *s)
{
    unit *u = c->u;
    bool has_value = s->v.Return.value != NULL;
    if (has_value) compile_expr(c, s->v.Return.value);
    if ((u->flags & SP_CO_GENERATOR) == 0 || true) {
        for (int i = u->nfb - 1; i >= 0; i--) {
            set_pos_stmt(c, s);
            unwind_fblock(c, &u->fb[i], has_value);
        }
    }
    set_pos_stmt(c, s);
    if (has_value)
        emit(c, SP_RETURN_VALUE, 0);
    else
        emit(c, SP_RETURN_CONST, (uint32_t)const_index(c, sp_None));
}

static void compile_break_continue(compiler *c, const sp_ast_stmt *s, bool is_break)
{
    unit *u = c->u;
    for (int i = u->nfb - 1; i >= 0; i--) {
        fblock *fb = &u->fb[i];
        if (fb->kind == FB_WHILE || fb->kind == FB_FOR) {
            if (is_break) unwind_fblock(c, fb, false);
            emit(c, SP_JUMP, (uint32_t)(is_break ? fb->label_break : fb->label_continue));
            return;
        }
        unwind_fblock(c, fb, false);
    }
    fail(c, s->lineno, s->col_offset, s->end_lineno, s->end_col_offset,
         is_break ? "'break' outside loop" : "'continue' not properly in loop");
}

static void annotation_item(compiler *c, const char *name, const sp_ast_expr *value, uint32_t *n)
{
    if (!value) return;
    emit_const(c, check(c, sp_str_intern(name)));
    compile_expr(c, value);
    (*n)++;
}

/* Push the function's __annotations__ dict (in CPython 3.11's evaluation order:
 * args, then positional-only, *args, keyword-only, **kwargs, return); returns
 * the MAKE_FUNCTION flag, or 0 when there are none. */
static uint32_t compile_annotations(compiler *c, const sp_ast_arguments *a,
                                    const sp_ast_expr *returns)
{
    uint32_t n = 0;
    for (size_t i = 0; i < a->args.len; i++)
        annotation_item(c, a->args.items[i]->arg, a->args.items[i]->annotation, &n);
    for (size_t i = 0; i < a->posonlyargs.len; i++)
        annotation_item(c, a->posonlyargs.items[i]->arg, a->posonlyargs.items[i]->annotation, &n);
    if (a->vararg) annotation_item(c, a->vararg->arg, a->vararg->annotation, &n);
    for (size_t i = 0; i < a->kwonlyargs.len; i++)
        annotation_item(c, a->kwonlyargs.items[i]->arg, a->kwonlyargs.items[i]->annotation, &n);
    if (a->kwarg) annotation_item(c, a->kwarg->arg, a->kwarg->annotation, &n);
    annotation_item(c, "return", returns, &n);
    if (!n) return 0;
    emit(c, SP_BUILD_MAP, n);
    return SP_MF_ANNOTATIONS;
}

static void compile_function_def(compiler *c, const sp_ast_stmt *s)
{
    const sp_ast_arguments *a = s->v.FunctionDef.args;
    for (size_t i = 0; i < s->v.FunctionDef.decorator_list.len; i++)
        compile_expr(c, s->v.FunctionDef.decorator_list.items[i]);
    set_pos_stmt(c, s);
    uint32_t flags = compile_defaults(c, a);
    flags |= compile_annotations(c, a, s->v.FunctionDef.returns);
    set_pos_stmt(c, s);
    scope *sc = find_child_scope(c, s);
    int firstline = s->lineno;
    if (s->v.FunctionDef.decorator_list.len)
        firstline = s->v.FunctionDef.decorator_list.items[0]->lineno;
    enter_unit(c, sc, s->v.FunctionDef.name, firstline);
    set_arg_counts(c, a);
    const sp_ast_stmt_seq *body = &s->v.FunctionDef.body;
    size_t start = 0;
    if (body->len && body->items[0]->kind == SP_AST_Expr &&
        body->items[0]->v.Expr.value->kind == SP_AST_Constant &&
        body->items[0]->v.Expr.value->v.Constant.value.kind == SP_CONST_STR) {
        const_index(c, make_const(c, &body->items[0]->v.Expr.value->v.Constant.value));
        start = 1;
    } else {
        const_index(c, sp_None);
    }
    for (size_t i = start; i < body->len; i++)
        compile_stmt(c, body->items[i]);
    sp_val doc = start ? ((sp_list *)c->u->consts)->items[0] : NULL;
    sp_code *co = assemble(c, s->v.FunctionDef.name);
    co->docstring = doc;
    set_pos_stmt(c, s);
    compile_make_closure(c, co, flags);
    for (size_t i = 0; i < s->v.FunctionDef.decorator_list.len; i++)
        emit(c, SP_CALL, 1);
    compile_name(c, s->v.FunctionDef.name, NAME_STORE, NULL);
}

static void compile_body_with_doc(compiler *c, const sp_ast_stmt_seq *body)
{
    size_t start = 0;
    if (body->len && body->items[0]->kind == SP_AST_Expr &&
        body->items[0]->v.Expr.value->kind == SP_AST_Constant &&
        body->items[0]->v.Expr.value->v.Constant.value.kind == SP_CONST_STR) {
        set_pos_stmt(c, body->items[0]);
        emit_const(c, make_const(c, &body->items[0]->v.Expr.value->v.Constant.value));
        compile_name(c, "__doc__", NAME_STORE, NULL);
        start = 1;
    }
    for (size_t i = start; i < body->len; i++)
        compile_stmt(c, body->items[i]);
}

static bool find_annotations(const sp_ast_stmt_seq *body)
{
    for (size_t i = 0; i < body->len; i++) {
        const sp_ast_stmt *s = body->items[i];
        switch (s->kind) {
        case SP_AST_AnnAssign:
            return true;
        case SP_AST_For:
            if (find_annotations(&s->v.For.body) || find_annotations(&s->v.For.orelse)) return true;
            break;
        case SP_AST_While:
            if (find_annotations(&s->v.While.body) || find_annotations(&s->v.While.orelse))
                return true;
            break;
        case SP_AST_If:
            if (find_annotations(&s->v.If.body) || find_annotations(&s->v.If.orelse)) return true;
            break;
        case SP_AST_With:
            if (find_annotations(&s->v.With.body)) return true;
            break;
        case SP_AST_Try:
            if (find_annotations(&s->v.Try.body) || find_annotations(&s->v.Try.orelse) ||
                find_annotations(&s->v.Try.finalbody))
                return true;
            for (size_t k = 0; k < s->v.Try.handlers.len; k++)
                if (find_annotations(&s->v.Try.handlers.items[k]->body)) return true;
            break;
        default:
            break;
        }
    }
    return false;
}

static void compile_class_def(compiler *c, const sp_ast_stmt *s)
{
    for (size_t i = 0; i < s->v.ClassDef.decorator_list.len; i++)
        compile_expr(c, s->v.ClassDef.decorator_list.items[i]);
    scope *sc = find_child_scope(c, s);
    int firstline = s->lineno;
    if (s->v.ClassDef.decorator_list.len) firstline = s->v.ClassDef.decorator_list.items[0]->lineno;
    enter_unit(c, sc, s->v.ClassDef.name, firstline);
    set_pos_stmt(c, s);
    compile_name(c, "__name__", NAME_LOAD, NULL);
    /* __module__ = __name__ of the globals */
    c->u->code[c->u->ncode - 1].op = SP_LOAD_GLOBAL;
    c->u->ncaches++;
    compile_name(c, "__module__", NAME_STORE, NULL);
    emit_const(c, c->u->qualname);
    compile_name(c, "__qualname__", NAME_STORE, NULL);
    if (find_annotations(&s->v.ClassDef.body)) emit(c, SP_SETUP_ANNOTATIONS, 0);
    compile_body_with_doc(c, &s->v.ClassDef.body);
    set_pos_stmt(c, s);
    if (sc->needs_class_closure) {
        emit(c, SP_LOAD_CLOSURE, DEREF_TAG | (uint32_t)deref_slot(c, "__class__"));
        emit(c, SP_STORE_NAME, (uint32_t)name_index(c, "__classcell__"));
    }
    emit(c, SP_RETURN_CONST, (uint32_t)const_index(c, sp_None));
    sp_code *co = assemble(c, s->v.ClassDef.name);
    set_pos_stmt(c, s);
    compile_make_closure(c, co, 0);
    emit_const(c, check(c, sp_str_from_cstr(s->v.ClassDef.name)));
    const sp_ast_expr_seq *bases = &s->v.ClassDef.bases;
    const sp_ast_keyword_seq *kws = &s->v.ClassDef.keywords;
    if (has_starred(bases)) {
        compile_sequence(c, bases, 1);
    } else {
        for (size_t i = 0; i < bases->len; i++)
            compile_expr(c, bases->items[i]);
        emit(c, SP_BUILD_TUPLE, (uint32_t)bases->len);
    }
    if (kws->len) {
        emit(c, SP_BUILD_MAP, 0);
        bool merged = false;
        for (size_t i = 0; i < kws->len; i++) {
            if (kws->items[i]->arg) {
                emit_const(c, check(c, sp_str_intern(kws->items[i]->arg)));
                compile_expr(c, kws->items[i]->value);
                if (merged) { /* may repeat a key from a **: must raise (compile_ex_args) */
                    emit(c, SP_BUILD_MAP, 1);
                    emit(c, SP_DICT_MERGE, 1 | SP_MERGE_IN_CLASS);
                } else {
                    emit(c, SP_MAP_ADD, 1);
                }
            } else {
                compile_expr(c, kws->items[i]->value);
                emit(c, SP_DICT_MERGE, 1 | SP_MERGE_IN_CLASS);
                merged = true;
            }
        }
    } else {
        emit_const(c, sp_None);
    }
    set_pos_stmt(c, s);
    emit(c, SP_BUILD_CLASS, 0);
    for (size_t i = 0; i < s->v.ClassDef.decorator_list.len; i++)
        emit(c, SP_CALL, 1);
    compile_name(c, s->v.ClassDef.name, NAME_STORE, NULL);
}

static void compile_augassign(compiler *c, const sp_ast_stmt *s)
{
    const sp_ast_expr *t = s->v.AugAssign.target;
    uint32_t op = binop_of[s->v.AugAssign.op] | SP_BINOP_INPLACE;
    switch (t->kind) {
    case SP_AST_Name: {
        set_pos_expr(c, t);
        /* `x += e` on a fast local: LOAD_FAST x; e; BINARY_OP(+= | BUILD); STORE_FAST x
         * (the builder pattern, see SP_BINOP_BUILD); a jump can land only inside e */
        sym *y = lookup_sym(c, t->v.Name.id);
        bool build = s->v.AugAssign.op == SP_AST_Add && y && y->scope == SC_LOCAL &&
                     (y->flags & DEF_IADD) && c->u->sc->kind == ST_FUNCTION;
        if (build)
            emit(c, fast_load_op(y, true), (uint32_t)fast_slot(c, t->v.Name.id));
        else
            compile_name(c, t->v.Name.id, NAME_LOAD, t);
        compile_expr(c, s->v.AugAssign.value);
        set_pos_stmt(c, s);
        emit(c, SP_BINARY_OP, op | (build ? SP_BINOP_BUILD : 0));
        compile_name(c, t->v.Name.id, NAME_STORE, t);
        break;
    }
    case SP_AST_Attribute: {
        compile_expr(c, t->v.Attribute.value);
        emit(c, SP_DUP_TOP, 0);
        set_pos_expr(c, t);
        int ni = name_index(c, t->v.Attribute.attr);
        emit(c, SP_LOAD_ATTR, (uint32_t)ni);
        compile_expr(c, s->v.AugAssign.value);
        set_pos_stmt(c, s);
        emit(c, SP_BINARY_OP, op);
        emit(c, SP_ROT_TWO, 0);
        set_pos_expr(c, t);
        emit(c, SP_STORE_ATTR, (uint32_t)ni);
        break;
    }
    case SP_AST_Subscript:
        compile_expr(c, t->v.Subscript.value);
        compile_expr(c, t->v.Subscript.slice);
        emit(c, SP_DUP_TOP_TWO, 0);
        set_pos_expr(c, t);
        emit(c, SP_BINARY_SUBSCR, 0);
        compile_expr(c, s->v.AugAssign.value);
        set_pos_stmt(c, s);
        emit(c, SP_BINARY_OP, op);
        emit(c, SP_ROT_THREE, 0);
        set_pos_expr(c, t);
        emit(c, SP_STORE_SUBSCR, 0);
        break;
    default:
        fail(c, t->lineno, t->col_offset, 0, 0,
             "'%s' is an illegal expression for augmented assignment", "expression");
    }
}

static void compile_for(compiler *c, const sp_ast_stmt *s)
{
    int start = new_label(c), cleanup = new_label(c), end = new_label(c);
    compile_expr(c, s->v.For.iter);
    set_pos_stmt(c, s); /* CPython 3.11 gives GET_ITER/FOR_ITER the statement's range */
    emit(c, SP_GET_ITER, 0);
    bind_label(c, start);
    emit(c, SP_FOR_ITER, (uint32_t)cleanup);
    push_fblock(c, FB_FOR, start, end, NULL, s);
    compile_store(c, s->v.For.target);
    compile_stmts(c, &s->v.For.body);
    pop_fblock(c);
    set_pos_stmt(c, s);
    emit(c, SP_JUMP, (uint32_t)start);
    bind_label(c, cleanup);
    compile_stmts(c, &s->v.For.orelse);
    bind_label(c, end);
}

static void compile_while(compiler *c, const sp_ast_stmt *s)
{
    int start = new_label(c), body = new_label(c), orelse = new_label(c), end = new_label(c);
    sp_val k = fold(c, s->v.While.test);
    bool always = k && sp_truthy(k) == 1;
    bind_label(c, start);
    if (!always) {
        set_pos_expr(c, s->v.While.test);
        compile_jump_if(c, s->v.While.test, false, orelse);
    }
    bind_label(c, body);
    push_fblock(c, FB_WHILE, start, end, NULL, s);
    compile_stmts(c, &s->v.While.body);
    pop_fblock(c);
    set_pos_stmt(c, s);
    emit(c, SP_JUMP, (uint32_t)start);
    bind_label(c, orelse);
    compile_stmts(c, &s->v.While.orelse);
    bind_label(c, end);
}

static void compile_if(compiler *c, const sp_ast_stmt *s)
{
    int orelse = new_label(c), end = new_label(c);
    compile_jump_if(c, s->v.If.test, false, orelse);
    compile_stmts(c, &s->v.If.body);
    if (s->v.If.orelse.len) {
        emit(c, SP_JUMP, (uint32_t)end);
        bind_label(c, orelse);
        compile_stmts(c, &s->v.If.orelse);
        bind_label(c, end);
    } else {
        bind_label(c, orelse);
        bind_label(c, end);
    }
}

static void compile_try_except(compiler *c, const sp_ast_stmt *s)
{
    int handlers = new_label(c), orelse = new_label(c), end = new_label(c);
    emit(c, SP_SETUP_FINALLY, (uint32_t)handlers);
    push_fblock(c, FB_TRY_EXCEPT, -1, -1, NULL, s);
    compile_stmts(c, &s->v.Try.body);
    pop_fblock(c);
    emit(c, SP_POP_BLOCK, 0);
    emit(c, SP_JUMP, (uint32_t)orelse);
    bind_label(c, handlers);
    /* stack: prev_exc, exc */
    size_t n = s->v.Try.handlers.len;
    for (size_t i = 0; i < n; i++) {
        const sp_ast_excepthandler *h = s->v.Try.handlers.items[i];
        c->u->pos = (sp_srcpos){h->lineno, h->col_offset, h->end_lineno, h->end_col_offset};
        if (!h->type && i + 1 < n)
            fail(c, h->lineno, h->col_offset, h->end_lineno, h->end_col_offset,
                 "default 'except:' must be last");
        int next = new_label(c);
        if (h->type) {
            compile_expr(c, h->type);
            emit(c, SP_JUMP_IF_NOT_EXC_MATCH, (uint32_t)next);
        }
        if (h->name) {
            compile_name(c, h->name, NAME_STORE, NULL);
            /* body inside a finally that clears the name */
            int cleanup = new_label(c);
            emit(c, SP_SETUP_FINALLY, (uint32_t)cleanup);
            push_fblock(c, FB_HANDLER, -1, -1, NULL, s);
            c->u->fb[c->u->nfb - 1].handler_name = h->name;
            /* the inner SETUP_FINALLY is popped by POP_BLOCK before leaving */
            c->u->fb[c->u->nfb - 1].kind = FB_HANDLER;
            compile_stmts(c, &h->body);
            pop_fblock(c);
            emit(c, SP_POP_BLOCK, 0);
            emit(c, SP_POP_EXCEPT, 0);
            emit_const(c, sp_None);
            compile_name(c, h->name, NAME_STORE, NULL);
            compile_name(c, h->name, NAME_DEL, NULL);
            emit(c, SP_JUMP, (uint32_t)end);
            /* exceptional exit from the handler body: clear the name, re-raise */
            bind_label(c, cleanup);
            emit_const(c, sp_None);
            compile_name(c, h->name, NAME_STORE, NULL);
            compile_name(c, h->name, NAME_DEL, NULL);
            emit(c, SP_RERAISE, 0);
        } else {
            emit(c, SP_POP_TOP, 0);
            push_fblock(c, FB_HANDLER, -1, -1, NULL, s);
            compile_stmts(c, &h->body);
            pop_fblock(c);
            emit(c, SP_POP_EXCEPT, 0);
            emit(c, SP_JUMP, (uint32_t)end);
        }
        bind_label(c, next);
    }
    emit(c, SP_RERAISE, 0);
    bind_label(c, orelse);
    compile_stmts(c, &s->v.Try.orelse);
    bind_label(c, end);
}

static void compile_try_finally(compiler *c, const sp_ast_stmt *s)
{
    int handler = new_label(c), end = new_label(c);
    emit(c, SP_SETUP_FINALLY, (uint32_t)handler);
    push_fblock(c, FB_FINALLY_TRY, -1, -1, s, s);
    if (s->v.Try.handlers.len)
        compile_try_except(c, s);
    else
        compile_stmts(c, &s->v.Try.body);
    pop_fblock(c);
    emit(c, SP_POP_BLOCK, 0);
    compile_stmts(c, &s->v.Try.finalbody);
    emit(c, SP_JUMP, (uint32_t)end);
    bind_label(c, handler);
    push_fblock(c, FB_FINALLY_END, -1, -1, NULL, s);
    compile_stmts(c, &s->v.Try.finalbody);
    pop_fblock(c);
    emit(c, SP_RERAISE, 0);
    bind_label(c, end);
}

static void compile_with(compiler *c, const sp_ast_stmt *s, size_t item)
{
    const sp_ast_withitem *w = s->v.With.items.items[item];
    int handler = new_label(c), end = new_label(c), suppress = new_label(c);
    compile_expr(c, w->context_expr);
    set_pos_stmt(c, s);
    emit(c, SP_BEFORE_WITH, 0);
    /* bind the target first so the handler's stack level holds only __exit__ */
    if (w->optional_vars)
        compile_store(c, w->optional_vars);
    else
        emit(c, SP_POP_TOP, 0);
    set_pos_stmt(c, s);
    emit(c, SP_SETUP_FINALLY, (uint32_t)handler);
    push_fblock(c, FB_WITH, -1, -1, NULL, s);
    if (item + 1 < s->v.With.items.len)
        compile_with(c, s, item + 1);
    else
        compile_stmts(c, &s->v.With.body);
    pop_fblock(c);
    set_pos_stmt(c, s);
    emit(c, SP_POP_BLOCK, 0);
    emit_const(c, sp_None);
    emit(c, SP_DUP_TOP, 0);
    emit(c, SP_DUP_TOP, 0);
    emit(c, SP_CALL, 3);
    emit(c, SP_POP_TOP, 0);
    emit(c, SP_JUMP, (uint32_t)end);
    bind_label(c, handler);
    /* stack: exit, prev_exc, exc */
    emit(c, SP_WITH_EXCEPT_START, 0);
    emit(c, SP_POP_JUMP_IF_TRUE, (uint32_t)suppress);
    emit(c, SP_RERAISE, 0);
    bind_label(c, suppress);
    emit(c, SP_POP_TOP, 0);
    emit(c, SP_POP_EXCEPT, 0);
    emit(c, SP_POP_TOP, 0);
    bind_label(c, end);
}

static void compile_import(compiler *c, const sp_ast_stmt *s)
{
    for (size_t i = 0; i < s->v.Import.names.len; i++) {
        const sp_ast_alias *a = s->v.Import.names.items[i];
        emit_const(c, sp_small(0));
        emit_const(c, sp_None);
        emit(c, SP_IMPORT_NAME, (uint32_t)name_index(c, a->name));
        if (a->asname) {
            const char *dot = strchr(a->name, '.');
            while (dot) {
                const char *next = strchr(dot + 1, '.');
                size_t n = next ? (size_t)(next - dot - 1) : strlen(dot + 1);
                char buf[256];
                snprintf(buf, sizeof buf, "%.*s", (int)n, dot + 1);
                emit(c, SP_IMPORT_FROM, (uint32_t)name_index(c, buf));
                emit(c, SP_ROT_TWO, 0);
                emit(c, SP_POP_TOP, 0);
                dot = next;
            }
            compile_name(c, a->asname, NAME_STORE, NULL);
        } else {
            const char *dot = strchr(a->name, '.');
            if (dot) {
                char buf[256];
                snprintf(buf, sizeof buf, "%.*s", (int)(dot - a->name), a->name);
                sym *y = lookup_sym(c, buf);
                compile_name(c, y ? y->name : buf, NAME_STORE, NULL);
            } else {
                compile_name(c, a->name, NAME_STORE, NULL);
            }
        }
    }
}

static void compile_import_from(compiler *c, const sp_ast_stmt *s)
{
    const sp_ast_alias_seq *names = &s->v.ImportFrom.names;
    emit_const(c, sp_small(s->v.ImportFrom.level));
    sp_val fromlist = check(c, sp_tuple_new(names->len));
    for (size_t i = 0; i < names->len; i++)
        ((sp_tuple *)fromlist)->items[i] = check(c, sp_str_intern(names->items[i]->name));
    emit_const(c, fromlist);
    const char *mod = s->v.ImportFrom.module ? s->v.ImportFrom.module : "";
    emit(c, SP_IMPORT_NAME, (uint32_t)name_index(c, mod));
    for (size_t i = 0; i < names->len; i++) {
        const sp_ast_alias *a = names->items[i];
        if (strcmp(a->name, "*") == 0) {
            emit(c, SP_IMPORT_STAR, 0);
            return;
        }
        emit(c, SP_IMPORT_FROM, (uint32_t)name_index(c, a->name));
        compile_name(c, a->asname ? a->asname : a->name, NAME_STORE, NULL);
    }
    emit(c, SP_POP_TOP, 0);
}

/* ---- match statement (subset: value, singleton, capture, wildcard, or, sequence,
 * class and mapping patterns) ---- */

static void compile_pattern(compiler *c, const sp_ast_pattern *p, int fail_label);

/* Subject on TOS; on success the pattern consumed it; on failure jumps to
 * fail_label with the subject consumed as well. */
static void compile_pattern(compiler *c, const sp_ast_pattern *p, int fail_label)
{
    c->u->pos = (sp_srcpos){p->lineno, p->col_offset, p->end_lineno, p->end_col_offset};
    switch (p->kind) {
    case SP_AST_MatchValue:
        compile_expr(c, p->v.MatchValue.value);
        emit(c, SP_COMPARE_OP, SP_CMP_EQ);
        emit(c, SP_POP_JUMP_IF_FALSE, (uint32_t)fail_label);
        break;
    case SP_AST_MatchSingleton: {
        sp_ast_constant k = {.kind = p->v.MatchSingleton.value};
        emit_const(c, make_const(c, &k));
        emit(c, SP_IS_OP, 0);
        emit(c, SP_POP_JUMP_IF_FALSE, (uint32_t)fail_label);
        break;
    }
    case SP_AST_MatchAs: {
        int sub_fail = -1, ok = -1;
        if (p->v.MatchAs.pattern) {
            /* match a copy; keep the subject for the capture */
            sub_fail = new_label(c);
            ok = new_label(c);
            emit(c, SP_DUP_TOP, 0);
            compile_pattern(c, p->v.MatchAs.pattern, sub_fail);
        }
        if (p->v.MatchAs.name)
            compile_name(c, p->v.MatchAs.name, NAME_STORE, NULL);
        else
            emit(c, SP_POP_TOP, 0);
        if (sub_fail >= 0) {
            emit(c, SP_JUMP, (uint32_t)ok);
            bind_label(c, sub_fail);
            emit(c, SP_POP_TOP, 0);
            emit(c, SP_JUMP, (uint32_t)fail_label);
            bind_label(c, ok);
        }
        break;
    }
    case SP_AST_MatchStar:
        if (p->v.MatchStar.name)
            compile_name(c, p->v.MatchStar.name, NAME_STORE, NULL);
        else
            emit(c, SP_POP_TOP, 0);
        break;
    case SP_AST_MatchOr: {
        int ok = new_label(c), all_fail = new_label(c);
        size_t n = p->v.MatchOr.patterns.len;
        for (size_t i = 0; i < n; i++) {
            int next = i + 1 < n ? new_label(c) : all_fail;
            emit(c, SP_DUP_TOP, 0);
            compile_pattern(c, p->v.MatchOr.patterns.items[i], next);
            emit(c, SP_JUMP, (uint32_t)ok);
            if (i + 1 < n) bind_label(c, next);
        }
        /* all alternatives failed: subject still on stack */
        bind_label(c, all_fail);
        emit(c, SP_POP_TOP, 0);
        emit(c, SP_JUMP, (uint32_t)fail_label);
        bind_label(c, ok);
        emit(c, SP_POP_TOP, 0);
        break;
    }
    case SP_AST_MatchSequence: {
        const sp_ast_pattern_seq *ps = &p->v.MatchSequence.patterns;
        size_t n = ps->len, star = (size_t)-1;
        for (size_t i = 0; i < n; i++)
            if (ps->items[i]->kind == SP_AST_MatchStar) star = i;
        int pop_fail = new_label(c), done = new_label(c);
        emit(c, SP_MATCH_SEQUENCE, 0);
        emit(c, SP_POP_JUMP_IF_FALSE, (uint32_t)pop_fail);
        emit(c, SP_GET_LEN, 0);
        emit_const(c, sp_small((int64_t)(star == (size_t)-1 ? n : n - 1)));
        emit(c, SP_COMPARE_OP, star == (size_t)-1 ? SP_CMP_EQ : SP_CMP_GE);
        emit(c, SP_POP_JUMP_IF_FALSE, (uint32_t)pop_fail);
        if (star == (size_t)-1)
            emit(c, SP_UNPACK_SEQUENCE, (uint32_t)n);
        else
            emit(c, SP_UNPACK_EX, (uint32_t)(star | ((n - star - 1) << 8)));
        /* each element on the stack, first on top; on a failure pop the rest */
        for (size_t i = 0; i < n; i++) {
            int sub_fail = new_label(c);
            int sub_ok = new_label(c);
            compile_pattern(c, ps->items[i], sub_fail);
            emit(c, SP_JUMP, (uint32_t)sub_ok);
            bind_label(c, sub_fail);
            for (size_t j = i + 1; j < n; j++)
                emit(c, SP_POP_TOP, 0);
            emit(c, SP_JUMP, (uint32_t)fail_label);
            bind_label(c, sub_ok);
        }
        emit(c, SP_JUMP, (uint32_t)done);
        bind_label(c, pop_fail);
        emit(c, SP_POP_TOP, 0);
        emit(c, SP_JUMP, (uint32_t)fail_label);
        bind_label(c, done);
        break;
    }
    case SP_AST_MatchClass: {
        const sp_ast_pattern_seq *ps = &p->v.MatchClass.patterns;
        const sp_ast_ident_seq *kw = &p->v.MatchClass.kwd_attrs;
        const sp_ast_pattern_seq *kps = &p->v.MatchClass.kwd_patterns;
        compile_expr(c, p->v.MatchClass.cls);
        sp_val names = check(c, sp_tuple_new(kw->len));
        for (size_t i = 0; i < kw->len; i++)
            ((sp_tuple *)names)->items[i] = check(c, sp_str_intern(kw->items[i]));
        emit_const(c, names);
        /* MATCH_CLASS n: [subject, cls, names] -> tuple of attributes or None */
        emit(c, SP_MATCH_CLASS, (uint32_t)ps->len);
        int pop_fail = new_label(c), done = new_label(c);
        emit(c, SP_DUP_TOP, 0);
        emit(c, SP_POP_JUMP_IF_NONE, (uint32_t)pop_fail);
        size_t total = ps->len + kps->len;
        emit(c, SP_UNPACK_SEQUENCE, (uint32_t)total);
        for (size_t i = 0; i < total; i++) {
            int sub_fail = new_label(c), sub_ok = new_label(c);
            compile_pattern(c, i < ps->len ? ps->items[i] : kps->items[i - ps->len], sub_fail);
            emit(c, SP_JUMP, (uint32_t)sub_ok);
            bind_label(c, sub_fail);
            for (size_t j = i + 1; j < total; j++)
                emit(c, SP_POP_TOP, 0);
            emit(c, SP_JUMP, (uint32_t)fail_label);
            bind_label(c, sub_ok);
        }
        emit(c, SP_JUMP, (uint32_t)done);
        bind_label(c, pop_fail);
        emit(c, SP_POP_TOP, 0);
        emit(c, SP_JUMP, (uint32_t)fail_label);
        bind_label(c, done);
        break;
    }
    case SP_AST_MatchMapping: {
        const sp_ast_expr_seq *keys = &p->v.MatchMapping.keys;
        const sp_ast_pattern_seq *ps = &p->v.MatchMapping.patterns;
        int pop_fail = new_label(c), pop2_fail = new_label(c), done = new_label(c);
        emit(c, SP_MATCH_MAPPING, 0);
        emit(c, SP_POP_JUMP_IF_FALSE, (uint32_t)pop_fail);
        for (size_t i = 0; i < keys->len; i++)
            compile_expr(c, keys->items[i]);
        emit(c, SP_BUILD_TUPLE, (uint32_t)keys->len);
        /* MATCH_KEYS: [subject, keys] -> [subject, keys, values-or-None] */
        emit(c, SP_MATCH_KEYS, 0);
        emit(c, SP_DUP_TOP, 0);
        emit(c, SP_POP_JUMP_IF_NONE, (uint32_t)pop2_fail);
        emit(c, SP_UNPACK_SEQUENCE, (uint32_t)ps->len);
        for (size_t i = 0; i < ps->len; i++) {
            int sub_fail = new_label(c), sub_ok = new_label(c);
            compile_pattern(c, ps->items[i], sub_fail);
            emit(c, SP_JUMP, (uint32_t)sub_ok);
            bind_label(c, sub_fail);
            for (size_t j = i + 1; j < ps->len; j++)
                emit(c, SP_POP_TOP, 0);
            emit(c, SP_POP_TOP, 0);
            emit(c, SP_POP_TOP, 0);
            emit(c, SP_JUMP, (uint32_t)fail_label);
            bind_label(c, sub_ok);
        }
        /* [subject, keys] */
        if (p->v.MatchMapping.rest) {
            emit(c, SP_COPY_DICT_WITHOUT_KEYS, 0);
            compile_name(c, p->v.MatchMapping.rest, NAME_STORE, NULL);
            emit(c, SP_POP_TOP, 0);
        } else {
            emit(c, SP_POP_TOP, 0);
            emit(c, SP_POP_TOP, 0);
        }
        emit(c, SP_JUMP, (uint32_t)done);
        bind_label(c, pop2_fail);
        emit(c, SP_POP_TOP, 0);
        emit(c, SP_POP_TOP, 0);
        bind_label(c, pop_fail);
        emit(c, SP_POP_TOP, 0);
        emit(c, SP_JUMP, (uint32_t)fail_label);
        bind_label(c, done);
        break;
    }
    }
}

static void compile_match(compiler *c, const sp_ast_stmt *s)
{
    compile_expr(c, s->v.Match.subject);
    int end = new_label(c);
    for (size_t i = 0; i < s->v.Match.cases.len; i++) {
        const sp_ast_match_case *mc = s->v.Match.cases.items[i];
        int next = new_label(c);
        emit(c, SP_DUP_TOP, 0);
        compile_pattern(c, mc->pattern, next);
        if (mc->guard) compile_jump_if(c, mc->guard, false, next);
        emit(c, SP_POP_TOP, 0);
        compile_stmts(c, &mc->body);
        emit(c, SP_JUMP, (uint32_t)end);
        bind_label(c, next);
    }
    emit(c, SP_POP_TOP, 0);
    bind_label(c, end);
}

static void compile_stmt(compiler *c, const sp_ast_stmt *s)
{
    set_pos_stmt(c, s);
    switch (s->kind) {
    case SP_AST_FunctionDef:
        compile_function_def(c, s);
        break;
    case SP_AST_AsyncFunctionDef:
        fail(c, s->lineno, s->col_offset, 0, 0, "async functions are not supported");
    case SP_AST_ClassDef:
        compile_class_def(c, s);
        break;
    case SP_AST_Return:
        compile_return(c, s);
        break;
    case SP_AST_Delete:
        for (size_t i = 0; i < s->v.Delete.targets.len; i++)
            compile_delete(c, s->v.Delete.targets.items[i]);
        break;
    case SP_AST_Assign: {
        compile_expr(c, s->v.Assign.value);
        size_t n = s->v.Assign.targets.len;
        for (size_t i = 0; i < n; i++) {
            if (i + 1 < n) emit(c, SP_DUP_TOP, 0);
            compile_store(c, s->v.Assign.targets.items[i]);
        }
        break;
    }
    case SP_AST_AugAssign:
        compile_augassign(c, s);
        break;
    case SP_AST_AnnAssign: {
        const sp_ast_expr *t = s->v.AnnAssign.target;
        if (s->v.AnnAssign.value) {
            compile_expr(c, s->v.AnnAssign.value);
            compile_store(c, t);
        }
        if (t->kind == SP_AST_Name && s->v.AnnAssign.simple && c->u->sc->kind != ST_FUNCTION) {
            compile_expr(c, s->v.AnnAssign.annotation);
            compile_name(c, "__annotations__", NAME_LOAD, NULL);
            emit_const(c, check(c, sp_str_intern(t->v.Name.id)));
            emit(c, SP_STORE_SUBSCR, 0);
        }
        break;
    }
    case SP_AST_For:
        compile_for(c, s);
        break;
    case SP_AST_AsyncFor:
    case SP_AST_AsyncWith:
        fail(c, s->lineno, s->col_offset, 0, 0,
             "asynchronous comprehension outside of an asynchronous function");
    case SP_AST_While:
        compile_while(c, s);
        break;
    case SP_AST_If:
        compile_if(c, s);
        break;
    case SP_AST_With:
        compile_with(c, s, 0);
        break;
    case SP_AST_Match:
        compile_match(c, s);
        break;
    case SP_AST_Raise:
        if (s->v.Raise.exc) {
            compile_expr(c, s->v.Raise.exc);
            if (s->v.Raise.cause) compile_expr(c, s->v.Raise.cause);
        }
        set_pos_stmt(c, s);
        emit(c, SP_RAISE_VARARGS, s->v.Raise.exc ? (s->v.Raise.cause ? 2 : 1) : 0);
        break;
    case SP_AST_Try:
    case SP_AST_TryStar:
        if (s->v.Try.finalbody.len)
            compile_try_finally(c, s);
        else
            compile_try_except(c, s);
        break;
    case SP_AST_Assert: {
        int end = new_label(c);
        compile_jump_if(c, s->v.Assert.test, true, end);
        /* CPython 3.11 reports a failed assert at the test expression */
        set_pos_expr(c, s->v.Assert.test);
        emit(c, SP_LOAD_ASSERTION_ERROR, 0);
        if (s->v.Assert.msg) {
            compile_expr(c, s->v.Assert.msg);
            set_pos_expr(c, s->v.Assert.test);
            emit(c, SP_CALL, 1);
        }
        emit(c, SP_RAISE_VARARGS, 1);
        bind_label(c, end);
        break;
    }
    case SP_AST_Import:
        compile_import(c, s);
        break;
    case SP_AST_ImportFrom:
        compile_import_from(c, s);
        break;
    case SP_AST_Global:
    case SP_AST_Nonlocal:
    case SP_AST_Pass:
        break;
    case SP_AST_Expr: {
        const sp_ast_expr *v = s->v.Expr.value;
        if (v->kind == SP_AST_Constant) break; /* docstring-like constants: no code */
        compile_expr(c, v);
        if (c->mode == SP_PARSE_SINGLE) {
            /* interactive: print the value via sys.displayhook semantics is not needed */
        }
        emit(c, SP_POP_TOP, 0);
        break;
    }
    case SP_AST_Break:
        compile_break_continue(c, s, true);
        break;
    case SP_AST_Continue:
        compile_break_continue(c, s, false);
        break;
    }
}

static void compile_stmts(compiler *c, const sp_ast_stmt_seq *seq)
{
    for (size_t i = 0; i < seq->len; i++)
        compile_stmt(c, seq->items[i]);
}

/* ---- entry point -------------------------------------------------------------------- */

sp_code *sp_compile(const sp_ast_mod *mod, const char *filename, const char *src, size_t len,
                    sp_parse_mode mode, bool dynamic_locals, sp_syntax_error *err,
                    sp_compile_stats *stats)
{
    compiler cc;
    memset(&cc, 0, sizeof cc);
    compiler *volatile c = &cc;
    c->err = err;
    c->filename = filename;
    c->src = src;
    c->srclen = len;
    c->mode = mode;
    c->dynamic_locals = dynamic_locals;
    c->stats = stats;
    if (err) err->type = NULL;
    compiler *saved_active = active;
    sp_code *volatile result = NULL;
    if (setjmp(c->jb)) {
        while (c->u) {
            unit *u = c->u;
            c->u = u->prev;
            free_unit(u);
        }
        scope_free(c->top);
        active = saved_active;
        return NULL;
    }
    c->filename_obj = check(c, sp_str_intern(filename));
    active = c;
    c->top = scope_new(c, ST_MODULE, "<module>", mod);
    c->cur_scope = c->top;
    if (mod->kind == SP_AST_Expression)
        st_expr(c, mod->expr);
    else
        st_stmts(c, &mod->body);
    c->cur_scope = NULL;
    add_class_refs(c, c->top);
    nameset empty = {0}, free_out = {0};
    analyze(c, c->top, &empty, &empty, &free_out);
    sp_sys_free(free_out.v);
    enter_unit(c, c->top, "<module>", 1);
    if (mod->kind == SP_AST_Expression) {
        compile_expr(c, mod->expr);
        emit(c, SP_RETURN_VALUE, 0);
    } else {
        if (find_annotations(&mod->body)) {
            emit(c, SP_SETUP_ANNOTATIONS, 0);
        }
        const sp_ast_stmt_seq *body = &mod->body;
        if (mode == SP_PARSE_SINGLE) {
            for (size_t i = 0; i < body->len; i++)
                compile_stmt(c, body->items[i]);
        } else {
            compile_body_with_doc(c, body);
        }
        if (body->len) {
            const sp_ast_stmt *last = body->items[body->len - 1];
            c->u->pos = (sp_srcpos){last->end_lineno, 0, 0, 0};
            c->u->pos.line = last->lineno;
        }
    }
    result = assemble(c, "<module>");
    scope_free(c->top);
    active = saved_active;
    return result;
}
