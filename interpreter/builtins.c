/*
 * builtins.c — the `builtins` module.
 *
 * Design overview
 * ---------------
 * Every builtin function is an sp_cfunc with the vectorcall convention, listed in
 * one sp_method_def table and installed with sp_module_add_functions(). The types
 * and exception classes defined elsewhere are registered under their Python names
 * by table too, so adding a builtin is a one-line edit.
 *
 * Argument errors copy CPython 3.11's wording, which depends on how CPython
 * declares each builtin: METH_O functions say "len() takes exactly one argument
 * (0 given)", positional-only ones "getattr expected at least 2 arguments, got 1".
 * The helpers one_arg() and check_pos() produce those two families.
 *
 * print() and input() look sys.stdout / sys.stdin up at call time (programs may
 * replace them), and take a fast path straight to io.c when they are the real
 * stream objects. sum() keeps CPython 3.11's int and float fast paths, which add
 * plainly (the compensated float sum came in 3.12).
 *
 * globals()/locals()/exec()/eval()/compile() use the VM's hooks declared in
 * builtins.h (weak symbols); when one is missing they fall back to reading the
 * current frame (vm.h) and driving the parser and compiler directly.
 * __build_class__ needs its hook.
 *
 * Deliberate differences from CPython: open() always raises
 *   PermissionError: [Errno 1] files are not available in the Sandpiper sandbox: 'x'
 * (the sandbox has no file system), and exit()/quit() are plain functions.
 */
#include "builtins.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include "compile.h"
#include "gc.h"
#include "io.h"
#include "obj_float.h"
#include "obj_int.h"
#include "obj_iter.h"
#include "obj_str.h"
#include "obj_type.h"
#include "vm.h"

#pragma weak sp_vm_globals
#pragma weak sp_vm_locals
#pragma weak sp_vm_compile
#pragma weak sp_vm_run_code
#pragma weak sp_vm_exec_source
#pragma weak sp_vm_build_class

/* Exception classes obj_exc.c defines beyond object.h's list; weak, so a missing one
 * only leaves its name undefined. */
extern sp_type sp_exc_BaseExceptionGroup, sp_exc_ExceptionGroup, sp_exc_BlockingIOError,
    sp_exc_BrokenPipeError, sp_exc_BytesWarning, sp_exc_ChildProcessError,
    sp_exc_ConnectionAbortedError, sp_exc_ConnectionError, sp_exc_ConnectionRefusedError,
    sp_exc_ConnectionResetError, sp_exc_EncodingWarning, sp_exc_FileExistsError,
    sp_exc_FutureWarning, sp_exc_ImportWarning, sp_exc_InterruptedError, sp_exc_IsADirectoryError,
    sp_exc_NotADirectoryError, sp_exc_PendingDeprecationWarning, sp_exc_ProcessLookupError,
    sp_exc_ResourceWarning, sp_exc_SyntaxWarning, sp_exc_TimeoutError, sp_exc_UnicodeTranslateError,
    sp_exc_UnicodeWarning;
#pragma weak sp_exc_BaseExceptionGroup
#pragma weak sp_exc_ExceptionGroup
#pragma weak sp_exc_BlockingIOError
#pragma weak sp_exc_BrokenPipeError
#pragma weak sp_exc_BytesWarning
#pragma weak sp_exc_ChildProcessError
#pragma weak sp_exc_ConnectionAbortedError
#pragma weak sp_exc_ConnectionError
#pragma weak sp_exc_ConnectionRefusedError
#pragma weak sp_exc_ConnectionResetError
#pragma weak sp_exc_EncodingWarning
#pragma weak sp_exc_FileExistsError
#pragma weak sp_exc_FutureWarning
#pragma weak sp_exc_ImportWarning
#pragma weak sp_exc_InterruptedError
#pragma weak sp_exc_IsADirectoryError
#pragma weak sp_exc_NotADirectoryError
#pragma weak sp_exc_PendingDeprecationWarning
#pragma weak sp_exc_ProcessLookupError
#pragma weak sp_exc_ResourceWarning
#pragma weak sp_exc_SyntaxWarning
#pragma weak sp_exc_TimeoutError
#pragma weak sp_exc_UnicodeTranslateError
#pragma weak sp_exc_UnicodeWarning

#define NKW(kwnames) ((kwnames) ? ((sp_tuple *)(kwnames))->len : 0)
#define KWNAME(kwnames, i) (((sp_tuple *)(kwnames))->items[i])

/* ---- argument checking in CPython's words ----------------------------------------- */

static int no_kwargs(const char *fname, sp_val kwnames)
{
    if (NKW(kwnames) == 0) return 0;
    sp_err_set(&sp_exc_TypeError, "%s() takes no keyword arguments", fname);
    return -1;
}

/* METH_O builtins. */
static int one_arg(const char *fname, size_t nargs, sp_val kwnames)
{
    if (no_kwargs(fname, kwnames) < 0) return -1;
    if (nargs == 1) return 0;
    sp_err_set(&sp_exc_TypeError, "%s() takes exactly one argument (%d given)", fname, (int)nargs);
    return -1;
}

/* _PyArg_CheckPositional. */
static int check_pos(const char *fname, size_t nargs, size_t min, size_t max, sp_val kwnames)
{
    if (no_kwargs(fname, kwnames) < 0) return -1;
    if (nargs < min) {
        sp_err_set(&sp_exc_TypeError, "%s expected %s%d argument%s, got %d", fname,
                   min == max ? "" : "at least ", (int)min, min == 1 ? "" : "s", (int)nargs);
        return -1;
    }
    if (nargs > max) {
        sp_err_set(&sp_exc_TypeError, "%s expected %s%d argument%s, got %d", fname,
                   min == max ? "" : "at most ", (int)max, max == 1 ? "" : "s", (int)nargs);
        return -1;
    }
    return 0;
}

static void *raise_bare(sp_type *type)
{
    sp_val exc = sp_exc_new(type, NULL, 0);
    return exc ? sp_err_set_value(exc) : NULL;
}

static bool is_type(sp_val v)
{
    return !sp_is_small(v) && sp_is_subtype(sp_typeof(v), &sp_type_type);
}

static bool is_exact_float(sp_val v)
{
    return !sp_is_small(v) && v->type == &sp_type_float;
}

/* ---- sys lookups for print()/input() ------------------------------------------------ */

/* sys.<name> (borrowed), or NULL + RuntimeError("lost sys.<name>"). */
static sp_val sys_stream(const char *name, int fallback)
{
    if (!sp_st.sys_module) return sp_io_stream(fallback);
    sp_val v = sp_dict_get_cstr(sp_module_dict(sp_st.sys_module), name);
    if (!v && !sp_err_occurred()) sp_err_set(&sp_exc_RuntimeError, "lost sys.%s", name);
    return v;
}

/* ---- print / input ------------------------------------------------------------------ */

/* Write str s to file: the real streams directly, anything else via .write(). */
static int file_write(sp_val file, int idx, sp_val write, sp_val s)
{
    if (idx > 0) {
        sp_io_write_str(idx, s);
        return 0;
    }
    return sp_call1(write, s) ? 0 : -1;
}

static int check_sep(const char *what, sp_val *v)
{
    if (*v == sp_None) *v = NULL;
    if (*v && !sp_str_check(*v)) {
        sp_err_set(&sp_exc_TypeError, "%s must be None or a string, not %T", what, *v);
        return -1;
    }
    return 0;
}

