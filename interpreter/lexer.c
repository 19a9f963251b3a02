/*
 * lexer.c — Python 3.11 tokenizer.
 *
 * Design overview
 * ---------------
 * One pass over the source produces every token into a growing array in the arena.
 * The logic follows CPython's C tokenizer (Parser/tokenizer.c) closely so that the
 * token boundaries and, above all, the error messages and positions match:
 *   - at the beginning of each physical line outside brackets the indentation is
 *     measured twice (tabs to multiples of 8 and tabs as 1) to detect TabError, and
 *     compared with the indentation stack to emit INDENT / DEDENT;
 *   - blank and comment-only lines produce COMMENT / NL and never indentation tokens;
 *   - newlines inside brackets are NL; a backslash-newline joins lines silently;
 *   - numbers are scanned with CPython's rules for underscores and its
 *     "invalid ... literal" diagnostics; strings (any prefix, triple quotes) are
 *     located but not decoded (parser.c decodes), f-strings included.
 * The `tokenize`-module additions (COMMENT, NL, NEWLINE '' at EOF without a final
 * newline) are produced too; the parser simply skips COMMENT and NL.
 */
#include "lexer.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_INDENT 100
#define MAX_PAREN 200
#define TABSIZE 8

typedef struct lexstate {
    sp_lexer *lx;
    sp_arena *arena;
    const char *s;
    size_t n;
    size_t pos;        /* current byte */
    size_t line_start; /* byte offset of the current physical line */
    int lineno;
    size_t cap; /* token array capacity */
    int indents[MAX_INDENT + 1], altindents[MAX_INDENT + 1], indent;
    char parens[MAX_PAREN];
    int paren_line[MAX_PAREN], paren_col[MAX_PAREN], level;
    size_t lines_cap;
} lexstate;

static int cur(const lexstate *L)
{
    return L->pos < L->n ? (unsigned char)L->s[L->pos] : -1;
}

static int peekc(const lexstate *L, size_t k)
{
    return L->pos + k < L->n ? (unsigned char)L->s[L->pos + k] : -1;
}

static int col_of(const lexstate *L, size_t off)
{
    return (int)(off - L->line_start);
}

static int add_line(lexstate *L, size_t start)
{
    sp_lexer *lx = L->lx;
    if ((size_t)lx->nlines == L->lines_cap) {
        size_t ncap = L->lines_cap ? L->lines_cap * 2 : 256;
        uint32_t *nl = sp_arena_alloc(L->arena, ncap * sizeof *nl);
        if (!nl) return -1;
        if (lx->nlines) memcpy(nl, lx->line_starts, lx->nlines * sizeof *nl);
        lx->line_starts = nl;
        L->lines_cap = ncap;
    }
    lx->line_starts[lx->nlines++] = (uint32_t)start;
    return 0;
}

static void newline_advance(lexstate *L)
{
    /* pos is just past the newline */
    L->lineno++;
    L->line_start = L->pos;
    if (add_line(L, L->pos) < 0) L->lx->oom = 1;
}

static sp_token *push_tok(lexstate *L, int type, int op, size_t start, size_t end, int lineno,
                          int col, int end_lineno, int end_col)
{
    sp_lexer *lx = L->lx;
    if (lx->ntoks == L->cap) {
        /* First guess from the source's size (a token per two bytes, at most 1024):
         * the arena zeroes what it hands out, and a forked run pays a page fault
         * per fresh page, so a hello-world should not get 28 KiB of tokens. */
        size_t ncap = L->cap ? L->cap * 2 : (L->n / 2 + 32 < 1024 ? L->n / 2 + 32 : 1024);
        sp_token *nt = sp_arena_alloc(L->arena, ncap * sizeof *nt);
        if (!nt) {
            lx->oom = 1;
            return NULL;
        }
        if (lx->ntoks) memcpy(nt, lx->toks, lx->ntoks * sizeof *nt);
        lx->toks = nt;
        L->cap = ncap;
    }
    assert(start <= end && end <= L->n); /* invariant 2 of sp_lexer */
    sp_token *t = &lx->toks[lx->ntoks++];
    t->type = (uint8_t)type;
    t->op = (uint8_t)op;
    t->start = (uint32_t)start;
    t->end = (uint32_t)end;
    t->lineno = lineno;
    t->col = col;
    t->end_lineno = end_lineno;
    t->end_col = end_col;
    return t;
}

/* A token on the current line from byte `start` to the current position. */
static int emit(lexstate *L, int type, int op, size_t start)
{
    return push_tok(L, type, op, start, L->pos, L->lineno, col_of(L, start), L->lineno,
                    col_of(L, L->pos))
               ? 0
               : -1;
}

/* Record an error; `col` is a 0-based byte column on line `lineno` (-1: none). */
static int lex_error(lexstate *L, const char *type, int lineno, int col, int end_lineno,
                     int end_col, const char *fmt, ...)
{
    sp_lex_error *e = &L->lx->err;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->type = type;
    e->lineno = lineno;
    e->col = col;
    e->end_lineno = end_lineno;
    e->end_col = end_col;
    push_tok(L, SP_TOK_ERRORTOKEN, 0, L->pos, L->pos, L->lineno, col_of(L, L->pos), L->lineno,
             col_of(L, L->pos));
    return -1;
}

/* CPython's syntaxerror(tok, ...): the reported 1-based offset is the 0-based column
 * of the tokenizer's current position, i.e. the caret lands just before it. */
