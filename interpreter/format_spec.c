/*
 * format_spec.c — format(value, spec) for numbers and strings, and the numeric
 * conversions of printf-style `str % args`.
 *
 * Design overview
 * ---------------
 * A spec is parsed once into an sp_fmt_spec (CPython's
 * parse_internal_render_format_spec, same error messages). A number is then
 * rendered as three pieces
 *
 *     sign+prefix | digits (integer part, grouped) | rest (fraction, exponent, %)
 *
 * and padded as a unit: '=' alignment puts the fill between the first and
 * second piece. When the fill is '0' with '=' alignment and grouping is on,
 * the zeros are part of the digit run and get separators too, as in CPython
 * ("0,001,234"). Floats are rendered by the C library's correctly rounded
 * printf for e/f/g and by the shortest round-trip digits (obj_float.c) for repr
 * style; the common 'f' case (|d| < 2**63, precision <= 17) is computed exactly in
 * 128-bit integer arithmetic instead (format_fixed_exact), with the same correctly
 * rounded result. Small ints are rendered on the stack (sp_u64_to_dec), and short
 * results are assembled in a stack buffer. Widths count code points (fill may be any
 * character).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format_spec.h"
#include "gc.h"
#include "obj_float.h"
#include "obj_int.h"

/* ---- UTF-8 -------------------------------------------------------------------------- */

static size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80 || n < 2) {
        *cp = u[0];
        return 1;
    }
    if ((u[0] & 0xe0) == 0xc0) {
        *cp = ((uint32_t)(u[0] & 0x1f) << 6) | (u[1] & 0x3f);
        return 2;
    }
    if ((u[0] & 0xf0) == 0xe0 && n >= 3) {
        *cp = ((uint32_t)(u[0] & 0x0f) << 12) | ((uint32_t)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
        return 3;
    }
    if (n >= 4) {
        *cp = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3f) << 12) |
              ((uint32_t)(u[2] & 0x3f) << 6) | (u[3] & 0x3f);
        return 4;
    }
    *cp = u[0];
    return 1;
}

static size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

static size_t utf8_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

static int append_fill(sp_buf *b, uint32_t fill, int64_t count)
{
    if (fill < 0x80) {
        char chunk[64];
        memset(chunk, (int)fill, sizeof chunk);
        for (; count > 0; count -= (int64_t)sizeof chunk)
            if (sp_buf_append(b, chunk,
                              count < (int64_t)sizeof chunk ? (size_t)count : sizeof chunk) < 0)
                return -1;
        return 0;
    }
    char enc[4];
    size_t len = utf8_encode(fill, enc);
    for (int64_t i = 0; i < count; i++)
        if (sp_buf_append(b, enc, len) < 0) return -1;
    return 0;
}

/* ---- digits of machine integers --------------------------------------------------------- */

char *sp_u64_to_dec(char *end, uint64_t v)
{
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324"
                                   "25262728293031323334353637383940414243444546474849"
                                   "50515253545556575859606162636465666768697071727374"
                                   "75767778798081828384858687888990919293949596979899";
    char *p = end;
    while (v >= 100) {
        unsigned k = (unsigned)(v % 100) * 2;
        v /= 100;
        *--p = pairs[k + 1];
        *--p = pairs[k];
    }
    if (v >= 10) {
        *--p = pairs[v * 2 + 1];
        *--p = pairs[v * 2];
    } else {
        *--p = (char)('0' + v);
    }
    return p;
}

