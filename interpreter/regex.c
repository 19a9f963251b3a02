/*
 * regex.c — parser, compiler and backtracking matcher for Python's regex syntax.
 *
 * Design overview
 * ---------------
 * Three stages, each small:
 *  1. parse: recursive descent over the pattern's code points into a tree of
 *     `node`s kept in one growable array (children as index lists). Scoped
 *     flags are resolved here: each literal/dot/anchor node carries the flags in
 *     force where it appears. Errors carry CPython's messages and positions.
 *  2. compile: the tree becomes a flat program (re_inst). A repeat of one
 *     character matcher (literal, dot, class, or an alternation of literals) is a
 *     single REPEAT1 instruction that scans the run and backtracks through it
 *     with one two-entry record, whatever its length. Other counted repeats are
 *     unrolled when small and use a counter register when big; loops whose body
 *     can match empty get a MARK/CHECK pair so an empty iteration ends the loop.
 *  3. execute: a backtracking machine with an explicit stack of entries, each a
 *     choice point (pc, position) or an undo record (slot, old value). Capture
 *     slots and loop registers are undone on backtracking through those records.
 *     Lookaround and atomic groups run a sub-match on the same stack (recursion
 *     bounded by the pattern's nesting depth, not by the subject).
 *
 * Invariants
 *  1. A backtrack entry with pc >= 0 is a choice point (pc BT_RANGE_*: the top of a
 *     REPEAT1 record, whose data entry lies just below); pc < 0 undoes slot -pc-1.
 *  2. A sub-match leaves the stack exactly at the height it started from.
 *  3. Every program ends with I_MATCH; every lookaround/atomic body ends with I_MATCH.
 */
#include "regex.h"

#include "gc.h"
#include "unicode_data.h"
#include "vm.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* ---- parse tree --------------------------------------------------------------------------- */

enum {
    N_EMPTY,
    N_CHAR,
    N_ANY,
    N_CLASS,
    N_BOL,
    N_EOL,
    N_BOS,
    N_EOS,
    N_WORDB,
    N_GROUP,
    N_CAT,
    N_ALT,
    N_REPEAT,
    N_BACKREF,
    N_LOOK,
    N_ATOMIC
};

typedef struct node {
    int type;
    int child, next; /* first child / next sibling (-1: none) */
    int64_t a, b;    /* CHAR: cp; CLASS: index; GROUP: number (-1 plain); REPEAT: min, max
                        (-1 = unbounded); BACKREF: group; LOOK: behind, negative; WORDB: negated */
    int flags;       /* re flags in force (I, M, S, A) */
    int mode;        /* REPEAT: 0 greedy, 1 lazy, 2 possessive */
} node;

typedef struct parser {
    const uint32_t *pat;
    size_t n, i;
    node *nodes;
    size_t nnodes, capnodes;
    re_prog *prog;
    int ngroups;
    uint8_t *open; /* open[g]: group g still open (for backreference checks) */
    size_t capopen;
    sp_val names;
    const char *err;
    int64_t err_pos;
    char *err_buf;
    size_t err_cap;
    int depth;
    bool failed_mem;
} parser;

static int fail_at(parser *ps, int64_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_at(parser *ps, int64_t pos, const char *fmt, ...)
{
    if (ps->err) return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err_buf, ps->err_cap, fmt, ap);
    va_end(ap);
    ps->err = ps->err_buf;
    ps->err_pos = pos;
    return -1;
}

static int new_node(parser *ps, int type, int flags)
{
    if (ps->nnodes == ps->capnodes) {
        size_t nc = ps->capnodes ? ps->capnodes * 2 : 32;
        node *nn = sp_mem_realloc(ps->nodes, ps->capnodes * sizeof(node), nc * sizeof(node));
        if (!nn) {
            ps->failed_mem = true;
            return fail_at(ps, 0, "out of memory");
        }
        ps->nodes = nn;
        ps->capnodes = nc;
    }
    node *nd = &ps->nodes[ps->nnodes];
    memset(nd, 0, sizeof *nd);
    nd->type = type;
    nd->child = nd->next = -1;
    nd->flags = flags;
    return (int)ps->nnodes++;
}

static bool at_end(parser *ps)
{
    return ps->i >= ps->n;
}
static uint32_t peek(parser *ps)
{
    return ps->i < ps->n ? ps->pat[ps->i] : 0;
}

static void skip_verbose(parser *ps, int flags)
{
    if (!(flags & RE_X)) return;
    while (ps->i < ps->n) {
        uint32_t c = ps->pat[ps->i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            ps->i++;
        } else if (c == '#') {
            while (ps->i < ps->n && ps->pat[ps->i] != '\n')
                ps->i++;
        } else {
            break;
        }
    }
}

/* ---- character classes ---------------------------------------------------------------------- */

static int add_item(re_prog *p, uint8_t kind, uint32_t lo, uint32_t hi)
{
    if (p->nitems == p->capitems) {
        size_t nc = p->capitems ? p->capitems * 2 : 16;
        re_item *ni = sp_mem_realloc(p->items, p->capitems * sizeof(re_item), nc * sizeof(re_item));
        if (!ni) return -1;
        p->items = ni;
        p->capitems = nc;
    }
    p->items[p->nitems++] = (re_item){kind, lo, hi};
    return 0;
}

static int new_class(re_prog *p, bool negate, bool icase, bool ascii)
{
    if (p->nclasses == p->capclasses) {
        size_t nc = p->capclasses ? p->capclasses * 2 : 8;
        re_class *ncl =
            sp_mem_realloc(p->classes, p->capclasses * sizeof(re_class), nc * sizeof(re_class));
        if (!ncl) return -1;
        p->classes = ncl;
        p->capclasses = nc;
    }
    p->classes[p->nclasses] = (re_class){p->nitems, 0, negate, icase, ascii};
    return (int)p->nclasses++;
}

static bool is_space_cp(uint32_t c, bool ascii)
{
    if (c < 128) return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f && !ascii);
    return !ascii && (sp_uc_flags(c) & SP_UC_SPACE);
}
static bool is_digit_cp(uint32_t c, bool ascii)
{
    if (c < 128) return c >= '0' && c <= '9';
    return !ascii && (sp_uc_flags(c) & SP_UC_DECIMAL);
}
static bool is_word_cp(uint32_t c, bool ascii)
{
    if (c < 128)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               c == '_';
    return !ascii && (sp_uc_flags(c) & (SP_UC_ALPHA | SP_UC_DECIMAL | SP_UC_DIGIT | SP_UC_NUMERIC));
}

static uint32_t fold(uint32_t c, bool ascii)
{
    if (c < 128) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (ascii) return c;
    uint32_t out[3];
    return sp_uc_lower(c, out) == 1 ? out[0] : c;
}
static uint32_t upper1(uint32_t c, bool ascii)
{
    if (c < 128) return (c >= 'a' && c <= 'z') ? c - 32 : c;
    if (ascii) return c;
    uint32_t out[3];
    return sp_uc_upper(c, out) == 1 ? out[0] : c;
}

static bool category_match(uint32_t cat, uint32_t c, bool ascii)
{
    switch (cat) {
    case 'd':
        return is_digit_cp(c, ascii);
    case 'D':
        return !is_digit_cp(c, ascii);
    case 'w':
        return is_word_cp(c, ascii);
    case 'W':
        return !is_word_cp(c, ascii);
    case 's':
        return is_space_cp(c, ascii);
    case 'S':
        return !is_space_cp(c, ascii);
    }
    return false;
}

static bool class_has(const re_prog *p, const re_class *cl, uint32_t c)
{
    for (size_t k = 0; k < cl->count; k++) {
        const re_item *it = &p->items[cl->first + k];
        if (it->kind == 0 ? (c >= it->lo && c <= it->hi) : category_match(it->lo, c, cl->ascii))
            return true;
    }
    return false;
}

static bool class_match(const re_prog *p, int idx, uint32_t c)
{
    const re_class *cl = &p->classes[idx];
    bool in = class_has(p, cl, c);
    if (!in && cl->icase) {
        uint32_t l = fold(c, cl->ascii), u = upper1(c, cl->ascii);
        in = (l != c && class_has(p, cl, l)) || (u != c && class_has(p, cl, u));
    }
    return in != cl->negate;
}