static int err_at_cur(lexstate *L, const char *msg, ...)
{
    char buf[200];
    va_list ap;
    va_start(ap, msg);
    vsnprintf(buf, sizeof buf, msg, ap);
    va_end(ap);
    int c = col_of(L, L->pos) - 1;
    return lex_error(L, "SyntaxError", L->lineno, c, L->lineno, c, "%s", buf);
}

static bool is_id_start_ascii(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_id_char_ascii(int c)
{
    return is_id_start_ascii(c) || (c >= '0' && c <= '9');
}

/* Decode one UTF-8 sequence at s[0..n); returns its length (1 for invalid bytes). */
static int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (c < 0x80 || (size_t)len > n || c < 0xC2 || c > 0xF4) {
        *cp = c;
        return 1;
    }
    uint32_t v = c & (0x3F >> (len - 1));
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = c;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return len;
}

/* An approximation of Unicode's XID_Continue for non-ASCII code points: the letter
 * blocks of common scripts. Symbols, spaces and punctuation are rejected with
 * CPython's "invalid character" message. */
static bool is_id_nonascii(uint32_t c)
{
    if (c == 0xAA || c == 0xB5 || c == 0xBA || c == 0xB7) return true;
    if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;
    if (c >= 0x250 && c <= 0x2FF) return true;
    if (c >= 0x300 && c <= 0x36F) return true; /* combining marks */
    if (c >= 0x370 && c <= 0x3FF) return c != 0x37E && c != 0x387 && c != 0x375;
    if (c >= 0x400 && c <= 0x52F) return c < 0x482 || c > 0x489 || (c >= 0x483 && c <= 0x487);
    if (c >= 0x531 && c <= 0x587) return true;
    if (c >= 0x5D0 && c <= 0x5EA) return true;
    if (c >= 0x620 && c <= 0x64A) return true;
    if (c >= 0x660 && c <= 0x669) return true;
    if (c >= 0x900 && c <= 0x97F) return c != 0x964 && c != 0x965 && c != 0x970;
    if (c >= 0xE00 && c <= 0xE7F) return true;
    if (c >= 0x10A0 && c <= 0x10FF) return true;
    if (c >= 0x1E00 && c <= 0x1FFF) return true;
    if (c >= 0x3041 && c <= 0x30FF) return c != 0x30A0 && c != 0x30FB;
    if (c >= 0x3400 && c <= 0x4DBF) return true;
    if (c >= 0x4E00 && c <= 0x9FFF) return true;
    if (c >= 0xAC00 && c <= 0xD7A3) return true;
    if (c >= 0xF900 && c <= 0xFAFF) return true;
    if (c >= 0xFF10 && c <= 0xFF19) return true;
    if (c >= 0xFF21 && c <= 0xFF3A) return true;
    if (c >= 0xFF41 && c <= 0xFF5A) return true;
    if (c >= 0x1D400 && c <= 0x1D7FF) return true;
    if (c >= 0x20000 && c <= 0x2FA1F) return true;
    return false;
}

static bool is_printable_cp(uint32_t c)
{
    if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD) return false;
    if (c >= 0x2000 && c <= 0x200F) return false;
    if (c >= 0x2028 && c <= 0x202F) return false;
    if (c >= 0x205F && c <= 0x206F) return false;
    if (c == 0x3000 || c == 0xFEFF) return false;
    if (c >= 0xD800 && c <= 0xDFFF) return false;
    if (c >= 0xE000 && c <= 0xF8FF) return false;
    return true;
}

static int invalid_char_error(lexstate *L, size_t at, uint32_t cp, int nbytes)
{
    int col = col_of(L, at);
    L->pos = at + nbytes;
    if (!is_printable_cp(cp))
        return lex_error(L, "SyntaxError", L->lineno, col, L->lineno, col,
                         "invalid non-printable character U+%04X", cp);
    return lex_error(L, "SyntaxError", L->lineno, col, L->lineno, col,
                     "invalid character '%.*s' (U+%04X)", nbytes, L->s + at, cp);
}

/* ---- numbers ------------------------------------------------------------------- */

static bool isdig(int c)
{
    return c >= '0' && c <= '9';
}

static bool lookahead_str(const lexstate *L, const char *rest)
{
    size_t k = 1;
    for (; *rest; rest++, k++)
        if (peekc(L, k) != (unsigned char)*rest) return false;
    return true;
}

/* verify_end_of_number(): a number may not run into an identifier, except the
 * keywords CPython tolerates with a warning (`1if x else y`). Returns 0 / -1. */
static int verify_end_of_number(lexstate *L, const char *kind)
{
    int c = cur(L);
    bool kw = false;
    if (c == 'a')
        kw = lookahead_str(L, "nd");
    else if (c == 'e')
        kw = lookahead_str(L, "lse");
    else if (c == 'f')
        kw = lookahead_str(L, "or");
    else if (c == 'i')
        kw = peekc(L, 1) == 'f' || peekc(L, 1) == 'n' || peekc(L, 1) == 's';
    else if (c == 'o')
        kw = lookahead_str(L, "r");
    else if (c == 'n')
        kw = lookahead_str(L, "ot");
    if (kw) return 0;
    if (c >= 0x80) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)L->s + L->pos, L->n - L->pos, &cp);
        if (!is_id_nonascii(cp)) return invalid_char_error(L, L->pos, cp, k);
        return err_at_cur(L, "invalid %s literal", kind);
    }
    if (is_id_char_ascii(c)) return err_at_cur(L, "invalid %s literal", kind);
    return 0;
}