static sp_val bi_print(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_val sep = NULL, end = NULL, file = NULL, flush = NULL;
    for (size_t i = 0; i < NKW(kwnames); i++) {
        sp_val k = KWNAME(kwnames, i), v = args[nargs + i];
        if (sp_str_eq_cstr(k, "sep"))
            sep = v;
        else if (sp_str_eq_cstr(k, "end"))
            end = v;
        else if (sp_str_eq_cstr(k, "file"))
            file = v;
        else if (sp_str_eq_cstr(k, "flush"))
            flush = v;
        else
            return sp_err_set(&sp_exc_TypeError, "'%S' is an invalid keyword argument for print()",
                              k);
    }
    if (!file || file == sp_None) {
        if (!(file = sys_stream("stdout", 1))) return NULL;
        if (file == sp_None) return sp_None;
    }
    if (check_sep("sep", &sep) < 0 || check_sep("end", &end) < 0) return NULL;
    int idx = sp_io_stream_index(file);
    sp_val write = NULL;
    if (idx <= 0 && !(write = sp_getattr_cstr(file, "write"))) return NULL;
    for (size_t i = 0; i < nargs; i++) {
        if (i > 0) {
            if (sep) {
                if (file_write(file, idx, write, sep) < 0) return NULL;
            } else if (idx > 0) {
                sp_io_write(idx, " ", 1);
            } else if (file_write(file, idx, write, sp_str_intern(" ")) < 0) {
                return NULL;
            }
        }
        sp_val s = args[i];
        if (sp_is_small(s) || s->type != &sp_type_str) {
            if (!(s = sp_str_of(s))) return NULL;
        }
        if (file_write(file, idx, write, s) < 0) return NULL;
    }
    if (end) {
        if (file_write(file, idx, write, end) < 0) return NULL;
    } else if (idx > 0) {
        sp_io_write(idx, "\n", 1);
    } else if (file_write(file, idx, write, sp_str_intern("\n")) < 0) {
        return NULL;
    }
    if (flush) {
        int t = sp_truthy(flush);
        if (t < 0) return NULL;
        if (t) {
            if (idx > 0)
                sp_io_flush(idx);
            else if (!sp_call_method(file, "flush", NULL, 0))
                return NULL;
        }
    }
    return sp_None;
}

/* Flush a stream object, ignoring errors as CPython's input() does. */
static void flush_quietly(sp_val f)
{
    int idx = sp_io_stream_index(f);
    if (idx > 0) {
        sp_io_flush(idx);
        return;
    }
    if (f != sp_None && !sp_call_method(f, "flush", NULL, 0)) sp_err_clear();
}

static sp_val bi_input(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("input", nargs, 0, 1, kwnames) < 0) return NULL;
    sp_val fin = sys_stream("stdin", 0), fout, ferr;
    if (!fin) return NULL;
    if (!(fout = sys_stream("stdout", 1)) || !(ferr = sys_stream("stderr", 2))) return NULL;
    if (fin == sp_None) return sp_err_set(&sp_exc_RuntimeError, "input(): lost sys.stdin");
    if (fout == sp_None) return sp_err_set(&sp_exc_RuntimeError, "input(): lost sys.stdout");
    flush_quietly(ferr);
    if (nargs == 1) {
        sp_val p = sp_str_of(args[0]);
        if (!p) return NULL;
        int idx = sp_io_stream_index(fout);
        if (idx > 0)
            sp_io_write_str(idx, p);
        else if (!sp_call_method(fout, "write", &p, 1))
            return NULL;
    }
    flush_quietly(fout);
    sp_val line;
    if (sp_io_stream_index(fin) == 0) {
        sp_io_flush_all();
        line = sp_io_readline();
    } else {
        line = sp_call_method(fin, "readline", NULL, 0);
    }
    if (!line) return NULL;
    if (!sp_str_check(line))
        return sp_err_set(&sp_exc_TypeError, "object.readline() returned non-string");
    size_t size = ((sp_str *)line)->size;
    if (size == 0) return sp_err_set(&sp_exc_EOFError, "EOF when reading a line");
    const char *d = ((sp_str *)line)->data;
    if (d[size - 1] == '\n') return sp_str_new(d, size - 1);
    return line;
}

/* ---- simple one-argument builtins ---------------------------------------------------- */

static sp_val bi_len(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (one_arg("len", nargs, kwnames) < 0) return NULL;
    int64_t n = sp_len(args[0]);
    return n < 0 ? NULL : sp_int_from_i64(n);
}

static sp_val bi_abs(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (one_arg("abs", nargs, kwnames) < 0) return NULL;
    return sp_abs(args[0]);
}

/* Iteration over an argument of sum/min/max/any/all: an exact list or tuple is walked
 * in place, as its iterator would walk it (the list's length is re-read at every
 * step), without allocating the iterator; anything else goes through iter/next. */
typedef struct arg_iter {
    sp_val seq; /* exact list or tuple, or NULL */
    size_t idx;
    sp_val it; /* the iterator when seq is NULL */
} arg_iter;

static int arg_iter_init(arg_iter *ai, sp_val v)
{
    sp_type *t = sp_typeof(v);
    ai->idx = 0;
    ai->it = NULL;
    ai->seq = t == &sp_type_list || t == &sp_type_tuple ? v : NULL;
    if (ai->seq) return 0;
    ai->it = sp_iter(v);
    return ai->it ? 0 : -1;
}

/* The next item; NULL when exhausted (no error) or on error (sp_err_occurred). */
static inline sp_val arg_iter_next(arg_iter *ai)
{
    if (!ai->seq) return sp_next(ai->it);
    if (ai->seq->type == &sp_type_list) {
        sp_list *l = (sp_list *)ai->seq;
        return ai->idx < l->len ? l->items[ai->idx++] : NULL;
    }
    sp_tuple *t = (sp_tuple *)ai->seq;
    return ai->idx < t->len ? t->items[ai->idx++] : NULL;
}

static sp_val any_all(const char *fname, sp_val const *args, size_t nargs, sp_val kwnames,
                      bool want)
{
    if (one_arg(fname, nargs, kwnames) < 0) return NULL;
    arg_iter ai;
    sp_val item;
    if (arg_iter_init(&ai, args[0]) < 0) return NULL;
    while ((item = arg_iter_next(&ai)) != NULL) {
        int t = sp_truthy(item);
        if (t < 0) return NULL;
        if (t == (int)want) return sp_bool(want);
    }
    return sp_err_occurred() ? NULL : sp_bool(!want);
}

static sp_val bi_any(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return any_all("any", args, nargs, kwnames, true);
}

static sp_val bi_all(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return any_all("all", args, nargs, kwnames, false);
}

static sp_val bi_repr(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (one_arg("repr", nargs, kwnames) < 0) return NULL;
    return sp_repr(args[0]);
}

static sp_val bi_ascii(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (one_arg("ascii", nargs, kwnames) < 0) return NULL;
    return sp_ascii(args[0]);
}

static sp_val bi_chr(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (one_arg("chr", nargs, kwnames) < 0) return NULL;
    bool overflow = false;
    int64_t cp = sp_index(args[0], &overflow);
    if (cp == -1 && sp_err_occurred()) return NULL;
    if (overflow || cp > INT32_MAX || cp < INT32_MIN)
        return sp_err_set(&sp_exc_OverflowError, "Python int too large to convert to C int");
    if (cp < 0 || cp >= 0x110000)
        return sp_err_set(&sp_exc_ValueError, "chr() arg not in range(0x110000)");
    return sp_str_from_cp((uint32_t)cp);
}

static sp_val bi_ord(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (one_arg("ord", nargs, kwnames) < 0) return NULL;
    sp_val v = args[0];
    const char *data;
    size_t len;
    if (sp_str_check(v)) {
        len = ((sp_str *)v)->len;
        if (len == 1) return sp_small(sp_str_cp_at(v, 0));
    } else if (sp_bytes_view(v, &data, &len)) {
        if (len == 1) return sp_small((unsigned char)data[0]);
    } else {
        return sp_err_set(&sp_exc_TypeError, "ord() expected string of length 1, but %T found", v);
    }
    return sp_err_set(&sp_exc_TypeError,
                      "ord() expected a character, but string of length %d found", (int)len);
}

