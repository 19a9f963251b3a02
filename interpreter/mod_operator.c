/*
 * mod_operator.c — the `operator` module.
 *
 * Design overview
 * ---------------
 * Every function is a thin C wrapper over the generic protocol of object.c
 * (sp_binary_op, sp_inplace_op, sp_compare, sp_getitem ...), stamped out by macros
 * so the argument checks and messages are CPython's _operator ones. itemgetter,
 * attrgetter and methodcaller are small callable types holding their arguments;
 * attrgetter pre-splits dotted names into tuples of interned strings.
 */
#include "mod_stdlib.h"

#include "gc.h"
#include "obj_dict.h"
#include "obj_type.h"

#include <string.h>

static int args_n(const char *fname, const char *qual, size_t nargs, size_t n, sp_val kw)
{
    if (sp_no_kwargs(qual, kw) < 0 || sp_check_nargs(fname, nargs, n, n) < 0) return -1;
    return 0;
}

#define BINOP(NAME, OP)                                                                            \
    static sp_val op_##NAME(sp_val self, sp_val const *a, size_t n, sp_val kw)                     \
    {                                                                                              \
        if (args_n(#NAME, "_operator." #NAME, n, 2, kw) < 0) return NULL;                          \
        return sp_binary_op(OP, a[0], a[1]);                                                       \
    }
#define INPLACE(NAME, OP)                                                                          \
    static sp_val op_##NAME(sp_val self, sp_val const *a, size_t n, sp_val kw)                     \
    {                                                                                              \
        if (args_n(#NAME, "_operator." #NAME, n, 2, kw) < 0) return NULL;                          \
        return sp_inplace_op(OP, a[0], a[1]);                                                      \
    }
#define UNARY(NAME, EXPR)                                                                          \
    static sp_val op_##NAME(sp_val self, sp_val const *a, size_t n, sp_val kw)                     \
    {                                                                                              \
        if (sp_no_kwargs("_operator." #NAME, kw) < 0) return NULL;                                 \
        if (n != 1)                                                                                \
            return sp_err_set(&sp_exc_TypeError,                                                   \
                              "_operator." #NAME "() takes exactly one argument (%d given)",       \
                              (int)n);                                                             \
        sp_val x = a[0];                                                                           \
        return EXPR;                                                                               \
    }
#define CMP(NAME, OP)                                                                              \
    static sp_val op_##NAME(sp_val self, sp_val const *a, size_t n, sp_val kw)                     \
    {                                                                                              \
        if (args_n(#NAME, "_operator." #NAME, n, 2, kw) < 0) return NULL;                          \
        return sp_compare(a[0], a[1], OP);                                                         \
    }

BINOP(add, SP_OP_ADD)
BINOP(sub, SP_OP_SUB)
BINOP(mul, SP_OP_MUL)
BINOP(matmul, SP_OP_MATMUL)
BINOP(truediv, SP_OP_TRUEDIV)
BINOP(floordiv, SP_OP_FLOORDIV)
BINOP(mod, SP_OP_MOD)
BINOP(pow, SP_OP_POW)
BINOP(lshift, SP_OP_LSHIFT)
BINOP(rshift, SP_OP_RSHIFT)
BINOP(and_, SP_OP_AND)
BINOP(or_, SP_OP_OR)
BINOP(xor, SP_OP_XOR)
INPLACE(iadd, SP_OP_ADD)
INPLACE(isub, SP_OP_SUB)
INPLACE(imul, SP_OP_MUL)
INPLACE(imatmul, SP_OP_MATMUL)
INPLACE(itruediv, SP_OP_TRUEDIV)
INPLACE(ifloordiv, SP_OP_FLOORDIV)
INPLACE(imod, SP_OP_MOD)
INPLACE(ipow, SP_OP_POW)
INPLACE(ilshift, SP_OP_LSHIFT)
INPLACE(irshift, SP_OP_RSHIFT)
INPLACE(iand, SP_OP_AND)
INPLACE(ior, SP_OP_OR)
INPLACE(ixor, SP_OP_XOR)
CMP(lt, SP_CMP_LT)
CMP(le, SP_CMP_LE)
CMP(eq, SP_CMP_EQ)
CMP(ne, SP_CMP_NE)
CMP(gt, SP_CMP_GT)
CMP(ge, SP_CMP_GE)

static sp_val truth_of(sp_val x, bool negate)
{
    int t = sp_truthy(x);
    return t < 0 ? NULL : sp_bool(negate ? !t : t);
}

UNARY(neg, sp_neg(x))
UNARY(pos, sp_pos(x))
UNARY(abs, sp_abs(x))
UNARY(invert, sp_invert(x))
UNARY(inv, sp_invert(x))
UNARY(not_, truth_of(x, true))
UNARY(truth, truth_of(x, false))
UNARY(index, sp_index_int(x))

static sp_val op_call(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (sp_check_nargs("call", n, 1, SIZE_MAX) < 0) return NULL;
    return sp_call(a[0], a + 1, n - 1, kw);
}

static sp_val op_is_(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (args_n("is_", "_operator.is_", n, 2, kw) < 0) return NULL;
    return sp_bool(a[0] == a[1]);
}

static sp_val op_is_not(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (args_n("is_not", "_operator.is_not", n, 2, kw) < 0) return NULL;
    return sp_bool(a[0] != a[1]);
}

static bool is_sequence(sp_val v)
{
    sp_type *t = sp_typeof(v);
    return t->getitem && !sp_dict_check(v);
}

static sp_val concat_common(const char *fname, const char *qual, bool inplace, sp_val const *a,
                            size_t n, sp_val kw)
{
    if (args_n(fname, qual, n, 2, kw) < 0) return NULL;
    if (!is_sequence(a[0]))
        return sp_err_set(&sp_exc_TypeError, "'%s' object can't be concatenated",
                          sp_type_name(a[0]));
    return inplace ? sp_inplace_op(SP_OP_ADD, a[0], a[1]) : sp_binary_op(SP_OP_ADD, a[0], a[1]);
}

static sp_val op_concat(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    return concat_common("concat", "_operator.concat", false, a, n, kw);
}

static sp_val op_iconcat(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    return concat_common("iconcat", "_operator.iconcat", true, a, n, kw);
}

static sp_val op_getitem(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (args_n("getitem", "_operator.getitem", n, 2, kw) < 0) return NULL;
    return sp_getitem(a[0], a[1]);
}

static sp_val op_setitem(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (args_n("setitem", "_operator.setitem", n, 3, kw) < 0) return NULL;
    return sp_setitem(a[0], a[1], a[2]) < 0 ? NULL : sp_None;
}

static sp_val op_delitem(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (args_n("delitem", "_operator.delitem", n, 2, kw) < 0) return NULL;
    return sp_delitem(a[0], a[1]) < 0 ? NULL : sp_None;
}

static sp_val op_contains(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (args_n("contains", "_operator.contains", n, 2, kw) < 0) return NULL;
    int r = sp_contains(a[0], a[1]);
    return r < 0 ? NULL : sp_bool(r);
}

/* countOf / indexOf: scan with `is or ==` like PySequence_Count/Index. */
static int64_t scan_seq(sp_val seq, sp_val x, bool count)
{
    sp_val it = sp_iter(seq);
    if (!it) return -2;
    int64_t i = 0, hits = 0;
    for (;; i++) {
        sp_val v = sp_next(it);
        if (!v) return sp_err_occurred() ? -2 : count ? hits : -1;
        int eq = v == x ? 1 : sp_eq(v, x);
        if (eq < 0) return -2;
        if (eq) {
            if (!count) return i;
            hits++;
        }
    }
}

static sp_val op_countOf(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (args_n("countOf", "_operator.countOf", n, 2, kw) < 0) return NULL;
    int64_t r = scan_seq(a[0], a[1], true);
    return r < 0 ? NULL : sp_int_from_i64(r);
}

static sp_val op_indexOf(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (args_n("indexOf", "_operator.indexOf", n, 2, kw) < 0) return NULL;
    int64_t r = scan_seq(a[0], a[1], false);
    if (r == -2) return NULL;
    if (r == -1) return sp_err_set(&sp_exc_ValueError, "sequence.index(x): x not in sequence");
    return sp_int_from_i64(r);
}

static sp_val op_length_hint(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (sp_no_kwargs("_operator.length_hint", kw) < 0 || sp_check_nargs("length_hint", n, 1, 2) < 0)
        return NULL;
    if (sp_typeof(a[0])->len) {
        int64_t l = sp_len(a[0]);
        return l < 0 ? NULL : sp_int_from_i64(l);
    }
    sp_val hint = sp_lookup_special(a[0], "__length_hint__");
    if (hint) return sp_call0(hint);
    if (sp_err_occurred()) return NULL;
    return n == 2 ? a[1] : sp_small(0);
}

/* ---- itemgetter / attrgetter / methodcaller ------------------------------------------- */

typedef struct getter_obj {
    sp_object ob;
    sp_val items; /* tuple: keys (itemgetter), tuples of name parts (attrgetter),
                     (name, args tuple, kwargs dict) for methodcaller */
    sp_val orig;  /* attrgetter: the original name strings (for repr) */
} getter_obj;

sp_type sp_type_itemgetter, sp_type_attrgetter, sp_type_methodcaller;

static void getter_trace(sp_val self)
{
    sp_gc_mark(((getter_obj *)self)->items);
    sp_gc_mark(((getter_obj *)self)->orig);
}

static sp_val getter_alloc(sp_type *t, sp_val items)
{
    getter_obj *g = sp_gc_new(t, sizeof(getter_obj));
    if (!g) return NULL;
    g->items = items;
    return &g->ob;
}

static sp_val itemgetter_new(sp_type *t, sp_val const *a, size_t n, sp_val kw)
{
    if (sp_no_kwargs("itemgetter", kw) < 0) return NULL;
    if (n == 0) return sp_err_set(&sp_exc_TypeError, "itemgetter expected 1 argument, got 0");
    sp_val items = sp_tuple_from_array(a, n);
    return items ? getter_alloc(t, items) : NULL;
}

static int one_call_arg(const char *fname, size_t n, sp_val kw)
{
    if (sp_no_kwargs(fname, kw) < 0 || sp_check_nargs(fname, n, 1, 1) < 0) return -1;
    return 0;
}

static sp_val itemgetter_call(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (one_call_arg("itemgetter", n, kw) < 0) return NULL;
    sp_tuple *items = (sp_tuple *)((getter_obj *)self)->items;
    if (items->len == 1) return sp_getitem(a[0], items->items[0]);
    sp_val r = sp_tuple_new(items->len);
    if (!r) return NULL;
    for (size_t i = 0; i < items->len; i++) {
        sp_val v = sp_getitem(a[0], items->items[i]);
        if (!v) return NULL;
        ((sp_tuple *)r)->items[i] = v;
    }
    return r;
}

static sp_val args_repr(const char *prefix, sp_val tuple)
{
    sp_buf b;
    sp_buf_init(&b);
    if (sp_buf_append_cstr(&b, prefix) < 0 || sp_buf_append_char(&b, '(') < 0) goto fail;
    sp_tuple *t = (sp_tuple *)tuple;
    for (size_t i = 0; i < t->len; i++) {
        sp_val r = sp_repr(t->items[i]);
        if (!r || (i && sp_buf_append(&b, ", ", 2) < 0) || sp_buf_append_val_str(&b, r) < 0)
            goto fail;
    }
    if (sp_buf_append_char(&b, ')') < 0) goto fail;
    return sp_buf_to_str(&b);
fail:
    sp_buf_free(&b);
    return NULL;
}

static sp_val getter_repr_guarded(sp_val self, const char *prefix, sp_val tuple)
{
    int rc = sp_repr_enter(self);
    if (rc) return rc > 0 ? sp_str_format("%s(...)", prefix) : NULL;
    sp_val r = args_repr(prefix, tuple);
    sp_repr_leave(self);
    return r;
}

static sp_val itemgetter_repr(sp_val self)
{
    return getter_repr_guarded(self, "operator.itemgetter", ((getter_obj *)self)->items);
}

static sp_val attrgetter_new(sp_type *t, sp_val const *a, size_t n, sp_val kw)
{
    if (sp_no_kwargs("attrgetter", kw) < 0) return NULL;
    if (n == 0) return sp_err_set(&sp_exc_TypeError, "attrgetter expected 1 argument, got 0");
    sp_val items = sp_tuple_new(n);
    if (!items) return NULL;
    for (size_t i = 0; i < n; i++) {
        if (!sp_str_check(a[i]))
            return sp_err_set(&sp_exc_TypeError, "attribute name must be a string");
        sp_val dot = sp_str_intern(".");
        sp_val parts = dot ? sp_call_method(a[i], "split", &dot, 1) : NULL;
        if (!parts) return NULL;
        sp_list *pl = (sp_list *)parts;
        for (size_t j = 0; j < pl->len; j++)
            if (!(pl->items[j] = sp_str_intern_val(pl->items[j]))) return NULL;
        sp_val pt = sp_tuple_from_array(pl->items, pl->len);
        /* the callee allocates while reading the list's raw items buffer: keep the list */
        SP_KEEP_ALIVE(parts);
        if (!pt) return NULL;
        ((sp_tuple *)items)->items[i] = pt;
    }
    sp_val g = getter_alloc(t, items);
    if (g && !(((getter_obj *)g)->orig = sp_tuple_from_array(a, n))) return NULL;
    return g;
}

static sp_val dotted_get(sp_val obj, sp_val parts)
{
    sp_tuple *p = (sp_tuple *)parts;
    for (size_t i = 0; i < p->len && obj; i++)
        obj = sp_getattr(obj, p->items[i]);
    return obj;
}

static sp_val attrgetter_call(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (one_call_arg("attrgetter", n, kw) < 0) return NULL;
    sp_tuple *items = (sp_tuple *)((getter_obj *)self)->items;
    if (items->len == 1) return dotted_get(a[0], items->items[0]);
    sp_val r = sp_tuple_new(items->len);
    if (!r) return NULL;
    for (size_t i = 0; i < items->len; i++) {
        sp_val v = dotted_get(a[0], items->items[i]);
        if (!v) return NULL;
        ((sp_tuple *)r)->items[i] = v;
    }
    return r;
}

static sp_val attrgetter_repr(sp_val self)
{
    return getter_repr_guarded(self, "operator.attrgetter", ((getter_obj *)self)->orig);
}

/* methodcaller: items = (name, args, kwnames-or-None), orig = kw values tuple */
static sp_val methodcaller_new(sp_type *t, sp_val const *a, size_t n, sp_val kw)
{
    if (n == 0)
        return sp_err_set(&sp_exc_TypeError,
                          "methodcaller needs at least one argument, the method name");
    if (!sp_str_check(a[0])) return sp_err_set(&sp_exc_TypeError, "method name must be a string");
    size_t nkw = kw ? ((sp_tuple *)kw)->len : 0;
    sp_val name = sp_str_intern_val(a[0]);
    sp_val args = sp_tuple_from_array(a + 1, n - 1);
    sp_val kwvals = sp_tuple_from_array(a + n, nkw);
    if (!name || !args || !kwvals) return NULL;
    sp_val items = sp_tuple_pack(3, name, args, kw ? kw : sp_None);
    sp_val g = items ? getter_alloc(t, items) : NULL;
    if (g) ((getter_obj *)g)->orig = kwvals;
    return g;
}

static sp_val methodcaller_call(sp_val self, sp_val const *a, size_t n, sp_val kw)
{
    if (one_call_arg("methodcaller", n, kw) < 0) return NULL;
    getter_obj *g = (getter_obj *)self;
    sp_tuple *items = (sp_tuple *)g->items;
    sp_val meth = sp_getattr(a[0], items->items[0]);
    if (!meth) return NULL;
    sp_tuple *args = (sp_tuple *)items->items[1], *kwv = (sp_tuple *)g->orig;
    sp_val kwn = items->items[2] == sp_None ? NULL : items->items[2];
    size_t total = args->len + kwv->len;
    sp_val buf[total ? total : 1];
    for (size_t i = 0; i < args->len; i++)
        buf[i] = args->items[i];
    for (size_t i = 0; i < kwv->len; i++)
        buf[args->len + i] = kwv->items[i];
    return sp_call(meth, buf, args->len, kwn);
}

static sp_val methodcaller_repr(sp_val self)
{
    getter_obj *g = (getter_obj *)self;
    sp_tuple *items = (sp_tuple *)g->items;
    int rc = sp_repr_enter(self);
    if (rc) return rc > 0 ? sp_str_from_cstr("operator.methodcaller(...)") : NULL;
    sp_val r = NULL;
    sp_buf b;
    sp_buf_init(&b);
    sp_val nr = sp_repr(items->items[0]);
    if (!nr || sp_buf_append_cstr(&b, "operator.methodcaller(") < 0 ||
        sp_buf_append_val_str(&b, nr) < 0)
        goto out;
    sp_tuple *args = (sp_tuple *)items->items[1];
    for (size_t i = 0; i < args->len; i++) {
        sp_val ar = sp_repr(args->items[i]);
        if (!ar || sp_buf_append(&b, ", ", 2) < 0 || sp_buf_append_val_str(&b, ar) < 0) goto out;
    }
    if (items->items[2] != sp_None) {
        sp_tuple *kn = (sp_tuple *)items->items[2], *kv = (sp_tuple *)g->orig;
        for (size_t i = 0; i < kn->len; i++) {
            sp_val vr = sp_repr(kv->items[i]);
            if (!vr || sp_buf_append(&b, ", ", 2) < 0 ||
                sp_buf_append_val_str(&b, kn->items[i]) < 0 || sp_buf_append_char(&b, '=') < 0 ||
                sp_buf_append_val_str(&b, vr) < 0)
                goto out;
        }
    }
    if (sp_buf_append_char(&b, ')') < 0) goto out;
    r = sp_buf_to_str(&b);
out:
    if (!r) sp_buf_free(&b);
    sp_repr_leave(self);
    return r;
}

sp_type sp_type_itemgetter = {
    .name = "itemgetter",
    .basic_size = sizeof(getter_obj),
    .trace = getter_trace,
    .tp_new = itemgetter_new,
    .call = itemgetter_call,
    .repr = itemgetter_repr,
};

sp_type sp_type_attrgetter = {
    .name = "attrgetter",
    .basic_size = sizeof(getter_obj),
    .trace = getter_trace,
    .tp_new = attrgetter_new,
    .call = attrgetter_call,
    .repr = attrgetter_repr,
};

sp_type sp_type_methodcaller = {
    .name = "methodcaller",
    .basic_size = sizeof(getter_obj),
    .trace = getter_trace,
    .tp_new = methodcaller_new,
    .call = methodcaller_call,
    .repr = methodcaller_repr,
};

#define F(name)                                                                                    \
    {#name, op_##name, 0},                                                                         \
    {                                                                                              \
        "__" #name "__", op_##name, 0                                                              \
    }
#define F1(name)                                                                                   \
    {                                                                                              \
#name, op_##name, 0                                                                        \
    }

static const sp_method_def operator_functions[] = {
    F(add),
    F(sub),
    F(mul),
    F(matmul),
    F(truediv),
    F(floordiv),
    F(mod),
    F(pow),
    F(lshift),
    F(rshift),
    F(xor),
    F(iadd),
    F(isub),
    F(imul),
    F(imatmul),
    F(itruediv),
    F(ifloordiv),
    F(imod),
    F(ipow),
    F(ilshift),
    F(irshift),
    F(iand),
    F(ior),
    F(ixor),
    F(lt),
    F(le),
    F(eq),
    F(ne),
    F(gt),
    F(ge),
    F(neg),
    F(pos),
    F(abs),
    F(invert),
    F(inv),
    F(index),
    F(concat),
    F(iconcat),
    F(getitem),
    F(setitem),
    F(delitem),
    F(contains),
    F(call),
    F1(truth),
    F1(is_),
    F1(is_not),
    F1(countOf),
    F1(indexOf),
    F1(length_hint),
    {"and_", op_and_, 0},
    {"__and__", op_and_, 0},
    {"or_", op_or_, 0},
    {"__or__", op_or_, 0},
    {"not_", op_not_, 0},
    {"__not__", op_not_, 0},
    {NULL, NULL, 0},
};

sp_val sp_operator_module_init(void)
{
    sp_type *types[] = {&sp_type_itemgetter, &sp_type_attrgetter, &sp_type_methodcaller};
    sp_val modname = sp_str_intern("operator");
    if (!modname) return NULL;
    sp_val m = sp_module_new("operator");
    if (!m || sp_module_add_functions(m, operator_functions) < 0) return NULL;
    for (size_t i = 0; i < 3; i++) {
        if (sp_type_ready(types[i], NULL, NULL) < 0) return NULL;
        types[i]->module_name = modname;
        if (sp_module_add(m, types[i]->name, &types[i]->ob) < 0) return NULL;
    }
    return m;
}