/* Digits with single underscores between them (tok_decimal_tail). */
static int decimal_tail(lexstate *L)
{
    for (;;) {
        while (isdig(cur(L)))
            L->pos++;
        if (cur(L) != '_') return 0;
        L->pos++;
        if (!isdig(cur(L))) {
            /* CPython reports with cur just past the '_' */
            return err_at_cur(L, "invalid decimal literal");
        }
    }
}

static int exponent_part(lexstate *L)
{
    /* cur is 'e' or 'E' */
    size_t epos = L->pos;
    L->pos++;
    int c = cur(L);
    if (c == '+' || c == '-') {
        L->pos++;
        if (!isdig(cur(L))) {
            L->pos++; /* CPython reports one past the sign */
            if (L->pos > L->n) L->pos = L->n;
            int col = col_of(L, epos) + 1;
            return lex_error(L, "SyntaxError", L->lineno, col, L->lineno, col,
                             "invalid decimal literal");
        }
    } else if (!isdig(c)) {
        L->pos = epos;
        return verify_end_of_number(L, "decimal") < 0 ? -1 : 1; /* 1: not an exponent */
    }
    return decimal_tail(L);
}

static int imaginary_or_end(lexstate *L)
{
    if (cur(L) == 'j' || cur(L) == 'J') {
        L->pos++;
        return verify_end_of_number(L, "imaginary");
    }
    return verify_end_of_number(L, "decimal");
}

static int fraction_and_rest(lexstate *L)
{
    /* cur is '.' */
    L->pos++;
    if (isdig(cur(L)) && decimal_tail(L) < 0) return -1;
    if (cur(L) == 'e' || cur(L) == 'E') {
        int r = exponent_part(L);
        if (r < 0) return -1;
        if (r == 1) return 0;
    }
    return imaginary_or_end(L);
}