char *sp_i64_to_dec(char *end, int64_t v)
{
    char *p = sp_u64_to_dec(end, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
    if (v < 0) *--p = '-';
    return p;
}

/* Digits of v in base 2, 8 or 16 (lower case unless upper), ending before end. */
static char *u64_to_pow2_base(char *end, uint64_t v, int base, bool upper)
{
    const char *digs = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int shift = base == 2 ? 1 : base == 8 ? 3 : 4;
    char *p = end;
    do {
        *--p = digs[v & (uint64_t)(base - 1)];
        v >>= shift;
    } while (v);
    return p;
}

/* Digits of |x| (no sign) of a small int in base 2, 8, 10 or 16, ending before end
 * (room for 64 digits needed). */
static char *small_digits(char *end, int64_t x, int base, bool upper)
{
    uint64_t mag = x < 0 ? -(uint64_t)x : (uint64_t)x;
    return base == 10 ? sp_u64_to_dec(end, mag) : u64_to_pow2_base(end, mag, base, upper);
}

/* ---- parsing the spec ------------------------------------------------------------------ */

static bool is_align(uint32_t c)
{
    return c == '<' || c == '>' || c == '=' || c == '^';
}

static int read_number(const char *s, size_t n, size_t *pos, int64_t *out)
{
    int64_t v = 0;
    size_t start = *pos;
    while (*pos < n && s[*pos] >= '0' && s[*pos] <= '9') {
        if (v > (INT64_MAX - 9) / 10) {
            sp_err_set(&sp_exc_ValueError, "Too many decimal digits in format string");
            return -1;
        }
        v = v * 10 + (s[*pos] - '0');
        (*pos)++;
    }
    *out = *pos > start ? v : -1;
    return 0;
}

static void *bad_type_char(const char *what, uint32_t type, sp_val obj)
{
    if (type > 32 && type < 128)
        return sp_err_set(&sp_exc_ValueError, "%s '%c' for object of type '%s'", what, (int)type,
                          sp_type_name(obj));
    return sp_err_set(&sp_exc_ValueError, "%s '\\x%x' for object of type '%s'", what,
                      (unsigned)type, sp_type_name(obj));
}

int sp_fmt_parse(sp_val spec, sp_val obj, char default_align, sp_fmt_spec *f)
{
    const char *s = ((sp_str *)spec)->data;
    size_t n = ((sp_str *)spec)->size, pos = 0;
    memset(f, 0, sizeof *f);
    f->fill = ' ';
    f->width = -1;
    f->precision = -1;
    bool fill_given = false, align_given = false;
    uint32_t c0 = 0, c1 = 0;
    size_t l0 = n ? utf8_decode(s, n, &c0) : 0;
    if (n > l0) utf8_decode(s + l0, n - l0, &c1);
    if (n > l0 && is_align(c1)) {
        f->fill = c0;
        f->align = (char)c1;
        fill_given = align_given = true;
        pos = l0 + 1;
    } else if (n && is_align(c0)) {
        f->align = (char)c0;
        align_given = true;
        pos = 1;
    }
    if (pos < n && (s[pos] == '+' || s[pos] == '-' || s[pos] == ' ')) f->sign = s[pos++];
    if (pos < n && s[pos] == 'z') {
        f->no_neg_0 = true;
        pos++;
    }
    if (pos < n && s[pos] == '#') {
        f->alt = true;
        pos++;
    }
    if (!fill_given && pos < n && s[pos] == '0') {
        f->fill = '0';
        if (!align_given && default_align == '>') f->align = '=';
        pos++;
    }
    if (read_number(s, n, &pos, &f->width) < 0) return -1;
    if (pos < n && s[pos] == ',') {
        f->grouping = ',';
        pos++;
    }
    if (pos < n && s[pos] == '_') {
        if (f->grouping) {
            sp_err_set(&sp_exc_ValueError, "Cannot specify both ',' and '_'.");
            return -1;
        }
        f->grouping = '_';
        pos++;
    }
    if (pos < n && s[pos] == ',' && f->grouping == '_') {
        sp_err_set(&sp_exc_ValueError, "Cannot specify both ',' and '_'.");
        return -1;
    }
    if (pos < n && s[pos] == '.') {
        pos++;
        if (read_number(s, n, &pos, &f->precision) < 0) return -1;
        if (f->precision < 0) {
            sp_err_set(&sp_exc_ValueError, "Format specifier missing precision");
            return -1;
        }
    }
    if (pos < n) {
        uint32_t t;
        size_t l = utf8_decode(s + pos, n - pos, &t);
        if (pos + l != n) {
            sp_err_set(&sp_exc_ValueError, "Invalid format specifier '%s' for object of type '%s'",
                       s, sp_type_name(obj));
            return -1;
        }
        f->type = t;
    }
    if (f->grouping) {
        bool ok;
        switch (f->type) {
        case 'd':
        case 'e':
        case 'f':
        case 'g':
        case 'E':
        case 'G':
        case '%':
        case 'F':
        case 0:
            ok = true;
            break;
        case 'b':
        case 'o':
        case 'x':
        case 'X':
            ok = f->grouping == '_';
            break;
        default:
            ok = false;
        }
        if (!ok) {
            if (f->type > 32 && f->type < 128)
                sp_err_set(&sp_exc_ValueError, "Cannot specify '%c' with '%c'.", f->grouping,
                           (int)f->type);
            else
                sp_err_set(&sp_exc_ValueError, "Cannot specify '%c' with '\\x%x'.", f->grouping,
                           (unsigned)f->type);
            return -1;
        }
    }
    if (!f->align) f->align = default_align;
    return 0;
}

/* ---- assembling a padded number ------------------------------------------------------- */

/* Groups digits[0..nd) with sep every `group` digits into out; when min_width > 0,
 * keeps prepending grouped zeros until the run is at least that long. */
static int group_digits(sp_buf *out, const char *digits, size_t nd, char sep, int group,
                        int64_t min_width)
{
    size_t cap = nd + nd / (size_t)group + 2 + (min_width > 0 ? (size_t)min_width * 2 : 0);
    char *tmp = sp_mem_alloc(cap);
    if (!tmp) return -1;
    size_t len = 0;
    int count = 0;
    for (size_t i = nd; i-- > 0;) {
        if (count == group) {
            tmp[len++] = sep;
            count = 0;
        }
        tmp[len++] = digits[i];
        count++;
    }
    while ((int64_t)len < min_width) {
        if (count == group) {
            tmp[len++] = sep;
            count = 0;
        }
        tmp[len++] = '0';
        count++;
    }
    for (size_t i = 0; i < len / 2; i++) {
        char t = tmp[i];
        tmp[i] = tmp[len - 1 - i];
        tmp[len - 1 - i] = t;
    }
    int rc = sp_buf_append(out, tmp, len);
    sp_mem_free(tmp, cap);
    return rc;
}

/* Where `pad` fill characters go for an alignment: left of everything, between
 * the sign/prefix and the digits ('='), or right; '^' splits them, left half down. */
static void split_padding(char align, int64_t pad, int64_t *left, int64_t *right, int64_t *mid)
{
    *left = *right = *mid = 0;
    switch (align) {
    case '<':
        *right = pad;
        break;
    case '^':
        *left = pad / 2;
        *right = pad - *left;
        break;
    case '=':
        *mid = pad;
        break;
    default:
        *left = pad;
        break;
    }
}

/* Renders prefix | digits | rest with the spec's fill, alignment, width and
 * grouping (group size `group`, 0: none). */
/* assemble() without grouping when the result fits a small stack buffer: the common
 * case ("{:>6}", "{:8.2f}") pays no intermediate buffers. NULL with no error set
 * when it does not apply. */
static sp_val assemble_small(const sp_fmt_spec *f, const char *prefix, size_t nprefix,
                             const char *digits, size_t ndigits, const char *rest, size_t nrest)
{
    enum { CAP = 256 };
    char enc[4];
    size_t nfill = utf8_encode(f->fill, enc);
    int64_t len = (int64_t)(utf8_count(prefix, nprefix) + utf8_count(digits, ndigits) +
                            utf8_count(rest, nrest));
    int64_t pad = f->width > len ? f->width - len : 0;
    if (nprefix + ndigits + nrest + (size_t)pad * nfill > CAP) return NULL;
    int64_t left, right, mid;
    split_padding(f->align, pad, &left, &right, &mid);
    char out[CAP];
    size_t n = 0;
#define PUT_FILL(count)                                                                            \
    for (int64_t i_ = 0; i_ < (count); i_++, n += nfill)                                           \
        memcpy(out + n, enc, nfill);
    PUT_FILL(left);
    memcpy(out + n, prefix, nprefix);
    n += nprefix;
    PUT_FILL(mid);
    memcpy(out + n, digits, ndigits);
    n += ndigits;
    memcpy(out + n, rest, nrest);
    n += nrest;
    PUT_FILL(right);
#undef PUT_FILL
    return sp_str_new(out, n);
}

static sp_val assemble(const sp_fmt_spec *f, const char *prefix, size_t nprefix, const char *digits,
                       size_t ndigits, const char *rest, size_t nrest, int group)
{
    if (!(f->grouping && group)) {
        sp_val r = assemble_small(f, prefix, nprefix, digits, ndigits, rest, nrest);
        if (r || sp_err_occurred()) return r;
    }
    sp_buf body;
    sp_buf_init(&body);
    bool zero_grouping = f->grouping && group && f->fill == '0' && f->align == '=';
    int64_t min_width = 0;
    if (zero_grouping && f->width > 0)
        min_width =
            f->width - (int64_t)utf8_count(prefix, nprefix) - (int64_t)utf8_count(rest, nrest);
    int rc = 0;
    if (f->grouping && group)
        rc = group_digits(&body, digits, ndigits, f->grouping, group, min_width);
    else
        rc = sp_buf_append(&body, digits, ndigits);
    if (rc == 0) rc = sp_buf_append(&body, rest, nrest);
    if (rc < 0) {
        sp_buf_free(&body);
        return NULL;
    }
    int64_t len = (int64_t)utf8_count(prefix, nprefix) + (int64_t)utf8_count(body.data, body.len);
    int64_t pad = f->width > len ? f->width - len : 0;
    int64_t left, right, mid;
    split_padding(f->align, pad, &left, &right, &mid);
    sp_buf out;
    sp_buf_init(&out);
    rc = append_fill(&out, f->fill, left);
    if (rc == 0) rc = sp_buf_append(&out, prefix, nprefix);
    if (rc == 0) rc = append_fill(&out, f->fill, mid);
    if (rc == 0) rc = sp_buf_append(&out, body.data, body.len);
    if (rc == 0) rc = append_fill(&out, f->fill, right);
    sp_buf_free(&body);
    if (rc < 0) {
        sp_buf_free(&out);
        return NULL;
    }
    return sp_buf_to_str(&out);
}

/* ---- str ---------------------------------------------------------------------------------- */

sp_val sp_format_str(sp_val s, sp_val spec)
{
    sp_str *str = (sp_str *)s;
    if (((sp_str *)spec)->size == 0) return s;
    sp_fmt_spec f;
    if (sp_fmt_parse(spec, s, '<', &f) < 0) return NULL;
    if (f.type != 0 && f.type != 's') return bad_type_char("Unknown format code", f.type, s);
    if (f.grouping) /* the parser checked against type 0; str's default is 's' */
        return sp_err_set(&sp_exc_ValueError, "Cannot specify '%c' with 's'.", f.grouping);
    if (f.sign)
        return sp_err_set(&sp_exc_ValueError, "Sign not allowed in string format specifier");
    if (f.no_neg_0)
        return sp_err_set(&sp_exc_ValueError,
                          "Negative zero coercion (z) not allowed in string format specifier");
    if (f.alt)
        return sp_err_set(&sp_exc_ValueError,
                          "Alternate form (#) not allowed in string format specifier");
    if (f.align == '=')
        return sp_err_set(&sp_exc_ValueError,
                          "'=' alignment not allowed in string format specifier");
    size_t nbytes = str->size;
    if (f.precision >= 0 && (size_t)f.precision < str->len) {
        /* Truncate to `precision` code points. */
        size_t cps = 0, i = 0;
        while (i < str->size && cps < (size_t)f.precision) {
            i++;
            while (i < str->size && ((unsigned char)str->data[i] & 0xc0) == 0x80)
                i++;
            cps++;
        }
        nbytes = i;
    }
    sp_fmt_spec g = f;
    g.grouping = 0;
    return assemble(&g, "", 0, str->data, nbytes, "", 0, 0);
}

/* ---- int ----------------------------------------------------------------------------------- */

static sp_val format_int_as_float(sp_val v, const sp_fmt_spec *f, sp_val obj);

static sp_val format_int_spec(sp_val v, const sp_fmt_spec *f, sp_val obj)
{
    uint32_t type = f->type ? f->type : 'd';
    switch (type) {
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case '%':
        return format_int_as_float(v, f, obj);
    case 'b':
    case 'c':
    case 'd':
    case 'n':
    case 'o':
    case 'x':
    case 'X':
        break;
    default:
        return bad_type_char("Unknown format code", type, obj);
    }
    if (f->precision >= 0)
        return sp_err_set(&sp_exc_ValueError, "Precision not allowed in integer format specifier");
    if (f->no_neg_0)
        return sp_err_set(&sp_exc_ValueError,
                          "Negative zero coercion (z) not allowed in integer format specifier");
    if (type == 'c') {
        if (f->sign)
            return sp_err_set(&sp_exc_ValueError,
                              "Sign not allowed with integer format specifier 'c'");
        if (f->alt)
            return sp_err_set(&sp_exc_ValueError,
                              "Alternate form (#) not allowed with integer format specifier 'c'");
        int64_t cp;
        if (sp_int_to_i64(v, &cp) < 0) return NULL;
        if (cp < 0 || cp > 0x10ffff)
            return sp_err_set(&sp_exc_OverflowError, "%s", "%c arg not in range(0x110000)");
        char enc[4];
        size_t l = utf8_encode((uint32_t)cp, enc);
        sp_fmt_spec g = *f;
        g.grouping = 0;
        return assemble(&g, "", 0, enc, l, "", 0, 0);
    }
    int base = type == 'b' ? 2 : type == 'o' ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
    sp_buf digits; /* only for ints beyond the small range */
    sp_buf_init(&digits);
    char small[72];
    char *dp;
    size_t dn;
    if (sp_is_small(v)) {
        /* a machine integer: its digits on the stack */
        dp = small_digits(small + sizeof small, sp_small_value(v), base, type == 'X');
        dn = (size_t)(small + sizeof small - dp);
    } else {
        if (sp_int_append_digits(&digits, v, base, false) < 0) {
            sp_buf_free(&digits);
            return NULL;
        }
        dp = digits.data;
        dn = digits.len;
        if (type == 'X')
            for (size_t i = 0; i < dn; i++)
                if (dp[i] >= 'a' && dp[i] <= 'f') dp[i] = (char)(dp[i] - 32);
    }
    char prefix[4];
    size_t np = 0;
    int sign = sp_int_sign(v);
    if (sign < 0)
        prefix[np++] = '-';
    else if (f->sign == '+' || f->sign == ' ')
        prefix[np++] = f->sign;
    if (f->alt && base != 10) {
        prefix[np++] = '0';
        prefix[np++] = (char)(base == 2 ? 'b' : base == 8 ? 'o' : type == 'X' ? 'X' : 'x');
    }
    int group = type == 'n' ? 0 : base == 10 ? 3 : 4;
    sp_val r = assemble(f, prefix, np, dp, dn, "", 0, group);
    sp_buf_free(&digits);
    return r;
}

sp_val sp_format_int(sp_val v, sp_val spec)
{
    if (((sp_str *)spec)->size == 0) return sp_str_of(v); /* str(True) is "True" */
    sp_fmt_spec f;
    if (sp_fmt_parse(spec, v, '>', &f) < 0) return NULL;
    return format_int_spec(v, &f, v);
}

/* ---- float ------------------------------------------------------------------------------- */

/* 'f' formatting of a finite d >= 0 below 2**63 with precision <= 17, exactly as a
 * correctly rounded printf does it (round half to even on the exact binary value),
 * in integer arithmetic: d = mant * 2**e exactly, so d * 10**p rounded is
 * (mant * 10**p) >> -e with the bits shifted out deciding the rounding.
 * Returns the length, or -1 when the value is out of that range. */
static int format_fixed_exact(char *out, double d, int precision, bool alt)
{
    static const uint64_t pow10[18] = {1ull,
                                       10ull,
                                       100ull,
                                       1000ull,
                                       10000ull,
                                       100000ull,
                                       1000000ull,
                                       10000000ull,
                                       100000000ull,
                                       1000000000ull,
                                       10000000000ull,
                                       100000000000ull,
                                       1000000000000ull,
                                       10000000000000ull,
                                       100000000000000ull,
                                       1000000000000000ull,
                                       10000000000000000ull,
                                       100000000000000000ull};
    if (precision < 0 || precision > 17 || !(d >= 0 && d < 9.2e18)) return -1;
    int e2;
    double m = frexp(d, &e2);               /* d = m * 2**e2, m in [0.5, 1) or 0 */
    uint64_t mant = (uint64_t)ldexp(m, 53); /* exact: 53 significant bits */
    int shift = 53 - e2;                    /* d = mant * 2**-shift */
    unsigned __int128 n = (unsigned __int128)mant * pow10[precision]; /* < 2**110 */
    unsigned __int128 q;
    if (shift <= 0) {
        q = n << -shift; /* d < 2**63: at most 10 bits, q < 2**120 */
    } else if (shift >= 120) {
        q = 0; /* n < 2**110 is below half a unit */
    } else {
        q = n >> shift;
        unsigned __int128 rem = n - (q << shift), half = (unsigned __int128)1 << (shift - 1);
        if (rem > half || (rem == half && (q & 1))) q++;
    }
    uint64_t ip = (uint64_t)(q / pow10[precision]), fp = (uint64_t)(q % pow10[precision]);
    char tmp[24];
    char *p = sp_u64_to_dec(tmp + sizeof tmp, ip);
    int len = (int)(tmp + sizeof tmp - p);
    memcpy(out, p, (size_t)len);
    if (precision > 0 || alt) out[len++] = '.';
    for (int i = precision - 1; i >= 0; i--) {
        out[len + i] = (char)('0' + fp % 10);
        fp /= 10;
    }
    len += precision;
    out[len] = '\0';
    return len;
}

static int format_ef(char *out, size_t cap, double d, int precision, char type, unsigned flags)
{
    if (type == 'f' || type == 'F') {
        int n = format_fixed_exact(out, d, precision, (flags & SP_DTS_ALT) != 0);
        if (n >= 0) return n;
    }
    char fmt[16];
    snprintf(fmt, sizeof fmt, "%%%s.*%c", (flags & SP_DTS_ALT) ? "#" : "", type);
    return snprintf(out, cap, fmt, precision, d);
}

/* 'g' as CPython does it: like C's %g, except that with ADD_DOT_0 (the empty
 * presentation type with a precision) exponent notation starts one decimal
 * exponent earlier and an integral result gets ".0". d is finite, >= 0. */
static int format_g(char *out, size_t cap, double d, int precision, char type, unsigned flags)
{
    bool alt = flags & SP_DTS_ALT, add_dot_0 = flags & SP_DTS_ADD_DOT_0;
    int p = precision == 0 ? 1 : precision;
    int n = snprintf(out, cap, alt ? "%#.*e" : "%.*e", p - 1, d);
    int exp10 = atoi(strchr(out, 'e') + 1);
    int threshold = add_dot_0 ? p - 1 : p;
    bool use_exp = exp10 < -4 || exp10 >= threshold;
    if (!use_exp) n = snprintf(out, cap, alt ? "%#.*f" : "%.*f", p - 1 - exp10, d);
    if (!alt) {
        /* strip trailing zeros of the fraction (and a bare point) */
        char *e = use_exp ? strchr(out, 'e') : out + n;
        char *dot = memchr(out, '.', (size_t)(e - out));
        if (dot) {
            char *q = e;
            while (q > dot + 1 && q[-1] == '0')
                q--;
            if (q == dot + 1) q = dot;
            memmove(q, e, (size_t)(out + n - e) + 1);
            n -= (int)(e - q);
        }
    }
    if (use_exp && alt && !strchr(out, '.')) {
        /* "%#.0e" keeps the point already; nothing to do */
    }
    if (add_dot_0 && !use_exp && !strchr(out, '.')) {
        out[n++] = '.';
        out[n++] = '0';
        out[n] = '\0';
    }
    if (type == 'G')
        for (int i = 0; i < n; i++)
            if (out[i] == 'e') out[i] = 'E';
    return n;
}

/* Appends d rendered CPython's way (type e E f F g G r). */
static int double_to_sbuf(sp_buf *b, double d, char type, int64_t precision, unsigned flags)
{
    bool upper = type == 'E' || type == 'F' || type == 'G';
    if (isnan(d)) {
        if ((flags & SP_DTS_SIGN) && sp_buf_append_char(b, '+') < 0) return -1;
        return sp_buf_append_cstr(b, upper ? "NAN" : "nan");
    }
    if (signbit(d)) {
        if (sp_buf_append_char(b, '-') < 0) return -1;
        d = -d;
    } else if ((flags & SP_DTS_SIGN) && sp_buf_append_char(b, '+') < 0) {
        return -1;
    }
    if (isinf(d)) return sp_buf_append_cstr(b, upper ? "INF" : "inf");
    if (type == 'r') {
        sp_val s = sp_float_repr_str(d);
        if (!s) return -1;
        const char *r = sp_str_cstr(s), *e = strchr(r, 'e');
        if ((flags & SP_DTS_ALT) && e && !memchr(r, '.', (size_t)(e - r))) {
            /* '#' forces a decimal point: "1.e+16" */
            return sp_buf_append(b, r, (size_t)(e - r)) < 0 || sp_buf_append_char(b, '.') < 0
                       ? -1
                       : sp_buf_append_cstr(b, e);
        }
        return sp_buf_append_cstr(b, r);
    }
    if (precision > 1000000) {
        sp_err_set(&sp_exc_ValueError, "precision too big");
        return -1;
    }
    size_t cap = (size_t)precision + 400;
    char small[512];
    char *tmp = cap <= sizeof small ? small : sp_mem_alloc(cap);
    if (!tmp) return -1;
    int n = (type == 'g' || type == 'G') ? format_g(tmp, cap, d, (int)precision, type, flags)
                                         : format_ef(tmp, cap, d, (int)precision, type, flags);
    int rc = sp_buf_append(b, tmp, (size_t)n);
    if (tmp != small) sp_mem_free(tmp, cap);
    return rc;
}

size_t sp_double_to_buf(char *buf, size_t cap, double d, char type, int precision, unsigned flags)
{
    sp_buf b;
    sp_buf_init(&b);
    if (double_to_sbuf(&b, d, type, precision, flags) < 0) {
        sp_buf_free(&b);
        sp_err_clear();
        buf[0] = '\0';
        return 0;
    }
    size_t n = b.len < cap - 1 ? b.len : cap - 1;
    memcpy(buf, b.data, n);
    buf[n] = '\0';
    sp_buf_free(&b);
    return n;
}

/* Renders d per spec into the three pieces and assembles them. `obj` is the
 * object being formatted (int or float). */
static sp_val format_double_spec(double d, const sp_fmt_spec *f, sp_val obj)
{
    uint32_t type = f->type;
    int64_t precision = f->precision;
    unsigned flags = f->alt ? SP_DTS_ALT : 0;
    bool pct = false;
    if (type == 0) {
        flags |= SP_DTS_ADD_DOT_0;
        type = precision >= 0 ? 'g' : 'r';
    } else if (type == 'n') {
        type = 'g';
    } else if (type == '%') {
        type = 'f';
        d *= 100;
        pct = true;
    }
    if (precision < 0) precision = 6;
    sp_buf s;
    sp_buf_init(&s);
    char fixed[48]; /* '-', 19 integer digits, '.', 17 decimals, '%' */
    const char *p, *end;
    int nf;
    if ((type == 'f' || type == 'F') && isfinite(d) && precision <= 17 &&
        (nf = format_fixed_exact(fixed + 1, fabs(d), (int)precision, f->alt)) >= 0) {
        /* the common "{:.2f}": rendered on the stack */
        char *start = fixed + 1, *stop = fixed + 1 + nf;
        if (signbit(d)) *--start = '-';
        if (pct) *stop++ = '%';
        p = start;
        end = stop;
    } else {
        if (double_to_sbuf(&s, d, (char)type, precision, flags) < 0) {
            sp_buf_free(&s);
            return NULL;
        }
        if (pct && sp_buf_append_char(&s, '%') < 0) {
            sp_buf_free(&s);
            return NULL;
        }
        p = s.data;
        end = s.data + s.len;
    }
    bool neg = p < end && *p == '-';
    if (neg) p++;
    if (neg && f->no_neg_0) {
        /* 'z': drop the sign of a value that rounded to zero. */
        bool all_zero = true;
        for (const char *q = p; q < end && *q != 'e' && *q != 'E'; q++)
            if (*q >= '1' && *q <= '9') all_zero = false;
        if (all_zero && !isinf(d)) neg = false;
    }
    char prefix[2];
    size_t np = 0;
    if (neg)
        prefix[np++] = '-';
    else if (f->sign == '+' || f->sign == ' ')
        prefix[np++] = f->sign;
    const char *digits = p;
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    size_t ndigits = (size_t)(p - digits);
    int group = f->type == 'n' || !isfinite(d) ? 0 : 3;
    sp_val r = assemble(f, prefix, np, digits, ndigits, p, (size_t)(end - p), group);
    sp_buf_free(&s);
    return r;
}

static sp_val format_int_as_float(sp_val v, const sp_fmt_spec *f, sp_val obj)
{
    double d = sp_int_to_double(v);
    if (d == -1.0 && sp_err_occurred()) return NULL;
    return format_double_spec(d, f, obj);
}

sp_val sp_format_float(sp_val v, sp_val spec)
{
    double d = ((sp_float *)v)->value;
    if (((sp_str *)spec)->size == 0) return sp_str_of(v);
    sp_fmt_spec f;
    if (sp_fmt_parse(spec, v, '>', &f) < 0) return NULL;
    switch (f.type) {
    case 0:
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'n':
    case '%':
        break;
    default:
        return bad_type_char("Unknown format code", f.type, v);
    }
    return format_double_spec(d, &f, v);
}

/* ---- complex ----------------------------------------------------------------------------- */

sp_val sp_format_complex(sp_val v, sp_val spec)
{
    if (!sp_str_check(spec))
        return sp_err_set(&sp_exc_TypeError, "__format__() argument must be str, not %T", spec);
    if (((sp_str *)spec)->size == 0) return sp_str_of(v);
    double re = ((sp_complex *)v)->real, im = ((sp_complex *)v)->imag;
    sp_fmt_spec f;
    if (sp_fmt_parse(spec, v, '>', &f) < 0) return NULL;
    switch (f.type) {
    case 0:
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'n':
        break;
    default:
        return bad_type_char("Unknown format code", f.type, v);
    }
    if (f.fill == '0')
        return sp_err_set(&sp_exc_ValueError,
                          "Zero padding is not allowed in complex format specifier");
    if (f.align == '=')
        return sp_err_set(&sp_exc_ValueError,
                          "'=' alignment flag is not allowed in complex format specifier");
    bool skip_re = false, parens = false;
    char type = (char)f.type;
    unsigned flags = f.alt ? SP_DTS_ALT : 0;
    int64_t prec = f.precision;
    if (type == 0) {
        parens = true;
        type = prec >= 0 ? 'g' : 'r';
        if (re == 0.0 && !signbit(re)) skip_re = true;
    } else if (type == 'n') {
        type = 'g';
    }
    if (prec < 0) prec = 6;
    sp_buf b;
    sp_buf_init(&b);
    int rc = 0;
    if (!skip_re) {
        if (parens) rc = sp_buf_append_char(&b, '(');
        unsigned rf = flags | (f.sign == '+' ? SP_DTS_SIGN : 0);
        if (rc == 0 && f.sign == ' ' && !signbit(re) && !isnan(re))
            rc = sp_buf_append_char(&b, ' ');
        if (rc == 0) rc = double_to_sbuf(&b, re, type, prec, rf);
        /* repr style drops a trailing ".0" on each part */
        if (rc == 0 && type == 'r' && b.len >= 2 && memcmp(b.data + b.len - 2, ".0", 2) == 0)
            b.len -= 2;
    } else if (f.sign == ' ' && !signbit(im)) {
        rc = sp_buf_append_char(&b, ' ');
    }
    size_t before = b.len;
    if (rc == 0)
        rc = double_to_sbuf(&b, im, type, prec,
                            flags | ((!skip_re || f.sign == '+') ? SP_DTS_SIGN : 0));
    if (rc == 0 && type == 'r' && b.len - before >= 2 && memcmp(b.data + b.len - 2, ".0", 2) == 0)
        b.len -= 2;
    if (rc == 0) rc = sp_buf_append_char(&b, 'j');
    if (rc == 0 && parens && !skip_re) rc = sp_buf_append_char(&b, ')');
    if (rc < 0) {
        sp_buf_free(&b);
        return NULL;
    }
    sp_fmt_spec g = f;
    g.grouping = 0;
    sp_val r = assemble(&g, "", 0, b.data, b.len, "", 0, 0);
    sp_buf_free(&b);
    return r;
}

/* ---- printf-style numbers ----------------------------------------------------------------- */

static bool has_special(sp_val v, const char *name)
{
    return sp_type_lookup(sp_typeof(v), sp_str_intern(name)) != NULL;
}

/* Pads sign+prefix | body to the width with %-rules. */
static int pct_pad(sp_buf *out, const sp_pct_spec *spec, const char *prefix, size_t np,
                   const char *body, size_t nb)
{
    if (spec->width <= 0) { /* no width: nothing to count or pad */
        int rc = sp_buf_append(out, prefix, np);
        return rc < 0 ? rc : sp_buf_append(out, body, nb);
    }
    int64_t len = (int64_t)(np + utf8_count(body, nb));
    int64_t pad = spec->width > len ? spec->width - len : 0;
    int rc = 0;
    if (spec->left) {
        rc = sp_buf_append(out, prefix, np);
        if (rc == 0) rc = sp_buf_append(out, body, nb);
        if (rc == 0) rc = append_fill(out, ' ', pad);
    } else if (spec->zero) {
        rc = sp_buf_append(out, prefix, np);
        if (rc == 0) rc = append_fill(out, '0', pad);
        if (rc == 0) rc = sp_buf_append(out, body, nb);
    } else {
        rc = append_fill(out, ' ', pad);
        if (rc == 0) rc = sp_buf_append(out, prefix, np);
        if (rc == 0) rc = sp_buf_append(out, body, nb);
    }
    return rc;
}

/* The sign and '#' prefix of a %-integer conversion into prefix[4]; returns its length. */
static size_t pct_int_prefix(char *prefix, const sp_pct_spec *spec, bool negative, int base)
{
    size_t np = 0;
    if (negative)
        prefix[np++] = '-';
    else if (spec->plus)
        prefix[np++] = '+';
    else if (spec->space)
        prefix[np++] = ' ';
    if (spec->alt && base != 10) {
        prefix[np++] = '0';
        prefix[np++] = spec->conv == 'o' ? 'o' : spec->conv;
    }
    return np;
}

static int pct_int(sp_buf *out, const sp_pct_spec *spec, sp_val v)
{
    char conv = spec->conv;
    bool decimal = conv == 'd' || conv == 'i' || conv == 'u';
    int base = decimal ? 10 : conv == 'o' ? 8 : 16;
    if (sp_is_small(v) && spec->prec <= 64) {
        /* a machine integer: digits (and precision zeros) on the stack */
        char tmp[136], prefix[4];
        char *end = tmp + sizeof tmp;
        int64_t x = sp_small_value(v);
        char *p = small_digits(end, x, base, conv == 'X');
        while (end - p < spec->prec)
            *--p = '0';
        size_t np = pct_int_prefix(prefix, spec, x < 0, base);
        return pct_pad(out, spec, prefix, np, p, (size_t)(end - p));
    }
    sp_val iv = NULL;
    if (sp_int_check(v)) {
        iv = v;
    } else if (decimal && sp_float_check(v)) {
        iv = sp_int_from_double(((sp_float *)v)->value);
        if (!iv) return -1;
    } else if (!sp_str_check(v) &&
               (has_special(v, "__index__") ||
                (decimal && (has_special(v, "__int__") || has_special(v, "__float__"))))) {
        iv = decimal ? sp_int_from_object(v) : sp_index_int(v);
        if (!iv) return -1;
    } else {
        if (decimal)
            sp_err_set(&sp_exc_TypeError, "%c%c format: a real number is required, not %T", '%',
                       conv, v);
        else
            sp_err_set(&sp_exc_TypeError, "%c%c format: an integer is required, not %T", '%', conv,
                       v);
        return -1;
    }
    sp_buf digits;
    sp_buf_init(&digits);
    if (sp_int_append_digits(&digits, iv, base, false) < 0) {
        sp_buf_free(&digits);
        return -1;
    }
    if (conv == 'X')
        for (size_t i = 0; i < digits.len; i++)
            if (digits.data[i] >= 'a' && digits.data[i] <= 'f')
                digits.data[i] = (char)(digits.data[i] - 32);
    char prefix[4];
    size_t np = pct_int_prefix(prefix, spec, sp_int_sign(iv) < 0, base);
    int rc = 0;
    sp_buf body;
    sp_buf_init(&body);
    if (spec->prec > 0 && (size_t)spec->prec > digits.len)
        rc = append_fill(&body, '0', spec->prec - (int64_t)digits.len);
    if (rc == 0) rc = sp_buf_append(&body, digits.data, digits.len);
    sp_buf_free(&digits);
    if (rc == 0) rc = pct_pad(out, spec, prefix, np, body.data, body.len);
    sp_buf_free(&body);
    return rc;
}

static int pct_float(sp_buf *out, const sp_pct_spec *spec, sp_val v)
{
    double d;
    if (sp_float_check(v)) {
        d = ((sp_float *)v)->value;
    } else if (sp_int_check(v) ||
               (!sp_str_check(v) && (has_special(v, "__float__") || has_special(v, "__index__")))) {
        d = sp_float_as_double(v);
        if (d == -1.0 && sp_err_occurred()) return -1;
    } else {
        sp_err_set(&sp_exc_TypeError, "must be real number, not %T", v);
        return -1;
    }
    int64_t prec = spec->prec < 0 ? 6 : spec->prec;
    char fixed[48];
    int nf;
    if ((spec->conv == 'f' || spec->conv == 'F') && isfinite(d) && prec <= 17 &&
        (nf = format_fixed_exact(fixed, fabs(d), (int)prec, spec->alt)) >= 0) {
        /* the common "%.2f": rendered on the stack */
        char prefix[1];
        size_t np = 0;
        if (signbit(d))
            prefix[np++] = '-';
        else if (spec->plus)
            prefix[np++] = '+';
        else if (spec->space)
            prefix[np++] = ' ';
        return pct_pad(out, spec, prefix, np, fixed, (size_t)nf);
    }
    sp_buf s;
    sp_buf_init(&s);
    if (double_to_sbuf(&s, d, spec->conv, prec, spec->alt ? SP_DTS_ALT : 0) < 0) {
        sp_buf_free(&s);
        return -1;
    }
    const char *p = s.data;
    char prefix[1];
    size_t np = 0;
    if (*p == '-') {
        prefix[np++] = '-';
        p++;
    } else if (spec->plus) {
        prefix[np++] = '+';
    } else if (spec->space) {
        prefix[np++] = ' ';
    }
    int rc = pct_pad(out, spec, prefix, np, p, s.len - (size_t)(p - s.data));
    sp_buf_free(&s);
    return rc;
}

static int pct_char(sp_buf *out, const sp_pct_spec *spec, sp_val v)
{
    char enc[4];
    size_t l;
    if (sp_str_check(v)) {
        sp_str *s = (sp_str *)v;
        if (s->len != 1) {
            sp_err_set(&sp_exc_TypeError, "%s", "%c requires int or char");
            return -1;
        }
        memcpy(enc, s->data, s->size);
        l = s->size;
    } else if (sp_int_check(v) || (!sp_float_check(v) && has_special(v, "__index__"))) {
        sp_val iv = sp_index_int(v);
        if (!iv) return -1;
        int64_t cp;
        if (sp_int_to_i64(iv, &cp) < 0 || cp < 0 || cp > 0x10ffff) {
            sp_err_clear();
            sp_err_set(&sp_exc_OverflowError, "%s", "%c arg not in range(0x110000)");
            return -1;
        }
        l = utf8_encode((uint32_t)cp, enc);
    } else {
        sp_err_set(&sp_exc_TypeError, "%s", "%c requires int or char");
        return -1;
    }
    sp_pct_spec sp = *spec;
    sp.zero = false;
    return pct_pad(out, &sp, "", 0, enc, l);
}

int sp_pct_format_number(sp_buf *out, const sp_pct_spec *spec, sp_val v)
{
    switch (spec->conv) {
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X':
        return pct_int(out, spec, v);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
        return pct_float(out, spec, v);
    case 'c':
        return pct_char(out, spec, v);
    }
    sp_err_set(&sp_exc_ValueError, "unsupported format character '%c' (0x%x)", spec->conv,
               (unsigned)(unsigned char)spec->conv);
    return -1;
}
