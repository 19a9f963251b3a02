/*
 * object.c — the generic object protocol: what the VM and the built-ins call to
 * repr, hash, compare, combine, index, iterate, call and get attributes of any value.
 *
 * Design overview
 * ---------------
 * Each operation looks at the type's slot and falls back or raises exactly like the
 * corresponding CPython abstract-object function (Objects/abstract.c, object.c):
 * binary operators try type(a)'s slot then type(b)'s, the right operand first when
 * its type is a proper subclass of the left's; rich comparisons try the reflected
 * operation and fall back to identity for == and !=; iteration falls back to the
 * sequence protocol (__getitem__ with 0, 1, 2, ... until IndexError).
 *
 * It also owns the interpreter state `sp_st` and the recursion guard, which counts
 * nested C-level recursions against sys.getrecursionlimit() and watches the C stack.
 */
#include "format_spec.h"
#include "gc.h"
#include "obj_int.h"
#include "obj_str.h"
#include "obj_type.h"

#include <stdio.h>
#include <string.h>

SP_RUN_STATE sp_state sp_st;

/* ---- recursion guard ------------------------------------------------------------------- */

/* Set while the guard builds its RecursionError. Creating the exception may pass
 * guarded code again (a type call, formatting); those nested checks must not trip
 * and raise in turn (which used to recurse until the C stack overflowed). Like
 * CPython's overflow margin they may use part of the reserve below stack_limit and
 * a few more levels of depth. */
static bool raising_overflow;
#define OVERFLOW_EXTRA_DEPTH 50
#define OVERFLOW_EXTRA_STACK (48u << 10)

int sp_recursion_enter_msg(const char *where)
{
    char *frame = __builtin_frame_address(0);
    int limit = sp_st.recursion_limit > 0 ? sp_st.recursion_limit : 1000;
    bool too_deep = ++sp_st.depth > limit;
    bool stack_low = sp_st.stack_limit && frame < sp_st.stack_limit;
    if (__builtin_expect(!too_deep && !stack_low, 1)) return 0;
    if (raising_overflow) {
        bool depth_ok = sp_st.depth <= limit + OVERFLOW_EXTRA_DEPTH;
        bool stack_ok = !stack_low || frame >= sp_st.stack_limit - OVERFLOW_EXTRA_STACK;
        if (depth_ok && stack_ok) return 0;
        /* Even the reserve is used up: no new exception can be built safely. */
        sp_st.depth--;
        sp_err_no_memory();
        return -1;
    }
    sp_st.depth--;
    raising_overflow = true;
    sp_err_set(&sp_exc_RecursionError, "maximum recursion depth exceeded%s", where);
    raising_overflow = false;
    return -1;
}

int sp_recursion_enter_slow(void)
{
    return sp_recursion_enter_msg("");
}

/* ---- str / repr / format ---------------------------------------------------------------- */

sp_val sp_repr(sp_val v)
{
    sp_type *t = sp_typeof(v);
    if (!t->repr) return sp_str_format("<%s object at %p>", t->name, (void *)v);
    if (sp_recursion_enter_msg(" while getting the repr of an object") < 0) return NULL;
    sp_val r = t->repr(v);
    sp_recursion_leave();
    if (r && !sp_str_check(r))
        return sp_err_set(&sp_exc_TypeError, "__repr__ returned non-string (type %s)",
                          sp_type_name(r));
    return r;
}

sp_val sp_str_of(sp_val v)
{
    sp_type *t = sp_typeof(v);
    if (t == &sp_type_str) return v;
    if (!t->str) return sp_repr(v);
    if (sp_recursion_enter_msg(" while getting the str of an object") < 0) return NULL;
    sp_val r = t->str(v);
    sp_recursion_leave();
    if (r && !sp_str_check(r))
        return sp_err_set(&sp_exc_TypeError, "__str__ returned non-string (type %s)",
                          sp_type_name(r));
    return r;
}