static int radix_number(lexstate *L, int base, const char *kind)
{
    /* cur is the x/o/b letter */
    L->pos++;
    for (;;) {
        if (cur(L) == '_') L->pos++;
        int c = cur(L);
        bool ok = base == 16 ? (isdig(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
                             : (c >= '0' && c < '0' + base);
        if (!ok) {
            if (base != 16 && isdig(c)) {
                L->pos++;
                return err_at_cur(L, "invalid digit '%c' in %s literal", c, kind);
            }
            return err_at_cur(L, "invalid %s literal", kind);
        }
        while (1) {
            c = cur(L);
            ok = base == 16 ? (isdig(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
                            : (c >= '0' && c < '0' + base);
            if (!ok) break;
            L->pos++;
        }
        if (cur(L) != '_') break;
    }
    int c = cur(L);
    if (base != 16 && isdig(c)) {
        L->pos++;
        return err_at_cur(L, "invalid digit '%c' in %s literal", c, kind);
    }
    return verify_end_of_number(L, kind);
}

static int scan_number(lexstate *L)
{
    size_t start = L->pos;
    if (cur(L) == '.') return fraction_and_rest(L) < 0 ? -1 : emit(L, SP_TOK_NUMBER, 0, start);
    if (cur(L) == '0') {
        int c2 = peekc(L, 1);
        int r;
        if (c2 == 'x' || c2 == 'X') {
            L->pos++;
            r = radix_number(L, 16, "hexadecimal");
        } else if (c2 == 'o' || c2 == 'O') {
            L->pos++;
            r = radix_number(L, 8, "octal");
        } else if (c2 == 'b' || c2 == 'B') {
            L->pos++;
            r = radix_number(L, 2, "binary");
        } else {
            bool nonzero = false;
            L->pos++;
            for (;;) {
                if (cur(L) == '_') {
                    L->pos++;
                    if (!isdig(cur(L))) return err_at_cur(L, "invalid decimal literal");
                }
                if (cur(L) != '0') break;
                L->pos++;
            }
            size_t zeros_end = L->pos;
            if (isdig(cur(L))) {
                nonzero = true;
                if (decimal_tail(L) < 0) return -1;
            }
            int c = cur(L);
            if (c == '.') {
                r = fraction_and_rest(L);
            } else if (c == 'e' || c == 'E') {
                r = exponent_part(L);
                if (r == 1)
                    r = 0;
                else if (r == 0)
                    r = imaginary_or_end(L);
            } else if (c == 'j' || c == 'J') {
                r = imaginary_or_end(L);
            } else if (nonzero) {
                int col = col_of(L, start);
                return lex_error(L, "SyntaxError", L->lineno, col, L->lineno, col_of(L, zeros_end),
                                 "leading zeros in decimal integer literals are not permitted; "
                                 "use an 0o prefix for octal integers");
            } else {
                r = verify_end_of_number(L, "decimal");
            }
        }
        return r < 0 ? -1 : emit(L, SP_TOK_NUMBER, 0, start);
    }
    if (decimal_tail(L) < 0) return -1;
    int c = cur(L), r;
    if (c == '.') {
        r = fraction_and_rest(L);
    } else if (c == 'e' || c == 'E') {
        r = exponent_part(L);
        if (r == 1)
            r = 0;
        else if (r == 0)
            r = imaginary_or_end(L);
    } else {
        r = imaginary_or_end(L);
    }
    return r < 0 ? -1 : emit(L, SP_TOK_NUMBER, 0, start);
}

/* ---- strings --------------------------------------------------------------------- */

/* Scan a string whose opening quote is at L->pos (prefix already consumed from `start`). */
static int scan_string(lexstate *L, size_t start)
{
    int q = cur(L);
    int start_line = L->lineno, start_col = col_of(L, start);
    size_t start_ls = L->line_start;
    bool triple = peekc(L, 1) == q && peekc(L, 2) == q;
    L->pos += triple ? 3 : 1;
    for (;;) {
        int c = cur(L);
        if (c < 0) {
            /* the line of the last character (a final newline does not start a line) */
            int detected = L->lineno;
            if (L->pos > 0 && L->pos == L->line_start && detected > 1) detected--;
            (void)start_ls;
            return lex_error(L, "SyntaxError", start_line, start_col, start_line, start_col,
                             triple
                                 ? "unterminated triple-quoted string literal (detected at line %d)"
                                 : "unterminated string literal (detected at line %d)",
                             detected);
        }
        if (c == q) {
            if (!triple) {
                L->pos++;
                break;
            }
            if (peekc(L, 1) == q && peekc(L, 2) == q) {
                L->pos += 3;
                break;
            }
            L->pos++;
            continue;
        }
        if (c == '\n' || (c == '\r')) {
            if (!triple) {
                return lex_error(L, "SyntaxError", start_line, start_col, start_line, start_col,
                                 "unterminated string literal (detected at line %d)", L->lineno);
            }
            L->pos++;
            if (c == '\r' && cur(L) == '\n') L->pos++;
            newline_advance(L);
            continue;
        }
        if (c == '\\') {
            L->pos++;
            int d = cur(L);
            if (d < 0) continue;
            L->pos++;
            if (d == '\n' || d == '\r') {
                if (d == '\r' && cur(L) == '\n') L->pos++;
                newline_advance(L);
            }
            continue;
        }
        L->pos++;
    }
    return push_tok(L, SP_TOK_STRING, 0, start, L->pos, start_line, start_col, L->lineno,
                    col_of(L, L->pos))
               ? 0
               : -1;
}

static bool is_string_prefix(const char *p, size_t n)
{
    char a[3] = {0};
    if (n == 0 || n > 2) return false;
    for (size_t i = 0; i < n; i++)
        a[i] = (char)(p[i] | 0x20);
    if (n == 1) return a[0] == 'r' || a[0] == 'b' || a[0] == 'u' || a[0] == 'f';
    return (a[0] == 'r' && (a[1] == 'b' || a[1] == 'f')) ||
           ((a[0] == 'b' || a[0] == 'f') && a[1] == 'r');
}

/* ---- operators ----------------------------------------------------------------- */

static const struct {
    const char *text;
    int op;
} optab[] = {
    {"**=", SP_T_DOUBLESTAREQUAL},
    {"...", SP_T_ELLIPSIS},
    {"//=", SP_T_DOUBLESLASHEQUAL},
    {"<<=", SP_T_LEFTSHIFTEQUAL},
    {">>=", SP_T_RIGHTSHIFTEQUAL},
    {"!=", SP_T_NOTEQUAL},
    {"%=", SP_T_PERCENTEQUAL},
    {"&=", SP_T_AMPEREQUAL},
    {"**", SP_T_DOUBLESTAR},
    {"*=", SP_T_STAREQUAL},
    {"+=", SP_T_PLUSEQUAL},
    {"-=", SP_T_MINEQUAL},
    {"->", SP_T_RARROW},
    {"//", SP_T_DOUBLESLASH},
    {"/=", SP_T_SLASHEQUAL},
    {":=", SP_T_COLONEQUAL},
    {"<<", SP_T_LEFTSHIFT},
    {"<=", SP_T_LESSEQUAL},
    {"==", SP_T_EQEQUAL},
    {">=", SP_T_GREATEREQUAL},
    {">>", SP_T_RIGHTSHIFT},
    {"@=", SP_T_ATEQUAL},
    {"^=", SP_T_CIRCUMFLEXEQUAL},
    {"|=", SP_T_VBAREQUAL},
    {"(", SP_T_LPAR},
    {")", SP_T_RPAR},
    {"[", SP_T_LSQB},
    {"]", SP_T_RSQB},
    {":", SP_T_COLON},
    {",", SP_T_COMMA},
    {";", SP_T_SEMI},
    {"+", SP_T_PLUS},
    {"-", SP_T_MINUS},
    {"*", SP_T_STAR},
    {"/", SP_T_SLASH},
    {"|", SP_T_VBAR},
    {"&", SP_T_AMPER},
    {"<", SP_T_LESS},
    {">", SP_T_GREATER},
    {"=", SP_T_EQUAL},
    {".", SP_T_DOT},
    {"%", SP_T_PERCENT},
    {"{", SP_T_LBRACE},
    {"}", SP_T_RBRACE},
    {"~", SP_T_TILDE},
    {"^", SP_T_CIRCUMFLEX},
    {"@", SP_T_AT},
    {"!", SP_T_EXCLAMATION},
};

static int match_op(const lexstate *L, size_t *oplen)
{
    for (size_t i = 0; i < sizeof optab / sizeof optab[0]; i++) {
        size_t k = strlen(optab[i].text);
        if (L->pos + k <= L->n && memcmp(L->s + L->pos, optab[i].text, k) == 0) {
            *oplen = k;
            return optab[i].op;
        }
    }
    return 0;
}

static int scan_op(lexstate *L)
{
    size_t start = L->pos, k = 0;
    int op = match_op(L, &k);
    int c = cur(L);
    if (!op) {
        /* '$', '?', '`' etc.: an ERRORTOKEN the parser rejects as "invalid syntax" */
        L->pos++;
        return emit(L, SP_TOK_ERRORTOKEN, 0, start);
    }
    if (c == '(' || c == '[' || c == '{') {
        if (L->level >= MAX_PAREN) {
            L->pos++;
            return err_at_cur(L, "too many nested parentheses");
        }
        L->parens[L->level] = (char)c;
        L->paren_line[L->level] = L->lineno;
        L->paren_col[L->level] = col_of(L, start);
        L->level++;
    } else if (c == ')' || c == ']' || c == '}') {
        int col = col_of(L, start);
        if (L->level == 0) {
            L->pos++;
            return lex_error(L, "SyntaxError", L->lineno, col, L->lineno, col, "unmatched '%c'", c);
        }
        L->level--;
        int open = L->parens[L->level];
        if (!((open == '(' && c == ')') || (open == '[' && c == ']') ||
              (open == '{' && c == '}'))) {
            L->pos++;
            if (L->paren_line[L->level] != L->lineno)
                return lex_error(L, "SyntaxError", L->lineno, col, L->lineno, col,
                                 "closing parenthesis '%c' does not match opening parenthesis "
                                 "'%c' on line %d",
                                 c, open, L->paren_line[L->level]);
            return lex_error(L, "SyntaxError", L->lineno, col, L->lineno, col,
                             "closing parenthesis '%c' does not match opening parenthesis '%c'", c,
                             open);
        }
    }
    L->pos += k;
    return emit(L, SP_TOK_OP, op, start);
}

/* ---- lines and indentation ---------------------------------------------------------- */

static bool last_is(const lexstate *L, int type)
{
    return L->lx->ntoks > 0 && L->lx->toks[L->lx->ntoks - 1].type == type;
}

/* Measure the indentation at the start of a logical line and emit INDENT/DEDENT.
 * Returns 1 when the line is blank (nothing to do), 0 otherwise, -1 on error. */
static int handle_indentation(lexstate *L)
{
    int col = 0, altcol = 0, cont_col = -1, cont_altcol = -1;
    size_t start = L->pos;
    for (;;) {
        int c = cur(L);
        if (c == ' ')
            col++, altcol++;
        else if (c == '\t')
            col = (col / TABSIZE + 1) * TABSIZE, altcol++;
        else if (c == '\f')
            col = altcol = 0;
        else if (c == '\\') {
            /* a backslash in the indentation: the first one fixes the level */
            int d = peekc(L, 1);
            if (d != '\n' && d != '\r') {
                L->pos += d < 0 ? 1 : 2;
                int ecol = col_of(L, L->pos) - 1;
                L->lx->err.lazy = 1;
                return lex_error(L, "SyntaxError", L->lineno, ecol, L->lineno, -1,
                                 "unexpected character after line continuation character");
            }
            if (cont_col < 0) cont_col = col, cont_altcol = altcol;
            L->pos += (d == '\r' && peekc(L, 2) == '\n') ? 3 : 2;
            newline_advance(L);
            continue;
        } else
            break;
        L->pos++;
    }
    if (cont_col >= 0) col = cont_col, altcol = cont_altcol;
    int c = cur(L);
    if (c == '#' || c == '\n' || c == '\r' || c < 0) return 1;
    if (c == '\\' && (peekc(L, 1) == '\n' || peekc(L, 1) == '\r')) {
        /* a backslash-joined line: CPython treats the indentation as that of the
         * continuation; keep it simple and treat as part of this line */
    }
    int *ind = L->indents, *alt = L->altindents;
    if (col == ind[L->indent]) {
        if (altcol != alt[L->indent]) goto tab_error;
    } else if (col > ind[L->indent]) {
        if (L->indent + 1 >= MAX_INDENT) {
            L->lx->err.lazy = 1;
            return lex_error(L, "IndentationError", L->lineno, col_of(L, L->pos), L->lineno, -1,
                             "too many levels of indentation");
        }
        if (altcol <= alt[L->indent]) goto tab_error;
        L->indent++;
        ind[L->indent] = col;
        alt[L->indent] = altcol;
        if (emit(L, SP_TOK_INDENT, 0, start) < 0) return -1;
    } else {
        /* like CPython, check the target level before emitting any DEDENT */
        int target = L->indent;
        while (target > 0 && col < ind[target])
            target--;
        if (col == ind[target]) {
            while (L->indent > target) {
                L->indent--;
                if (!push_tok(L, SP_TOK_DEDENT, 0, L->pos, L->pos, L->lineno, col_of(L, L->pos),
                              L->lineno, col_of(L, L->pos)))
                    return -1;
            }
        }
        if (col != ind[target]) {
            size_t e = L->pos;
            while (e < L->n && L->s[e] != '\n' && L->s[e] != '\r')
                e++;
            L->pos = e;
            L->lx->err.lazy = 1;
            return lex_error(L, "IndentationError", L->lineno, col_of(L, e), L->lineno, -2,
                             "unindent does not match any outer indentation level");
        }
        if (altcol != alt[L->indent]) goto tab_error;
    }
    return 0;
tab_error:
    L->lx->err.lazy = 1;
    return lex_error(L, "TabError", L->lineno, 0, L->lineno, -1,
                     "inconsistent use of tabs and spaces in indentation");
}

static int scan_newline(lexstate *L, bool logical)
{
    size_t start = L->pos;
    if (cur(L) == '\r' && peekc(L, 1) == '\n')
        L->pos += 2;
    else
        L->pos++;
    if (emit(L, logical ? SP_TOK_NEWLINE : SP_TOK_NL, 0, start) < 0) return -1;
    newline_advance(L);
    return 0;
}

static int at_eof(lexstate *L)
{
    if (L->level > 0) {
        int i = L->level - 1;
        L->lx->err.eof_in_paren = 1;
        return lex_error(L, "SyntaxError", L->paren_line[i], L->paren_col[i], L->paren_line[i], -1,
                         "'%c' was never closed", L->parens[i]);
    }
    if (L->pos > L->line_start) {
        /* the last line has no newline: the tokenize module reports NEWLINE/NL '' */
        int type =
            (last_is(L, SP_TOK_NEWLINE) || last_is(L, SP_TOK_NL) || L->lx->ntoks == 0 ||
             last_is(L, SP_TOK_COMMENT) || last_is(L, SP_TOK_INDENT) || last_is(L, SP_TOK_DEDENT))
                ? SP_TOK_NL
                : SP_TOK_NEWLINE;
        if (last_is(L, SP_TOK_COMMENT)) {
            /* a trailing comment on a code line still ends the logical line */
            sp_token *cm = &L->lx->toks[L->lx->ntoks - 1];
            if (L->lx->ntoks >= 2) {
                sp_token *before = cm - 1;
                if (before->lineno == cm->lineno && before->type != SP_TOK_NL &&
                    before->type != SP_TOK_NEWLINE && before->type != SP_TOK_INDENT &&
                    before->type != SP_TOK_DEDENT)
                    type = SP_TOK_NEWLINE;
            }
        }
        int col = col_of(L, L->pos);
        /* the tokenize module: NEWLINE '' is one column wide, NL '' zero */
        int end = type == SP_TOK_NEWLINE ? col + 1 : col;
        if (!push_tok(L, type, 0, L->pos, L->pos, L->lineno, col, L->lineno, end)) return -1;
        L->lineno++;
        L->line_start = L->pos;
    }
    while (L->indent > 0) {
        L->indent--;
        if (!push_tok(L, SP_TOK_DEDENT, 0, L->pos, L->pos, L->lineno, 0, L->lineno, 0)) return -1;
    }
    return push_tok(L, SP_TOK_ENDMARKER, 0, L->pos, L->pos, L->lineno, 0, L->lineno, 0) ? 0 : -1;
}

static int scan_name_or_string(lexstate *L)
{
    size_t start = L->pos;
    for (;;) {
        int c = cur(L);
        if (c < 0) break;
        if (c < 0x80) {
            if (!is_id_char_ascii(c)) break;
            L->pos++;
            continue;
        }
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)L->s + L->pos, L->n - L->pos, &cp);
        if (!is_id_nonascii(cp)) {
            if (L->pos == start) return invalid_char_error(L, L->pos, cp, k);
            break;
        }
        L->pos += k;
    }
    int c = cur(L);
    if ((c == '"' || c == '\'') && is_string_prefix(L->s + start, L->pos - start))
        return scan_string(L, start);
    if (L->pos < L->n && (unsigned char)L->s[L->pos] >= 0x80) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)L->s + L->pos, L->n - L->pos, &cp);
        return invalid_char_error(L, L->pos, cp, k);
    }
    return emit(L, SP_TOK_NAME, 0, start);
}