/* hex/oct/bin: the sign goes before the prefix, as in -0x1f. */
static sp_val int_with_prefix(const char *fname, sp_val const *args, size_t nargs, sp_val kwnames,
                              int base, const char *prefix)
{
    if (one_arg(fname, nargs, kwnames) < 0) return NULL;
    if (sp_is_small(args[0])) {
        /* a machine integer: sign, prefix and digits written in place */
        static const char digs[] = "0123456789abcdef";
        int64_t x = sp_small_value(args[0]);
        uint64_t mag = x < 0 ? -(uint64_t)x : (uint64_t)x;
        int shift = base == 2 ? 1 : base == 8 ? 3 : 4;
        char tmp[72];
        char *end = tmp + sizeof tmp, *p = end;
        do {
            *--p = digs[mag & (uint64_t)(base - 1)];
            mag >>= shift;
        } while (mag);
        *--p = prefix[1];
        *--p = prefix[0];
        if (x < 0) *--p = '-';
        return sp_str_new(p, (size_t)(end - p));
    }
    sp_val i = sp_index_int(args[0]);
    if (!i) return NULL;
    sp_val digits = sp_int_to_string(i, base);
    if (!digits) return NULL;
    const char *d = sp_str_cstr(digits);
    bool neg = d[0] == '-';
    return sp_str_format("%s%s%s", neg ? "-" : "", prefix, d + neg);
}

static sp_val bi_hex(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return int_with_prefix("hex", args, nargs, kwnames, 16, "0x");
}

static sp_val bi_oct(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return int_with_prefix("oct", args, nargs, kwnames, 8, "0o");
}

static sp_val bi_bin(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return int_with_prefix("bin", args, nargs, kwnames, 2, "0b");
}

static sp_val bi_hash(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (one_arg("hash", nargs, kwnames) < 0) return NULL;
    int64_t h;
    if (sp_hash(args[0], &h) < 0) return NULL;
    return sp_int_from_i64(h);
}

static sp_val bi_id(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (one_arg("id", nargs, kwnames) < 0) return NULL;
    return sp_int_from_u64((uint64_t)(uintptr_t)args[0]);
}

static bool is_callable(sp_val v)
{
    return sp_typeof(v)->call != NULL;
}

static sp_val bi_callable(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (one_arg("callable", nargs, kwnames) < 0) return NULL;
    return sp_bool(is_callable(args[0]));
}

static sp_val bi_format(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("format", nargs, 1, 2, kwnames) < 0) return NULL;
    sp_val spec = nargs > 1 ? args[1] : sp_str_intern("");
    if (!sp_str_check(spec))
        return sp_err_set(&sp_exc_TypeError, "format() argument 2 must be str, not %T", spec);
    return sp_format(args[0], spec);
}

/* ---- min / max / sorted / sum ----------------------------------------------------------- */

/* min()/max() without a key over a generator: *best is the best item so far. */
typedef struct minmax_state {
    sp_val *best;
    sp_cmpop op;
} minmax_state;

/* sp_gen_sink of min()/max(): takes an item when it and the best so far are both
 * small ints or both exact floats (a C comparison, as sp_compare_bool's; a NaN
 * compares false, so it neither replaces the best nor is replaced, as there). */
static bool minmax_sink(void *ctx, sp_val item)
{
    minmax_state *st = ctx;
    sp_val b = *st->best;
    if (!b) return false;
    bool better;
    if (sp_is_small(item) && sp_is_small(b)) {
        int64_t x = sp_small_value(item), y = sp_small_value(b);
        better = st->op == SP_CMP_LT ? x < y : x > y;
    } else if (is_exact_float(item) && is_exact_float(b)) {
        double x = ((sp_float *)item)->value, y = ((sp_float *)b)->value;
        better = st->op == SP_CMP_LT ? x < y : x > y;
    } else {
        return false;
    }
    if (better) *st->best = item;
    return true;
}

/* The next item of generator g that minmax_sink did not take, as arg_iter_next. */
static sp_val minmax_next_gen(sp_val g, minmax_state *st)
{
    sp_val r = sp_gen_next_sink(g, minmax_sink, st);
    if (!r && sp_err_matches(&sp_exc_StopIteration)) sp_err_clear();
    return r;
}

static sp_val min_max(const char *fname, sp_val const *args, size_t nargs, sp_val kwnames,
                      sp_cmpop op)
{
    sp_val key = NULL, dflt = NULL;
    for (size_t i = 0; i < NKW(kwnames); i++) {
        sp_val k = KWNAME(kwnames, i), v = args[nargs + i];
        if (sp_str_eq_cstr(k, "key"))
            key = v;
        else if (sp_str_eq_cstr(k, "default"))
            dflt = v;
        else
            return sp_err_set(&sp_exc_TypeError, "'%S' is an invalid keyword argument for %s()", k,
                              fname);
    }
    if (nargs == 0)
        return sp_err_set(&sp_exc_TypeError, "%s expected at least 1 argument, got 0", fname);
    if (nargs > 1 && dflt)
        return sp_err_set(&sp_exc_TypeError,
                          "Cannot specify a default for %s() with multiple positional arguments",
                          fname);
    if (key == sp_None) key = NULL;
    arg_iter ai;
    if (nargs == 1) {
        if (arg_iter_init(&ai, args[0]) < 0) return NULL;
    } else {
        sp_val t = sp_tuple_new(nargs);
        if (!t) return NULL;
        memcpy(((sp_tuple *)t)->items, args, nargs * sizeof(sp_val));
        if (arg_iter_init(&ai, t) < 0) return NULL;
    }
    sp_val best = NULL, bestval = NULL, item;
    minmax_state st = {&best, op};
    bool gen = !key && ai.it && sp_typeof(ai.it) == &sp_type_generator;
    while ((item = gen ? minmax_next_gen(ai.it, &st) : arg_iter_next(&ai)) != NULL) {
        if (gen) bestval = best; /* minmax_sink may have moved best */
        sp_val val = key ? sp_call1(key, item) : item;
        if (!val) return NULL;
        if (!best) {
            best = item;
            bestval = val;
            continue;
        }
        int c = sp_compare_bool(val, bestval, op);
        if (c < 0) return NULL;
        if (c) {
            best = item;
            bestval = val;
        }
    }
    if (sp_err_occurred()) return NULL;
    if (best) return best;
    if (dflt) return dflt;
    return sp_err_set(&sp_exc_ValueError, "%s() arg is an empty sequence", fname);
}

static sp_val bi_min(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return min_max("min", args, nargs, kwnames, SP_CMP_LT);
}

static sp_val bi_max(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return min_max("max", args, nargs, kwnames, SP_CMP_GT);
}

static sp_val bi_sorted(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (nargs != 1)
        return sp_err_set(&sp_exc_TypeError, "sorted expected 1 argument, got %d", (int)nargs);
    sp_val key = NULL, reverse = NULL;
    for (size_t i = 0; i < NKW(kwnames); i++) {
        sp_val k = KWNAME(kwnames, i), v = args[nargs + i];
        if (sp_str_eq_cstr(k, "key"))
            key = v;
        else if (sp_str_eq_cstr(k, "reverse"))
            reverse = v;
        else
            return sp_err_set(&sp_exc_TypeError, "'%S' is an invalid keyword argument for sort()",
                              k);
    }
    bool rev = false;
    if (reverse) {
        /* list.sort(reverse=...) takes an int-like value ("i" converter). */
        if (is_exact_float(reverse))
            return sp_err_set(&sp_exc_TypeError,
                              "'float' object cannot be interpreted as an integer");
        int t = sp_truthy(reverse);
        if (t < 0) return NULL;
        rev = t;
    }
    if (key == sp_None) key = NULL;
    sp_val list = sp_list_from_iterable(args[0]);
    if (!list || sp_list_sort(list, key, rev) < 0) return NULL;
    return list;
}