/* ---- escapes ------------------------------------------------------------------------------------
 */

static int hexval(uint32_t c)
{
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
    return -1;
}

/* Writes the escape text pat[start..i) into buf for messages. */
static void escape_text(parser *ps, size_t start, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t k = start; k < ps->i && k < ps->n && o + 5 < cap; k++) {
        uint32_t c = ps->pat[k];
        if (c < 0x80) {
            buf[o++] = (char)c;
        } else {
            char tmp[4];
            size_t m = 0;
            if (c < 0x800) {
                tmp[m++] = (char)(0xC0 | (c >> 6));
            } else if (c < 0x10000) {
                tmp[m++] = (char)(0xE0 | (c >> 12));
                tmp[m++] = (char)(0x80 | ((c >> 6) & 0x3F));
            } else {
                tmp[m++] = (char)(0xF0 | (c >> 18));
                tmp[m++] = (char)(0x80 | ((c >> 12) & 0x3F));
                tmp[m++] = (char)(0x80 | ((c >> 6) & 0x3F));
            }
            tmp[m++] = (char)(0x80 | (c & 0x3F));
            memcpy(buf + o, tmp, m);
            o += m;
        }
    }
    buf[o] = 0;
}

/* Fixed-length hex escape \xhh, \uhhhh, \Uhhhhhhhh: ps->i is just past the letter. */
static int parse_hex_escape(parser *ps, size_t start, int digits, uint32_t *out)
{
    uint32_t v = 0;
    for (int k = 0; k < digits; k++) {
        int h = at_end(ps) ? -1 : hexval(peek(ps));
        if (h < 0) {
            char buf[32];
            escape_text(ps, start, buf, sizeof buf);
            return fail_at(ps, (int64_t)start, "incomplete escape %s", buf);
        }
        v = v * 16 + (uint32_t)h;
        ps->i++;
    }
    if (v > 0x10FFFF) {
        char buf[32];
        escape_text(ps, start, buf, sizeof buf);
        return fail_at(ps, (int64_t)start, "bad escape %s", buf);
    }
    *out = v;
    return 0;
}

/* Escapes that mean one code point (shared by classes and the outside).
 * Returns 1 with *out set, 0 when the escape is something else (not consumed
 * beyond the letter), -1 on error. ps->i is past the letter `c`. */
static int simple_escape(parser *ps, size_t start, uint32_t c, uint32_t *out)
{
    switch (c) {
    case 'a':
        *out = 7;
        return 1;
    case 'f':
        *out = 12;
        return 1;
    case 'n':
        *out = 10;
        return 1;
    case 'r':
        *out = 13;
        return 1;
    case 't':
        *out = 9;
        return 1;
    case 'v':
        *out = 11;
        return 1;
    case '\\':
        *out = '\\';
        return 1;
    case 'x':
        return parse_hex_escape(ps, start, 2, out) < 0 ? -1 : 1;
    case 'u':
    case 'U':
        if (ps->prog->is_bytes) return 0;
        return parse_hex_escape(ps, start, c == 'u' ? 4 : 8, out) < 0 ? -1 : 1;
    }
    return 0;
}

static int bad_escape(parser *ps, size_t start)
{
    char buf[32];
    escape_text(ps, start, buf, sizeof buf);
    return fail_at(ps, (int64_t)start, "bad escape %s", buf);
}

static bool is_ascii_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_octal(uint32_t c)
{
    return c >= '0' && c <= '7';
}

/* ---- class parsing
 * ------------------------------------------------------------------------------- */

static int parse_class(parser *ps, int flags)
{
    size_t start = ps->i - 1; /* at '[' */
    bool negate = false;
    if (peek(ps) == '^' && !at_end(ps)) {
        negate = true;
        ps->i++;
    }
    bool ascii = (flags & RE_A) || ps->prog->is_bytes;
    int ci = new_class(ps->prog, negate, (flags & RE_I) != 0, ascii);
    if (ci < 0) return fail_at(ps, 0, "out of memory");
    bool first = true;
    for (;;) {
        if (at_end(ps)) return fail_at(ps, (int64_t)start, "unterminated character set");
        size_t here = ps->i;
        uint32_t c = ps->pat[ps->i++];
        if (c == ']' && !first) break;
        first = false;
        uint32_t lo;
        int is_cat = 0;
        if (c == '\\') {
            if (at_end(ps)) return fail_at(ps, (int64_t)here, "bad escape (end of pattern)");
            uint32_t e = ps->pat[ps->i++];
            if (e == 'd' || e == 'D' || e == 'w' || e == 'W' || e == 's' || e == 'S') {
                if (add_item(ps->prog, 1, e, e) < 0) return fail_at(ps, 0, "out of memory");
                is_cat = 1;
                lo = 0;
            } else if (e == 'b') {
                lo = 8;
            } else if (is_octal(e)) {
                uint32_t v = e - '0';
                for (int k = 0; k < 2 && !at_end(ps) && is_octal(peek(ps)); k++)
                    v = v * 8 + (ps->pat[ps->i++] - '0');
                if (v > 0377) {
                    char buf[32];
                    escape_text(ps, here, buf, sizeof buf);
                    return fail_at(ps, (int64_t)here,
                                   "octal escape value %s outside of range 0-0o377", buf);
                }
                lo = v;
            } else if (e >= '8' && e <= '9') {
                return bad_escape(ps, here);
            } else {
                int r = simple_escape(ps, here, e, &lo);
                if (r < 0) return -1;
                if (r == 0) {
                    if (is_ascii_letter(e)) return bad_escape(ps, here);
                    lo = e;
                }
            }
        } else {
            lo = c;
        }
        if (is_cat) {
            if (peek(ps) == '-' && ps->i + 1 < ps->n && ps->pat[ps->i + 1] != ']') {
                ps->i++; /* '-', then the other end (one char or an escape) for the message */
                if (ps->pat[ps->i++] == '\\' && !at_end(ps)) ps->i++;
                char buf[64];
                escape_text(ps, here, buf, sizeof buf);
                return fail_at(ps, (int64_t)here, "bad character range %s", buf);
            }
            continue;
        }
        uint32_t hi = lo;
        if (peek(ps) == '-' && ps->i + 1 < ps->n && ps->pat[ps->i + 1] != ']') {
            ps->i++;
            size_t hstart = ps->i;
            uint32_t h = ps->pat[ps->i++];
            if (h == '\\') {
                if (at_end(ps)) return fail_at(ps, (int64_t)hstart, "bad escape (end of pattern)");
                uint32_t e = ps->pat[ps->i++];
                if (e == 'b') {
                    h = 8;
                } else if (is_octal(e)) {
                    uint32_t v = e - '0';
                    for (int k = 0; k < 2 && !at_end(ps) && is_octal(peek(ps)); k++)
                        v = v * 8 + (ps->pat[ps->i++] - '0');
                    h = v;
                } else {
                    int r = simple_escape(ps, hstart, e, &h);
                    if (r < 0) return -1;
                    if (r == 0) {
                        if (is_ascii_letter(e) || (e >= '0' && e <= '9')) {
                            char buf[64];
                            escape_text(ps, here, buf, sizeof buf);
                            if (e == 'd' || e == 'D' || e == 'w' || e == 'W' || e == 's' ||
                                e == 'S')
                                return fail_at(ps, (int64_t)here, "bad character range %s", buf);
                            return bad_escape(ps, hstart);
                        }
                        h = e;
                    }
                }
            }
            if (h < lo) {
                char buf[64];
                escape_text(ps, here, buf, sizeof buf);
                return fail_at(ps, (int64_t)here, "bad character range %s", buf);
            }
            hi = h;
        }
        if (add_item(ps->prog, 0, lo, hi) < 0) return fail_at(ps, 0, "out of memory");
    }
    re_class *cl = &ps->prog->classes[ci];
    cl->count = ps->prog->nitems - cl->first;
    int nd = new_node(ps, N_CLASS, flags);
    if (nd < 0) return -1;
    ps->nodes[nd].a = ci;
    return nd;
}

/* ---- the recursive-descent parser -------------------------------------------------------------
 */

static int parse_alt(parser *ps, int *flags);