int sp_lex_all(sp_lexer *lx, sp_arena *arena, const char *src, size_t len)
{
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->len = len;
    lexstate L0, *L = &L0;
    memset(L, 0, sizeof *L);
    L->lx = lx;
    L->arena = arena;
    L->s = src;
    L->n = len;
    L->lineno = 1;
    if (add_line(L, 0) < 0) {
        lx->oom = 1;
        return -1;
    }
    bool bol = true;
    int rc = 0;
    while (rc == 0 && !lx->oom) {
        if (bol) {
            bol = false;
            if (L->level == 0) {
                int r = handle_indentation(L);
                if (r < 0) return -1;
                if (r == 1) {
                    /* blank line: comment and/or NL, no NEWLINE */
                    while (cur(L) == ' ' || cur(L) == '\t' || cur(L) == '\f')
                        L->pos++;
                    if (cur(L) == '#') {
                        size_t s = L->pos;
                        while (L->pos < L->n && L->s[L->pos] != '\n' && L->s[L->pos] != '\r')
                            L->pos++;
                        if (emit(L, SP_TOK_COMMENT, 0, s) < 0) return -1;
                    }
                    if (cur(L) < 0) {
                        rc = at_eof(L);
                        break;
                    }
                    if (scan_newline(L, false) < 0) return -1;
                    bol = true;
                    continue;
                }
            }
        }
        int c = cur(L);
        while (c == ' ' || c == '\t' || c == '\f') {
            L->pos++;
            c = cur(L);
        }
        if (c < 0) {
            rc = at_eof(L);
            break;
        }
        if (c == '#') {
            size_t s = L->pos;
            while (L->pos < L->n && L->s[L->pos] != '\n' && L->s[L->pos] != '\r')
                L->pos++;
            rc = emit(L, SP_TOK_COMMENT, 0, s);
            continue;
        }
        if (c == '\n' || c == '\r') {
            bool logical = L->level == 0;
            rc = scan_newline(L, logical);
            bol = true;
            continue;
        }
        if (c == '\\') {
            int d = peekc(L, 1);
            if (d == '\n' || d == '\r') {
                L->pos += (d == '\r' && peekc(L, 2) == '\n') ? 3 : 2;
                newline_advance(L);
                if (cur(L) < 0) {
                    /* CPython: "unexpected EOF while parsing" on the previous line */
                    lx->err.type = "SyntaxError";
                    lx->err.lazy = 1;
                    snprintf(lx->err.msg, sizeof lx->err.msg, "unexpected EOF while parsing");
                    lx->err.lineno = L->lineno - 1;
                    uint32_t ls = lx->line_starts[lx->nlines - 2];
                    lx->err.col = (int)(L->pos - ls) - 1;
                    lx->err.end_lineno = L->lineno - 1;
                    lx->err.end_col = -2;
                    push_tok(L, SP_TOK_ERRORTOKEN, 0, L->pos, L->pos, L->lineno, 0, L->lineno, 0);
                    return -1;
                }
                continue;
            }
            if (d < 0) {
                /* a backslash at the very end of the input */
                lx->err.type = "SyntaxError";
                lx->err.lazy = 1;
                snprintf(lx->err.msg, sizeof lx->err.msg, "unexpected EOF while parsing");
                lx->err.lineno = lx->err.end_lineno = L->lineno;
                lx->err.col = col_of(L, L->pos) + 1;
                lx->err.end_col = -2;
                push_tok(L, SP_TOK_ERRORTOKEN, 0, L->pos, L->pos, L->lineno, 0, L->lineno, 0);
                return -1;
            }
            L->pos += 2;
            if (d >= 0x80) {
                uint32_t cp;
                int k =
                    utf8_decode((const unsigned char *)L->s + L->pos - 1, L->n - L->pos + 1, &cp);
                L->pos += k - 1;
            }
            int col = col_of(L, L->pos) - 1;
            L->lx->err.lazy = 1;
            return lex_error(L, "SyntaxError", L->lineno, col, L->lineno, -1,
                             "unexpected character after line continuation character");
        }
        if (is_id_start_ascii(c) || c >= 0x80) {
            rc = scan_name_or_string(L);
            continue;
        }
        if (isdig(c) || (c == '.' && isdig(peekc(L, 1)))) {
            rc = scan_number(L);
            continue;
        }
        if (c == '"' || c == '\'') {
            rc = scan_string(L, L->pos);
            continue;
        }
        rc = scan_op(L);
    }
    if (lx->oom) return -1;
    assert(lx->ntoks > 0 && (lx->toks[lx->ntoks - 1].type == SP_TOK_ENDMARKER ||
                             lx->toks[lx->ntoks - 1].type == SP_TOK_ERRORTOKEN)); /* invariant 1 */
    return rc < 0 ? -1 : 0;
}

