/*
 * code.c — code objects and the disassembler.
 *
 * Design overview
 * ---------------
 * A code object is immutable once the compiler has built it, except for its inline
 * caches which the VM rewrites freely. Its raw buffers (instructions, positions,
 * caches, cell2arg) are owned by the code object and released by its finalizer.
 *
 * The disassembler imitates CPython 3.11's `dis.dis` layout: a line-number column
 * (printed on the first instruction of each line), a `>>` jump-target mark, the
 * offset (2 bytes per instruction, like CPython), the opcode name padded to 20,
 * the argument right-aligned to 5 and its meaning in parentheses. Nested code
 * objects (constants) follow, each under a "Disassembly of <code object ...>:" title.
 */
#include "code.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gc.h"
#include "vm.h"

const char *const sp_opcode_names[SP_OPCODE__COUNT] = {
#define SP_OP_NAME(n) #n,
    SP_OPCODES(SP_OP_NAME)
#undef SP_OP_NAME
};

bool sp_opcode_is_jump(int op)
{
    switch (op) {
    case SP_JUMP:
    case SP_POP_JUMP_IF_FALSE:
    case SP_POP_JUMP_IF_TRUE:
    case SP_JUMP_IF_FALSE_OR_POP:
    case SP_JUMP_IF_TRUE_OR_POP:
    case SP_POP_JUMP_IF_NONE:
    case SP_POP_JUMP_IF_NOT_NONE:
    case SP_FOR_ITER:
    case SP_SETUP_FINALLY:
    case SP_JUMP_IF_NOT_EXC_MATCH:
    case SP_YIELD_FROM:
        return true;
    default:
        return false;
    }
}

/* ---- the code type ------------------------------------------------------------- */

static void code_trace(sp_val self)
{
    sp_code *co = (sp_code *)self;
    sp_gc_mark(co->name);
    sp_gc_mark(co->qualname);
    sp_gc_mark(co->filename);
    sp_gc_mark(co->consts);
    sp_gc_mark(co->names);
    sp_gc_mark(co->varnames);
    sp_gc_mark(co->cellvars);
    sp_gc_mark(co->freevars);
    sp_gc_mark(co->docstring);
    /* cached slots point into dicts kept alive by frames/functions: not values */
}

static void code_finalize(sp_val self)
{
    sp_code *co = (sp_code *)self;
    if (co->code) sp_mem_free(co->code, co->ncode * sizeof *co->code);
    if (co->pos) sp_mem_free(co->pos, co->ncode * sizeof *co->pos);
    if (co->caches) sp_mem_free(co->caches, co->ncaches * sizeof *co->caches);
    if (co->attr_caches) sp_mem_free(co->attr_caches, co->nattr_caches * sizeof *co->attr_caches);
    co->attr_caches = NULL;
    sp_vm_code_finalized(co);
    sp_sys_free(co->prof_tab); /* malloc'd by vm.c's line profile */
    co->prof_tab = NULL;
    if (co->cell2arg) sp_mem_free(co->cell2arg, (size_t)co->ncells * sizeof(int));
    co->code = NULL;
    co->pos = NULL;
    co->caches = NULL;
    co->cell2arg = NULL;
}

static sp_val code_repr(sp_val self)
{
    sp_code *co = (sp_code *)self;
    return sp_str_format("<code object %s at %p, file \"%s\", line %d>", sp_str_cstr(co->name),
                         (void *)co, sp_str_cstr(co->filename), co->firstlineno);
}

