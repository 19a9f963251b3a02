/*
 * format_spec.h — the format-spec mini-language and %-formatting of numbers.
 *
 *   [[fill]align][sign][z][#][0][width][grouping][.precision][type]
 *
 * format(x, spec) for int, float, complex and str lands here (their __format__
 * methods call these). obj_str.c's `str % args` uses sp_pct_format_number for the
 * numeric conversions.
 */
#ifndef SP_FORMAT_SPEC_H
#define SP_FORMAT_SPEC_H

#include "object.h"

/* A parsed spec. width/precision are -1 when absent. */
typedef struct sp_fmt_spec {
    uint32_t fill; /* code point; ' ' by default */
    char align;    /* 0 (type default), '<', '>', '=', '^' */
    char sign;     /* 0, '+', '-', ' ' */
    bool no_neg_0; /* 'z' */
    bool alt;      /* '#' */
    int64_t width;
    char grouping; /* 0, ',', '_' */
    int64_t precision;
    uint32_t type; /* 0 or the type code point */
} sp_fmt_spec;

/* Parses `spec` (a str). default_align is '>' for numbers, '<' for str; obj is
 * named in error messages. 0 / -1 with ValueError. */
int sp_fmt_parse(sp_val spec, sp_val obj, char default_align, sp_fmt_spec *out);

/* format(v, spec) for each kind; spec is a str. Return new str or NULL. */
sp_val sp_format_int(sp_val v, sp_val spec);     /* v: int instance (bool too) */
sp_val sp_format_float(sp_val v, sp_val spec);   /* v: float instance */
sp_val sp_format_complex(sp_val v, sp_val spec); /* v: complex instance */
sp_val sp_format_str(sp_val s, sp_val spec);     /* s: str instance */

/* Formats a double like CPython's PyOS_double_to_string into buf (NUL-terminated,
 * at least 32 + precision + 330 bytes): type one of e E f F g G r, flags below.
 * Returns the length. */
#define SP_DTS_SIGN 1u /* always add a sign */
#define SP_DTS_ADD_DOT_0 2u
#define SP_DTS_ALT 4u
size_t sp_double_to_buf(char *buf, size_t cap, double d, char type, int precision, unsigned flags);

/* Writes the decimal digits of v backwards so that they end just before `end`
 * (at most 20 bytes) and returns where they start. No NUL. */
char *sp_u64_to_dec(char *end, uint64_t v);
/* The same for a signed value, with a leading '-' (at most 21 bytes). */
char *sp_i64_to_dec(char *end, int64_t v);

/* One numeric %-conversion of printf-style formatting (`str % args`). */
typedef struct sp_pct_spec {
    bool left;     /* '-' */
    bool plus;     /* '+' */
    bool space;    /* ' ' */
    bool alt;      /* '#' */
    bool zero;     /* '0' */
    int64_t width; /* -1: none */
    int64_t prec;  /* -1: none */
    char conv;     /* one of d i u o x X e E f F g G c */
} sp_pct_spec;

/* Appends the conversion of v to out with CPython's rules and error messages
 * ("%d format: a real number is required, not str", "%c requires int or char").
 * For 'c', v may be an int or a str of length 1. 0 / -1. */
int sp_pct_format_number(sp_buf *out, const sp_pct_spec *spec, sp_val v);

#endif
