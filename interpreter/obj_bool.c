/*
 * obj_bool.c — bool, the two-valued subclass of int.
 *
 * Design overview
 * ---------------
 * True and False are static objects (object.h) whose value, 1 or 0, is kept in
 * ob.aux. Every int function in obj_int.c reads bools through that field, so bool
 * only overrides what differs from int: repr/str, construction, and & | ^ which
 * return a bool when both operands are bools. Everything else is int's slot.
 */
#include "gc.h"
#include "obj_int.h"

sp_object sp_True_obj = {.type = &sp_type_bool, .aux = 1};
sp_object sp_False_obj = {.type = &sp_type_bool, .aux = 0};

static sp_val bool_repr(sp_val self)
{
    /* Not cached in a static: the heap (and the intern table) is per run. */
    return sp_str_intern(self->aux ? "True" : "False");
}

static inline bool is_bool(sp_val v)
{
    return !sp_is_small(v) && v->type == &sp_type_bool;
}

static sp_val bool_and(sp_val a, sp_val b)
{
    if (is_bool(a) && is_bool(b)) return sp_bool(a->aux & b->aux);
    return sp_type_int.binop[SP_OP_AND](a, b);
}

static sp_val bool_or(sp_val a, sp_val b)
{
    if (is_bool(a) && is_bool(b)) return sp_bool(a->aux | b->aux);
    return sp_type_int.binop[SP_OP_OR](a, b);
}

static sp_val bool_xor(sp_val a, sp_val b)
{
    if (is_bool(a) && is_bool(b)) return sp_bool(a->aux ^ b->aux);
    return sp_type_int.binop[SP_OP_XOR](a, b);
}

static sp_val bool_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (kwnames && ((sp_tuple *)kwnames)->len)
        return sp_err_set(&sp_exc_TypeError, "bool() takes no keyword arguments");
    if (nargs > 1)
        return sp_err_set(&sp_exc_TypeError, "bool expected at most 1 argument, got %zu", nargs);
    if (nargs == 0) return sp_False;
    int t = sp_truthy(args[0]);
    return t < 0 ? NULL : sp_bool(t);
}

static int bool_truthy(sp_val self)
{
    return self->aux != 0;
}

static int bool_hash(sp_val self, int64_t *out)
{
    *out = self->aux;
    return 0;
}

sp_type sp_type_bool = {
    .ob = {.type = &sp_type_type},
    .name = "bool",
    .base = &sp_type_int,
    .flags = SP_TF_INT_SUB, /* not subclassable */
    .basic_size = sizeof(sp_object),
    .tp_new = bool_tp_new,
    .repr = bool_repr,
    .hash = bool_hash,
    .truthy = bool_truthy,
};

int sp_bool_init(void)
{
    /* Inherit int's number slots explicitly (independent of sp_type_ready's policy). */
    for (int i = 0; i < SP_OP__COUNT; i++)
        sp_type_bool.binop[i] = sp_type_int.binop[i];
    sp_type_bool.binop[SP_OP_AND] = bool_and;
    sp_type_bool.binop[SP_OP_OR] = bool_or;
    sp_type_bool.binop[SP_OP_XOR] = bool_xor;
    sp_type_bool.richcompare = sp_type_int.richcompare;
    sp_type_bool.neg = sp_type_int.neg;
    sp_type_bool.pos = sp_type_int.pos;
    sp_type_bool.invert = sp_type_int.invert;
    sp_type_bool.abs = sp_type_int.abs;
    sp_type_bool.index = sp_type_int.index;
    sp_gc_make_static(&sp_True_obj);
    sp_gc_make_static(&sp_False_obj);
    return sp_type_ready(&sp_type_bool, NULL, NULL);
}