/* sum()'s accumulator while it is a C number (mode SUM_INT or SUM_FLOAT). */
typedef struct sum_state {
    enum { GENERIC, SUM_INT, SUM_FLOAT } mode;
    int64_t iacc;
    double facc;
} sum_state;

/* Add item to the C accumulator when that is exact: true if it did. */
static inline bool sum_add_fast(sum_state *st, sp_val item)
{
    int64_t b;
    bool is_int_item = true;
    if (sp_is_small(item))
        b = sp_small_value(item);
    else if (item == sp_True || item == sp_False)
        b = item == sp_True;
    else
        is_int_item = false;
    if (st->mode == SUM_INT && is_int_item) {
        int64_t r;
        if (!__builtin_add_overflow(st->iacc, b, &r) && sp_small_fits(r)) {
            st->iacc = r;
            return true;
        }
    } else if (st->mode == SUM_FLOAT) {
        if (is_exact_float(item)) {
            st->facc += ((sp_float *)item)->value;
            return true;
        }
        if (is_int_item) {
            st->facc += (double)b;
            return true;
        }
    }
    return false;
}

/* sp_gen_sink of sum(): takes what sum_add_fast adds (no allocation, no code run). */
static bool sum_sink(void *ctx, sp_val item)
{
    return sum_add_fast(ctx, item);
}

/* The next item of generator g that sum_sink did not take; NULL at the end (no
 * error) or on error, as arg_iter_next. */
static sp_val sum_next_gen(sp_val g, sum_state *st)
{
    sp_val r = sp_gen_next_sink(g, sum_sink, st);
    if (!r && sp_err_matches(&sp_exc_StopIteration)) sp_err_clear();
    return r;
}

static sp_val bi_sum(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_val start = NULL;
    size_t nkw = NKW(kwnames);
    if (nargs + nkw > 2)
        return sp_err_set(&sp_exc_TypeError, "sum() takes at most 2 arguments (%d given)",
                          (int)(nargs + nkw));
    for (size_t i = 0; i < nkw; i++) {
        sp_val k = KWNAME(kwnames, i);
        if (!sp_str_eq_cstr(k, "start"))
            return sp_err_set(&sp_exc_TypeError, "'%S' is an invalid keyword argument for sum()",
                              k);
        start = args[nargs + i];
    }
    if (nargs < 1)
        return sp_err_set(&sp_exc_TypeError,
                          "sum() takes at least 1 positional argument (0 given)");
    if (nargs == 2) {
        if (start)
            return sp_err_set(&sp_exc_TypeError,
                              "argument for sum() given by name ('start') and position (2)");
        start = args[1];
    }
    sp_val result = start ? start : sp_small(0);
    if (sp_str_check(result))
        return sp_err_set(&sp_exc_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
    if (sp_bytes_check(result))
        return sp_err_set(&sp_exc_TypeError, "sum() can't sum bytes [use b''.join(seq) instead]");
    if (sp_bytearray_check(result))
        return sp_err_set(&sp_exc_TypeError,
                          "sum() can't sum bytearray [use b''.join(seq) instead]");
    arg_iter ai;
    sp_val item;
    if (arg_iter_init(&ai, args[0]) < 0) return NULL;

    /* Fast paths: an int accumulator in a C integer while the items are small ints or
     * bools, a double while they are floats or small ints. Both add exactly what the
     * generic path would, so they are invisible except in speed. A generator's items
     * go to sum_sink, which adds those itself without leaving the generator. */
    sum_state st = {GENERIC, 0, 0};
    if (sp_is_small(result)) {
        st.mode = SUM_INT;
        st.iacc = sp_small_value(result);
    } else if (is_exact_float(result)) {
        st.mode = SUM_FLOAT;
        st.facc = ((sp_float *)result)->value;
    }
    bool gen = ai.it && sp_typeof(ai.it) == &sp_type_generator;
    while ((item = gen ? sum_next_gen(ai.it, &st) : arg_iter_next(&ai)) != NULL) {
        if (sum_add_fast(&st, item)) continue;
        if (st.mode == SUM_INT)
            result = sp_int_from_i64(st.iacc);
        else if (st.mode == SUM_FLOAT)
            result = sp_float_new(st.facc);
        if (!result || !(result = sp_binary_op(SP_OP_ADD, result, item))) return NULL;
        st.mode = GENERIC;
        if (sp_is_small(result)) {
            st.mode = SUM_INT;
            st.iacc = sp_small_value(result);
        } else if (is_exact_float(result)) {
            st.mode = SUM_FLOAT;
            st.facc = ((sp_float *)result)->value;
        }
    }
    if (sp_err_occurred()) return NULL;
    if (st.mode == SUM_INT) return sp_int_from_i64(st.iacc);
    if (st.mode == SUM_FLOAT) return sp_float_new(st.facc);
    return result;
}

/* ---- numbers: round, divmod, pow ----------------------------------------------------- */

static sp_val bi_round(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const names[] = {"number", "ndigits", NULL};
    sp_val number = NULL, ndigits = sp_None;
    if (nargs == 0 && NKW(kwnames) > 0 && !sp_str_eq_cstr(KWNAME(kwnames, 0), "number") &&
        !(NKW(kwnames) > 1 && sp_str_eq_cstr(KWNAME(kwnames, 1), "number")))
        return sp_err_set(&sp_exc_TypeError, "round() missing required argument 'number' (pos 1)");
    if (sp_parse_args("round", args, nargs, kwnames, "O|O", names, &number, &ndigits) < 0)
        return NULL;
    if (ndigits == sp_None) {
        if (sp_is_small(number)) return number;
        if (is_exact_float(number)) {
            double x = ((sp_float *)number)->value;
            double r = nearbyint(x); /* default rounding: half to even, like round() */
            return sp_int_from_double(r);
        }
    }
    if (!sp_type_lookup(sp_typeof(number), sp_str_intern("__round__")))
        return sp_err_set(&sp_exc_TypeError, "type %s doesn't define __round__ method",
                          sp_type_name(number));
    if (ndigits == sp_None) return sp_call_method(number, "__round__", NULL, 0);
    return sp_call_method(number, "__round__", &ndigits, 1);
}

static bool is_number_builtin(sp_val v)
{
    sp_type *t = sp_typeof(v);
    return t == &sp_type_int || t == &sp_type_bool || t == &sp_type_float;
}

/* Call a binary dunder found on type(a); NULL without error if absent. */
static sp_val try_dunder(sp_val a, const char *name, sp_val b)
{
    if (!sp_type_lookup(sp_typeof(a), sp_str_intern(name))) return NULL;
    return sp_call_method(a, name, &b, 1);
}

static sp_val bi_divmod(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("divmod", nargs, 2, 2, kwnames) < 0) return NULL;
    sp_val a = args[0], b = args[1];
    if (sp_int_check(a) && sp_int_check(b) && is_number_builtin(a) && is_number_builtin(b))
        return sp_int_divmod(a, b);
    if (is_number_builtin(a) && is_number_builtin(b)) return sp_float_divmod(a, b);
    sp_val r = try_dunder(a, "__divmod__", b);
    if (r != sp_NotImplemented && (r || sp_err_occurred())) return r;
    if (sp_typeof(a) != sp_typeof(b)) {
        r = try_dunder(b, "__rdivmod__", a);
        if (r != sp_NotImplemented && (r || sp_err_occurred())) return r;
    }
    return sp_err_set(&sp_exc_TypeError, "unsupported operand type(s) for divmod(): '%s' and '%s'",
                      sp_type_name(a), sp_type_name(b));
}

static sp_val bi_pow(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const names[] = {"base", "exp", "mod", NULL};
    sp_val base = NULL, exp = NULL, mod = sp_None;
    if (sp_parse_args("pow", args, nargs, kwnames, "OO|O", names, &base, &exp, &mod) < 0)
        return NULL;
    if (mod == sp_None) return sp_binary_op(SP_OP_POW, base, exp);
    return sp_pow3(base, exp, mod);
}