static sp_val code_get_name(sp_val self)
{
    return ((sp_code *)self)->name;
}
static sp_val code_get_qualname(sp_val self)
{
    return ((sp_code *)self)->qualname;
}
static sp_val code_get_filename(sp_val self)
{
    return ((sp_code *)self)->filename;
}
static sp_val code_get_consts(sp_val self)
{
    return ((sp_code *)self)->consts;
}
static sp_val code_get_names(sp_val self)
{
    return ((sp_code *)self)->names;
}
static sp_val code_get_varnames(sp_val self)
{
    return ((sp_code *)self)->varnames;
}
static sp_val code_get_freevars(sp_val self)
{
    return ((sp_code *)self)->freevars;
}
static sp_val code_get_cellvars(sp_val self)
{
    return ((sp_code *)self)->cellvars;
}
static sp_val code_get_argcount(sp_val self)
{
    return sp_small(((sp_code *)self)->argcount);
}
static sp_val code_get_posonly(sp_val self)
{
    return sp_small(((sp_code *)self)->posonlyargcount);
}
static sp_val code_get_kwonly(sp_val self)
{
    return sp_small(((sp_code *)self)->kwonlyargcount);
}
static sp_val code_get_flags(sp_val self)
{
    return sp_small(((sp_code *)self)->flags & 0xFFF);
}
static sp_val code_get_nlocals(sp_val self)
{
    return sp_small(((sp_code *)self)->nlocals);
}
static sp_val code_get_firstlineno(sp_val self)
{
    return sp_small(((sp_code *)self)->firstlineno);
}

