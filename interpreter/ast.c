/*
 * ast.c — the AST arena and the `ast.dump(tree, indent=2)` printer.
 *
 * Design overview
 * ---------------
 * The arena is a list of chunks from sp_mem_alloc; allocation bumps a pointer in the
 * newest chunk and big requests get a chunk of their own. Nothing is freed before
 * sp_arena_free, which returns every chunk.
 *
 * The dumper reproduces Lib/ast.py's dump() algorithm literally: a node prints on one
 * line when it has at most three fields and all of them are "simple" (scalars or
 * field-less nodes like Load()); otherwise each field goes on its own line indented
 * two spaces per level. Lists are never simple. Optional fields that are None are
 * omitted. Values are printed with Python's repr rules (shortest float repr, str
 * quoting and escapes, ints in decimal of any size).
 */
#include "ast.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gc.h"

/* ---- arena ---------------------------------------------------------------------- */

#define ARENA_CHUNK (64 * 1024)

typedef struct chunk {
    struct chunk *next;
    size_t size; /* bytes of the whole chunk as passed to sp_mem_alloc */
    size_t used; /* bytes used after the header */
    max_align_t data[];
} chunk;

/* Invariants
 *  1. `head` is the chunk bumped into; other chunks are full or dedicated.
 *  2. used <= size - sizeof(chunk) for every chunk. */
struct sp_arena {
    chunk *head;
    size_t total;
};

sp_arena *sp_arena_new(void)
{
    sp_arena *a = sp_mem_alloc(sizeof *a);
    if (!a) return NULL;
    a->head = NULL;
    a->total = 0;
    return a;
}

static chunk *new_chunk(size_t payload)
{
    size_t size = sizeof(chunk) + payload;
    chunk *c = sp_mem_alloc(size);
    if (!c) return NULL;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

void *sp_arena_alloc(sp_arena *a, size_t size)
{
    size_t align = sizeof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0) size = align;
    chunk *h = a->head;
    if (!h || h->used + size > h->size - sizeof(chunk)) {
        if (size > ARENA_CHUNK / 4) {
            /* dedicated chunk, linked behind the head so the head keeps its space */
            chunk *c = new_chunk(size);
            if (!c) return NULL;
            c->used = size;
            if (h) {
                c->next = h->next;
                h->next = c;
            } else {
                a->head = c;
            }
            a->total += size;
            memset(c->data, 0, size);
            return c->data;
        }
        chunk *c = new_chunk(ARENA_CHUNK);
        if (!c) return NULL;
        c->next = h;
        a->head = h = c;
    }
    void *p = (char *)h->data + h->used;
    h->used += size;
    assert(h->used <= h->size - sizeof(chunk)); /* invariant 2 */
    a->total += size;
    memset(p, 0, size);
    return p;
}

char *sp_arena_strndup(sp_arena *a, const char *s, size_t n)
{
    char *p = sp_arena_alloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void sp_arena_free(sp_arena *a)
{
    if (!a) return;
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        sp_mem_free(c, c->size);
        c = next;
    }
    sp_mem_free(a, sizeof *a);
}

size_t sp_arena_used(const sp_arena *a)
{
    return a->total;
}

/* ---- names ------------------------------------------------------------------------ */

const char *sp_ast_operator_name(sp_ast_operator op)
{
    static const char *n[] = {"?",   "Add",    "Sub",    "Mult",  "MatMult", "Div",    "Mod",
                              "Pow", "LShift", "RShift", "BitOr", "BitXor",  "BitAnd", "FloorDiv"};
    return (unsigned)op < 14 ? n[op] : "?";
}

const char *sp_ast_unaryop_name(sp_ast_unaryop op)
{
    static const char *n[] = {"?", "Invert", "Not", "UAdd", "USub"};
    return (unsigned)op < 5 ? n[op] : "?";
}

const char *sp_ast_cmpop_name(sp_ast_cmpop op)
{
    static const char *n[] = {"?",   "Eq", "NotEq", "Lt", "LtE",  "Gt",
                              "GtE", "Is", "IsNot", "In", "NotIn"};
    return (unsigned)op < 11 ? n[op] : "?";
}

const char *sp_ast_boolop_name(sp_ast_boolop op)
{
    return op == SP_AST_And ? "And" : op == SP_AST_Or ? "Or" : "?";
}

const char *sp_ast_ctx_name(sp_ast_expr_context ctx)
{
    return ctx == SP_AST_Store ? "Store" : ctx == SP_AST_Del ? "Del" : "Load";
}

/* ---- float repr --------------------------------------------------------------------- */

/* Python's repr(float) / format code 'r': the shortest digits that round-trip,
 * fixed notation for exponents in [-4, 16), else d.ddde+XX. */
