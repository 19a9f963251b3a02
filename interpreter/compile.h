/*
 * compile.h — AST to code objects.
 *
 * Two passes over one module: a symbol table pass decides for each name in each
 * scope whether it is a fast local, a cell, a free variable, a global or a name
 * looked up dynamically (module and class bodies); the code generation pass then
 * emits bytecode per scope, folds constants and assembles code objects.
 */
#ifndef SP_COMPILE_H
#define SP_COMPILE_H

#include "ast.h"
#include "code.h"
#include "parser.h"

typedef struct sp_compile_stats {
    uint64_t code_objects;
    uint64_t instructions;
} sp_compile_stats;

/* Compile a parsed module. `mode`: SP_PARSE_FILE (module, names are globals),
 * SP_PARSE_EVAL (expression: the code returns its value), or SP_PARSE_SINGLE.
 * `dynamic_locals`: module-level names go through the frame's locals mapping
 * (exec with separate locals) instead of straight to globals.
 * On a SyntaxError found by the compiler (e.g. 'return' outside function) returns
 * NULL with *err filled (err->type non-NULL) and no exception set; on other failures
 * (MemoryError) returns NULL with an exception set. */
sp_code *sp_compile(const sp_ast_mod *mod, const char *filename, const char *src, size_t len,
                    sp_parse_mode mode, bool dynamic_locals, sp_syntax_error *err,
                    sp_compile_stats *stats);

#endif
