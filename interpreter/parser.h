/*
 * parser.h — tokens -> AST (ast.h), with CPython 3.11's SyntaxError messages.
 *
 * A hand-written recursive-descent parser over the token array of lexer.c; binary
 * operators use one function per precedence level, like the PEG grammar. The
 * grammar rule a function implements is written above it. On failure the parser
 * fills an sp_syntax_error mirroring what CPython would raise (type, message,
 * position) and sp_syntax_error_print() renders it exactly like python3.11 does.
 *
 * Entry points
 *   sp_parse_module()      a file / exec() source            -> Module
 *   sp_parse(.., SP_PARSE_EVAL ..)   an eval() expression    -> Expression
 *   sp_parse(.., SP_PARSE_SINGLE ..) one interactive stmt    -> Interactive
 *   sp_syntax_error_print() / sp_syntax_error_format()  the report
 *   sp_parse_dump_ast()    `sandpiper ast FILE` in one call
 * Memory: every node lives in the caller's arena (ast.h); nothing else is kept.
 */
#ifndef SP_PARSER_H
#define SP_PARSER_H

#include <stddef.h>
#include <stdint.h>

#include "ast.h"

typedef struct sp_syntax_error {
    const char *type; /* "SyntaxError" | "IndentationError" | "TabError" | "MemoryError" */
    char msg[256];
    /* like CPython's SyntaxError attributes: lineno 1-based, offsets 1-based in
     * characters (0 = none); end_* 0 when unknown */
    int lineno, col_offset, end_lineno, end_col_offset;
    /* the source line shown, when it is not line `lineno` of the source (errors inside
     * f-string expressions show "(expr)" like CPython 3.11); empty: use the source */
    char text[200];
} sp_syntax_error;

typedef enum sp_parse_mode {
    SP_PARSE_FILE = 0, /* compile(.., 'exec') */
    SP_PARSE_EVAL,     /* compile(.., 'eval'): one expression list. Builtin eval() must
                          strip leading spaces/tabs first, as CPython's does */
    SP_PARSE_SINGLE,   /* compile(.., 'single') */
    /* flag: only what ast.parse() checks, skip the compiler's checks ('return' outside
     * function, 'break' outside loop, starred targets, ...) */
    SP_PARSE_AST_ONLY = 0x100,
} sp_parse_mode;

/* Parse src[0..len). Returns the tree (in `arena`) or NULL with *err filled.
 * Unless SP_PARSE_AST_ONLY is or'ed into mode, the errors CPython's compiler reports
 * before running anything are checked too: 'return'/'yield'/'await' outside function,
 * 'break'/'continue' outside loop, nonlocal at module level, starred assignment
 * targets, "can't use starred expression here", duplicate arguments (always).
 * ntokens / nnodes (may be NULL) receive the number of tokens and AST nodes. */
sp_ast_mod *sp_parse(sp_arena *arena, const char *src, size_t len, const char *filename,
                     sp_parse_mode mode, sp_syntax_error *err, uint64_t *ntokens, uint64_t *nnodes);
sp_ast_mod *sp_parse_module(sp_arena *arena, const char *src, size_t len, const char *filename,
                            sp_syntax_error *err, uint64_t *ntokens, uint64_t *nnodes);

/* Raise a SyntaxError from the compiler's checks ('return' outside function...) in
 * the same form: fills *err from a node position (byte columns, converted here). */
void sp_syntax_error_at(sp_syntax_error *err, const char *type, const char *msg, const char *src,
                        size_t len, int lineno, int col_byte, int end_lineno, int end_col_byte);

/* Render the report exactly like python3.11 prints an uncaught SyntaxError:
 *     File "main.py", line 1
 *       if x
 *           ^
 *   SyntaxError: expected ':'
 * into buf (always NUL-terminated; returns the length it needed, like snprintf) or fd
 * (returns 0 / -1). */
int sp_syntax_error_format(const sp_syntax_error *e, const char *filename, const char *src,
                           size_t len, char *buf, size_t size);
int sp_syntax_error_print(const sp_syntax_error *e, const char *filename, const char *src,
                          size_t len, int fd);

/* `sandpiper ast FILE`: parse and sp_ast_dump to fd_out, or print the SyntaxError to
 * fd_err. Returns the exit status (0 or 1). Owns its own arena. */
int sp_parse_dump_ast(const char *src, size_t len, const char *filename, int fd_out, int fd_err,
                      uint64_t *ntokens, uint64_t *nnodes);

#endif