static int float_repr(double d, char *buf, size_t size, int add_dot0)
{
    if (isnan(d)) return snprintf(buf, size, "nan");
    if (isinf(d)) return snprintf(buf, size, d < 0 ? "-inf" : "inf");
    char tmp[64];
    int prec;
    for (prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, d);
        if (strtod(tmp, NULL) == d) break;
    }
    /* tmp: [-]d[.ddd]e[+-]XX */
    char digits[32];
    int nd = 0, neg = 0;
    const char *p = tmp;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') digits[nd++] = *p;
    int exp = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = 0;
    char out[64];
    int o = 0;
    if (neg) out[o++] = '-';
    if (exp >= -5 + 1 && exp < 16) {
        if (exp < 0) {
            out[o++] = '0';
            out[o++] = '.';
            for (int i = 0; i < -exp - 1; i++)
                out[o++] = '0';
            for (int i = 0; i < nd; i++)
                out[o++] = digits[i];
        } else {
            for (int i = 0; i <= exp; i++)
                out[o++] = i < nd ? digits[i] : '0';
            if (nd > exp + 1) {
                out[o++] = '.';
                for (int i = exp + 1; i < nd; i++)
                    out[o++] = digits[i];
            } else if (add_dot0) {
                out[o++] = '.';
                out[o++] = '0';
            }
        }
    } else {
        out[o++] = digits[0];
        if (nd > 1) {
            out[o++] = '.';
            for (int i = 1; i < nd; i++)
                out[o++] = digits[i];
        }
        o +=
            snprintf(out + o, sizeof out - o, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    }
    out[o] = 0;
    return snprintf(buf, size, "%s", out);
}

int sp_ast_float_repr(double d, char *buf, size_t size)
{
    return float_repr(d, buf, size, 1);
}

/* ---- string builder (raw budgeted memory) --------------------------------------------- */

typedef struct sb {
    char *p;
    size_t len, cap;
    int oom;
} sb;

static void sb_put(sb *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 64;
        while (ncap < b->len + n + 1)
            ncap *= 2;
        char *np = sp_mem_realloc(b->p, b->cap, ncap);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = ncap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void sb_puts(sb *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void sb_free(sb *b)
{
    if (b->p) sp_mem_free(b->p, b->cap);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* ---- value reprs ---------------------------------------------------------------- */

static int utf8_dec(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (c < 0x80 || (size_t)len > n || c < 0xC2 || c > 0xF4) {
        *cp = c;
        return 1;
    }
    uint32_t v = c & (0x3F >> (len - 1));
    for (int i = 1; i < len; i++)
        v = (v << 6) | (s[i] & 0x3F);
    *cp = v;
    return len;
}

static bool printable(uint32_t c)
{
    if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD) return false;
    if (c >= 0x2000 && c <= 0x200F) return c <= 0x200A ? false : false;
    if (c >= 0x2028 && c <= 0x202F) return false;
    if (c >= 0x205F && c <= 0x206F) return false;
    if (c == 0x3000 || c == 0xFEFF || c == 0x1680) return false;
    if (c >= 0xD800 && c <= 0xDFFF) return false;
    if (c >= 0xE000 && c <= 0xF8FF) return false;
    if (c >= 0xFFF0 && c <= 0xFFFF) return c == 0xFFFC || c == 0xFFFD;
    if (c >= 0xE0000) return false;
    return true;
}

static void repr_str(sb *b, const char *s, size_t n)
{
    bool sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
    char q = (sq && !dq) ? '"' : '\'';
    sb_put(b, &q, 1);
    char tmp[16];
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == (unsigned char)q || c == '\\') {
            tmp[0] = '\\';
            tmp[1] = (char)c;
            sb_put(b, tmp, 2);
            i++;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            tmp[0] = '\\';
            tmp[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
            sb_put(b, tmp, 2);
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            sb_put(b, tmp, (size_t)snprintf(tmp, sizeof tmp, "\\x%02x", c));
            i++;
        } else if (c < 0x80) {
            sb_put(b, (const char *)&s[i], 1);
            i++;
        } else {
            uint32_t cp;
            int k = utf8_dec((const unsigned char *)s + i, n - i, &cp);
            if (printable(cp)) {
                sb_put(b, s + i, (size_t)k);
            } else {
                int w = cp < 0x100     ? snprintf(tmp, sizeof tmp, "\\x%02x", cp)
                        : cp < 0x10000 ? snprintf(tmp, sizeof tmp, "\\u%04x", cp)
                                       : snprintf(tmp, sizeof tmp, "\\U%08x", cp);
                sb_put(b, tmp, (size_t)w);
            }
            i += (size_t)k;
        }
    }
    sb_put(b, &q, 1);
}

static void repr_bytes(sb *b, const char *s, size_t n)
{
    bool sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
    char q = (sq && !dq) ? '"' : '\'';
    sb_puts(b, "b");
    sb_put(b, &q, 1);
    char tmp[8];
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == (unsigned char)q || c == '\\') {
            tmp[0] = '\\';
            tmp[1] = (char)c;
            sb_put(b, tmp, 2);
        } else if (c == '\n' || c == '\r' || c == '\t') {
            tmp[0] = '\\';
            tmp[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
            sb_put(b, tmp, 2);
        } else if (c < 0x20 || c >= 0x7F) {
            sb_put(b, tmp, (size_t)snprintf(tmp, sizeof tmp, "\\x%02x", c));
        } else {
            sb_put(b, (const char *)&s[i], 1);
        }
    }
    sb_put(b, &q, 1);
}