sp_val sp_ascii(sp_val v)
{
    sp_val r = sp_repr(v);
    if (!r) return NULL;
    if (((sp_str *)r)->ob.aux & SP_STR_ASCII) return r;
    sp_buf b;
    sp_buf_init(&b);
    const char *p = sp_str_cstr(r), *end = p + ((sp_str *)r)->size;
    int rc = 0;
    while (p < end && rc == 0) {
        uint32_t cp = sp_utf8_decode(&p);
        char tmp[16];
        if (cp < 0x80) {
            rc = sp_buf_append_char(&b, (char)cp);
            continue;
        }
        if (cp <= 0xff)
            snprintf(tmp, sizeof tmp, "\\x%02x", cp);
        else if (cp <= 0xffff)
            snprintf(tmp, sizeof tmp, "\\u%04x", cp);
        else
            snprintf(tmp, sizeof tmp, "\\U%08x", cp);
        rc = sp_buf_append_cstr(&b, tmp);
    }
    if (rc < 0) {
        sp_buf_free(&b);
        return NULL;
    }
    return sp_buf_to_str(&b);
}

sp_val sp_format(sp_val v, sp_val spec)
{
    if (!spec) spec = sp_str_intern("");
    if (((sp_str *)spec)->len == 0) {
        if (sp_typeof(v) == &sp_type_str) return v;
    }
    /* Exact int, float and str (static types: their __format__ cannot be replaced)
     * format directly, without interning the name, looking it up and calling the
     * method descriptor: f-strings with a spec and format() spend most of their
     * dispatch there. Subclasses and other types take the general path, and so does
     * the first use while the type's dict is not built yet (obj_type.c builds it on
     * that look-up, and the run's memory statistics count it). */
    sp_type *t = sp_typeof(v);
    if (t->dict && sp_str_check(spec)) {
        if (t == &sp_type_int) return sp_format_int(v, spec);
        if (t == &sp_type_float) return sp_format_float(v, spec);
        if (t == &sp_type_str) return sp_format_str(v, spec);
    }
    sp_val f = sp_type_lookup(t, sp_str_intern("__format__"));
    if (!f)
        return sp_err_set(&sp_exc_TypeError, "Type %s doesn't define __format__", sp_type_name(v));
    sp_val args[2] = {v, spec};
    sp_val r;
    if (sp_typeof(f) == &sp_type_function || sp_typeof(f) == &sp_type_method_descr) {
        r = sp_call(f, args, 2, NULL);
    } else {
        sp_val bound =
            sp_typeof(f)->descr_get ? sp_typeof(f)->descr_get(f, v, &sp_typeof(v)->ob) : f;
        r = bound ? sp_call1(bound, spec) : NULL;
    }
    if (r && !sp_str_check(r))
        return sp_err_set(&sp_exc_TypeError, "__format__ must return a str, not %s",
                          sp_type_name(r));
    return r;
}

/* ---- hash / truth ------------------------------------------------------------------------ */

int sp_hash(sp_val v, int64_t *out)
{
    if (sp_is_small(v)) {
        *out = sp_int_hash(v);
        return 0;
    }
    sp_type *t = v->type;
    if (t == &sp_type_str) {
        *out = sp_str_hash(v);
        return 0;
    }
    if (!t->hash) {
        sp_err_set(&sp_exc_TypeError, "unhashable type: '%s'", t->name);
        return -1;
    }
    return t->hash(v, out);
}

