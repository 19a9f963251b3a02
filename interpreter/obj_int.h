/*
 * obj_int.h — int and bool beyond what object.h declares: the heap layout of
 * arbitrary-precision ints, fast paths for the VM, and helpers for the other
 * number modules (float, complex, format_spec).
 *
 * Representation: a value of type int is either a tagged small int (object.h) or
 * an sp_int holding sign and magnitude in base 2**32 digits (least significant
 * first). Every function here accepts any int *instance*: tagged ints, heap
 * sp_ints, instances of int subclasses and the bools True/False (whose value is
 * kept in ob.aux) — callers need not unwrap anything.
 */
#ifndef SP_OBJ_INT_H
#define SP_OBJ_INT_H

#include "object.h"

/* Invariants (asserted in obj_int.c):
 *  1. |size| is the number of digits in use; the top digit in use is non-zero.
 *  2. An exact int (type == &sp_type_int) never holds a value that fits the tagged
 *     range: such results are always returned tagged (object.h invariant 2).
 *     Instances of int subclasses may hold any value (even 0).
 *  3. digits points at inl[] for exact ints that fit a small-object slot (one
 *     allocation), otherwise at an sp_mem buffer of `cap` digits owned by the
 *     object (longer exact ints and all subclass instances). */
typedef struct sp_int {
    sp_object ob;
    int64_t size;     /* sign * number of digits in use; 0 means zero */
    uint32_t *digits; /* little-endian base 2**32 */
    size_t cap;       /* digits available */
    uint32_t inl[];
} sp_int;

/* Maximum decimal digits for str(int) / int(str); 0 = unlimited.
 * sys.set_int_max_str_digits() writes it (mod_sys.c). */
extern int64_t sp_int_max_str_digits;
#define SP_INT_MAX_STR_DIGITS_DEFAULT 4300
#define SP_INT_MAX_STR_DIGITS_THRESHOLD 640

/* Readies int, bool, float and complex (sp_type_ready). 0 / -1. */
int sp_numbers_init(void);
int sp_bool_init(void); /* obj_bool.c; part of sp_numbers_init */

/* Arithmetic on two int instances (any of the kinds above; not checked).
 * Return new values, or NULL with an exception (ZeroDivisionError, ValueError,
 * MemoryError). Results that fit are tagged. */
sp_val sp_int_add(sp_val a, sp_val b);
sp_val sp_int_sub(sp_val a, sp_val b);
sp_val sp_int_mul(sp_val a, sp_val b);
sp_val sp_int_floordiv(sp_val a, sp_val b);
sp_val sp_int_mod(sp_val a, sp_val b);
sp_val sp_int_divmod(sp_val a, sp_val b);          /* tuple (q, r) */
sp_val sp_int_truediv(sp_val a, sp_val b);         /* correctly rounded float */
sp_val sp_int_pow(sp_val a, sp_val b, sp_val mod); /* mod: int or NULL/None */
sp_val sp_int_lshift(sp_val a, sp_val b);
sp_val sp_int_rshift(sp_val a, sp_val b);
sp_val sp_int_and(sp_val a, sp_val b);
sp_val sp_int_or(sp_val a, sp_val b);
sp_val sp_int_xor(sp_val a, sp_val b);
sp_val sp_int_neg(sp_val a);
sp_val sp_int_abs(sp_val a);
sp_val sp_int_invert(sp_val a);
int sp_int_cmp(sp_val a, sp_val b); /* -1 / 0 / 1; never fails */
/* Exact comparison of an int instance with a double (nan: unordered -> returns 2). */
int sp_int_cmp_double(sp_val a, double d);
int64_t sp_int_hash(sp_val a);        /* CPython's modular hash */
sp_val sp_int_exact(sp_val a);        /* the value as an exact int (bool/subclass -> int) */
uint64_t sp_int_bit_length(sp_val a); /* of |a| */
bool sp_int_is_zero(sp_val a);
/* Exact conversion of an integral finite double (used by float); NULL on error. */
sp_val sp_int_from_double_exact(double d);
/* str(a) in base 10 honouring sp_int_max_str_digits (ValueError past it). */
sp_val sp_int_repr(sp_val a);
/* int(x) / int(x, base): the constructor's conversion (x any object). */
sp_val sp_int_from_object(sp_val x);
/* Parse for int(obj, base): `orig` is the object named in the error message. */
sp_val sp_int_parse(const char *s, size_t n, int base, sp_val orig);
/* Appends the digits of |a| (with '-' first when with_sign and a < 0) in base
 * 2..36 (lower-case letters); base 10 honours sp_int_max_str_digits. 0 / -1. */
int sp_int_append_digits(sp_buf *buf, sp_val a, int base, bool with_sign);
/* The text of a str for number parsing: ASCII as is; otherwise Unicode digits and
 * spaces mapped to ASCII in *tmp (caller frees it with sp_buf_free). Sets *s, *n.
 * Returns str, or NULL on memory error. */
sp_val sp_num_ascii_text(sp_val str, sp_buf *tmp, const char **s, size_t *n);
/* __round__ with ndigits for ints (round half to even at 10**-ndigits). */
sp_val sp_int_round(sp_val a, sp_val ndigits);

#endif