/* ---- iteration ---------------------------------------------------------------------- */

static sp_val bi_iter(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("iter", nargs, 1, 2, kwnames) < 0) return NULL;
    if (nargs == 1) return sp_iter(args[0]);
    if (!is_callable(args[0]))
        return sp_err_set(&sp_exc_TypeError, "iter(v, w): v must be callable");
    return sp_calliter_new(args[0], args[1]);
}

static sp_val bi_next(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("next", nargs, 1, 2, kwnames) < 0) return NULL;
    sp_val it = args[0];
    if (!sp_typeof(it)->iternext)
        return sp_err_set(&sp_exc_TypeError, "'%s' object is not an iterator", sp_type_name(it));
    sp_val v = sp_iter_next_keep_stop(it);
    if (v) return v;
    if (sp_err_occurred()) {
        if (nargs < 2 || !sp_err_matches(&sp_exc_StopIteration))
            return NULL; /* StopIteration(value) propagates like CPython's next() */
        sp_err_clear();
    }
    if (nargs == 2) return args[1];
    return raise_bare(&sp_exc_StopIteration);
}

/* ---- attributes --------------------------------------------------------------------- */

static int check_attr_name(sp_val name)
{
    if (sp_str_check(name)) return 0;
    sp_err_set(&sp_exc_TypeError, "attribute name must be string, not '%s'", sp_type_name(name));
    return -1;
}

static sp_val bi_getattr(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("getattr", nargs, 2, 3, kwnames) < 0 || check_attr_name(args[1]) < 0) return NULL;
    sp_val v = sp_getattr(args[0], args[1]);
    if (!v && nargs == 3 && sp_err_matches(&sp_exc_AttributeError)) {
        sp_err_clear();
        return args[2];
    }
    return v;
}

static sp_val bi_setattr(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("setattr", nargs, 3, 3, kwnames) < 0 || check_attr_name(args[1]) < 0) return NULL;
    return sp_setattr(args[0], args[1], args[2]) < 0 ? NULL : sp_None;
}

static sp_val bi_delattr(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("delattr", nargs, 2, 2, kwnames) < 0 || check_attr_name(args[1]) < 0) return NULL;
    return sp_delattr(args[0], args[1]) < 0 ? NULL : sp_None;
}

static sp_val bi_hasattr(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("hasattr", nargs, 2, 2, kwnames) < 0 || check_attr_name(args[1]) < 0) return NULL;
    sp_val v = sp_getattr(args[0], args[1]);
    if (v) return sp_True;
    if (sp_err_matches(&sp_exc_AttributeError)) {
        sp_err_clear();
        return sp_False;
    }
    return NULL;
}

/* ---- frames: globals, locals, vars, dir ------------------------------------------------ */

static sp_val current_globals(void)
{
    if (sp_vm_globals) {
        sp_val g = sp_vm_globals();
        if (g || sp_err_occurred()) return g;
    }
    if (sp_vm_current) return sp_vm_current->globals;
    if (sp_st.main_module) return sp_module_dict(sp_st.main_module);
    return sp_err_set(&sp_exc_SystemError, "globals(): no current frame");
}

/* Snapshot of a function frame's variables (locals() in a function). */
static sp_val frame_locals_snapshot(sp_frame *f)
{
    sp_code *co = f->code;
    sp_val d = sp_dict_new();
    if (!d) return NULL;
    sp_tuple *vn = (sp_tuple *)co->varnames;
    for (int i = 0; i < co->nlocals && (size_t)i < vn->len; i++) {
        sp_val v = f->slots[i];
        if (v && !sp_is_small(v) && v->type == &sp_type_cell) v = ((sp_cell *)v)->ref;
        if (v && sp_dict_set(d, vn->items[i], v) < 0) return NULL;
    }
    sp_tuple *cv = (sp_tuple *)co->cellvars, *fv = (sp_tuple *)co->freevars;
    for (int i = 0; i < co->ncells + co->nfree; i++) {
        sp_val name =
            i < co->ncells
                ? (cv && (size_t)i < cv->len ? cv->items[i] : NULL)
                : (fv && (size_t)(i - co->ncells) < fv->len ? fv->items[i - co->ncells] : NULL);
        sp_val cell = f->slots[co->nlocals + i];
        if (!name || !cell || sp_is_small(cell) || cell->type != &sp_type_cell) continue;
        sp_val v = ((sp_cell *)cell)->ref;
        if (v) {
            if (sp_dict_set(d, name, v) < 0) return NULL;
        } else if (sp_dict_get(d, name) && sp_dict_del(d, name) < 0) {
            return NULL;
        }
    }
    return d;
}

static sp_val current_locals(void)
{
    if (sp_vm_locals) {
        sp_val l = sp_vm_locals();
        if (l || sp_err_occurred()) return l;
    }
    sp_frame *f = sp_vm_current;
    if (!f) return current_globals();
    if (f->locals_dict) return f->locals_dict;
    if (!f->func) /* module-level code: its locals are its globals */
        return f->globals;
    return frame_locals_snapshot(f);
}

static sp_val bi_globals(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (no_kwargs("globals", kwnames) < 0) return NULL;
    if (nargs)
        return sp_err_set(&sp_exc_TypeError, "globals() takes no arguments (%d given)", (int)nargs);
    return current_globals();
}

static sp_val bi_locals(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (no_kwargs("locals", kwnames) < 0) return NULL;
    if (nargs)
        return sp_err_set(&sp_exc_TypeError, "locals() takes no arguments (%d given)", (int)nargs);
    return current_locals();
}

static sp_val bi_vars(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("vars", nargs, 0, 1, kwnames) < 0) return NULL;
    if (nargs == 0) return current_locals();
    sp_val d = sp_getattr_opt(args[0], sp_str_intern("__dict__"));
    if (!d && !sp_err_occurred())
        return sp_err_set(&sp_exc_TypeError, "vars() argument must have __dict__ attribute");
    return d;
}

static int add_keys(sp_val set, sp_val dict)
{
    if (!dict || sp_is_small(dict) || !sp_is_subtype(sp_typeof(dict), &sp_type_dict)) return 0;
    size_t pos = 0;
    sp_val k, v;
    while (sp_dict_next(dict, &pos, &k, &v))
        if (sp_set_add(set, k) < 0) return -1;
    return 0;
}

/* dir(obj) when the object offers no __dir__: instance dict, then the classes. */
static sp_val default_dir(sp_val obj)
{
    sp_val names = sp_set_new(&sp_type_set);
    if (!names) return NULL;
    if (!sp_is_small(obj) && obj->type == &sp_type_module)
        return add_keys(names, sp_module_dict(obj)) < 0 ? NULL : names;
    sp_val idict = sp_getattr_opt(obj, sp_str_intern("__dict__"));
    if (!idict && sp_err_occurred()) sp_err_clear();
    if (add_keys(names, idict) < 0) return NULL;
    sp_type *t = is_type(obj) ? (sp_type *)obj : sp_typeof(obj);
    sp_tuple *mro = (sp_tuple *)t->mro;
    for (size_t i = 0; mro && i < mro->len; i++) {
        sp_val d = sp_type_attr_dict((sp_type *)mro->items[i]);
        if ((!d && sp_err_occurred()) || add_keys(names, d) < 0) return NULL;
    }
    return names;
}

static sp_val bi_dir(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("dir", nargs, 0, 1, kwnames) < 0) return NULL;
    sp_val names;
    if (nargs == 0) {
        names = current_locals();
    } else {
        /* Special lookup on the type: dir(cls) uses type(cls).__dir__, not cls.__dir__. */
        sp_val meth = sp_lookup_special(args[0], "__dir__");
        if (meth)
            names = sp_call0(meth);
        else
            names = sp_err_occurred() ? NULL : default_dir(args[0]);
    }
    if (!names) return NULL;
    sp_val list = sp_list_from_iterable(names);
    if (!list || sp_list_sort(list, NULL, false) < 0) return NULL;
    return list;
}