int sp_lex_char_col(const sp_lexer *lx, int lineno, int bytecol)
{
    if (lineno < 1 || lineno > lx->nlines || bytecol <= 0) return bytecol;
    size_t ls = lx->line_starts[lineno - 1];
    int n = 0;
    for (int i = 0; i < bytecol && ls + i < lx->len; i++)
        if (((unsigned char)lx->src[ls + i] & 0xC0) != 0x80) n++;
    if (ls + bytecol > lx->len) n += (int)(ls + bytecol - lx->len);
    return n;
}

const char *sp_lex_type_name(sp_tok_type t)
{
    static const char *names[] = {"ENDMARKER", "NAME", "NUMBER",  "STRING", "NEWLINE",   "INDENT",
                                  "DEDENT",    "OP",   "COMMENT", "NL",     "ERRORTOKEN"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

/* ---- `python -m tokenize` dump ---------------------------------------------------- */

typedef struct outbuf {
    int fd;
    char buf[8192];
    size_t len;
    int failed;
} outbuf;

static void ob_flush(outbuf *o)
{
    size_t off = 0;
    if (o->fd < 0) o->len = 0; /* output suppressed */
    while (off < o->len) {
        ssize_t w = write(o->fd, o->buf + off, o->len - off);
        if (w <= 0) {
            o->failed = 1;
            break;
        }
        off += (size_t)w;
    }
    o->len = 0;
}

static void ob_put(outbuf *o, const char *s, size_t n)
{
    while (n > 0) {
        if (o->len == sizeof o->buf) ob_flush(o);
        size_t k = sizeof o->buf - o->len;
        if (k > n) k = n;
        memcpy(o->buf + o->len, s, k);
        o->len += k;
        s += k;
        n -= k;
    }
}

/* repr() of the token text as a Python str; returns the number of code points. */
static size_t repr_text(outbuf *o, const char *s, size_t n)
{
    bool has_sq = memchr(s, '\'', n) != NULL, has_dq = memchr(s, '"', n) != NULL;
    char q = (has_sq && !has_dq) ? '"' : '\'';
    size_t width = 2;
    ob_put(o, &q, 1);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        char tmp[16];
        if (c == (unsigned char)q || c == '\\') {
            tmp[0] = '\\';
            tmp[1] = (char)c;
            ob_put(o, tmp, 2);
            width += 2;
            i++;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            tmp[0] = '\\';
            tmp[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
            ob_put(o, tmp, 2);
            width += 2;
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            snprintf(tmp, sizeof tmp, "\\x%02x", c);
            ob_put(o, tmp, 4);
            width += 4;
            i++;
        } else if (c < 0x80) {
            ob_put(o, (const char *)&s[i], 1);
            width++;
            i++;
        } else {
            uint32_t cp;
            int k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
            if (!is_printable_cp(cp)) {
                int w = cp < 0x100     ? snprintf(tmp, sizeof tmp, "\\x%02x", cp)
                        : cp < 0x10000 ? snprintf(tmp, sizeof tmp, "\\u%04x", cp)
                                       : snprintf(tmp, sizeof tmp, "\\U%08x", cp);
                ob_put(o, tmp, (size_t)w);
                width += (size_t)w;
            } else {
                ob_put(o, s + i, (size_t)k);
                width++;
            }
            i += (size_t)k;
        }
    }
    ob_put(o, &q, 1);
    return width;
}

/* Character columns for a run of tokens in source order without rescanning each
 * line from its start (a 100000-token line would make the dump quadratic). */
typedef struct colcache {
    int lineno, bytecol, charcol;
} colcache;

static int cached_char_col(const sp_lexer *lx, colcache *cc, int lineno, int bytecol)
{
    if (lineno < 1 || lineno > lx->nlines || bytecol <= 0) return bytecol;
    if (cc->lineno != lineno || bytecol < cc->bytecol) {
        cc->lineno = lineno;
        cc->bytecol = 0;
        cc->charcol = 0;
    }
    size_t ls = lx->line_starts[lineno - 1];
    for (int i = cc->bytecol; i < bytecol; i++) {
        if (ls + i >= lx->len || ((unsigned char)lx->src[ls + i] & 0xC0) != 0x80) cc->charcol++;
    }
    cc->bytecol = bytecol;
    return cc->charcol;
}

static void pad(outbuf *o, size_t used, size_t to)
{
    while (used < to) {
        ob_put(o, " ", 1);
        used++;
    }
}

int sp_lex_dump(const char *src, size_t len, const char *filename, int fd_out, int fd_err,
                uint64_t *ntokens)
{
    sp_arena *arena = sp_arena_new();
    if (!arena) return 1;
    sp_lexer lx;
    int rc = sp_lex_all(&lx, arena, src, len);
    outbuf *o = sp_arena_alloc(arena, sizeof *o);
    if (!o) {
        sp_arena_free(arena);
        return 1;
    }
    o->fd = fd_out;
    if (rc < 0) o->len = 0, o->fd = -1; /* the tokenize module prints nothing on errors */
    const char *first = "0,0-0,0:";
    ob_put(o, first, strlen(first));
    pad(o, strlen(first), 20);
    ob_put(o, "ENCODING", 8);
    pad(o, 8, 15);
    pad(o, repr_text(o, "utf-8", 5), 15);
    ob_put(o, "\n", 1);
    size_t shown = 0;
    colcache cs = {0, 0, 0}, ce = {0, 0, 0};
    for (size_t i = 0; i < lx.ntoks; i++) {
        const sp_token *t = &lx.toks[i];
        if (t->type == SP_TOK_ERRORTOKEN && i + 1 == lx.ntoks && rc < 0) break;
        char range[64];
        int k = snprintf(range, sizeof range, "%d,%d-%d,%d:", t->lineno,
                         cached_char_col(&lx, &cs, t->lineno, t->col), t->end_lineno,
                         cached_char_col(&lx, &ce, t->end_lineno, t->end_col));
        ob_put(o, range, (size_t)k);
        pad(o, (size_t)k, 20);
        const char *name = sp_lex_type_name((sp_tok_type)t->type);
        ob_put(o, name, strlen(name));
        pad(o, strlen(name), 15);
        pad(o, repr_text(o, src + t->start, t->end - t->start), 15);
        ob_put(o, "\n", 1);
        shown++;
    }
    if (rc < 0)
        o->len = 0;
    else
        ob_flush(o);
    if (ntokens) *ntokens = lx.ntoks;
    int status = 0;
    if (rc < 0) {
        char msg[512];
        int k;
        if (lx.oom) {
            k = snprintf(msg, sizeof msg, "MemoryError\n");
        } else {
            /* the messages and positions of Lib/tokenize.py where it detects the
             * same problem; CPython's wording otherwise */
            const char *fn = filename ? filename : "<stdin>";
            int line = lx.err.lineno,
                col = lx.err.col < 0 ? 0 : sp_lex_char_col(&lx, line, lx.err.col);
            const char *m = lx.err.msg;
            if (lx.err.eof_in_paren) {
                int lines = 0;
                for (size_t i = 0; i < len; i++)
                    lines += src[i] == '\n';
                if (len && src[len - 1] != '\n') lines++;
                line = lines + 1;
                col = 0;
                m = "EOF in multi-line statement";
            } else if (strncmp(m, "unterminated triple-quoted", 26) == 0) {
                m = "EOF in multi-line string";
            } else if (strncmp(m, "unindent does not match", 23) == 0) {
                size_t ls = lx.line_starts[line - 1], e = ls;
                while (e < len && (src[e] == ' ' || src[e] == '\t' || src[e] == '\f'))
                    e++;
                col = (int)(e - ls);
            } else {
                col = lx.err.col < 0 ? 0 : col + 1;
            }
            k = snprintf(msg, sizeof msg, "%s:%d:%d: error: %s\n", fn, line, col, m);
        }
        if (k > 0 && write(fd_err, msg, (size_t)k) < 0) status = 1;
        status = 1;
    }
    if (o->failed) status = 1;
    sp_arena_free(arena);
    return status;
}