static bool set_open(parser *ps, int g, bool v)
{
    if ((size_t)g >= ps->capopen) {
        size_t nc = ps->capopen ? ps->capopen * 2 : 16;
        while (nc <= (size_t)g)
            nc *= 2;
        uint8_t *no = sp_mem_realloc(ps->open, ps->capopen, nc);
        if (!no) return false;
        memset(no + ps->capopen, 0, nc - ps->capopen);
        ps->open = no;
        ps->capopen = nc;
    }
    ps->open[g] = v;
    return true;
}

/* Reads a group name up to `term`; returns a new str or NULL (error set in ps). */
static sp_val parse_name(parser *ps, uint32_t term)
{
    size_t start = ps->i;
    while (!at_end(ps) && peek(ps) != term)
        ps->i++;
    if (at_end(ps)) {
        fail_at(ps, (int64_t)start,
                term == '>' ? "missing >, unterminated name" : "missing ), unterminated name");
        return NULL;
    }
    size_t end = ps->i;
    ps->i++; /* the terminator */
    if (end == start) {
        fail_at(ps, (int64_t)start, "missing group name");
        return NULL;
    }
    sp_buf b;
    sp_buf_init(&b);
    bool ok = true;
    for (size_t k = start; k < end; k++) {
        uint32_t c = ps->pat[k];
        bool good =
            c == '_' || is_ascii_letter(c) || (k > start && c >= '0' && c <= '9') ||
            (c >= 128 && (sp_uc_flags(c) & (k > start ? SP_UC_XID_CONTINUE : SP_UC_XID_START)));
        if (!good) ok = false;
        char tmp[4];
        size_t m = 0;
        if (c < 0x80) {
            tmp[m++] = (char)c;
        } else if (c < 0x800) {
            tmp[m++] = (char)(0xC0 | (c >> 6));
            tmp[m++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            tmp[m++] = (char)(0xE0 | (c >> 12));
            tmp[m++] = (char)(0x80 | ((c >> 6) & 0x3F));
            tmp[m++] = (char)(0x80 | (c & 0x3F));
        } else {
            tmp[m++] = (char)(0xF0 | (c >> 18));
            tmp[m++] = (char)(0x80 | ((c >> 12) & 0x3F));
            tmp[m++] = (char)(0x80 | ((c >> 6) & 0x3F));
            tmp[m++] = (char)(0x80 | (c & 0x3F));
        }
        if (sp_buf_append(&b, tmp, m) < 0) {
            sp_buf_free(&b);
            ps->failed_mem = true;
            fail_at(ps, 0, "out of memory");
            return NULL;
        }
    }
    sp_val name = sp_buf_to_str(&b);
    if (!name) {
        ps->failed_mem = true;
        fail_at(ps, 0, "out of memory");
        return NULL;
    }
    if (!ok) {
        sp_val r = sp_repr(name);
        fail_at(ps, (int64_t)start, "bad character in group name %s", r ? sp_str_cstr(r) : "?");
        return NULL;
    }
    return name;
}

static int flag_of(uint32_t c)
{
    switch (c) {
    case 'i':
        return RE_I;
    case 'L':
        return RE_L;
    case 'm':
        return RE_M;
    case 's':
        return RE_S;
    case 'u':
        return RE_U;
    case 'x':
        return RE_X;
    case 'a':
        return RE_A;
    }
    return 0;
}

static int make_backref(parser *ps, int64_t g, int flags, int64_t pos)
{
    if (g >= ps->ngroups + 1 || g < 1)
        return fail_at(ps, pos, "invalid group reference %lld", (long long)g);
    if ((size_t)g < ps->capopen && ps->open[g])
        return fail_at(ps, pos, "cannot refer to an open group");
    int nd = new_node(ps, N_BACKREF, flags);
    if (nd >= 0) ps->nodes[nd].a = g;
    return nd;
}

/* '(' just consumed at position `start`. */
static int parse_group(parser *ps, int *flagsp, size_t start)
{
    int flags = *flagsp;
    int gnum = -1;
    int kind = N_GROUP;
    int64_t look_behind = 0, look_neg = 0;
    int inner_flags = flags;
    if (peek(ps) == '?' && ps->i < ps->n) {
        ps->i++;
        if (at_end(ps)) return fail_at(ps, (int64_t)ps->i, "unexpected end of pattern");
        uint32_t c = ps->pat[ps->i++];
        if (c == ':') {
            /* plain group */
        } else if (c == 'P') {
            if (at_end(ps)) return fail_at(ps, (int64_t)ps->i, "unexpected end of pattern");
            uint32_t d = ps->pat[ps->i++];
            if (d == '<') {
                size_t npos = ps->i;
                sp_val name = parse_name(ps, '>');
                if (!name) return -1;
                sp_val prev = sp_dict_get(ps->names, name);
                gnum = ++ps->ngroups;
                if (prev) {
                    sp_val r = sp_repr(name);
                    return fail_at(ps, (int64_t)npos,
                                   "redefinition of group name %s as group %d; was group %lld",
                                   r ? sp_str_cstr(r) : "?", gnum, (long long)sp_small_value(prev));
                }
                if (sp_dict_set(ps->names, name, sp_small(gnum)) < 0) {
                    ps->failed_mem = true;
                    return fail_at(ps, 0, "out of memory");
                }
            } else if (d == '=') {
                size_t npos = ps->i;
                sp_val name = parse_name(ps, ')');
                if (!name) return -1;
                sp_val g = sp_dict_get(ps->names, name);
                if (!g) {
                    sp_val r = sp_repr(name);
                    return fail_at(ps, (int64_t)npos, "unknown group name %s",
                                   r ? sp_str_cstr(r) : "?");
                }
                return make_backref(ps, sp_small_value(g), flags, (int64_t)npos);
            } else {
                return fail_at(ps, (int64_t)start + 1, "unknown extension ?P%c", (char)d);
            }
        } else if (c == '=' || c == '!') {
            kind = N_LOOK;
            look_neg = c == '!';
        } else if (c == '<') {
            if (at_end(ps)) return fail_at(ps, (int64_t)ps->i, "unexpected end of pattern");
            uint32_t d = ps->pat[ps->i++];
            if (d != '=' && d != '!')
                return fail_at(ps, (int64_t)start + 1, "unknown extension ?<%c", (char)d);
            kind = N_LOOK;
            look_behind = 1;
            look_neg = d == '!';
        } else if (c == '>') {
            kind = N_ATOMIC;
        } else if (c == '#') {
            while (!at_end(ps) && peek(ps) != ')')
                ps->i++;
            if (at_end(ps)) return fail_at(ps, (int64_t)start, "missing ), unterminated comment");
            ps->i++;
            return new_node(ps, N_EMPTY, flags);
        } else if (flag_of(c) || c == '-') {
            int add = 0, del = 0;
            ps->i--;
            while (!at_end(ps) && flag_of(peek(ps)))
                add |= flag_of(ps->pat[ps->i++]);
            if (peek(ps) == '-' && !at_end(ps)) {
                ps->i++;
                if (at_end(ps) || !flag_of(peek(ps)))
                    return fail_at(ps, (int64_t)ps->i,
                                   at_end(ps) ? "missing flag" : "unknown flag");
                while (!at_end(ps) && flag_of(peek(ps)))
                    del |= flag_of(ps->pat[ps->i++]);
            }
            if (at_end(ps)) return fail_at(ps, (int64_t)ps->i, "missing -, : or )");
            uint32_t t = ps->pat[ps->i++];
            if (t == ')') {
                if (del) return fail_at(ps, (int64_t)ps->i - 1, "missing :");
                if (start != 0)
                    return fail_at(ps, (int64_t)start,
                                   "global flags not at the start of the expression");
                *flagsp = flags | add;
                ps->prog->flags |= add;
                return new_node(ps, N_EMPTY, flags | add);
            }
            if (t != ':')
                return fail_at(ps, (int64_t)ps->i - 1,
                               is_ascii_letter(t) ? "unknown flag" : "missing -, : or )");
            inner_flags = (flags | add) & ~del;
        } else {
            return fail_at(ps, (int64_t)start + 1, "unknown extension ?%c", (char)c);
        }
    } else {
        gnum = ++ps->ngroups;
    }
    if (gnum > 0 && !set_open(ps, gnum, true)) {
        ps->failed_mem = true;
        return fail_at(ps, 0, "out of memory");
    }
    int sub_flags = inner_flags;
    int body = parse_alt(ps, &sub_flags);
    if (body < 0) return -1;
    if (peek(ps) != ')' || at_end(ps))
        return fail_at(ps, (int64_t)start, "missing ), unterminated subpattern");
    ps->i++;
    if (gnum > 0) set_open(ps, gnum, false);
    int nd = new_node(ps, kind, flags);
    if (nd < 0) return -1;
    ps->nodes[nd].child = body;
    if (kind == N_GROUP)
        ps->nodes[nd].a = gnum;
    else if (kind == N_LOOK) {
        ps->nodes[nd].a = look_behind;
        ps->nodes[nd].b = look_neg;
    }
    return nd;
}

static int category_node(parser *ps, uint32_t cat, int flags)
{
    bool ascii = (flags & RE_A) || ps->prog->is_bytes;
    int ci = new_class(ps->prog, false, false, ascii);
    if (ci < 0 || add_item(ps->prog, 1, cat, cat) < 0) return fail_at(ps, 0, "out of memory");
    ps->prog->classes[ci].count = 1;
    int nd = new_node(ps, N_CLASS, flags);
    if (nd >= 0) ps->nodes[nd].a = ci;
    return nd;
}

static int char_node(parser *ps, uint32_t c, int flags)
{
    int nd = new_node(ps, N_CHAR, flags);
    if (nd >= 0) ps->nodes[nd].a = c;
    return nd;
}

/* '\\' consumed at `start`. */
static int parse_escape(parser *ps, int flags, size_t start)
{
    if (at_end(ps)) return fail_at(ps, (int64_t)start, "bad escape (end of pattern)");
    uint32_t c = ps->pat[ps->i++];
    int nd;
    switch (c) {
    case 'A':
        return new_node(ps, N_BOS, flags);
    case 'Z':
        return new_node(ps, N_EOS, flags);
    case 'b':
    case 'B':
        nd = new_node(ps, N_WORDB, flags);
        if (nd >= 0) ps->nodes[nd].a = c == 'B';
        return nd;
    case 'd':
    case 'D':
    case 'w':
    case 'W':
    case 's':
    case 'S':
        return category_node(ps, c, flags);
    }
    if (c == '0') {
        uint32_t v = 0;
        for (int k = 0; k < 2 && !at_end(ps) && is_octal(peek(ps)); k++)
            v = v * 8 + (ps->pat[ps->i++] - '0');
        return char_node(ps, v, flags);
    }
    if (c >= '1' && c <= '9') {
        int64_t g = c - '0';
        if (!at_end(ps) && peek(ps) >= '0' && peek(ps) <= '9') {
            uint32_t d = ps->pat[ps->i++];
            if (is_octal(c) && is_octal(d) && !at_end(ps) && is_octal(peek(ps))) {
                uint32_t e = ps->pat[ps->i++];
                uint32_t v = (c - '0') * 64 + (d - '0') * 8 + (e - '0');
                if (v > 0377) {
                    char buf[32];
                    escape_text(ps, start, buf, sizeof buf);
                    return fail_at(ps, (int64_t)start,
                                   "octal escape value %s outside of range 0-0o377", buf);
                }
                return char_node(ps, v, flags);
            }
            g = g * 10 + (d - '0');
        }
        return make_backref(ps, g, flags, (int64_t)start + 1);
    }
    uint32_t v;
    int r = simple_escape(ps, start, c, &v);
    if (r < 0) return -1;
    if (r == 0) {
        if (is_ascii_letter(c)) return bad_escape(ps, start);
        v = c;
    }
    return char_node(ps, v, flags);
}

static bool parse_uint(parser *ps, int64_t *out)
{
    size_t s = ps->i;
    int64_t v = 0;
    while (!at_end(ps) && peek(ps) >= '0' && peek(ps) <= '9') {
        if (v < 10000000000LL) v = v * 10 + (ps->pat[ps->i] - '0');
        ps->i++;
    }
    *out = v;
    return ps->i > s;
}

/* At '{' (not consumed): a valid {m}, {m,}, {,n}, {m,n}? Consumes it if so. */
static int parse_braces(parser *ps, int64_t *mn, int64_t *mx, bool *is_repeat)
{
    size_t save = ps->i;
    ps->i++;
    int64_t lo = 0, hi = -1;
    bool has_lo = parse_uint(ps, &lo);
    if (peek(ps) == ',' && !at_end(ps)) {
        ps->i++;
        int64_t h;
        if (parse_uint(ps, &h)) hi = h;
    } else {
        hi = lo;
        if (!has_lo) {
            ps->i = save;
            *is_repeat = false;
            return 0;
        }
    }
    if (peek(ps) != '}' || at_end(ps)) {
        ps->i = save;
        *is_repeat = false;
        return 0;
    }
    ps->i++;
    if (lo >= 4294967295LL || hi >= 4294967295LL) /* MAXREPEAT */
        return fail_at(ps, (int64_t)save + 1, "the repetition number is too large");
    if (hi >= 0 && hi < lo)
        return fail_at(ps, (int64_t)save + 1, "min repeat greater than max repeat");
    *mn = lo;
    *mx = hi;
    *is_repeat = true;
    return 0;
}

/* At a quantifier character? Sets min/max and consumes it. */
static int parse_quant(parser *ps, int64_t *mn, int64_t *mx, bool *found)
{
    *found = false;
    if (at_end(ps)) return 0;
    uint32_t c = peek(ps);
    if (c == '*') {
        *mn = 0, *mx = -1;
    } else if (c == '+') {
        *mn = 1, *mx = -1;
    } else if (c == '?') {
        *mn = 0, *mx = 1;
    } else if (c == '{') {
        bool rep;
        if (parse_braces(ps, mn, mx, &rep) < 0) return -1;
        *found = rep;
        return 0;
    } else {
        return 0;
    }
    ps->i++;
    *found = true;
    return 0;
}

static int parse_seq(parser *ps, int *flags)
{
    int cat = new_node(ps, N_CAT, *flags);
    if (cat < 0) return -1;
    int last = -1;
    for (;;) {
        skip_verbose(ps, *flags);
        if (at_end(ps)) break;
        uint32_t c = peek(ps);
        if (c == '|' || c == ')') break;
        size_t start = ps->i++;
        int atom;
        bool repeatable = true;
        switch (c) {
        case '(':
            atom = parse_group(ps, flags, start);
            if (atom >= 0 && ps->nodes[atom].type == N_EMPTY) repeatable = false;
            break;
        case '[':
            atom = parse_class(ps, *flags);
            break;
        case '.':
            atom = new_node(ps, N_ANY, *flags);
            break;
        case '^':
            atom = new_node(ps, N_BOL, *flags);
            repeatable = false;
            break;
        case '$':
            atom = new_node(ps, N_EOL, *flags);
            repeatable = false;
            break;
        case '\\':
            atom = parse_escape(ps, *flags, start);
            if (atom >= 0) {
                int t = ps->nodes[atom].type;
                if (t == N_BOS || t == N_EOS || t == N_WORDB) repeatable = false;
            }
            break;
        case '*':
        case '+':
        case '?':
            return fail_at(ps, (int64_t)start, "nothing to repeat");
        case '{': {
            ps->i = start;
            int64_t a, b;
            bool rep;
            if (parse_braces(ps, &a, &b, &rep) < 0) return -1;
            if (rep) return fail_at(ps, (int64_t)start, "nothing to repeat");
            ps->i = start + 1;
            atom = char_node(ps, '{', *flags);
            break;
        }
        default:
            atom = char_node(ps, c, *flags);
            break;
        }
        if (atom < 0) return -1;
        /* quantifiers */
        for (int nq = 0;; nq++) {
            skip_verbose(ps, *flags);
            size_t qpos = ps->i;
            int64_t mn, mx;
            bool found;
            if (parse_quant(ps, &mn, &mx, &found) < 0) return -1;
            if (!found) break;
            if (nq > 0) return fail_at(ps, (int64_t)qpos, "multiple repeat");
            if (!repeatable) return fail_at(ps, (int64_t)qpos, "nothing to repeat");
            int mode = 0;
            if (!at_end(ps) && peek(ps) == '?') {
                ps->i++;
                mode = 1;
            } else if (!at_end(ps) && peek(ps) == '+') {
                ps->i++;
                mode = 2;
            }
            int rep = new_node(ps, N_REPEAT, *flags);
            if (rep < 0) return -1;
            ps->nodes[rep].child = atom;
            ps->nodes[rep].a = mn;
            ps->nodes[rep].b = mx;
            ps->nodes[rep].mode = mode;
            atom = rep;
        }
        if (last < 0)
            ps->nodes[cat].child = atom;
        else
            ps->nodes[last].next = atom;
        last = atom;
    }
    return cat;
}

static int parse_alt(parser *ps, int *flags)
{
    if (++ps->depth > 200) return fail_at(ps, (int64_t)ps->i, "too many nested groups");
    int first = parse_seq(ps, flags);
    if (first < 0) return -1;
    if (peek(ps) != '|' || at_end(ps)) {
        ps->depth--;
        return first;
    }
    int alt = new_node(ps, N_ALT, *flags);
    if (alt < 0) return -1;
    ps->nodes[alt].child = first;
    int last = first;
    while (!at_end(ps) && peek(ps) == '|') {
        ps->i++;
        int s = parse_seq(ps, flags);
        if (s < 0) return -1;
        ps->nodes[last].next = s;
        last = s;
    }
    ps->depth--;
    return alt;
}

/* ---- widths (for lookbehind and empty-loop checks) ------------------------------------------- */

#define W_INF ((int64_t)1 << 40)

static void node_width(parser *ps, int nd, int64_t *lo, int64_t *hi)
{
    node *n = &ps->nodes[nd];
    switch (n->type) {
    case N_CHAR:
    case N_ANY:
    case N_CLASS:
        *lo = *hi = 1;
        return;
    case N_GROUP:
    case N_ATOMIC:
        node_width(ps, n->child, lo, hi);
        return;
    case N_CAT: {
        int64_t l = 0, h = 0;
        for (int c = n->child; c >= 0; c = ps->nodes[c].next) {
            int64_t a, b;
            node_width(ps, c, &a, &b);
            l += a;
            h = (h >= W_INF || b >= W_INF) ? W_INF : h + b;
        }
        *lo = l;
        *hi = h;
        return;
    }
    case N_ALT: {
        int64_t l = W_INF, h = 0;
        for (int c = n->child; c >= 0; c = ps->nodes[c].next) {
            int64_t a, b;
            node_width(ps, c, &a, &b);
            if (a < l) l = a;
            if (b > h) h = b;
        }
        *lo = l;
        *hi = h;
        return;
    }
    case N_REPEAT: {
        int64_t a, b;
        node_width(ps, n->child, &a, &b);
        *lo = a * n->a;
        if (*lo > W_INF) *lo = W_INF;
        *hi = (n->b < 0 && b > 0) ? W_INF : (b >= W_INF ? W_INF : b * (n->b < 0 ? 0 : n->b));
        if (*hi > W_INF) *hi = W_INF;
        return;
    }
    case N_BACKREF:
        *lo = 0;
        *hi = W_INF;
        return;
    default:
        *lo = *hi = 0;
        return;
    }
}

/* ---- compile
 * --------------------------------------------------------------------------------------- */

enum {
    I_CHAR,
    I_CHARI,
    I_ANY,
    I_ANYNL,
    I_CLASS,
    I_BOL,
    I_MBOL,
    I_EOL,
    I_MEOL,
    I_BOS,
    I_EOS,
    I_WORDB,
    I_NWORDB,
    I_SPLIT,
    I_JMP,
    I_SAVE,
    I_MATCH,
    I_BACKREF,
    I_LOOK,
    I_ATOMIC,
    I_MARK,
    I_CHECK,
    I_ENDCHK,
    I_CNT_SET,
    I_CNT_TEST,
    I_CNT_DATA,
    I_CNT_INC,
    I_REPEAT1
};

static int emit(parser *ps, int op, int32_t x, int32_t y, int32_t z)
{
    re_prog *p = ps->prog;
    if (p->ncode == p->capcode) {
        size_t nc = p->capcode ? p->capcode * 2 : 64;
        if (nc > ((size_t)1 << 22)) return fail_at(ps, 0, "pattern too large");
        re_inst *ni = sp_mem_realloc(p->code, p->capcode * sizeof(re_inst), nc * sizeof(re_inst));
        if (!ni) {
            ps->failed_mem = true;
            return fail_at(ps, 0, "out of memory");
        }
        p->code = ni;
        p->capcode = nc;
    }
    p->code[p->ncode] = (re_inst){(uint8_t)op, x, y, z};
    return (int)p->ncode++;
}

static int compile_node(parser *ps, int nd);

/* Big counted repeats use a counter register instead of unrolling the body:
 *   CNT_SET r; L: CNT_TEST r -> exit; CNT_DATA min max; [MARK p] body [CHECK p -> exit];
 *   CNT_INC r; JMP L; exit:
 * The counter is a register slot, so backtracking restores it like a capture. */
static int compile_counted(parser *ps, int child, int64_t mn, int64_t mx, bool lazy)
{
    int reg = ps->prog->nregs++;
    int64_t lo, hi;
    node_width(ps, child, &lo, &hi);
    int preg = lo == 0 ? ps->prog->nregs++ : -1;
    if (mn > INT32_MAX) mn = INT32_MAX;
    if (mx > INT32_MAX) mx = -1;
    if (emit(ps, I_CNT_SET, reg, 0, 0) < 0) return -1;
    int test = emit(ps, I_CNT_TEST, reg, 0, lazy);
    if (test < 0 || emit(ps, I_CNT_DATA, (int32_t)mn, (int32_t)mx, 0) < 0) return -1;
    if (preg >= 0 && emit(ps, I_MARK, preg, 0, 0) < 0) return -1;
    if (compile_node(ps, child) < 0) return -1;
    int check = -1;
    if (preg >= 0 && (check = emit(ps, I_CHECK, preg, 0, 0)) < 0) return -1;
    if (emit(ps, I_CNT_INC, reg, 0, 0) < 0 || emit(ps, I_JMP, test, 0, 0) < 0) return -1;
    int exit = (int)ps->prog->ncode;
    ps->prog->code[test].y = exit;
    if (check >= 0) ps->prog->code[check].y = exit;
    return 0;
}

/* The single-character node equivalent to nd (a char, dot, class, a non-capturing
 * group or one-item sequence around one, or an alternation of plain literals,
 * which becomes a class as in sre), or -1. */
static int as_single(parser *ps, int nd)
{
    node *n = &ps->nodes[nd];
    switch (n->type) {
    case N_CHAR:
    case N_ANY:
    case N_CLASS:
        return nd;
    case N_GROUP:
        return n->a < 0 ? as_single(ps, n->child) : -1;
    case N_CAT:
        return n->child >= 0 && ps->nodes[n->child].next < 0 ? as_single(ps, n->child) : -1;
    case N_ALT: {
        int count = 0;
        for (int c = n->child; c >= 0; c = ps->nodes[c].next) {
            int one = as_single(ps, c);
            if (one < 0 || ps->nodes[one].type != N_CHAR || (ps->nodes[one].flags & RE_I))
                return -1;
            count++;
        }
        int ci = new_class(ps->prog, false, false, true);
        if (ci < 0) return -1;
        for (int c = n->child; c >= 0; c = ps->nodes[c].next) {
            uint32_t ch = (uint32_t)ps->nodes[as_single(ps, c)].a;
            if (add_item(ps->prog, 0, ch, ch) < 0) return -1;
        }
        ps->prog->classes[ci].count = (size_t)count;
        int cl = new_node(ps, N_CLASS, n->flags);
        if (cl < 0) return -1;
        ps->nodes[cl].a = ci;
        return cl;
    }
    }
    return -1;
}

static int compile_repeat(parser *ps, node *n, int nd)
{
    int child = n->child;
    int64_t mn = n->a, mx = n->b;
    if (n->mode == 2) { /* possessive: an atomic group around the greedy loop */
        int at = emit(ps, I_ATOMIC, 0, 0, 0);
        if (at < 0) return -1;
        ps->nodes[nd].mode = 0;
        int r = compile_repeat(ps, &ps->nodes[nd], nd);
        ps->nodes[nd].mode = 2;
        if (r < 0 || emit(ps, I_MATCH, 0, 0, 0) < 0) return -1;
        ps->prog->code[at].x = at + 1;
        ps->prog->code[at].y = (int32_t)ps->prog->ncode;
        return 0;
    }
    bool lazy = n->mode == 1;
    int single = as_single(ps, child);
    if (ps->err) return -1;
    if (single >= 0) {
        child = single;
        /* one instruction scans the whole run: REPEAT1 exit; CNT_DATA min max; matcher */
        int rp = emit(ps, I_REPEAT1, 0, 0, lazy);
        if (rp < 0 ||
            emit(ps, I_CNT_DATA, (int32_t)(mn > INT32_MAX ? INT32_MAX : mn),
                 (int32_t)(mx > INT32_MAX ? -1 : mx), 0) < 0 ||
            compile_node(ps, child) < 0)
            return -1;
        assert(ps->prog->ncode == (size_t)rp + 3);
        ps->prog->code[rp].x = rp + 3;
        return 0;
    }
    if (mn > 64 || mx > 64) return compile_counted(ps, child, mn, mx, lazy);
    for (int64_t k = 0; k < mn; k++)
        if (compile_node(ps, child) < 0) return -1;
    if (mx < 0) {
        int64_t lo, hi;
        node_width(ps, child, &lo, &hi);
        int reg = -1;
        if (lo == 0) reg = ps->prog->nregs++;
        int loop = emit(ps, I_SPLIT, 0, 0, 0);
        if (loop < 0) return -1;
        if (reg >= 0 && emit(ps, I_MARK, reg, 0, 0) < 0) return -1;
        if (compile_node(ps, child) < 0) return -1;
        int check = -1;
        if (reg >= 0 && (check = emit(ps, I_CHECK, reg, 0, 0)) < 0) return -1;
        if (emit(ps, I_JMP, loop, 0, 0) < 0) return -1;
        int exit = (int)ps->prog->ncode;
        if (check >= 0) /* an empty iteration ends the loop, keeping its captures (as sre) */
            ps->prog->code[check].y = exit;
        ps->prog->code[loop].x = lazy ? exit : loop + 1;
        ps->prog->code[loop].y = lazy ? loop + 1 : exit;
        return 0;
    }
    int64_t opt = mx - mn;
    int *splits = NULL;
    if (opt > 0) {
        splits = sp_mem_alloc((size_t)opt * sizeof(int));
        if (!splits) {
            ps->failed_mem = true;
            return fail_at(ps, 0, "out of memory");
        }
    }
    int rc = 0;
    for (int64_t k = 0; k < opt && rc == 0; k++) {
        int s = emit(ps, I_SPLIT, 0, 0, 0);
        if (s < 0 || compile_node(ps, child) < 0)
            rc = -1;
        else
            splits[k] = s;
    }
    if (rc == 0) {
        int exit = (int)ps->prog->ncode;
        for (int64_t k = 0; k < opt; k++) {
            re_inst *in = &ps->prog->code[splits[k]];
            in->x = lazy ? exit : splits[k] + 1;
            in->y = lazy ? splits[k] + 1 : exit;
        }
    }
    if (splits) sp_mem_free(splits, (size_t)opt * sizeof(int));
    return rc;
}

static int compile_node(parser *ps, int nd)
{
    node n = ps->nodes[nd];
    bool ascii = (n.flags & RE_A) || ps->prog->is_bytes;
    switch (n.type) {
    case N_EMPTY:
        return 0;
    case N_CHAR:
        if (n.flags & RE_I) {
            uint32_t f = fold((uint32_t)n.a, ascii);
            if (f != upper1((uint32_t)n.a, ascii) || f != (uint32_t)n.a)
                return emit(ps, I_CHARI, (int32_t)f, ascii, 0) < 0 ? -1 : 0;
        }
        return emit(ps, I_CHAR, (int32_t)n.a, 0, 0) < 0 ? -1 : 0;
    case N_ANY:
        return emit(ps, (n.flags & RE_S) ? I_ANY : I_ANYNL, 0, 0, 0) < 0 ? -1 : 0;
    case N_CLASS:
        return emit(ps, I_CLASS, (int32_t)n.a, 0, 0) < 0 ? -1 : 0;
    case N_BOL:
        return emit(ps, (n.flags & RE_M) ? I_MBOL : I_BOL, 0, 0, 0) < 0 ? -1 : 0;
    case N_EOL:
        return emit(ps, (n.flags & RE_M) ? I_MEOL : I_EOL, 0, 0, 0) < 0 ? -1 : 0;
    case N_BOS:
        return emit(ps, I_BOS, 0, 0, 0) < 0 ? -1 : 0;
    case N_EOS:
        return emit(ps, I_EOS, 0, 0, 0) < 0 ? -1 : 0;
    case N_WORDB:
        return emit(ps, n.a ? I_NWORDB : I_WORDB, ascii, 0, 0) < 0 ? -1 : 0;
    case N_BACKREF:
        return emit(ps, I_BACKREF, (int32_t)n.a, (n.flags & RE_I) != 0, ascii) < 0 ? -1 : 0;
    case N_GROUP:
        if (n.a > 0 && emit(ps, I_SAVE, (int32_t)(2 * n.a), 0, 0) < 0) return -1;
        if (compile_node(ps, n.child) < 0) return -1;
        if (n.a > 0 && emit(ps, I_SAVE, (int32_t)(2 * n.a + 1), 0, 0) < 0) return -1;
        return 0;
    case N_CAT:
        for (int c = n.child; c >= 0; c = ps->nodes[c].next)
            if (compile_node(ps, c) < 0) return -1;
        return 0;
    case N_ALT: {
        /* SPLIT L1, next; L1: alt1; JMP end; next: SPLIT L2, next2; ... last alt */
        int jumps_head = -1; /* chain of JMPs to patch through their x field */
        for (int c = n.child; c >= 0; c = ps->nodes[c].next) {
            int split = -1;
            if (ps->nodes[c].next >= 0 && (split = emit(ps, I_SPLIT, 0, 0, 0)) < 0) return -1;
            if (split >= 0) ps->prog->code[split].x = split + 1;
            if (compile_node(ps, c) < 0) return -1;
            if (ps->nodes[c].next >= 0) {
                int j = emit(ps, I_JMP, jumps_head, 0, 0);
                if (j < 0) return -1;
                jumps_head = j;
                ps->prog->code[split].y = (int32_t)ps->prog->ncode;
            }
        }
        int end = (int)ps->prog->ncode;
        while (jumps_head >= 0) {
            int nxt = ps->prog->code[jumps_head].x;
            ps->prog->code[jumps_head].x = end;
            jumps_head = nxt;
        }
        return 0;
    }
    case N_REPEAT:
        return compile_repeat(ps, &ps->nodes[nd], nd);
    case N_LOOK:
    case N_ATOMIC: {
        int32_t width = 0;
        if (n.type == N_LOOK && n.a) {
            int64_t lo, hi;
            node_width(ps, n.child, &lo, &hi);
            if (lo != hi) return fail_at(ps, -1, "look-behind requires fixed-width pattern");
            width = (int32_t)lo;
        }
        int at = emit(ps, n.type == N_LOOK ? I_LOOK : I_ATOMIC, 0, 0, 0);
        if (at < 0 || compile_node(ps, n.child) < 0 || emit(ps, I_MATCH, 0, 0, 0) < 0) return -1;
        re_inst *in = &ps->prog->code[at];
        in->x = at + 1;
        in->y = (int32_t)ps->prog->ncode;
        if (n.type == N_LOOK)
            in->z = (width << 2) | (int32_t)(n.a ? 1 : 0) | (int32_t)(n.b ? 2 : 0);
        return 0;
    }
    }
    return 0;
}

void re_prog_free(re_prog *p)
{
    if (!p) return;
    sp_mem_free(p->code, p->capcode * sizeof(re_inst));
    sp_mem_free(p->items, p->capitems * sizeof(re_item));
    sp_mem_free(p->classes, p->capclasses * sizeof(re_class));
    sp_mem_free(p, sizeof *p);
}

/* The literal every match must start with, if easy to see (for search). */
static int32_t first_literal(parser *ps, int nd)
{
    node *n = &ps->nodes[nd];
    switch (n->type) {
    case N_CHAR:
        return (n->flags & RE_I) ? -1 : (int32_t)n->a;
    case N_CAT:
        return n->child >= 0 ? first_literal(ps, n->child) : -1;
    case N_GROUP:
        return first_literal(ps, n->child);
    case N_REPEAT:
        return n->a >= 1 ? first_literal(ps, n->child) : -1;
    }
    return -1;
}

re_prog *re_compile(const uint32_t *pat, size_t n, int flags, bool is_bytes, sp_val names,
                    char *err_buf, size_t err_cap, const char **err_msg, int64_t *err_pos)
{
    re_prog *p = sp_mem_calloc(1, sizeof *p);
    if (!p) {
        *err_msg = NULL;
        return NULL;
    }
    p->is_bytes = is_bytes;
    p->flags = flags;
    parser ps = {
        .pat = pat, .n = n, .prog = p, .names = names, .err_buf = err_buf, .err_cap = err_cap};
    int fl = flags;
    int root = parse_alt(&ps, &fl);
    if (root >= 0 && !at_end(&ps)) /* a stray ')' */
        root = fail_at(&ps, (int64_t)ps.i, "unbalanced parenthesis");
    p->flags = p->flags | fl;
    if (root >= 0) {
        p->ngroups = ps.ngroups;
        p->first_char = first_literal(&ps, root);
        if (emit(&ps, I_SAVE, 0, 0, 0) < 0 || compile_node(&ps, root) < 0 ||
            emit(&ps, I_ENDCHK, 0, 0, 0) < 0 || emit(&ps, I_SAVE, 1, 0, 0) < 0 ||
            emit(&ps, I_MATCH, 0, 0, 0) < 0)
            root = -1;
    }
    sp_mem_free(ps.nodes, ps.capnodes * sizeof(node));
    sp_mem_free(ps.open, ps.capopen);
    if (root < 0) {
        re_prog_free(p);
        *err_msg = ps.failed_mem ? NULL : ps.err;
        *err_pos = ps.err_pos;
        return NULL;
    }
    return p;
}

/* ---- execution ---------------------------------------------------------------------------------
 */

typedef struct bt_entry {
    int32_t pc; /* >= 0: resume here at position sp; < 0: undo slot -pc-1 to sp */
    int64_t sp;
} bt_entry;

typedef struct bt_stack {
    bt_entry *e; /* small_stack of the matcher, or an sp_mem buffer of cap entries */
    size_t n, cap;
    bt_entry *small_stack;
} bt_stack;

static uint64_t re_steps; /* steps of this run */
static uint64_t re_steps_run;

/* Charge steps to the run's instruction budget; -1 (uncatchable) when exhausted. */
static int charge_steps(uint64_t n)
{
    if (re_steps_run != sp_gc_run_id()) {
        re_steps_run = sp_gc_run_id();
        re_steps = 0;
    }
    re_steps += n;
    if (sp_st.instr_budget && sp_vm_instructions() + re_steps >= sp_st.instr_budget) {
        sp_st.instr_exceeded = true;
        sp_err_set(&sp_exc_BaseException, "instruction limit exceeded");
        return -1;
    }
    return 0;
}

static int bt_push(bt_stack *st, int32_t pc, int64_t sp)
{
    if (st->n == st->cap) {
        size_t nc = st->cap * 2;
        bt_entry *ne;
        if (st->e == st->small_stack) {
            if ((ne = sp_mem_alloc(nc * sizeof(bt_entry))) != NULL)
                memcpy(ne, st->e, st->n * sizeof(bt_entry));
        } else {
            ne = sp_mem_realloc(st->e, st->cap * sizeof(bt_entry), nc * sizeof(bt_entry));
        }
        if (!ne) return -1;
        st->e = ne;
        st->cap = nc;
    }
    st->e[st->n++] = (bt_entry){pc, sp};
    return 0;
}

typedef struct matcher {
    re_prog *p;
    const uint32_t *s;
    int64_t end;
    int64_t *slots;
    int nslots;
    bt_stack st;
    uint64_t steps;
    bool full;       /* fullmatch: the match must end at `end` */
    int64_t adv_pos; /* an empty match ending here is refused (-1: none) */
} matcher;

/* Markers of the two-entry records of I_REPEAT1 (the entry below holds the data). */
#define BT_RANGE_GREEDY INT32_MAX
#define BT_RANGE_LAZY (INT32_MAX - 1)

static bool single_match(const re_prog *p, const re_inst *in, uint32_t c)
{
    switch (in->op) {
    case I_CHAR:
        return c == (uint32_t)in->x;
    case I_CHARI:
        return fold(c, in->y) == (uint32_t)in->x;
    case I_ANY:
        return true;
    case I_ANYNL:
        return c != '\n';
    case I_CLASS:
        return class_match(p, in->x, c);
    }
    return false;
}

static bool word_at(matcher *m, int64_t i, bool ascii)
{
    return i >= 0 && i < m->end && is_word_cp(m->s[i], ascii);
}

static int set_slot(matcher *m, int slot, int64_t v)
{
    if (bt_push(&m->st, -slot - 1, m->slots[slot]) < 0) return -1;
    m->slots[slot] = v;
    return 0;
}

/* Run from pc at sp until I_MATCH (1, *out = position), failure (0) or error (-1).
 * Leaves the stack at its height on entry (invariant 2); slot changes made on the
 * successful path stay in effect, with their undo records dropped. */
static int run(matcher *m, int32_t pc, int64_t sp, int64_t *out)
{
    size_t base = m->st.n;
    const re_inst *code = m->p->code;
    const uint32_t *s = m->s;
    int64_t end = m->end;
    int lastslot = 2 * (m->p->ngroups + 1);
    for (;;) {
        if (++m->steps >= 65536) {
            if (charge_steps(m->steps) < 0) goto error;
            m->steps = 0;
        }
        const re_inst *in = &code[pc];
        switch (in->op) {
        case I_CHAR:
            if (sp < end && s[sp] == (uint32_t)in->x) {
                sp++;
                pc++;
                continue;
            }
            goto fail;
        case I_CHARI:
            if (sp < end && fold(s[sp], in->y) == (uint32_t)in->x) {
                sp++;
                pc++;
                continue;
            }
            goto fail;
        case I_ANY:
            if (sp < end) {
                sp++;
                pc++;
                continue;
            }
            goto fail;
        case I_ANYNL:
            if (sp < end && s[sp] != '\n') {
                sp++;
                pc++;
                continue;
            }
            goto fail;
        case I_CLASS:
            if (sp < end && class_match(m->p, in->x, s[sp])) {
                sp++;
                pc++;
                continue;
            }
            goto fail;
        case I_BOL:
        case I_BOS:
            if (sp == 0) {
                pc++;
                continue;
            }
            goto fail;
        case I_MBOL:
            if (sp == 0 || s[sp - 1] == '\n') {
                pc++;
                continue;
            }
            goto fail;
        case I_EOL:
            if (sp == end || (sp + 1 == end && s[sp] == '\n')) {
                pc++;
                continue;
            }
            goto fail;
        case I_MEOL:
            if (sp == end || s[sp] == '\n') {
                pc++;
                continue;
            }
            goto fail;
        case I_EOS:
            if (sp == end) {
                pc++;
                continue;
            }
            goto fail;
        case I_WORDB:
        case I_NWORDB: {
            if (end == 0) goto fail;
            bool b = word_at(m, sp - 1, in->x) != word_at(m, sp, in->x);
            if (b == (in->op == I_WORDB)) {
                pc++;
                continue;
            }
            goto fail;
        }
        case I_SPLIT:
            if (bt_push(&m->st, in->y, sp) < 0) goto error;
            pc = in->x;
            continue;
        case I_JMP:
            pc = in->x;
            continue;
        case I_SAVE:
            if (set_slot(m, in->x, sp) < 0) goto error;
            if ((in->x & 1) && in->x > 1 && set_slot(m, lastslot, in->x / 2) < 0) goto error;
            pc++;
            continue;
        case I_MATCH:
            *out = sp;
            m->st.n = base;
            return 1;
        case I_BACKREF: {
            int64_t a = m->slots[2 * in->x], b = m->slots[2 * in->x + 1];
            if (a < 0 || b < 0) goto fail;
            int64_t len = b - a;
            if (sp + len > end) goto fail;
            bool eq = true;
            for (int64_t k = 0; k < len && eq; k++) {
                uint32_t x = s[a + k], y = s[sp + k];
                eq = x == y || (in->y && fold(x, in->z) == fold(y, in->z));
            }
            if (!eq) goto fail;
            sp += len;
            pc++;
            continue;
        }
        case I_LOOK:
        case I_ATOMIC: {
            bool behind = in->op == I_LOOK && (in->z & 1);
            bool neg = in->op == I_LOOK && (in->z & 2);
            int64_t width = in->op == I_LOOK ? (in->z >> 2) : 0;
            int64_t from = behind ? sp - width : sp;
            int r = 0;
            int64_t o = sp;
            int64_t small_saved[32];
            int64_t *saved =
                m->nslots <= 32 ? small_saved : sp_mem_alloc((size_t)m->nslots * sizeof(int64_t));
            if (!saved) goto error;
            memcpy(saved, m->slots, (size_t)m->nslots * sizeof(int64_t));
            if (from >= 0) {
                r = run(m, in->x, from, &o);
                if (r < 0) {
                    if (saved != small_saved)
                        sp_mem_free(saved, (size_t)m->nslots * sizeof(int64_t));
                    goto error;
                }
            }
            bool ok = (r == 1) != neg;
            if (r == 1) {
                if (neg) {
                    memcpy(m->slots, saved, (size_t)m->nslots * sizeof(int64_t));
                } else {
                    /* keep the sub-match's captures, undoable like any other */
                    for (int k = 0; k < m->nslots; k++)
                        if (m->slots[k] != saved[k]) {
                            int64_t nv = m->slots[k];
                            m->slots[k] = saved[k];
                            if (set_slot(m, k, nv) < 0) {
                                if (saved != small_saved)
                                    sp_mem_free(saved, (size_t)m->nslots * sizeof(int64_t));
                                goto error;
                            }
                        }
                }
            }
            if (saved != small_saved) sp_mem_free(saved, (size_t)m->nslots * sizeof(int64_t));
            if (!ok) goto fail;
            if (in->op == I_ATOMIC) sp = o;
            pc = in->y;
            continue;
        }
        case I_MARK:
            if (set_slot(m, lastslot + 1 + in->x, sp) < 0) goto error;
            pc++;
            continue;
        case I_ENDCHK:
            if ((m->full && sp != end) || sp == m->adv_pos) goto fail;
            pc++;
            continue;
        case I_CNT_SET:
            if (set_slot(m, lastslot + 1 + in->x, 0) < 0) goto error;
            pc++;
            continue;
        case I_CNT_INC:
            if (set_slot(m, lastslot + 1 + in->x, m->slots[lastslot + 1 + in->x] + 1) < 0)
                goto error;
            pc++;
            continue;
        case I_CNT_TEST: {
            int64_t c = m->slots[lastslot + 1 + in->x];
            const re_inst *data = &code[pc + 1];
            int32_t body = pc + 2;
            if (c < data->x) {
                pc = body;
            } else if (data->y >= 0 && c >= data->y) {
                pc = in->y;
            } else if (!in->z) {
                if (bt_push(&m->st, in->y, sp) < 0) goto error;
                pc = body;
            } else {
                if (bt_push(&m->st, body, sp) < 0) goto error;
                pc = in->y;
            }
            continue;
        }
        case I_REPEAT1: {
            const re_inst *data = &code[pc + 1], *one = &code[pc + 2];
            int64_t mn = data->x, mx = data->y, n = 0;
            if (!in->z) { /* greedy: take the longest run, give back one at a time */
                while ((mx < 0 || n < mx) && sp + n < end && single_match(m->p, one, s[sp + n]))
                    n++;
                m->steps += (uint64_t)n;
                if (n < mn) goto fail;
                if (n > mn && (bt_push(&m->st, in->x, sp + mn) < 0 ||
                               bt_push(&m->st, BT_RANGE_GREEDY, sp + n) < 0))
                    goto error;
                sp += n;
            } else { /* lazy: the shortest run, extended one at a time */
                while (n < mn && sp + n < end && single_match(m->p, one, s[sp + n]))
                    n++;
                m->steps += (uint64_t)n;
                if (n < mn) goto fail;
                int64_t limit = mx < 0 || sp + mx > end ? end : sp + mx;
                sp += n;
                if (sp < limit &&
                    (bt_push(&m->st, pc, limit) < 0 || bt_push(&m->st, BT_RANGE_LAZY, sp) < 0))
                    goto error;
            }
            pc = in->x;
            continue;
        }
        case I_CNT_DATA: /* never executed: read by I_CNT_TEST */
            goto fail;
        case I_CHECK:
            pc = m->slots[lastslot + 1 + in->x] == sp ? in->y : pc + 1;
            continue;
        }
    fail:
        for (;;) {
            if (m->st.n == base) return 0;
            bt_entry e = m->st.e[--m->st.n];
            if (e.pc < 0) {
                m->slots[-e.pc - 1] = e.sp;
                continue;
            }
            if (e.pc == BT_RANGE_GREEDY) { /* give back one more character */
                bt_entry *data = &m->st.e[m->st.n - 1];
                int64_t cur = e.sp - 1;
                pc = data->pc;
                if (cur <= data->sp)
                    m->st.n--;
                else
                    m->st.e[m->st.n++].sp = cur;
                sp = cur;
                break;
            }
            if (e.pc == BT_RANGE_LAZY) { /* take one more character, if it matches */
                bt_entry *data = &m->st.e[m->st.n - 1];
                const re_inst *rep = &code[data->pc];
                int64_t cur = e.sp;
                if (cur < data->sp && single_match(m->p, &code[data->pc + 2], s[cur])) {
                    cur++;
                    if (cur >= data->sp)
                        m->st.n--;
                    else
                        m->st.e[m->st.n++].sp = cur;
                    pc = rep->x;
                    sp = cur;
                    break;
                }
                m->st.n--;
                continue;
            }
            pc = e.pc;
            sp = e.sp;
            break;
        }
    }
error:
    /* undo to base so the caller's state stays consistent */
    while (m->st.n > base) {
        bt_entry e = m->st.e[--m->st.n];
        if (e.pc < 0) m->slots[-e.pc - 1] = e.sp;
    }
    return -1;
}

int re_exec(re_prog *p, const uint32_t *s, size_t end, size_t pos, int mode, int64_t *slots)
{
    /* mode bit 4: must advance (finditer/sub/split after an empty match) */
    matcher m = {.p = p,
                 .s = s,
                 .end = (int64_t)end,
                 .full = (mode & 3) == 2,
                 .adv_pos = (mode & 4) ? (int64_t)pos : -1};
    mode &= 3;
    m.nslots = 2 * (p->ngroups + 1) + 1 + p->nregs;
    /* small patterns (the common case) keep their slots and first choice points on
     * the C stack: a scan calls this once per match */
    int64_t small_slots[32];
    bt_entry small_stack[64];
    m.st.e = small_stack;
    m.st.cap = 64;
    m.st.small_stack = small_stack;
    if (m.nslots <= 32) {
        m.slots = small_slots;
    } else if (!(m.slots = sp_mem_alloc((size_t)m.nslots * sizeof(int64_t)))) {
        return -1;
    }
    int result = 0;
    bool anchored_start = p->ncode > 1 && (p->code[1].op == I_BOS || p->code[1].op == I_BOL);
    for (int64_t start = (int64_t)pos; start <= (int64_t)end; start++) {
        if (mode == 1 && p->first_char >= 0) {
            while (start < (int64_t)end && s[start] != (uint32_t)p->first_char)
                start++;
            if (start >= (int64_t)end) break;
        }
        for (int k = 0; k < m.nslots; k++)
            m.slots[k] = -1;
        int64_t o;
        int r = run(&m, 0, start, &o);
        if (r < 0) {
            result = -1;
            break;
        }
        if (r == 1) {
            memcpy(slots, m.slots, (size_t)(2 * (p->ngroups + 1) + 1) * sizeof(int64_t));
            result = 1;
            break;
        }
        if (mode != 1 || anchored_start) break;
    }
    if (result >= 0 && m.steps && charge_steps(m.steps) < 0) result = -1;
    if (m.slots != small_slots) sp_mem_free(m.slots, (size_t)m.nslots * sizeof(int64_t));
    if (m.st.e != small_stack) sp_mem_free(m.st.e, m.st.cap * sizeof(bt_entry));
    return result;
}