/* ---- types ---------------------------------------------------------------------------- */

static sp_val bi_isinstance(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("isinstance", nargs, 2, 2, kwnames) < 0) return NULL;
    /* Exact type match first: the common case and always true. */
    if (is_type(args[1]) && sp_typeof(args[0]) == (sp_type *)args[1]) return sp_True;
    int r = sp_isinstance_of(args[0], args[1]);
    return r < 0 ? NULL : sp_bool(r);
}

static int subclass_of(sp_val cls, sp_val info)
{
    if (is_type(info)) {
        sp_type *meta = sp_typeof(info);
        if (meta != &sp_type_type) {
            sp_val m = sp_type_lookup(meta, sp_str_intern("__subclasscheck__"));
            if (m) {
                sp_val r = sp_call_method(info, "__subclasscheck__", &cls, 1);
                return r ? sp_truthy(r) : -1;
            }
        }
        if (!is_type(cls)) {
            sp_err_set(&sp_exc_TypeError, "issubclass() arg 1 must be a class");
            return -1;
        }
        return sp_is_subtype((sp_type *)cls, (sp_type *)info);
    }
    if (!sp_is_small(info) && sp_is_subtype(sp_typeof(info), &sp_type_tuple)) {
        sp_tuple *t = (sp_tuple *)info;
        for (size_t i = 0; i < t->len; i++) {
            int r = subclass_of(cls, t->items[i]);
            if (r != 0) return r;
        }
        return 0;
    }
    /* A union (int | str), a typing alias, or anything else with __subclasscheck__. */
    if (sp_type_lookup(sp_typeof(info), sp_str_intern("__subclasscheck__"))) {
        sp_val r = sp_call_method(info, "__subclasscheck__", &cls, 1);
        return r ? sp_truthy(r) : -1;
    }
    if (!is_type(cls)) {
        sp_err_set(&sp_exc_TypeError, "issubclass() arg 1 must be a class");
        return -1;
    }
    sp_err_set(&sp_exc_TypeError,
               "issubclass() arg 2 must be a class, a tuple of classes, or a union");
    return -1;
}

static sp_val bi_issubclass(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("issubclass", nargs, 2, 2, kwnames) < 0) return NULL;
    int r = subclass_of(args[0], args[1]);
    return r < 0 ? NULL : sp_bool(r);
}

/* ---- code: exec / eval / compile ---------------------------------------------------- */

/* Borrow the text of a str / bytes / bytearray source argument. */
static int source_text(const char *fname, sp_val src, const char **text, size_t *len,
                       const char *what)
{
    if (sp_str_check(src)) {
        *text = ((sp_str *)src)->data;
        *len = ((sp_str *)src)->size;
        return 0;
    }
    if (sp_bytes_view(src, text, len)) return 0;
    sp_err_set(&sp_exc_TypeError, "%s() arg 1 must be a %s object", fname, what);
    return -1;
}

/* Turn the parser's/compiler's error report into a raised SyntaxError. */
/* The `text` CPython attaches: the parser's own (an f-string expression "(a b)"),
 * else the offending source line. compile(.., 'exec') reads the source as a file,
 * which ends in a newline; the tokenizer's "'(' was never closed" shows its line
 * without one. Returns a NUL-terminated sp_mem buffer of *size bytes, or NULL. */
static char *syntax_error_text(const sp_syntax_error *e, const char *src, size_t len, int mode,
                               size_t *size)
{
    const char *line = e->text, *end;
    size_t n = strlen(e->text);
    bool add_newline = false;
    if (n == 0 && e->lineno > 0) {
        line = src;
        end = src + len;
        for (int l = 1; l < e->lineno && line < end; l++) {
            const char *nl = memchr(line, '\n', (size_t)(end - line));
            line = nl ? nl + 1 : end;
        }
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        n = (size_t)((eol ? eol + 1 : end) - line);
        if (eol && strstr(e->msg, "was never closed")) n--;
        add_newline = !eol && mode == SP_COMPILE_EXEC;
    }
    size_t cap = n + 2;
    char *text = sp_mem_alloc(cap);
    if (!text) return NULL;
    memcpy(text, line, n);
    if (add_newline) text[n++] = '\n';
    text[n] = '\0';
    *size = cap;
    return text;
}

void *sp_raise_syntax_error(const sp_syntax_error *e, const char *filename, const char *src,
                            size_t len, int mode)
{
    const char *kind = e->type ? e->type : "SyntaxError";
    if (strcmp(kind, "MemoryError") == 0) return sp_err_no_memory();
    if (strcmp(kind, "RecursionError") == 0)
        return sp_err_set(&sp_exc_RecursionError, "%s",
                          e->msg[0] ? e->msg
                                    : "maximum recursion depth exceeded during compilation");
    sp_type *type = strcmp(kind, "IndentationError") == 0 ? &sp_exc_IndentationError
                    : strcmp(kind, "TabError") == 0       ? &sp_exc_TabError
                                                          : &sp_exc_SyntaxError;
    size_t size = 0;
    char *text = syntax_error_text(e, src, len, mode, &size);
    if (!text) return NULL;
    sp_err_syntax(type, e->msg, filename, e->lineno, e->col_offset, text, e->end_lineno,
                  e->end_col_offset);
    sp_mem_free(text, size);
    return NULL;
}

/* Source text to a code object. `dynamic_locals`: module-level names go through
 * the frame's locals mapping (exec with a locals distinct from globals). */
static sp_val compile_text(const char *text, size_t len, const char *filename, int mode,
                           bool dynamic_locals)
{
    if (memchr(text, '\0', len))
        return sp_err_set(&sp_exc_ValueError, "source code string cannot contain null bytes");
    if (sp_vm_compile) return sp_vm_compile(text, len, filename, mode);
    sp_parse_mode pm = mode == SP_COMPILE_EVAL     ? SP_PARSE_EVAL
                       : mode == SP_COMPILE_SINGLE ? SP_PARSE_SINGLE
                                                   : SP_PARSE_FILE;
    sp_arena *arena = sp_arena_new();
    if (!arena) return NULL;
    sp_syntax_error err;
    memset(&err, 0, sizeof err);
    sp_code *co = NULL;
    sp_ast_mod *mod = sp_parse(arena, text, len, filename, pm, &err, NULL, NULL);
    if (mod) co = sp_compile(mod, filename, text, len, pm, dynamic_locals, &err, NULL);
    sp_arena_free(arena);
    if (co) return (sp_val)co;
    if (err.type && !sp_err_occurred()) sp_raise_syntax_error(&err, filename, text, len, mode);
    return NULL;
}

static sp_val run_code(sp_val code, sp_val globals, sp_val locals)
{
    if (sp_vm_run_code) return sp_vm_run_code(code, globals, locals);
    return sp_vm_exec((sp_code *)code, globals, locals);
}

