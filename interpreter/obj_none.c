/*
 * obj_none.c — the None, NotImplemented and Ellipsis singletons and their types.
 *
 * Design overview
 * ---------------
 * Each singleton is a static sp_object outside the collected heap; its type's
 * tp_new returns the singleton itself (NoneType() is None) after refusing
 * arguments like CPython. Hashes are address-based as in CPython 3.11.
 */
#include "gc.h"
#include "obj_type.h"

sp_object sp_None_obj = {&sp_type_none, 0, 0};
sp_object sp_NotImplemented_obj = {&sp_type_notimplemented, 0, 0};
sp_object sp_Ellipsis_obj = {&sp_type_ellipsis, 0, 0};

static sp_val none_repr(sp_val self)
{
    return sp_str_intern("None");
}
static sp_val notimpl_repr(sp_val self)
{
    return sp_str_intern("NotImplemented");
}
static sp_val ellipsis_repr(sp_val self)
{
    return sp_str_intern("Ellipsis");
}

static int none_truthy(sp_val self)
{
    return 0;
}

static int singleton_hash(sp_val self, int64_t *out)
{
    uintptr_t p = (uintptr_t)self;
    *out = (int64_t)((p >> 4) | (p << 60)); /* CPython's _Py_HashPointer rotation */
    if (*out == -1) *out = -2;
    return 0;
}

static sp_val singleton_of(sp_type *type)
{
    if (type == &sp_type_none) return sp_None;
    if (type == &sp_type_notimplemented) return sp_NotImplemented;
    return sp_Ellipsis;
}

static sp_val singleton_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (nargs || (kwnames && sp_len(kwnames) > 0))
        return sp_err_set(&sp_exc_TypeError, "%s takes no arguments", type->name);
    return singleton_of(type);
}

sp_type sp_type_none = {
    .ob = {&sp_type_type, 0, 0},
    .name = "NoneType",
    .basic_size = sizeof(sp_object),
    .tp_new = singleton_new,
    .repr = none_repr,
    .hash = singleton_hash,
    .truthy = none_truthy,
};

sp_type sp_type_notimplemented = {
    .ob = {&sp_type_type, 0, 0},
    .name = "NotImplementedType",
    .basic_size = sizeof(sp_object),
    .tp_new = singleton_new,
    .repr = notimpl_repr,
    .hash = singleton_hash,
};

sp_type sp_type_ellipsis = {
    .ob = {&sp_type_type, 0, 0},
    .name = "ellipsis",
    .basic_size = sizeof(sp_object),
    .tp_new = singleton_new,
    .repr = ellipsis_repr,
    .hash = singleton_hash,
};

int sp_none_init(void)
{
    sp_gc_make_static(&sp_None_obj);
    sp_gc_make_static(&sp_NotImplemented_obj);
    sp_gc_make_static(&sp_Ellipsis_obj);
    if (sp_type_ready(&sp_type_none, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_notimplemented, NULL, NULL) < 0 ||
        sp_type_ready(&sp_type_ellipsis, NULL, NULL) < 0)
        return -1;
    return 0;
}
