/*
 * obj_str.h — str and bytes internals beyond object.h, for modules that build or
 * take apart strings (lexer, builtins such as chr/ord, int parsing, io).
 *
 * A str holds UTF-8 inline. Non-ASCII strings longer than SP_STR_BLOCK code points
 * also carry, after the data's NUL, a table of the byte offset of every
 * SP_STR_BLOCK-th code point, so indexing costs at most SP_STR_BLOCK steps.
 * Every str must therefore be created by obj_str.c's constructors.
 */
#ifndef SP_OBJ_STR_H
#define SP_OBJ_STR_H

#include "object.h"

#define SP_STR_BLOCK 32

/* UTF-8 helpers. decode: reads one code point at *p and advances; input must be valid. */
uint32_t sp_utf8_decode(const char **p);
size_t sp_utf8_encode(uint32_t cp, char out[4]); /* returns byte count */
/* Validate UTF-8 (surrogates rejected); returns the length of the valid prefix. */
size_t sp_utf8_valid_prefix(const char *s, size_t n);

int sp_buf_append_cp(sp_buf *b, uint32_t cp);

sp_val sp_str_from_cp(uint32_t cp);                        /* chr(); cp < 0x110000 */
uint32_t sp_str_cp_at(sp_val s, size_t index);             /* index < len */
size_t sp_str_byte_offset(sp_val s, size_t index);         /* index <= len */
sp_val sp_str_substr(sp_val s, size_t start, size_t stop); /* code points [start, stop) */
sp_val sp_str_repr(sp_val s);
sp_val sp_str_join(sp_val sep, sp_val iterable);
sp_val sp_str_mod(sp_val fmt, sp_val args); /* fmt % args */
/* fmt.format(*args, **kwargs) with args a tuple and kwargs a dict or NULL */
sp_val sp_str_format_call(sp_val fmt, sp_val args, sp_val kwargs);
/* Decode bytes with a codec name ("utf-8", "ascii", "latin-1") and errors mode. */
sp_val sp_str_decode(const char *data, size_t n, const char *encoding, const char *errors);

/* ---- str builders: `x += s` in place --------------------------------------------
 *
 * CPython appends in place when the left operand of `x += s` has one reference; a
 * tracing collector cannot count references, so uniqueness is made true by
 * construction instead. sp_str_iadd(a, b) is called only by the VM's BINARY_OP with
 * SP_BINOP_BUILD (`x += e`, x a fast local: LOAD_FAST x; e; BINARY_OP; STORE_FAST x).
 * When the result is long enough it is a fresh str with spare capacity, marked
 * SP_STR_BUILDER; the next such `x += s` on the marked str appends in place.
 *
 * Invariants (the compiler and the VM keep them):
 *  1. A marked str is referenced by at most one fast-local slot (of one frame) and
 *     by value-stack entries that the builder pattern's LOAD_FAST pushed from that
 *     slot, plus the collector's own view (marking never reads the contents).
 *  2. So every way a reference can leave that slot takes the mark off first: every
 *     other load of a `+=` target is a LOAD_FAST_CLEAR (compile.c, DEF_IADD), and
 *     the C readers of frame slots (locals(), vars(), dir(), eval()/exec() through
 *     sp_vm_locals) call sp_str_unmark. A mark is set only on a str that
 *     sp_str_iadd itself has just allocated, and never again once taken off.
 *  3. A marked str is exactly of type str, needs no block table (ASCII, or at most
 *     SP_STR_BLOCK code points), has hash -1, and ob.aux >> SP_STR_CAP_SHIFT is its
 *     allocation size in units of SP_STR_CAP_UNIT bytes (data capacity: that size
 *     minus the header and the NUL).
 * Hence appending to a marked str in place can be seen by nobody but the pattern
 * itself: exactly the value `x + s` would have.
 */
#define SP_STR_CAP_SHIFT 8
#define SP_STR_CAP_UNIT 16

/* a + b for two exact str objects, in place when a is a builder (see above). */
sp_val sp_str_iadd(sp_val a, sp_val b);

/* Take the builder mark off v (any value), keeping its other flags: v is escaping
 * its slot (invariant 2). */
static inline void sp_str_unmark(sp_val v)
{
    if (v && !sp_is_small(v) && (v->aux & SP_STR_BUILDER) && v->type == &sp_type_str)
        v->aux &= SP_STR_ASCII | SP_STR_INTERNED;
}

/* ---- bytes / bytearray ---------------------------------------------------------- */

typedef struct sp_bytes {
    sp_object ob;
    int64_t hash; /* -1: not computed */
    size_t len;
    char data[]; /* NUL-terminated for convenience */
} sp_bytes;

typedef struct sp_bytearray {
    sp_object ob;
    size_t len, cap;
    char *data; /* raw buffer owned by the object (sp_mem_*) */
} sp_bytearray;

sp_val sp_bytes_new(const char *data, size_t n); /* copies; data may be NULL (zeros) */
sp_val sp_bytearray_new(const char *data, size_t n);
bool sp_bytes_check(sp_val v); /* bytes or subclass */
bool sp_bytearray_check(sp_val v);
/* Borrow the bytes of a bytes or bytearray; false if v is neither. */
bool sp_bytes_view(sp_val v, const char **data, size_t *len);
sp_val sp_bytes_repr_of(const char *data, size_t n, const char *prefix, const char *suffix);

/* Module start-up (called from sp_containers_init). */
int sp_str_init(void);
int sp_bytes_init(void);

#endif