/* exec()/eval(): resolve globals and locals like CPython, then run. */
static sp_val exec_eval(const char *fname, int mode, sp_val const *args, size_t nargs,
                        sp_val kwnames)
{
    for (size_t i = 0; i < NKW(kwnames); i++) {
        if (mode == SP_COMPILE_EXEC && sp_str_eq_cstr(KWNAME(kwnames, i), "closure"))
            return sp_err_set(&sp_exc_TypeError, "exec() closure is not supported");
        return sp_err_set(&sp_exc_TypeError, "%s() takes no keyword arguments", fname);
    }
    if (mode == SP_COMPILE_EXEC && (nargs < 1 || nargs > 3))
        return sp_err_set(&sp_exc_TypeError, "exec() takes at %s positional argument%s (%d given)",
                          nargs < 1 ? "least 1" : "most 3", nargs < 1 ? "" : "s", (int)nargs);
    if (check_pos(fname, nargs, 1, 3, NULL) < 0) return NULL;
    sp_val src = args[0];
    sp_val globals = nargs > 1 ? args[1] : sp_None;
    sp_val locals = nargs > 2 ? args[2] : sp_None;
    if (globals != sp_None &&
        (sp_is_small(globals) || !sp_is_subtype(sp_typeof(globals), &sp_type_dict)))
        return sp_err_set(&sp_exc_TypeError,
                          mode == SP_COMPILE_EXEC ? "exec() globals must be a dict, not %s"
                                                  : "globals must be a dict",
                          sp_type_name(globals));
    if (locals != sp_None && !sp_typeof(locals)->getitem)
        return sp_err_set(&sp_exc_TypeError, mode == SP_COMPILE_EXEC ? "locals must be a mapping"
                                                                     : "locals must be a mapping");
    if (globals == sp_None) {
        if (!(globals = current_globals())) return NULL;
        if (locals == sp_None && !(locals = current_locals())) return NULL;
    } else if (locals == sp_None) {
        locals = globals;
    }
    if (!sp_dict_get_cstr(globals, "__builtins__")) {
        if (sp_err_occurred() || sp_dict_set_cstr(globals, "__builtins__", sp_st.builtins) < 0)
            return NULL;
    }
    sp_val code = src;
    if (sp_typeof(src) != &sp_type_code) {
        const char *text;
        size_t len;
        if (source_text(fname, src, &text, &len, "string, bytes or code") < 0) return NULL;
        if (mode == SP_COMPILE_EVAL)
            while (len > 0 && (*text == ' ' || *text == '\t'))
                text++, len--;
        if (sp_vm_exec_source && !memchr(text, '\0', len))
            return sp_vm_exec_source(text, len, mode, globals, locals);
        if (!(code = compile_text(text, len, "<string>", mode, locals != globals))) return NULL;
    }
    sp_val r = run_code(code, globals, locals);
    if (!r) return NULL;
    return mode == SP_COMPILE_EXEC ? sp_None : r;
}

static sp_val bi_exec(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return exec_eval("exec", SP_COMPILE_EXEC, args, nargs, kwnames);
}

static sp_val bi_eval(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return exec_eval("eval", SP_COMPILE_EVAL, args, nargs, kwnames);
}

static sp_val bi_compile(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const names[] = {
        "source",   "filename",         "mode", "flags", "dont_inherit",
        "optimize", "_feature_version", NULL};
    sp_val src = NULL, filename = NULL, mode = NULL, flags = NULL, dont = NULL, opt = NULL,
           fv = NULL;
    if (sp_parse_args("compile", args, nargs, kwnames, "OOO|OOO$O", names, &src, &filename, &mode,
                      &flags, &dont, &opt, &fv) < 0)
        return NULL;
    int m;
    if (!sp_str_check(mode))
        return sp_err_set(&sp_exc_TypeError, "compile() argument 'mode' must be str, not %T", mode);
    if (sp_str_eq_cstr(mode, "exec"))
        m = SP_COMPILE_EXEC;
    else if (sp_str_eq_cstr(mode, "eval"))
        m = SP_COMPILE_EVAL;
    else if (sp_str_eq_cstr(mode, "single"))
        m = SP_COMPILE_SINGLE;
    else
        return sp_err_set(&sp_exc_ValueError, "compile() mode must be 'exec', 'eval' or 'single'");
    if (!sp_str_check(filename))
        return sp_err_set(&sp_exc_TypeError, "compile() argument 'filename' must be str, not %T",
                          filename);
    const char *text;
    size_t len;
    if (source_text("compile", src, &text, &len, "string, bytes or AST") < 0) return NULL;
    /* The code may later run with separate locals: compile names dynamically. */
    return compile_text(text, len, sp_str_cstr(filename), m, true);
}

/* ---- modules and classes ------------------------------------------------------------- */

static sp_val bi_import(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const names[] = {"name", "globals", "locals", "fromlist", "level", NULL};
    sp_val name = NULL, g = NULL, l = NULL, fromlist = NULL;
    int64_t level = 0;
    if (sp_parse_args("__import__", args, nargs, kwnames, "U|OOOi", names, &name, &g, &l, &fromlist,
                      &level) < 0)
        return NULL;
    if (level < 0) return sp_err_set(&sp_exc_ValueError, "level must be >= 0");
    if (level > 0)
        return sp_err_set(&sp_exc_ImportError,
                          "attempted relative import with no known parent package");
    if (((sp_str *)name)->size == 0) return sp_err_set(&sp_exc_ValueError, "Empty module name");
    sp_val m = sp_import(name);
    if (!m) return NULL;
    int has_from = fromlist ? sp_truthy(fromlist) : 0;
    if (has_from < 0) return NULL;
    const char *s = sp_str_cstr(name), *dot = strchr(s, '.');
    if (has_from || !dot) return m;
    /* `import a.b` binds the top-level package. */
    sp_val top = sp_str_new(s, (size_t)(dot - s));
    if (!top) return NULL;
    sp_val t = sp_dict_get(sp_st.modules, top);
    return t ? t : sp_import(top);
}

static sp_val bi_build_class(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (!sp_vm_build_class)
        return sp_err_set(&sp_exc_SystemError, "__build_class__ is not available");
    return sp_vm_build_class(args, nargs, kwnames);
}

static sp_val bi_open(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_val file = nargs > 0 ? args[0] : NULL;
    for (size_t i = 0; !file && i < NKW(kwnames); i++)
        if (sp_str_eq_cstr(KWNAME(kwnames, i), "file")) file = args[nargs + i];
    if (!file)
        return sp_err_set(&sp_exc_TypeError, "open() missing required argument 'file' (pos 1)");
    /* The sandbox has no file system: say so instead of pretending the file is absent. */
    return sp_err_set(&sp_exc_PermissionError,
                      "[Errno 1] files are not available in the Sandpiper sandbox: %R", file);
}

/* exit()/quit(): site.py's Quitter, simplified to a function. */
static sp_val bi_exit(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (check_pos("exit", nargs, 0, 1, kwnames) < 0) return NULL;
    sp_val exc = sp_exc_new(&sp_exc_SystemExit, args, nargs);
    return exc ? sp_err_set_value(exc) : NULL;
}

/* ---- the module -------------------------------------------------------------------- */

static const sp_method_def builtin_functions[] = {
    {"print", bi_print, 0},
    {"input", bi_input, 0},
    {"len", bi_len, 0},
    {"abs", bi_abs, 0},
    {"any", bi_any, 0},
    {"all", bi_all, 0},
    {"repr", bi_repr, 0},
    {"ascii", bi_ascii, 0},
    {"chr", bi_chr, 0},
    {"ord", bi_ord, 0},
    {"hex", bi_hex, 0},
    {"oct", bi_oct, 0},
    {"bin", bi_bin, 0},
    {"hash", bi_hash, 0},
    {"id", bi_id, 0},
    {"callable", bi_callable, 0},
    {"format", bi_format, 0},
    {"min", bi_min, 0},
    {"max", bi_max, 0},
    {"sorted", bi_sorted, 0},
    {"sum", bi_sum, 0},
    {"round", bi_round, 0},
    {"divmod", bi_divmod, 0},
    {"pow", bi_pow, 0},
    {"iter", bi_iter, 0},
    {"next", bi_next, 0},
    {"getattr", bi_getattr, 0},
    {"setattr", bi_setattr, 0},
    {"delattr", bi_delattr, 0},
    {"hasattr", bi_hasattr, 0},
    {"globals", bi_globals, 0},
    {"locals", bi_locals, 0},
    {"vars", bi_vars, 0},
    {"dir", bi_dir, 0},
    {"isinstance", bi_isinstance, 0},
    {"issubclass", bi_issubclass, 0},
    {"exec", bi_exec, 0},
    {"eval", bi_eval, 0},
    {"compile", bi_compile, 0},
    {"__import__", bi_import, 0},
    {"__build_class__", bi_build_class, 0},
    {"open", bi_open, 0},
    {"exit", bi_exit, 0},
    {"quit", bi_exit, 0},
    {NULL, NULL, 0},
};

