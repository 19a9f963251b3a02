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
