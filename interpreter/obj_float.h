/*
 * obj_float.h — float and complex beyond what object.h declares.
 *
 * float's layout (sp_float) is in object.h. complex is a pair of doubles.
 */
#ifndef SP_OBJ_FLOAT_H
#define SP_OBJ_FLOAT_H

#include "gc.h"
#include "object.h"

typedef struct sp_complex {
    sp_object ob;
    double real, imag;
} sp_complex;

/* sp_float.ob.aux: the float is a temporary of the VM, a result of BINARY_OP's
 * float fast path that only the value stack's top refers to, pushed for the
 * BINARY_OP right after, which may write its own result into it (vm.c,
 * "float temporaries"). Set only on new floats by that path; cleared by any
 * other use of the object. */
#define SP_FLOAT_TEMP 1u

/* sp_float_new inlined for the VM's float fast paths: with the allocator's inline
 * fast path (gc.h) a float costs a free-list pop. NULL + MemoryError on failure. */
static inline sp_val sp_float_new_fast(double d)
{
    sp_float *f = sp_gc_new_unzeroed(&sp_type_float, sizeof(sp_float));
    if (!f) return NULL;
    f->ob.aux = 0;
    f->value = d;
    return (sp_val)f;
}

int sp_float_init(void);   /* called by sp_numbers_init */
int sp_complex_init(void); /* called by sp_numbers_init */

bool sp_float_check(sp_val v); /* float or subclass */

/* x ** y with CPython's float rules (ZeroDivisionError, OverflowError, complex
 * result for a negative base with a fractional exponent). The result is a new
 * object (the VM may mark it SP_FLOAT_TEMP). */
sp_val sp_float_pow_double(double x, double y);
/* CPython's _Py_HashDouble; `inst` is hashed by identity when v is a NaN. */
int64_t sp_float_hash_double(double v, sp_val inst);
/* float(str) parsing rules; `orig` names the object in the error message. */
sp_val sp_float_parse(const char *s, size_t n, sp_val orig);
/* float(x) conversion (any object). */
sp_val sp_float_from_object(sp_val x);
sp_val sp_float_divmod(sp_val a, sp_val b); /* tuple; NotImplemented for non-numbers */
/* Shortest round-trip digits of |d| (finite, non-zero): writes up to 17 digits
 * (NUL-terminated) and returns the decimal exponent `decpt` such that
 * |d| = 0.DIGITS * 10**decpt. */
int sp_float_shortest_digits(double d, char digits[32]);
/* Correctly rounded round(x, ndigits) (CPython's double_round). */
sp_val sp_float_round_digits(double x, int64_t ndigits);

/* The bool a rich comparison `op` gives for a three-way result c: -1 / 0 / 1, or
 * 2 for unordered (a NaN operand). Shared by float and int. */
sp_val sp_float_cmp_result(int c, sp_cmpop op);

sp_val sp_complex_new(double real, double imag);
/* complex ** complex with CPython's rules. */
sp_val sp_complex_pow(double ar, double ai, double br, double bi);

#endif