/* Decimal text of the digit string `digits` in `base` (arbitrary size). */
static void int_to_decimal(sb *b, const char *digits, int base)
{
    while (digits[0] == '0' && digits[1])
        digits++;
    if (base == 10) {
        sb_puts(b, digits);
        return;
    }
    size_t nd = strlen(digits);
    size_t cap = nd / 2 + 2; /* limbs of 1e9; each input digit adds < 4 bits */
    uint32_t *limbs = sp_mem_calloc(cap, sizeof *limbs);
    if (!limbs) {
        b->oom = 1;
        return;
    }
    size_t n = 1;
    for (size_t i = 0; i < nd; i++) {
        int c = digits[i];
        uint32_t v = (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        uint64_t carry = v;
        for (size_t j = 0; j < n; j++) {
            uint64_t t = (uint64_t)limbs[j] * (uint64_t)base + carry;
            limbs[j] = (uint32_t)(t % 1000000000u);
            carry = t / 1000000000u;
        }
        while (carry) {
            limbs[n++] = (uint32_t)(carry % 1000000000u);
            carry /= 1000000000u;
        }
    }
    char tmp[16];
    sb_put(b, tmp, (size_t)snprintf(tmp, sizeof tmp, "%u", limbs[n - 1]));
    for (size_t j = n - 1; j-- > 0;)
        sb_put(b, tmp, (size_t)snprintf(tmp, sizeof tmp, "%09u", limbs[j]));
    sp_mem_free(limbs, cap * sizeof *limbs);
}

static void repr_constant(sb *b, const sp_ast_constant *c)
{
    char tmp[64];
    switch (c->kind) {
    case SP_CONST_NONE:
        sb_puts(b, "None");
        break;
    case SP_CONST_TRUE:
        sb_puts(b, "True");
        break;
    case SP_CONST_FALSE:
        sb_puts(b, "False");
        break;
    case SP_CONST_ELLIPSIS:
        sb_puts(b, "Ellipsis");
        break;
    case SP_CONST_INT:
        int_to_decimal(b, c->int_digits, c->int_base);
        break;
    case SP_CONST_FLOAT:
        float_repr(c->f, tmp, sizeof tmp, 1);
        sb_puts(b, tmp);
        break;
    case SP_CONST_COMPLEX:
        float_repr(c->f, tmp, sizeof tmp, 0);
        sb_puts(b, tmp);
        sb_puts(b, "j");
        break;
    case SP_CONST_STR:
        repr_str(b, c->s, c->len);
        break;
    case SP_CONST_BYTES:
        repr_bytes(b, c->s, c->len);
        break;
    }
}

/* ---- the dumper ------------------------------------------------------------------ */

/* A field of the node being printed. Values are recorded first and printed once the
 * layout is known, straight into the one output buffer (building each subtree's text
 * separately would make deep trees quadratic). */
typedef void (*fmt_item_fn)(sb *out, const void *item, int level);

enum {
    FV_IDENT,
    FV_INT,
    FV_WORD,
    FV_EXPR,
    FV_PATTERN,
    FV_LIST,
    FV_ARGS,
    FV_ARG,
    FV_CONST,
    FV_SINGLETON,
    FV_CMPOPS
};

typedef struct fval {
    int kind;
    const void *ptr; /* the node / string / constant / items */
    int i;           /* FV_INT value, FV_SINGLETON kind */
    size_t len;      /* FV_LIST / FV_CMPOPS length */
    fmt_item_fn fn;  /* FV_LIST item printer */
    bool call;       /* FV_WORD: append "()" */
    bool simple;     /* what ast.dump calls simple: scalars and field-less nodes */
} fval;

#define MAX_FIELDS 12

static bool dump_attributes; /* include_attributes=True (tests) */
/* The printer recurses along the tree; a left-deep chain like a+a+...+a can be
 * 100000 levels deep, so it stops (result -2) past this depth instead of
 * overflowing the C stack. */
#define DUMP_MAX_DEPTH 3000
static int dump_depth;
static bool dump_too_deep;

typedef struct node_out {
    const char *cls;
    const int *pos; /* lineno, col_offset, end_lineno, end_col_offset or NULL */
    const char *names[MAX_FIELDS];
    fval vals[MAX_FIELDS];
    int n;
    int level; /* level of the node's fields (already incremented) */
} node_out;

static void fmt_expr(sb *out, const sp_ast_expr *e, int level, bool *simple);
static void fmt_stmt(sb *out, const sp_ast_stmt *s, int level, bool *simple);
static void fmt_pattern(sb *out, const sp_ast_pattern *p, int level, bool *simple);
static void emit_arguments(sb *out, const sp_ast_arguments *a, int level);
static void item_arg(sb *out, const void *x, int level);

static void indent_to(sb *b, int level)
{
    sb_puts(b, "\n");
    for (int i = 0; i < level; i++)
        sb_puts(b, "  ");
}

static fval *add_field(node_out *no, const char *name)
{
    fval *v = &no->vals[no->n];
    no->names[no->n++] = name;
    memset(v, 0, sizeof *v);
    v->simple = true;
    return v;
}

static void f_int(node_out *no, const char *name, int i)
{
    fval *v = add_field(no, name);
    v->kind = FV_INT;
    v->i = i;
}

static void emit_value(sb *out, const fval *v, int level)
{
    char tmp[32];
    bool s;
    switch (v->kind) {
    case FV_IDENT:
        repr_str(out, v->ptr, strlen(v->ptr));
        break;
    case FV_INT:
        sb_put(out, tmp, (size_t)snprintf(tmp, sizeof tmp, "%d", v->i));
        break;
    case FV_WORD:
        sb_puts(out, v->ptr);
        if (v->call) sb_puts(out, "()");
        break;
    case FV_EXPR:
        fmt_expr(out, v->ptr, level, &s);
        break;
    case FV_PATTERN:
        fmt_pattern(out, v->ptr, level, &s);
        break;
    case FV_ARGS:
        emit_arguments(out, v->ptr, level);
        break;
    case FV_ARG:
        item_arg(out, v->ptr, level);
        break;
    case FV_CONST:
        repr_constant(out, v->ptr);
        break;
    case FV_SINGLETON: {
        sp_ast_constant c;
        memset(&c, 0, sizeof c);
        c.kind = (sp_ast_const_kind)v->i;
        repr_constant(out, &c);
        break;
    }
    case FV_LIST:
        if (v->len == 0) {
            sb_puts(out, "[]");
            break;
        }
        sb_puts(out, "[");
        for (size_t i = 0; i < v->len; i++) {
            if (i) sb_puts(out, ",");
            indent_to(out, level + 1);
            v->fn(out, ((void *const *)v->ptr)[i], level + 1);
        }
        sb_puts(out, "]");
        break;
    case FV_CMPOPS:
        sb_puts(out, "[");
        for (size_t i = 0; i < v->len; i++) {
            if (i) sb_puts(out, ",");
            indent_to(out, level + 1);
            sb_puts(out, sp_ast_cmpop_name((sp_ast_cmpop)((const int *)v->ptr)[i]));
            sb_puts(out, "()");
        }
        sb_puts(out, "]");
        break;
    }
}

static void finish_node(sb *out, node_out *no, bool *simple)
{
    if (dump_attributes && no->pos) {
        static const char *names[] = {"lineno", "col_offset", "end_lineno", "end_col_offset"};
        for (int i = 0; i < 4; i++)
            f_int(no, names[i], no->pos[i]);
    }
    bool allsimple = true;
    for (int i = 0; i < no->n; i++)
        allsimple = allsimple && no->vals[i].simple;
    sb_puts(out, no->cls);
    sb_puts(out, "(");
    bool oneline = allsimple && no->n <= 3;
    for (int i = 0; i < no->n; i++) {
        if (oneline) {
            if (i) sb_puts(out, ", ");
        } else {
            if (i) sb_puts(out, ",");
            indent_to(out, no->level);
        }
        sb_puts(out, no->names[i]);
        sb_puts(out, "=");
        emit_value(out, &no->vals[i], no->level);
    }
    sb_puts(out, ")");
    *simple = oneline && no->n == 0;
}

static void start_node(node_out *no, const char *cls, int level)
{
    no->cls = cls;
    no->pos = NULL;
    no->n = 0;
    no->level = level + 1;
}

static void f_ident(node_out *no, const char *name, const char *id)
{
    fval *v = add_field(no, name);
    v->kind = FV_IDENT;
    v->ptr = id;
}

static void f_opt_ident(node_out *no, const char *name, const char *id)
{
    if (id) f_ident(no, name, id);
}

static void f_word(node_out *no, const char *name, const char *word, bool call)
{
    fval *v = add_field(no, name);
    v->kind = FV_WORD;
    v->ptr = word;
    v->call = call;
}

static void f_expr(node_out *no, const char *name, const sp_ast_expr *e)
{
    fval *v = add_field(no, name);
    v->kind = FV_EXPR;
    v->ptr = e;
    /* only Yield() and Slice() can print without fields */
    v->simple =
        (e->kind == SP_AST_Yield && !e->v.Yield.value) ||
        (e->kind == SP_AST_Slice && !e->v.Slice.lower && !e->v.Slice.upper && !e->v.Slice.step);
    if (dump_attributes) v->simple = false;
}

static void f_opt_expr(node_out *no, const char *name, const sp_ast_expr *e)
{
    if (e) f_expr(no, name, e);
}

static void f_pattern(node_out *no, const char *name, const sp_ast_pattern *p)
{
    fval *v = add_field(no, name);
    v->kind = FV_PATTERN;
    v->ptr = p;
    /* MatchAs() (the wildcard) and MatchStar() print without fields */
    v->simple = (p->kind == SP_AST_MatchAs && !p->v.MatchAs.pattern && !p->v.MatchAs.name) ||
                (p->kind == SP_AST_MatchStar && !p->v.MatchStar.name);
    if (dump_attributes) v->simple = false;
}

static void f_list(node_out *no, const char *name, size_t len, void *const *items, fmt_item_fn fn)
{
    fval *v = add_field(no, name);
    v->kind = FV_LIST;
    v->ptr = items;
    v->len = len;
    v->fn = fn;
    v->simple = len == 0;
}

static void item_expr(sb *out, const void *x, int level)
{
    bool s;
    if (!x)
        sb_puts(out, "None");
    else
        fmt_expr(out, x, level, &s);
}

static void item_stmt(sb *out, const void *x, int level)
{
    bool s;
    fmt_stmt(out, x, level, &s);
}

static void item_pattern(sb *out, const void *x, int level)
{
    bool s;
    fmt_pattern(out, x, level, &s);
}

static void item_ident(sb *out, const void *x, int level)
{
    (void)level;
    repr_str(out, x, strlen(x));
}

static void item_keyword(sb *out, const void *x, int level)
{
    const sp_ast_keyword *k = x;
    node_out no;
    bool s;
    start_node(&no, "keyword", level);
    no.pos = &k->lineno;
    f_opt_ident(&no, "arg", k->arg);
    f_expr(&no, "value", k->value);
    finish_node(out, &no, &s);
}

static void item_alias(sb *out, const void *x, int level)
{
    const sp_ast_alias *a = x;
    node_out no;
    bool s;
    start_node(&no, "alias", level);
    no.pos = &a->lineno;
    f_ident(&no, "name", a->name);
    f_opt_ident(&no, "asname", a->asname);
    finish_node(out, &no, &s);
}

static void item_arg(sb *out, const void *x, int level)
{
    const sp_ast_arg *a = x;
    node_out no;
    bool s;
    start_node(&no, "arg", level);
    no.pos = &a->lineno;
    f_ident(&no, "arg", a->arg);
    f_opt_expr(&no, "annotation", a->annotation);
    finish_node(out, &no, &s);
}

static void item_withitem(sb *out, const void *x, int level)
{
    const sp_ast_withitem *w = x;
    node_out no;
    bool s;
    start_node(&no, "withitem", level);
    f_expr(&no, "context_expr", w->context_expr);
    f_opt_expr(&no, "optional_vars", w->optional_vars);
    finish_node(out, &no, &s);
}

static void item_comprehension(sb *out, const void *x, int level)
{
    const sp_ast_comprehension *c = x;
    node_out no;
    bool s;
    start_node(&no, "comprehension", level);
    f_expr(&no, "target", c->target);
    f_expr(&no, "iter", c->iter);
    f_list(&no, "ifs", c->ifs.len, (void *const *)c->ifs.items, item_expr);
    f_int(&no, "is_async", c->is_async);
    finish_node(out, &no, &s);
}

static void item_handler(sb *out, const void *x, int level)
{
    const sp_ast_excepthandler *h = x;
    node_out no;
    bool s;
    start_node(&no, "ExceptHandler", level);
    no.pos = &h->lineno;
    f_opt_expr(&no, "type", h->type);
    f_opt_ident(&no, "name", h->name);
    f_list(&no, "body", h->body.len, (void *const *)h->body.items, item_stmt);
    finish_node(out, &no, &s);
}

static void item_match_case(sb *out, const void *x, int level)
{
    const sp_ast_match_case *m = x;
    node_out no;
    bool s;
    start_node(&no, "match_case", level);
    f_pattern(&no, "pattern", m->pattern);
    f_opt_expr(&no, "guard", m->guard);
    f_list(&no, "body", m->body.len, (void *const *)m->body.items, item_stmt);
    finish_node(out, &no, &s);
}

#define LIST(no, name, seq, fn) f_list(no, name, (seq).len, (void *const *)(seq).items, fn)

static void emit_arguments(sb *out, const sp_ast_arguments *a, int level)
{
    node_out no;
    bool s;
    start_node(&no, "arguments", level);
    LIST(&no, "posonlyargs", a->posonlyargs, item_arg);
    LIST(&no, "args", a->args, item_arg);
    if (a->vararg) {
        fval *w = add_field(&no, "vararg");
        w->kind = FV_ARG;
        w->ptr = a->vararg;
        w->simple = false;
    }
    LIST(&no, "kwonlyargs", a->kwonlyargs, item_arg);
    LIST(&no, "kw_defaults", a->kw_defaults, item_expr);
    if (a->kwarg) {
        fval *w = add_field(&no, "kwarg");
        w->kind = FV_ARG;
        w->ptr = a->kwarg;
        w->simple = false;
    }
    LIST(&no, "defaults", a->defaults, item_expr);
    finish_node(out, &no, &s);
}

static void f_arguments(node_out *parent, const char *name, const sp_ast_arguments *a)
{
    fval *v = add_field(parent, name);
    v->kind = FV_ARGS;
    v->ptr = a;
    v->simple = false;
}

static void f_const(node_out *no, const char *name, const sp_ast_constant *c)
{
    fval *v = add_field(no, name);
    v->kind = FV_CONST;
    v->ptr = c;
}

static const char *expr_names[] = {
    "?",         "BoolOp",    "NamedExpr", "BinOp",   "UnaryOp",        "Lambda",       "IfExp",
    "Dict",      "Set",       "ListComp",  "SetComp", "DictComp",       "GeneratorExp", "Await",
    "Yield",     "YieldFrom", "Compare",   "Call",    "FormattedValue", "JoinedStr",    "Constant",
    "Attribute", "Subscript", "Starred",   "Name",    "List",           "Tuple",        "Slice"};

static void fmt_expr(sb *out, const sp_ast_expr *e, int level, bool *simple)
{
    if (dump_depth >= DUMP_MAX_DEPTH || dump_too_deep) {
        dump_too_deep = true;
        *simple = true;
        return;
    }
    dump_depth++;
    node_out no;
    start_node(&no, expr_names[e->kind], level);
    no.pos = &e->lineno;
    switch (e->kind) {
    case SP_AST_BoolOp:
        f_word(&no, "op", sp_ast_boolop_name(e->v.BoolOp.op), true);
        LIST(&no, "values", e->v.BoolOp.values, item_expr);
        break;
    case SP_AST_NamedExpr:
        f_expr(&no, "target", e->v.NamedExpr.target);
        f_expr(&no, "value", e->v.NamedExpr.value);
        break;
    case SP_AST_BinOp:
        f_expr(&no, "left", e->v.BinOp.left);
        f_word(&no, "op", sp_ast_operator_name(e->v.BinOp.op), true);
        f_expr(&no, "right", e->v.BinOp.right);
        break;
    case SP_AST_UnaryOp:
        f_word(&no, "op", sp_ast_unaryop_name(e->v.UnaryOp.op), true);
        f_expr(&no, "operand", e->v.UnaryOp.operand);
        break;
    case SP_AST_Lambda:
        f_arguments(&no, "args", e->v.Lambda.args);
        f_expr(&no, "body", e->v.Lambda.body);
        break;
    case SP_AST_IfExp:
        f_expr(&no, "test", e->v.IfExp.test);
        f_expr(&no, "body", e->v.IfExp.body);
        f_expr(&no, "orelse", e->v.IfExp.orelse);
        break;
    case SP_AST_Dict:
        LIST(&no, "keys", e->v.Dict.keys, item_expr);
        LIST(&no, "values", e->v.Dict.values, item_expr);
        break;
    case SP_AST_Set:
        LIST(&no, "elts", e->v.Set.elts, item_expr);
        break;
    case SP_AST_ListComp:
    case SP_AST_SetComp:
    case SP_AST_GeneratorExp:
        f_expr(&no, "elt", e->v.ListComp.elt);
        LIST(&no, "generators", e->v.ListComp.generators, item_comprehension);
        break;
    case SP_AST_DictComp:
        f_expr(&no, "key", e->v.DictComp.key);
        f_expr(&no, "value", e->v.DictComp.value);
        LIST(&no, "generators", e->v.DictComp.generators, item_comprehension);
        break;
    case SP_AST_Await:
        f_expr(&no, "value", e->v.Await.value);
        break;
    case SP_AST_Yield:
        f_opt_expr(&no, "value", e->v.Yield.value);
        break;
    case SP_AST_YieldFrom:
        f_expr(&no, "value", e->v.YieldFrom.value);
        break;
    case SP_AST_Compare: {
        f_expr(&no, "left", e->v.Compare.left);
        fval *v = add_field(&no, "ops");
        v->kind = FV_CMPOPS;
        v->ptr = e->v.Compare.ops.items;
        v->len = e->v.Compare.ops.len;
        v->simple = false;
        LIST(&no, "comparators", e->v.Compare.comparators, item_expr);
        break;
    }
    case SP_AST_Call:
        f_expr(&no, "func", e->v.Call.func);
        LIST(&no, "args", e->v.Call.args, item_expr);
        LIST(&no, "keywords", e->v.Call.keywords, item_keyword);
        break;
    case SP_AST_FormattedValue:
        f_expr(&no, "value", e->v.FormattedValue.value);
        f_int(&no, "conversion", e->v.FormattedValue.conversion);
        f_opt_expr(&no, "format_spec", e->v.FormattedValue.format_spec);
        break;
    case SP_AST_JoinedStr:
        LIST(&no, "values", e->v.JoinedStr.values, item_expr);
        break;
    case SP_AST_Constant:
        f_const(&no, "value", &e->v.Constant.value);
        if (e->v.Constant.kind) f_ident(&no, "kind", e->v.Constant.kind);
        break;
    case SP_AST_Attribute:
        f_expr(&no, "value", e->v.Attribute.value);
        f_ident(&no, "attr", e->v.Attribute.attr);
        f_word(&no, "ctx", sp_ast_ctx_name(e->v.Attribute.ctx), true);
        break;
    case SP_AST_Subscript:
        f_expr(&no, "value", e->v.Subscript.value);
        f_expr(&no, "slice", e->v.Subscript.slice);
        f_word(&no, "ctx", sp_ast_ctx_name(e->v.Subscript.ctx), true);
        break;
    case SP_AST_Starred:
        f_expr(&no, "value", e->v.Starred.value);
        f_word(&no, "ctx", sp_ast_ctx_name(e->v.Starred.ctx), true);
        break;
    case SP_AST_Name:
        f_ident(&no, "id", e->v.Name.id);
        f_word(&no, "ctx", sp_ast_ctx_name(e->v.Name.ctx), true);
        break;
    case SP_AST_List:
    case SP_AST_Tuple:
        LIST(&no, "elts", e->v.List.elts, item_expr);
        f_word(&no, "ctx", sp_ast_ctx_name(e->v.List.ctx), true);
        break;
    case SP_AST_Slice:
        f_opt_expr(&no, "lower", e->v.Slice.lower);
        f_opt_expr(&no, "upper", e->v.Slice.upper);
        f_opt_expr(&no, "step", e->v.Slice.step);
        break;
    }
    finish_node(out, &no, simple);
    dump_depth--;
}

static const char *stmt_names[] = {"?",          "FunctionDef", "AsyncFunctionDef",
                                   "ClassDef",   "Return",      "Delete",
                                   "Assign",     "AugAssign",   "AnnAssign",
                                   "For",        "AsyncFor",    "While",
                                   "If",         "With",        "AsyncWith",
                                   "Match",      "Raise",       "Try",
                                   "TryStar",    "Assert",      "Import",
                                   "ImportFrom", "Global",      "Nonlocal",
                                   "Expr",       "Pass",        "Break",
                                   "Continue"};

static void fmt_stmt(sb *out, const sp_ast_stmt *s, int level, bool *simple)
{
    if (dump_depth >= DUMP_MAX_DEPTH || dump_too_deep) {
        dump_too_deep = true;
        *simple = true;
        return;
    }
    dump_depth++;
    node_out no;
    start_node(&no, stmt_names[s->kind], level);
    no.pos = &s->lineno;
    switch (s->kind) {
    case SP_AST_FunctionDef:
    case SP_AST_AsyncFunctionDef:
        f_ident(&no, "name", s->v.FunctionDef.name);
        f_arguments(&no, "args", s->v.FunctionDef.args);
        LIST(&no, "body", s->v.FunctionDef.body, item_stmt);
        LIST(&no, "decorator_list", s->v.FunctionDef.decorator_list, item_expr);
        f_opt_expr(&no, "returns", s->v.FunctionDef.returns);
        break;
    case SP_AST_ClassDef:
        f_ident(&no, "name", s->v.ClassDef.name);
        LIST(&no, "bases", s->v.ClassDef.bases, item_expr);
        LIST(&no, "keywords", s->v.ClassDef.keywords, item_keyword);
        LIST(&no, "body", s->v.ClassDef.body, item_stmt);
        LIST(&no, "decorator_list", s->v.ClassDef.decorator_list, item_expr);
        break;
    case SP_AST_Return:
        f_opt_expr(&no, "value", s->v.Return.value);
        break;
    case SP_AST_Delete:
        LIST(&no, "targets", s->v.Delete.targets, item_expr);
        break;
    case SP_AST_Assign:
        LIST(&no, "targets", s->v.Assign.targets, item_expr);
        f_expr(&no, "value", s->v.Assign.value);
        break;
    case SP_AST_AugAssign:
        f_expr(&no, "target", s->v.AugAssign.target);
        f_word(&no, "op", sp_ast_operator_name(s->v.AugAssign.op), true);
        f_expr(&no, "value", s->v.AugAssign.value);
        break;
    case SP_AST_AnnAssign:
        f_expr(&no, "target", s->v.AnnAssign.target);
        f_expr(&no, "annotation", s->v.AnnAssign.annotation);
        f_opt_expr(&no, "value", s->v.AnnAssign.value);
        f_int(&no, "simple", s->v.AnnAssign.simple);
        break;
    case SP_AST_For:
    case SP_AST_AsyncFor:
        f_expr(&no, "target", s->v.For.target);
        f_expr(&no, "iter", s->v.For.iter);
        LIST(&no, "body", s->v.For.body, item_stmt);
        LIST(&no, "orelse", s->v.For.orelse, item_stmt);
        break;
    case SP_AST_While:
        f_expr(&no, "test", s->v.While.test);
        LIST(&no, "body", s->v.While.body, item_stmt);
        LIST(&no, "orelse", s->v.While.orelse, item_stmt);
        break;
    case SP_AST_If:
        f_expr(&no, "test", s->v.If.test);
        LIST(&no, "body", s->v.If.body, item_stmt);
        LIST(&no, "orelse", s->v.If.orelse, item_stmt);
        break;
    case SP_AST_With:
    case SP_AST_AsyncWith:
        LIST(&no, "items", s->v.With.items, item_withitem);
        LIST(&no, "body", s->v.With.body, item_stmt);
        break;
    case SP_AST_Match:
        f_expr(&no, "subject", s->v.Match.subject);
        LIST(&no, "cases", s->v.Match.cases, item_match_case);
        break;
    case SP_AST_Raise:
        f_opt_expr(&no, "exc", s->v.Raise.exc);
        f_opt_expr(&no, "cause", s->v.Raise.cause);
        break;
    case SP_AST_Try:
    case SP_AST_TryStar:
        LIST(&no, "body", s->v.Try.body, item_stmt);
        LIST(&no, "handlers", s->v.Try.handlers, item_handler);
        LIST(&no, "orelse", s->v.Try.orelse, item_stmt);
        LIST(&no, "finalbody", s->v.Try.finalbody, item_stmt);
        break;
    case SP_AST_Assert:
        f_expr(&no, "test", s->v.Assert.test);
        f_opt_expr(&no, "msg", s->v.Assert.msg);
        break;
    case SP_AST_Import:
        LIST(&no, "names", s->v.Import.names, item_alias);
        break;
    case SP_AST_ImportFrom:
        f_opt_ident(&no, "module", s->v.ImportFrom.module);
        LIST(&no, "names", s->v.ImportFrom.names, item_alias);
        f_int(&no, "level", s->v.ImportFrom.level);
        break;
    case SP_AST_Global:
    case SP_AST_Nonlocal:
        LIST(&no, "names", s->v.Global.names, item_ident);
        break;
    case SP_AST_Expr:
        f_expr(&no, "value", s->v.Expr.value);
        break;
    case SP_AST_Pass:
    case SP_AST_Break:
    case SP_AST_Continue:
        break;
    }
    finish_node(out, &no, simple);
    dump_depth--;
}

static const char *pattern_names[] = {
    "?",          "MatchValue", "MatchSingleton", "MatchSequence", "MatchMapping",
    "MatchClass", "MatchStar",  "MatchAs",        "MatchOr"};

static void fmt_pattern(sb *out, const sp_ast_pattern *p, int level, bool *simple)
{
    if (dump_depth >= DUMP_MAX_DEPTH || dump_too_deep) {
        dump_too_deep = true;
        *simple = true;
        return;
    }
    dump_depth++;
    node_out no;
    start_node(&no, pattern_names[p->kind], level);
    no.pos = &p->lineno;
    switch (p->kind) {
    case SP_AST_MatchValue:
        f_expr(&no, "value", p->v.MatchValue.value);
        break;
    case SP_AST_MatchSingleton: {
        fval *v = add_field(&no, "value");
        v->kind = FV_SINGLETON;
        v->i = (int)p->v.MatchSingleton.value;
        break;
    }
    case SP_AST_MatchSequence:
        LIST(&no, "patterns", p->v.MatchSequence.patterns, item_pattern);
        break;
    case SP_AST_MatchMapping:
        LIST(&no, "keys", p->v.MatchMapping.keys, item_expr);
        LIST(&no, "patterns", p->v.MatchMapping.patterns, item_pattern);
        f_opt_ident(&no, "rest", p->v.MatchMapping.rest);
        break;
    case SP_AST_MatchClass:
        f_expr(&no, "cls", p->v.MatchClass.cls);
        LIST(&no, "patterns", p->v.MatchClass.patterns, item_pattern);
        LIST(&no, "kwd_attrs", p->v.MatchClass.kwd_attrs, item_ident);
        LIST(&no, "kwd_patterns", p->v.MatchClass.kwd_patterns, item_pattern);
        break;
    case SP_AST_MatchStar:
        f_opt_ident(&no, "name", p->v.MatchStar.name);
        break;
    case SP_AST_MatchAs:
        if (p->v.MatchAs.pattern) f_pattern(&no, "pattern", p->v.MatchAs.pattern);
        f_opt_ident(&no, "name", p->v.MatchAs.name);
        break;
    case SP_AST_MatchOr:
        LIST(&no, "patterns", p->v.MatchOr.patterns, item_pattern);
        break;
    }
    finish_node(out, &no, simple);
    dump_depth--;
}

int sp_ast_dump_ex(const sp_ast_mod *m, int fd, bool include_attributes)
{
    dump_attributes = include_attributes;
    int rc = sp_ast_dump(m, fd);
    dump_attributes = false;
    return rc;
}

int sp_ast_dump(const sp_ast_mod *m, int fd)
{
    sb out = {0};
    dump_depth = 0;
    dump_too_deep = false;
    node_out no;
    bool s;
    if (m->kind == SP_AST_Expression) {
        start_node(&no, "Expression", 0);
        f_expr(&no, "body", m->expr);
    } else {
        start_node(&no, m->kind == SP_AST_Module ? "Module" : "Interactive", 0);
        LIST(&no, "body", m->body, item_stmt);
        if (m->kind == SP_AST_Module) {
            fval *v = add_field(&no, "type_ignores");
            v->kind = FV_WORD;
            v->ptr = "[]";
        }
    }
    finish_node(&out, &no, &s);
    sb_puts(&out, "\n");
    int rc = out.oom ? -1 : 0;
    if (dump_too_deep) {
        sb_free(&out);
        return -2;
    }
    size_t off = 0;
    while (rc == 0 && off < out.len) {
        ssize_t w = write(fd, out.p + off, out.len - off);
        if (w <= 0)
            rc = -1;
        else
            off += (size_t)w;
    }
    sb_free(&out);
    return rc;
}