static const sp_getset_def code_getsets[] = {
    {"co_name", code_get_name, NULL},
    {"co_qualname", code_get_qualname, NULL},
    {"co_filename", code_get_filename, NULL},
    {"co_consts", code_get_consts, NULL},
    {"co_names", code_get_names, NULL},
    {"co_varnames", code_get_varnames, NULL},
    {"co_freevars", code_get_freevars, NULL},
    {"co_cellvars", code_get_cellvars, NULL},
    {"co_argcount", code_get_argcount, NULL},
    {"co_posonlyargcount", code_get_posonly, NULL},
    {"co_kwonlyargcount", code_get_kwonly, NULL},
    {"co_flags", code_get_flags, NULL},
    {"co_nlocals", code_get_nlocals, NULL},
    {"co_firstlineno", code_get_firstlineno, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_code = {
    .name = "code",
    .basic_size = sizeof(sp_code),
    .trace = code_trace,
    .finalize = code_finalize,
    .repr = code_repr,
    .getattr = sp_generic_getattr,
};

void sp_code_init_type(void)
{
    sp_type_ready(&sp_type_code, NULL, code_getsets);
}

/* ---- disassembler ------------------------------------------------------------------ */

typedef struct out {
    sp_buf b;
    int fd;
    int err;
} out;

static void out_flush(out *o)
{
    size_t off = 0;
    while (off < o->b.len) {
        ssize_t n = write(o->fd, o->b.data + off, o->b.len - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            o->err = -1;
            break;
        }
        off += (size_t)n;
    }
    o->b.len = 0;
}

static void outf(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void outf(out *o, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= sizeof tmp) n = sizeof tmp - 1;
    sp_buf_append(&o->b, tmp, (size_t)n);
    if (o->b.len > 8192) out_flush(o);
}

static void out_val_repr(out *o, sp_val v)
{
    sp_val r = sp_repr(v);
    if (!r) {
        sp_err_clear();
        sp_buf_append_cstr(&o->b, "<?>");
        return;
    }
    sp_buf_append_val_str(&o->b, r);
}

static const char *const binop_names[] = {"+",  "-",  "*",  "@", "/", "//", "%",
                                          "**", "<<", ">>", "&", "|", "^"};
static const char *const binop_inames[] = {
    "+=", "-=", "*=", "@=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^="};
static const char *const cmp_names[] = {"<", "<=", "==", "!=", ">", ">="};

static void tuple_item_str(out *o, sp_val tup, uint32_t i)
{
    if (tup && i < ((sp_tuple *)tup)->len)
        sp_buf_append_val_str(&o->b, ((sp_tuple *)tup)->items[i]);
}

static void local_name(out *o, sp_code *co, uint32_t i)
{
    if ((int)i < co->nlocals)
        tuple_item_str(o, co->varnames, i);
    else if ((int)i < co->nlocals + co->ncells)
        tuple_item_str(o, co->cellvars, i - (uint32_t)co->nlocals);
    else
        tuple_item_str(o, co->freevars, i - (uint32_t)(co->nlocals + co->ncells));
}

/* Append the "(argrepr)" part of instruction i, if any. */
static void argrepr(out *o, sp_code *co, size_t i)
{
    sp_instr in = co->code[i];
    size_t start = o->b.len;
    sp_buf_append_char(&o->b, '(');
    size_t mark = o->b.len;
    switch (in.op) {
    case SP_LOAD_CONST:
    case SP_RETURN_CONST:
        out_val_repr(o, ((sp_tuple *)co->consts)->items[in.arg]);
        break;
    case SP_LOAD_FAST:
    case SP_LOAD_FAST_CLEAR:
    case SP_STORE_FAST:
    case SP_DELETE_FAST:
    case SP_LOAD_FAST_CHECKED:
    case SP_LOAD_DEREF:
    case SP_STORE_DEREF:
    case SP_DELETE_DEREF:
    case SP_LOAD_CLOSURE:
    case SP_LOAD_CLASSDEREF:
        local_name(o, co, in.arg);
        break;
    case SP_LOAD_FAST_LOAD_FAST:
    case SP_LOAD_FAST_LOAD_FAST_CLEAR:
    case SP_STORE_FAST_LOAD_FAST:
        local_name(o, co, in.arg & 0xFFFF);
        sp_buf_append_cstr(&o->b, ", ");
        local_name(o, co, in.arg >> 16);
        break;
    case SP_BINARY_ADD_FAST_CONST:
        local_name(o, co, in.arg & 0xFFFF);
        sp_buf_append_cstr(&o->b, " + ");
        out_val_repr(o, ((sp_tuple *)co->consts)->items[in.arg >> 16]);
        break;
    case SP_LOAD_NAME:
    case SP_STORE_NAME:
    case SP_DELETE_NAME:
    case SP_LOAD_GLOBAL:
    case SP_STORE_GLOBAL:
    case SP_DELETE_GLOBAL:
    case SP_LOAD_ATTR:
    case SP_STORE_ATTR:
    case SP_DELETE_ATTR:
    case SP_LOAD_METHOD:
    case SP_IMPORT_NAME:
    case SP_IMPORT_FROM:
        tuple_item_str(o, co->names, in.arg);
        break;
    case SP_BINARY_OP:
        if ((in.arg & 0xF) < SP_OP__COUNT)
            sp_buf_append_cstr(&o->b, (in.arg & SP_BINOP_INPLACE) ? binop_inames[in.arg & 0xF]
                                                                  : binop_names[in.arg & 0xF]);
        break;
    case SP_COMPARE_OP:
        if (in.arg < 6) sp_buf_append_cstr(&o->b, cmp_names[in.arg]);
        break;
    case SP_COMPARE_JUMP_IF_FALSE:
        outf(o, "%s, to %u", cmp_names[in.arg & 0xF], (in.arg >> 4) * 2);
        break;
    case SP_FORMAT_VALUE: {
        static const char *const conv[] = {"", "str", "repr", "ascii"};
        sp_buf_append_cstr(&o->b, conv[in.arg & 3]);
        if (in.arg & SP_FV_SPEC)
            sp_buf_append_cstr(&o->b, (in.arg & 3) ? ", with format" : "with format");
        break;
    }
    case SP_IS_OP:
        sp_buf_append_cstr(&o->b, in.arg ? "is not" : "is");
        break;
    case SP_CONTAINS_OP:
        sp_buf_append_cstr(&o->b, in.arg ? "not in" : "in");
        break;
    default:
        if (sp_opcode_is_jump(in.op)) outf(o, "to %u", in.arg * 2);
        break;
    }
    if (o->b.len == mark)
        o->b.len = start; /* nothing to say: drop the "(" */
    else
        sp_buf_append_char(&o->b, ')');
}

static bool op_has_arg(int op)
{
    switch (op) {
    case SP_NOP:
    case SP_POP_TOP:
    case SP_ROT_TWO:
    case SP_ROT_THREE:
    case SP_ROT_FOUR:
    case SP_DUP_TOP:
    case SP_DUP_TOP_TWO:
    case SP_BINARY_SUBSCR:
    case SP_STORE_SUBSCR:
    case SP_DELETE_SUBSCR:
    case SP_UNARY_NEGATIVE:
    case SP_UNARY_POSITIVE:
    case SP_UNARY_INVERT:
    case SP_UNARY_NOT:
    case SP_GET_ITER:
    case SP_RETURN_VALUE:
    case SP_YIELD_VALUE:
    case SP_GET_YIELD_FROM_ITER:
    case SP_POP_BLOCK:
    case SP_POP_EXCEPT:
    case SP_BEFORE_WITH:
    case SP_WITH_EXCEPT_START:
    case SP_IMPORT_STAR:
    case SP_LOAD_ASSERTION_ERROR:
    case SP_SETUP_ANNOTATIONS:
    case SP_MATCH_MAPPING:
    case SP_MATCH_SEQUENCE:
    case SP_MATCH_KEYS:
    case SP_GET_LEN:
    case SP_COPY_DICT_WITHOUT_KEYS:
    case SP_LIST_TO_TUPLE:
    case SP_BUILD_CLASS:
        return false;
    default:
        return true;
    }
}

static void disassemble_one(out *o, sp_code *co)
{
    bool *target = sp_sys_calloc(co->ncode + 1, 1);
    for (size_t i = 0; i < co->ncode && target; i++) {
        int op = co->code[i].op;
        if (op == SP_COMPARE_JUMP_IF_FALSE)
            target[co->code[i].arg >> 4] = true;
        else if (sp_opcode_is_jump(op) && co->code[i].arg < co->ncode)
            target[co->code[i].arg] = true;
    }
    /* CPython widens the line and offset columns only for big numbers */
    int maxline = 0;
    for (size_t i = 0; i < co->ncode; i++)
        if (co->pos[i].line > maxline) maxline = co->pos[i].line;
    int line_width = maxline >= 1000 ? snprintf(NULL, 0, "%d", maxline) : 3;
    size_t maxoff = co->ncode ? (co->ncode - 1) * 2 : 0;
    int off_width = maxoff >= 10000 ? snprintf(NULL, 0, "%zu", maxoff) : 4;
    int last_line = -1;
    for (size_t i = 0; i < co->ncode; i++) {
        int line = co->pos[i].line;
        if (line > 0 && line != last_line) {
            if (last_line != -1) outf(o, "\n");
            outf(o, "%*d", line_width, line);
            last_line = line;
        } else {
            outf(o, "%*s", line_width, "");
        }
        size_t linestart = o->b.len;
        outf(o, "     %s %*zu %-20s", target && target[i] ? ">>" : "  ", off_width, i * 2,
             sp_opcode_names[co->code[i].op]);
        if (op_has_arg(co->code[i].op)) {
            uint32_t arg = co->code[i].arg;
            if (co->code[i].op == SP_BINARY_OP) arg &= ~(uint32_t)SP_BINOP_BUILD; /* internal */
            outf(o, " %5u ", arg);
            argrepr(o, co, i);
        }
        while (o->b.len > linestart && o->b.data[o->b.len - 1] == ' ')
            o->b.len--;
        outf(o, "\n");
    }
    sp_sys_free(target);
}

static int disassemble_rec(out *o, sp_code *co, bool title)
{
    if (title) {
        outf(o, "\nDisassembly of ");
        out_val_repr(o, (sp_val)co);
        outf(o, ":\n");
    }
    disassemble_one(o, co);
    sp_tuple *consts = (sp_tuple *)co->consts;
    for (size_t i = 0; i < consts->len; i++)
        if (!sp_is_small(consts->items[i]) && consts->items[i]->type == &sp_type_code)
            disassemble_rec(o, (sp_code *)consts->items[i], true);
    return 0;
}

int sp_code_disassemble(sp_code *co, int fd)
{
    out o = {.fd = fd};
    sp_buf_init(&o.b);
    disassemble_rec(&o, co, false);
    out_flush(&o);
    sp_buf_free(&o.b);
    return o.err;
}
