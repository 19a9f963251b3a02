/*
 * lexer.h — Python 3.11 source text -> tokens.
 *
 * The lexer turns a whole source buffer into an array of tokens up front (in the
 * caller's arena), with the full token set of CPython's tokenizer *plus* the COMMENT
 * and NL tokens that the `tokenize` module reports, so one token stream serves both
 * `sandpiper tokens` (sp_lex_dump) and the parser (which skips COMMENT/NL).
 * f-strings are one STRING token, as in CPython 3.11.
 *
 * On a tokenizer error (unterminated string, bad indentation, invalid character...)
 * the array ends with an SP_TOK_ERRORTOKEN and `sp_lexer.err` describes the error
 * with CPython's message and position. Positions: 1-based lines, 0-based *byte*
 * columns (what the AST wants); sp_lex_char_col converts to characters.
 */
#ifndef SP_LEXER_H
#define SP_LEXER_H

#include <stddef.h>
#include <stdint.h>

#include "ast.h"

typedef enum sp_tok_type {
    SP_TOK_ENDMARKER = 0,
    SP_TOK_NAME,
    SP_TOK_NUMBER,
    SP_TOK_STRING,
    SP_TOK_NEWLINE,
    SP_TOK_INDENT,
    SP_TOK_DEDENT,
    SP_TOK_OP,
    SP_TOK_COMMENT,
    SP_TOK_NL,
    SP_TOK_ERRORTOKEN,
} sp_tok_type;

/* Exact operator kinds (CPython's token.h names). */
typedef enum sp_tok_op {
    SP_OP_NONE = 0,
    SP_T_LPAR,
    SP_T_RPAR,
    SP_T_LSQB,
    SP_T_RSQB,
    SP_T_COLON,
    SP_T_COMMA,
    SP_T_SEMI,
    SP_T_PLUS,
    SP_T_MINUS,
    SP_T_STAR,
    SP_T_SLASH,
    SP_T_VBAR,
    SP_T_AMPER,
    SP_T_LESS,
    SP_T_GREATER,
    SP_T_EQUAL,
    SP_T_DOT,
    SP_T_PERCENT,
    SP_T_LBRACE,
    SP_T_RBRACE,
    SP_T_EQEQUAL,
    SP_T_NOTEQUAL,
    SP_T_LESSEQUAL,
    SP_T_GREATEREQUAL,
    SP_T_TILDE,
    SP_T_CIRCUMFLEX,
    SP_T_LEFTSHIFT,
    SP_T_RIGHTSHIFT,
    SP_T_DOUBLESTAR,
    SP_T_PLUSEQUAL,
    SP_T_MINEQUAL,
    SP_T_STAREQUAL,
    SP_T_SLASHEQUAL,
    SP_T_PERCENTEQUAL,
    SP_T_AMPEREQUAL,
    SP_T_VBAREQUAL,
    SP_T_CIRCUMFLEXEQUAL,
    SP_T_LEFTSHIFTEQUAL,
    SP_T_RIGHTSHIFTEQUAL,
    SP_T_DOUBLESTAREQUAL,
    SP_T_DOUBLESLASH,
    SP_T_DOUBLESLASHEQUAL,
    SP_T_AT,
    SP_T_ATEQUAL,
    SP_T_RARROW,
    SP_T_ELLIPSIS,
    SP_T_COLONEQUAL,
    SP_T_EXCLAMATION, /* lone '!' (only meaningful inside f-string replacement fields) */
} sp_tok_op;

typedef struct sp_token {
    uint8_t type;            /* sp_tok_type */
    uint8_t op;              /* sp_tok_op for SP_TOK_OP */
    uint32_t start, end;     /* byte offsets of the token text in the source */
    int lineno, col;         /* start: 1-based line, 0-based byte column */
    int end_lineno, end_col; /* end (exclusive) */
} sp_token;

/* A tokenizer error, positions as byte columns (0-based) of the source. */
typedef struct sp_lex_error {
    const char *type; /* NULL: no error; "SyntaxError" | "IndentationError" | "TabError" */
    char msg[200];
    int lineno, col; /* col: 0-based byte column, -1: none ("offset" unset) */
    int end_lineno, end_col;
    int eof_in_paren; /* the error is "'(' was never closed" at EOF (see parser.c) */
    int lazy;         /* CPython reports it only when the parser reaches it (no exception
                         raised by its tokenizer: TabError, bad dedent, line continuation) */
} sp_lex_error;

/* Invariants (after sp_lex_all without allocation failure)
 *  1. ntoks >= 1 and toks[ntoks-1] is ENDMARKER, or ERRORTOKEN when err.type is set
 *     (an ERRORTOKEN may also appear earlier for a stray character such as '$').
 *  2. Every token's text is src[start..end), start <= end <= len.
 *  3. line_starts[i] is the offset of line i+1; nlines >= 1. */
typedef struct sp_lexer {
    const char *src; /* borrowed */
    size_t len;
    sp_token *toks; /* arena-owned; ntoks entries, the last is ENDMARKER or ERRORTOKEN */
    size_t ntoks;
    uint32_t *line_starts; /* arena-owned: byte offset where line i+1 starts */
    int nlines;
    sp_lex_error err;
    int oom; /* allocation failed (MemoryError) */
} sp_lexer;

/* Tokenize src[0..len) into lx (all memory from `arena`). Returns 0, or -1 when a
 * tokenizer error (lx->err) or allocation failure (lx->oom) stopped it. */
int sp_lex_all(sp_lexer *lx, sp_arena *arena, const char *src, size_t len);

/* Character (code point) column of byte column `bytecol` on line `lineno`. */
int sp_lex_char_col(const sp_lexer *lx, int lineno, int bytecol);

/* Token type name as the tokenize module prints it ("NAME", "OP", ...). */
const char *sp_lex_type_name(sp_tok_type t);

/* `python3.11 -m tokenize FILE` output for src, written to fd_out; a tokenizer error
 * is reported like the tokenize module does ("FILE:L:C: error: ...") on fd_err.
 * Returns the exit status (0 or 1). `ntokens` (may be NULL) receives the count. */
int sp_lex_dump(const char *src, size_t len, const char *filename, int fd_out, int fd_err,
                uint64_t *ntokens);

#endif