int sp_truthy(sp_val v)
{
    if (v == sp_True) return 1;
    if (v == sp_False || v == sp_None) return 0;
    if (sp_is_small(v)) return sp_small_value(v) != 0;
    sp_type *t = v->type;
    if (t->truthy) return t->truthy(v);
    if (t->len) {
        int64_t n = t->len(v);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

/* ---- binary operators ------------------------------------------------------------------- */

static const char *const binop_symbols[SP_OP__COUNT] = {
    "+", "-", "*", "@", "/", "//", "%", "**", "<<", ">>", "&", "|", "^",
};
static const char *const inplace_symbols[SP_OP__COUNT] = {
    "+=", "-=", "*=", "@=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^=",
};

/* CPython's binary_op1: NotImplemented when neither side handles the pair. */
static sp_val binary_op1(sp_binop op, sp_val a, sp_val b)
{
    sp_type *ta = sp_typeof(a), *tb = sp_typeof(b);
    sp_binaryfn fa = ta->binop[op];
    sp_binaryfn fb = ta != tb ? tb->binop[op] : NULL;
    if (fb == fa) fb = NULL;
    if (fa) {
        if (fb && sp_is_subtype(tb, ta)) {
            sp_val r = fb(a, b);
            if (r != sp_NotImplemented) return r;
            fb = NULL;
        }
        sp_val r = fa(a, b);
        if (r != sp_NotImplemented) return r;
    }
    if (fb) return fb(a, b);
    return sp_NotImplemented;
}

static void *binop_type_error(const char *sym, sp_val a, sp_val b)
{
    if (strcmp(sym, "**") == 0)
        sym = "** or pow()";
    else if (strcmp(sym, "**=") == 0)
        sym = "**=";
    return sp_err_set(&sp_exc_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'", sym,
                      sp_type_name(a), sp_type_name(b));
}

sp_val sp_binary_op(sp_binop op, sp_val a, sp_val b)
{
    sp_val r = binary_op1(op, a, b);
    if (r == sp_NotImplemented) return binop_type_error(binop_symbols[op], a, b);
    return r;
}

sp_val sp_inplace_op(sp_binop op, sp_val a, sp_val b)
{
    sp_binaryfn f = sp_typeof(a)->inplace[op];
    if (f) {
        sp_val r = f(a, b);
        if (r != sp_NotImplemented) return r;
    }
    sp_val r = binary_op1(op, a, b);
    if (r == sp_NotImplemented) return binop_type_error(inplace_symbols[op], a, b);
    return r;
}

sp_val sp_pow3(sp_val base, sp_val exp, sp_val mod)
{
    if (!mod || mod == sp_None) return sp_binary_op(SP_OP_POW, base, exp);
    if (sp_int_check(base) && sp_int_check(exp) && sp_int_check(mod))
        return sp_int_pow(base, exp, mod);
    /* A user type may implement three-argument __pow__ / __rpow__. */
    sp_val f = sp_lookup_special(base, "__pow__");
    if (f && (sp_typeof(base)->flags & SP_TF_HEAPTYPE)) {
        sp_val args[2] = {exp, mod};
        sp_val r = sp_call(f, args, 2, NULL);
        if (r != sp_NotImplemented) return r;
    }
    if (sp_err_occurred()) return NULL;
    if ((sp_typeof(base) == &sp_type_float || sp_int_check(base)) &&
        (sp_typeof(exp) == &sp_type_float || sp_int_check(exp)) &&
        (sp_typeof(mod) == &sp_type_float || sp_int_check(mod)))
        return sp_err_set(&sp_exc_TypeError,
                          "pow() 3rd argument not allowed unless all arguments are integers");
    return sp_err_set(&sp_exc_TypeError,
                      "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                      sp_type_name(base), sp_type_name(exp), sp_type_name(mod));
}

#define UNARY_OP(fn, slot, msg)                                                                    \
    sp_val fn(sp_val v)                                                                            \
    {                                                                                              \
        sp_type *t = sp_typeof(v);                                                                 \
        if (!t->slot) return sp_err_set(&sp_exc_TypeError, msg, t->name);                          \
        return t->slot(v);                                                                         \
    }
UNARY_OP(sp_neg, neg, "bad operand type for unary -: '%s'")
UNARY_OP(sp_pos, pos, "bad operand type for unary +: '%s'")
UNARY_OP(sp_invert, invert, "bad operand type for unary ~: '%s'")
UNARY_OP(sp_abs, abs, "bad operand type for abs(): '%s'")

/* ---- comparisons -------------------------------------------------------------------------- */

static const sp_cmpop swapped_op[] = {SP_CMP_GT, SP_CMP_GE, SP_CMP_EQ,
                                      SP_CMP_NE, SP_CMP_LT, SP_CMP_LE};
static const char *const cmp_symbols[] = {"<", "<=", "==", "!=", ">", ">="};

static sp_val do_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    sp_type *ta = sp_typeof(a), *tb = sp_typeof(b);
    bool checked_reverse = false;
    sp_val r;
    if (ta != tb && tb->richcompare && sp_is_subtype(tb, ta)) {
        checked_reverse = true;
        r = tb->richcompare(b, a, swapped_op[op]);
        if (r != sp_NotImplemented) return r;
    }
    if (ta->richcompare) {
        r = ta->richcompare(a, b, op);
        if (r != sp_NotImplemented) return r;
    }
    if (!checked_reverse && tb->richcompare) {
        r = tb->richcompare(b, a, swapped_op[op]);
        if (r != sp_NotImplemented) return r;
    }
    switch (op) {
    case SP_CMP_EQ:
        return sp_bool(a == b);
    case SP_CMP_NE:
        return sp_bool(a != b);
    default:
        return sp_err_set(&sp_exc_TypeError,
                          "'%s' not supported between instances of '%s' and '%s'", cmp_symbols[op],
                          ta->name, tb->name);
    }
}

sp_val sp_compare(sp_val a, sp_val b, sp_cmpop op)
{
    /* CPython enters the recursion guard for every rich comparison, small ints
     * included, which decides where a deep recursion stops; do the same. */
    if (sp_is_small(a) && sp_is_small(b) && sp_st.depth < sp_st.recursion_limit) {
        int64_t x = sp_small_value(a), y = sp_small_value(b);
        switch (op) {
        case SP_CMP_LT:
            return sp_bool(x < y);
        case SP_CMP_LE:
            return sp_bool(x <= y);
        case SP_CMP_EQ:
            return sp_bool(x == y);
        case SP_CMP_NE:
            return sp_bool(x != y);
        case SP_CMP_GT:
            return sp_bool(x > y);
        case SP_CMP_GE:
            return sp_bool(x >= y);
        }
    }
    if (sp_recursion_enter_msg(" in comparison") < 0) return NULL;
    sp_val r = do_richcompare(a, b, op);
    sp_recursion_leave();
    return r;
}

int sp_compare_bool(sp_val a, sp_val b, sp_cmpop op)
{
    int known = sp_compare_scalars(a, b, op);
    if (known != SP_CMP_UNKNOWN) return known;
    sp_val r = sp_compare(a, b, op);
    if (!r) return -1;
    if (r == sp_True) return 1;
    if (r == sp_False) return 0;
    return sp_truthy(r);
}

int sp_eq(sp_val a, sp_val b)
{
    if (a == b) return 1;
    return sp_compare_bool(a, b, SP_CMP_EQ);
}

/* ---- attributes ----------------------------------------------------------------------------- */

static sp_val interned_name(sp_val name)
{
    if (!sp_str_check(name))
        return sp_err_set(&sp_exc_TypeError, "attribute name must be string, not '%s'",
                          sp_type_name(name));
    if (((sp_str *)name)->ob.aux & SP_STR_INTERNED) return name;
    return sp_str_intern_val(name);
}

sp_val sp_getattr(sp_val obj, sp_val name)
{
    name = interned_name(name);
    if (!name) return NULL;
    sp_type *t = sp_typeof(obj);
    if (t->getattr) return t->getattr(obj, name);
    return sp_generic_getattr(obj, name);
}

sp_val sp_getattr_cstr(sp_val obj, const char *name)
{
    sp_val n = sp_str_intern(name);
    if (!n) return NULL;
    return sp_getattr(obj, n);
}

sp_val sp_getattr_opt(sp_val obj, sp_val name)
{
    sp_val r = sp_getattr(obj, name);
    if (!r && sp_err_matches(&sp_exc_AttributeError)) sp_err_clear();
    return r;
}

int sp_setattr(sp_val obj, sp_val name, sp_val value)
{
    name = interned_name(name);
    if (!name) return -1;
    sp_type *t = sp_typeof(obj);
    if (t->setattr) return t->setattr(obj, name, value);
    if (t->getattr && t->getattr != sp_generic_getattr) {
        sp_err_set(&sp_exc_TypeError, "'%s' object has only read-only attributes (%s .%U)", t->name,
                   value ? "assign to" : "del", name);
        return -1;
    }
    return sp_generic_setattr(obj, name, value);
}

int sp_delattr(sp_val obj, sp_val name)
{
    return sp_setattr(obj, name, NULL);
}

/* ---- calls ------------------------------------------------------------------------------------
 */

sp_val sp_call(sp_val callable, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_type *t = sp_typeof(callable);
    if (!t->call) return sp_err_set(&sp_exc_TypeError, "'%s' object is not callable", t->name);
    return sp_call_result(callable, t->call(callable, args, nargs, kwnames));
}

sp_val sp_call_null_result(sp_val callable)
{
    if (sp_err_occurred()) return NULL;
    return sp_err_set(&sp_exc_SystemError, "%R returned NULL without setting an exception",
                      callable);
}

sp_val sp_call0(sp_val callable)
{
    return sp_call(callable, NULL, 0, NULL);
}

sp_val sp_call1(sp_val callable, sp_val a)
{
    return sp_call(callable, &a, 1, NULL);
}

sp_val sp_call2(sp_val callable, sp_val a, sp_val b)
{
    sp_val args[2] = {a, b};
    return sp_call(callable, args, 2, NULL);
}

sp_val sp_call_method(sp_val obj, const char *name, sp_val const *args, size_t nargs)
{
    sp_val f = sp_getattr_cstr(obj, name);
    if (!f) return NULL;
    return sp_call(f, args, nargs, NULL);
}

/* ---- iteration ------------------------------------------------------------------------------- */

/* The sequence-protocol iterator: obj[0], obj[1], ... until IndexError/StopIteration. */
typedef struct seqiter {
    sp_object ob;
    sp_val seq; /* NULL once exhausted */
    int64_t index;
} seqiter;

static void seqiter_trace(sp_val self)
{
    sp_gc_mark(((seqiter *)self)->seq);
}

static sp_val seqiter_iter(sp_val self)
{
    return self;
}

static sp_val seqiter_next(sp_val self)
{
    seqiter *it = (seqiter *)self;
    if (!it->seq) return NULL;
    sp_val r = sp_getitem(it->seq, sp_int_from_i64(it->index));
    if (!r) {
        if (sp_err_matches(&sp_exc_IndexError) || sp_err_matches(&sp_exc_StopIteration)) {
            sp_err_clear();
            it->seq = NULL;
        }
        return NULL;
    }
    it->index++;
    return r;
}

sp_type sp_type_seqiter = {
    .ob = {&sp_type_type, 0, 0},
    .name = "iterator",
    .basic_size = sizeof(seqiter),
    .trace = seqiter_trace,
    .iter = seqiter_iter,
    .iternext = seqiter_next,
};

sp_val sp_iter(sp_val v)
{
    sp_type *t = sp_typeof(v);
    if (t->iter) {
        sp_val it = t->iter(v);
        if (it && !sp_typeof(it)->iternext)
            return sp_err_set(&sp_exc_TypeError, "iter() returned non-iterator of type '%s'",
                              sp_type_name(it));
        return it;
    }
    if (t->getitem && !(t->flags & SP_TF_DICT_SUB)) {
        seqiter *it = sp_gc_new(&sp_type_seqiter, sizeof(seqiter));
        if (!it) return NULL;
        it->seq = v;
        return &it->ob;
    }
    return sp_err_set(&sp_exc_TypeError, "'%s' object is not iterable", t->name);
}

sp_val sp_next(sp_val it)
{
    sp_type *t = sp_typeof(it);
    if (!t->iternext)
        return sp_err_set(&sp_exc_TypeError, "'%s' object is not an iterator", t->name);
    sp_val r = t->iternext(it);
    if (!r && sp_err_matches(&sp_exc_StopIteration)) sp_err_clear();
    return r;
}

/* ---- containers ------------------------------------------------------------------------------ */

int64_t sp_len(sp_val v)
{
    sp_type *t = sp_typeof(v);
    if (!t->len) {
        sp_err_set(&sp_exc_TypeError, "object of type '%s' has no len()", t->name);
        return -1;
    }
    return t->len(v);
}

sp_val sp_getitem(sp_val obj, sp_val key)
{
    sp_type *t = sp_typeof(obj);
    if (t->getitem) return t->getitem(obj, key);
    if (sp_is_subtype(t, &sp_type_type)) {
        sp_val f = sp_getattr_opt(obj, sp_str_intern("__class_getitem__"));
        if (f) return sp_call1(f, key);
        if (sp_err_occurred()) return NULL;
        return sp_err_set(&sp_exc_TypeError, "type '%s' is not subscriptable",
                          ((sp_type *)obj)->name);
    }
    return sp_err_set(&sp_exc_TypeError, "'%s' object is not subscriptable", t->name);
}

int sp_setitem(sp_val obj, sp_val key, sp_val value)
{
    sp_type *t = sp_typeof(obj);
    if (!t->setitem) {
        sp_err_set(&sp_exc_TypeError, "'%s' object does not support item assignment", t->name);
        return -1;
    }
    return t->setitem(obj, key, value);
}

int sp_delitem(sp_val obj, sp_val key)
{
    sp_type *t = sp_typeof(obj);
    if (!t->setitem) {
        /* CPython words it differently on the sequence path (an index into a type
         * with __getitem__, e.g. a tuple). */
        bool seq = t->getitem && (sp_int_check(key) || sp_typeof(key)->index);
        sp_err_set(&sp_exc_TypeError, "'%s' object %s support item deletion", t->name,
                   seq ? "doesn't" : "does not");
        return -1;
    }
    return t->setitem(obj, key, NULL);
}

int sp_contains(sp_val container, sp_val item)
{
    sp_type *t = sp_typeof(container);
    if (t->contains) return t->contains(container, item);
    if (!t->iter && !t->getitem) {
        sp_err_set(&sp_exc_TypeError, "argument of type '%s' is not iterable", t->name);
        return -1;
    }
    sp_val it = sp_iter(container);
    if (!it) return -1;
    for (;;) {
        sp_val v = sp_next(it);
        if (!v) return sp_err_occurred() ? -1 : 0;
        int eq = sp_eq(v, item);
        if (eq != 0) return eq;
    }
}

/* ---- integers ------------------------------------------------------------------------------ */

sp_val sp_index_int(sp_val v)
{
    if (sp_is_small(v)) return v;
    if (sp_int_check(v)) return sp_typeof(v) == &sp_type_int ? v : sp_int_exact(v);
    sp_type *t = v->type;
    if (!t->index)
        return sp_err_set(&sp_exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          t->name);
    sp_val r = t->index(v);
    if (r && !sp_int_check(r))
        return sp_err_set(&sp_exc_TypeError, "__index__ returned non-int (type %s)",
                          sp_type_name(r));
    return r;
}

int64_t sp_index(sp_val v, bool *overflow)
{
    if (overflow) *overflow = false;
    if (sp_is_small(v)) return sp_small_value(v);
    sp_val i = sp_index_int(v);
    if (!i) return -1;
    if (sp_is_small(i)) return sp_small_value(i);
    int64_t out;
    if (sp_int_to_i64(i, &out) < 0) {
        if (!overflow || !sp_err_matches(&sp_exc_OverflowError)) return -1;
        sp_err_clear();
        *overflow = true;
        return sp_int_sign(i) < 0 ? INT64_MIN : INT64_MAX;
    }
    return out;
}

/* ---- isinstance ------------------------------------------------------------------------------ */

int sp_isinstance_of(sp_val obj, sp_val cls)
{
    if (sp_isinstance(cls, &sp_type_tuple)) {
        sp_tuple *t = (sp_tuple *)cls;
        for (size_t i = 0; i < t->len; i++) {
            int r = sp_isinstance_of(obj, t->items[i]);
            if (r != 0) return r;
        }
        return 0;
    }
    if (!sp_is_small(cls) && sp_is_subtype(cls->type, &sp_type_type)) {
        sp_type *meta = cls->type;
        /* Built-in metaclasses only have type.__instancecheck__: answer directly. */
        if (!(meta->flags & SP_TF_HEAPTYPE)) return sp_isinstance(obj, (sp_type *)cls) ? 1 : 0;
    }
    /* As CPython: type(cls).__instancecheck__ decides, for metaclasses and for plain objects
       (typing aliases, unions) alike. */
    sp_val check = sp_lookup_special(cls, "__instancecheck__");
    if (check) {
        sp_val r = sp_call1(check, obj);
        return r ? sp_truthy(r) : -1;
    }
    if (sp_err_occurred()) return -1;
    sp_err_set(&sp_exc_TypeError,
               "isinstance() arg 2 must be a type, a tuple of types, or a union");
    return -1;
}

/* ---- conversions ------------------------------------------------------------------------------
 */

sp_val sp_list_from_iterable(sp_val it)
{
    sp_val l = sp_list_new(0);
    if (!l || sp_list_extend(l, it) < 0) return NULL;
    return l;
}

sp_val sp_tuple_from_iterable(sp_val it)
{
    if (sp_typeof(it) == &sp_type_tuple) return it;
    sp_val l = sp_list_from_iterable(it);
    if (!l) return NULL;
    sp_list *lp = (sp_list *)l;
    if (lp->len == 0) return sp_empty_tuple;
    sp_val t = sp_tuple_new(lp->len);
    if (!t) return NULL;
    memcpy(((sp_tuple *)t)->items, lp->items, lp->len * sizeof(sp_val));
    return t;
}