typedef struct named_type {
    const char *name;
    sp_type *type;
} named_type;

static const named_type builtin_types[] = {
    {"object", &sp_type_object},
    {"type", &sp_type_type},
    {"int", &sp_type_int},
    {"bool", &sp_type_bool},
    {"float", &sp_type_float},
    {"complex", &sp_type_complex},
    {"str", &sp_type_str},
    {"bytes", &sp_type_bytes},
    {"bytearray", &sp_type_bytearray},
    {"list", &sp_type_list},
    {"tuple", &sp_type_tuple},
    {"dict", &sp_type_dict},
    {"set", &sp_type_set},
    {"frozenset", &sp_type_frozenset},
    {"range", &sp_type_range},
    {"slice", &sp_type_slice},
    {"property", &sp_type_property},
    {"staticmethod", &sp_type_staticmethod},
    {"classmethod", &sp_type_classmethod},
    {"super", &sp_type_super},
    {"enumerate", &sp_type_enumerate},
    {"zip", &sp_type_zip},
    {"map", &sp_type_map},
    {"filter", &sp_type_filter},
    {"reversed", &sp_type_reversed},
    /* exceptions */
    {"BaseException", &sp_exc_BaseException},
    {"Exception", &sp_exc_Exception},
    {"SystemExit", &sp_exc_SystemExit},
    {"KeyboardInterrupt", &sp_exc_KeyboardInterrupt},
    {"GeneratorExit", &sp_exc_GeneratorExit},
    {"StopIteration", &sp_exc_StopIteration},
    {"StopAsyncIteration", &sp_exc_StopAsyncIteration},
    {"ArithmeticError", &sp_exc_ArithmeticError},
    {"ZeroDivisionError", &sp_exc_ZeroDivisionError},
    {"OverflowError", &sp_exc_OverflowError},
    {"FloatingPointError", &sp_exc_FloatingPointError},
    {"AssertionError", &sp_exc_AssertionError},
    {"AttributeError", &sp_exc_AttributeError},
    {"BufferError", &sp_exc_BufferError},
    {"EOFError", &sp_exc_EOFError},
    {"ImportError", &sp_exc_ImportError},
    {"ModuleNotFoundError", &sp_exc_ModuleNotFoundError},
    {"LookupError", &sp_exc_LookupError},
    {"IndexError", &sp_exc_IndexError},
    {"KeyError", &sp_exc_KeyError},
    {"MemoryError", &sp_exc_MemoryError},
    {"NameError", &sp_exc_NameError},
    {"UnboundLocalError", &sp_exc_UnboundLocalError},
    {"OSError", &sp_exc_OSError},
    {"IOError", &sp_exc_OSError},
    {"EnvironmentError", &sp_exc_OSError},
    {"PermissionError", &sp_exc_PermissionError},
    {"FileNotFoundError", &sp_exc_FileNotFoundError},
    {"ReferenceError", &sp_exc_ReferenceError},
    {"RuntimeError", &sp_exc_RuntimeError},
    {"NotImplementedError", &sp_exc_NotImplementedError},
    {"RecursionError", &sp_exc_RecursionError},
    {"SyntaxError", &sp_exc_SyntaxError},
    {"IndentationError", &sp_exc_IndentationError},
    {"TabError", &sp_exc_TabError},
    {"SystemError", &sp_exc_SystemError},
    {"TypeError", &sp_exc_TypeError},
    {"ValueError", &sp_exc_ValueError},
    {"UnicodeError", &sp_exc_UnicodeError},
    {"UnicodeDecodeError", &sp_exc_UnicodeDecodeError},
    {"UnicodeEncodeError", &sp_exc_UnicodeEncodeError},
    {"Warning", &sp_exc_Warning},
    {"UserWarning", &sp_exc_UserWarning},
    {"DeprecationWarning", &sp_exc_DeprecationWarning},
    {"RuntimeWarning", &sp_exc_RuntimeWarning},
    {"BaseExceptionGroup", &sp_exc_BaseExceptionGroup},
    {"ExceptionGroup", &sp_exc_ExceptionGroup},
    {"BlockingIOError", &sp_exc_BlockingIOError},
    {"BrokenPipeError", &sp_exc_BrokenPipeError},
    {"BytesWarning", &sp_exc_BytesWarning},
    {"ChildProcessError", &sp_exc_ChildProcessError},
    {"ConnectionAbortedError", &sp_exc_ConnectionAbortedError},
    {"ConnectionError", &sp_exc_ConnectionError},
    {"ConnectionRefusedError", &sp_exc_ConnectionRefusedError},
    {"ConnectionResetError", &sp_exc_ConnectionResetError},
    {"EncodingWarning", &sp_exc_EncodingWarning},
    {"FileExistsError", &sp_exc_FileExistsError},
    {"FutureWarning", &sp_exc_FutureWarning},
    {"ImportWarning", &sp_exc_ImportWarning},
    {"InterruptedError", &sp_exc_InterruptedError},
    {"IsADirectoryError", &sp_exc_IsADirectoryError},
    {"NotADirectoryError", &sp_exc_NotADirectoryError},
    {"PendingDeprecationWarning", &sp_exc_PendingDeprecationWarning},
    {"ProcessLookupError", &sp_exc_ProcessLookupError},
    {"ResourceWarning", &sp_exc_ResourceWarning},
    {"SyntaxWarning", &sp_exc_SyntaxWarning},
    {"TimeoutError", &sp_exc_TimeoutError},
    {"UnicodeTranslateError", &sp_exc_UnicodeTranslateError},
    {"UnicodeWarning", &sp_exc_UnicodeWarning},
    {NULL, NULL},
};

int sp_builtins_init(void)
{
    sp_val m = sp_module_new("builtins");
    if (!m) return -1;
    sp_val d = sp_module_dict(m);
    sp_st.builtins = d;
    if (sp_module_add_functions(m, builtin_functions) < 0) return -1;
    for (const named_type *nt = builtin_types; nt->name; nt++) {
        if (!nt->type) continue;
        /* A static type's __name__ is interned on demand: the key is that string. */
        bool same = strcmp(nt->type->name, nt->name) == 0;
        sp_val key = same && nt->type->name_obj ? nt->type->name_obj : sp_str_intern(nt->name);
        if (!key || sp_dict_set(d, key, (sp_val)nt->type) < 0) return -1;
        if (same && !(nt->type->flags & SP_TF_HEAPTYPE)) nt->type->name_obj = key;
    }
    if (sp_dict_set_cstr(d, "None", sp_None) < 0 ||
        sp_dict_set_cstr(d, "Ellipsis", sp_Ellipsis) < 0 ||
        sp_dict_set_cstr(d, "NotImplemented", sp_NotImplemented) < 0 ||
        sp_dict_set_cstr(d, "True", sp_True) < 0 || sp_dict_set_cstr(d, "False", sp_False) < 0 ||
        sp_dict_set_cstr(d, "__debug__", sp_True) < 0 ||
        sp_dict_set_cstr(d, "__doc__", sp_None) < 0 ||
        sp_dict_set_cstr(d, "__package__", sp_str_intern("")) < 0 ||
        sp_dict_set_cstr(d, "__spec__", sp_None) < 0 ||
        sp_dict_set_cstr(d, "__loader__", sp_None) < 0)
        return -1;
    if (!sp_dict_get_cstr(d, "__name__") &&
        sp_dict_set_cstr(d, "__name__", sp_str_intern("builtins")) < 0)
        return -1;
    if (!sp_st.modules && !(sp_st.modules = sp_dict_new())) return -1;
    return sp_dict_set_cstr(sp_st.modules, "builtins", m);
}
