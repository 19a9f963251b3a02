/*
 * obj_func.c — function objects, bound methods, cells and generator objects.
 *
 * Design overview
 * ---------------
 * These are thin data types; the behaviour that needs the dispatch loop (calling a
 * function, resuming a generator) lives in vm.c. A function binds a code object to
 * its globals, defaults and closure; reading it through an instance (descr_get)
 * yields a bound method, which prepends `self` when called.
 */
#include <string.h>

#include "gc.h"
#include "obj_dict.h"
#include "vm.h"

/* ---- functions ------------------------------------------------------------------ */

/* The interned "__name__", read from the globals at every function creation (a def
 * or lambda run in a loop: interning it each time cost more than the lookup). Tagged
 * with the run whose intern table holds it. */
SP_RUN_STATE static sp_val name_key;
SP_RUN_STATE static uint64_t name_key_run;

static sp_val module_name_of(sp_val globals)
{
    if (!name_key || name_key_run != sp_gc_run_id()) {
        name_key = sp_str_intern("__name__");
        name_key_run = sp_gc_run_id();
        if (!name_key) return NULL;
    }
    return sp_dict_get_item(globals, name_key);
}

sp_val sp_func_new(sp_val code, sp_val globals, sp_val qualname)
{
    sp_function *f = sp_gc_new(&sp_type_function, sizeof(sp_function));
    if (!f) return NULL;
    sp_code *co = (sp_code *)code;
    f->code = code;
    f->globals = globals;
    f->builtins = sp_st.builtins;
    f->name = co->name;
    f->qualname = qualname ? qualname : co->qualname;
    f->doc = co->docstring;
    sp_val mod = module_name_of(globals);
    f->module = mod;
    return (sp_val)f;
}

static void func_trace(sp_val self)
{
    sp_function *f = (sp_function *)self;
    sp_gc_mark(f->code);
    sp_gc_mark(f->globals);
    sp_gc_mark(f->builtins);
    sp_gc_mark(f->name);
    sp_gc_mark(f->qualname);
    sp_gc_mark(f->doc);
    sp_gc_mark(f->defaults);
    sp_gc_mark(f->kwdefaults);
    sp_gc_mark(f->closure);
    sp_gc_mark(f->dict);
    sp_gc_mark(f->module);
    sp_gc_mark(f->annotations);
}

static sp_val func_repr(sp_val self)
{
    sp_function *f = (sp_function *)self;
    return sp_str_format("<function %S at %p>", f->qualname, (void *)f);
}

static sp_val func_descr_get(sp_val descr, sp_val obj, sp_val type)
{
    if (!obj || obj == sp_None) return descr;
    return sp_method_new(descr, obj);
}

static sp_val opt(sp_val v)
{
    return v ? v : sp_None;
}
static sp_val func_get_name(sp_val s)
{
    return ((sp_function *)s)->name;
}
static sp_val func_get_qualname(sp_val s)
{
    return ((sp_function *)s)->qualname;
}
static sp_val func_get_doc(sp_val s)
{
    return opt(((sp_function *)s)->doc);
}
static sp_val func_get_defaults(sp_val s)
{
    return opt(((sp_function *)s)->defaults);
}
static sp_val func_get_kwdefaults(sp_val s)
{
    return opt(((sp_function *)s)->kwdefaults);
}
static sp_val func_get_code(sp_val s)
{
    return ((sp_function *)s)->code;
}
static sp_val func_get_closure(sp_val s)
{
    return opt(((sp_function *)s)->closure);
}
static sp_val func_get_module(sp_val s)
{
    return opt(((sp_function *)s)->module);
}
static sp_val func_get_globals(sp_val s)
{
    return ((sp_function *)s)->globals;
}
static sp_val func_get_annotations(sp_val s)
{
    sp_function *f = (sp_function *)s;
    if (!f->annotations) f->annotations = sp_dict_new();
    return f->annotations;
}
static sp_val func_get_dict(sp_val s)
{
    sp_function *f = (sp_function *)s;
    if (!f->dict) f->dict = sp_dict_new();
    return f->dict;
}

static int set_str_attr(sp_val *slot, sp_val v, const char *what)
{
    if (!v || !sp_str_check(v)) {
        sp_err_set(&sp_exc_TypeError, "%s must be set to a string object", what);
        return -1;
    }
    *slot = v;
    return 0;
}
static int func_set_name(sp_val s, sp_val v)
{
    return set_str_attr(&((sp_function *)s)->name, v, "__name__");
}
static int func_set_qualname(sp_val s, sp_val v)
{
    return set_str_attr(&((sp_function *)s)->qualname, v, "__qualname__");
}
static int func_set_doc(sp_val s, sp_val v)
{
    ((sp_function *)s)->doc = v == sp_None ? NULL : v;
    return 0;
}
static int func_set_module(sp_val s, sp_val v)
{
    ((sp_function *)s)->module = v;
    return 0;
}
static int func_set_defaults(sp_val s, sp_val v)
{
    if (v && v != sp_None && sp_typeof(v) != &sp_type_tuple) {
        sp_err_set(&sp_exc_TypeError, "__defaults__ must be set to a tuple object");
        return -1;
    }
    ((sp_function *)s)->defaults = (v == sp_None) ? NULL : v;
    return 0;
}
static int func_set_kwdefaults(sp_val s, sp_val v)
{
    ((sp_function *)s)->kwdefaults = (v == sp_None) ? NULL : v;
    return 0;
}
static int func_set_annotations(sp_val s, sp_val v)
{
    ((sp_function *)s)->annotations = v;
    return 0;
}
static int func_set_dict(sp_val s, sp_val v)
{
    if (!v || sp_typeof(v) != &sp_type_dict) {
        sp_err_set(&sp_exc_TypeError, "__dict__ must be set to a dictionary, not a '%T'",
                   v ? v : sp_None);
        return -1;
    }
    ((sp_function *)s)->dict = v;
    return 0;
}

static const sp_getset_def func_getsets[] = {
    {"__name__", func_get_name, func_set_name},
    {"__qualname__", func_get_qualname, func_set_qualname},
    {"__doc__", func_get_doc, func_set_doc},
    {"__defaults__", func_get_defaults, func_set_defaults},
    {"__kwdefaults__", func_get_kwdefaults, func_set_kwdefaults},
    {"__code__", func_get_code, NULL},
    {"__closure__", func_get_closure, NULL},
    {"__module__", func_get_module, func_set_module},
    {"__globals__", func_get_globals, NULL},
    {"__annotations__", func_get_annotations, func_set_annotations},
    {"__dict__", func_get_dict, func_set_dict},
    {NULL, NULL, NULL},
};

static sp_val func_get___get__(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_check_nargs("__get__", nargs, 1, 2) < 0) return NULL;
    return func_descr_get(self, args[0], nargs > 1 ? args[1] : NULL);
}

static const sp_method_def func_methods[] = {
    {"__get__", func_get___get__, 0},
    {NULL, NULL, 0},
};

sp_type sp_type_function = {
    .name = "function",
    .basic_size = sizeof(sp_function),
    .dict_offset = offsetof(sp_function, dict),
    .trace = func_trace,
    .repr = func_repr,
    .call = sp_func_call,
    .descr_get = func_descr_get,
    .getattr = sp_generic_getattr,
    .setattr = sp_generic_setattr,
};

/* ---- bound methods ------------------------------------------------------------------- */

sp_val sp_method_new(sp_val func, sp_val self)
{
    sp_method *m = sp_gc_new(&sp_type_method, sizeof(sp_method));
    if (!m) return NULL;
    m->func = func;
    m->self = self;
    return (sp_val)m;
}

static void method_trace(sp_val self)
{
    sp_gc_mark(((sp_method *)self)->func);
    sp_gc_mark(((sp_method *)self)->self);
}

static sp_val method_call(sp_val callable, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_method *m = (sp_method *)callable;
    size_t nkw = kwnames ? ((sp_tuple *)kwnames)->len : 0;
    size_t total = nargs + nkw + 1;
    sp_val small[8];
    sp_val *buf = total <= 8 ? small : sp_mem_alloc(total * sizeof(sp_val));
    if (!buf) return NULL;
    buf[0] = m->self;
    if (nargs + nkw) /* args may be NULL when empty; memcpy(NULL) is UB */
        memcpy(buf + 1, args, (nargs + nkw) * sizeof(sp_val));
    sp_val r = sp_call(m->func, buf, nargs + 1, kwnames);
    if (buf != small) sp_mem_free(buf, total * sizeof(sp_val));
    return r;
}

static sp_val method_repr(sp_val self)
{
    sp_method *m = (sp_method *)self;
    sp_val name = sp_getattr_opt(m->func, sp_str_intern("__qualname__"));
    if (!name) {
        if (sp_err_occurred()) return NULL;
        name = sp_str_intern("?");
    }
    sp_val r = sp_repr(m->self);
    if (!r) return NULL;
    return sp_str_format("<bound method %S of %S>", name, r);
}

static sp_val method_getattr(sp_val self, sp_val name)
{
    sp_method *m = (sp_method *)self;
    if (sp_str_eq_cstr(name, "__func__")) return m->func;
    if (sp_str_eq_cstr(name, "__self__")) return m->self;
    sp_val v = sp_generic_getattr(self, name);
    if (v || !sp_err_matches(&sp_exc_AttributeError)) return v;
    sp_err_clear();
    return sp_getattr(m->func, name);
}

static sp_val method_richcompare(sp_val a, sp_val b, sp_cmpop op)
{
    if ((op != SP_CMP_EQ && op != SP_CMP_NE) || sp_typeof(b) != &sp_type_method)
        return sp_NotImplemented;
    sp_method *x = (sp_method *)a, *y = (sp_method *)b;
    bool eq = x->self == y->self;
    if (eq) {
        int r = sp_eq(x->func, y->func);
        if (r < 0) return NULL;
        eq = r;
    }
    return sp_bool(op == SP_CMP_EQ ? eq : !eq);
}

static int method_hash(sp_val self, int64_t *out)
{
    int64_t h1, h2;
    if (sp_hash(((sp_method *)self)->func, &h1) < 0) return -1;
    h2 = (int64_t)(uintptr_t)((sp_method *)self)->self >> 4;
    *out = h1 ^ h2;
    if (*out == -1) *out = -2;
    return 0;
}

sp_type sp_type_method = {
    .name = "method",
    .basic_size = sizeof(sp_method),
    .trace = method_trace,
    .repr = method_repr,
    .call = method_call,
    .getattr = method_getattr,
    .richcompare = method_richcompare,
    .hash = method_hash,
};

/* ---- cells ------------------------------------------------------------------------------- */

sp_val sp_cell_new(sp_val v)
{
    sp_cell *c = sp_gc_new(&sp_type_cell, sizeof(sp_cell));
    if (!c) return NULL;
    c->ref = v;
    return (sp_val)c;
}

static void cell_trace(sp_val self)
{
    sp_gc_mark(((sp_cell *)self)->ref);
}

static sp_val cell_repr(sp_val self)
{
    sp_cell *c = (sp_cell *)self;
    if (!c->ref) return sp_str_format("<cell at %p: empty>", (void *)c);
    return sp_str_format("<cell at %p: %s object at %p>", (void *)c, sp_type_name(c->ref),
                         (void *)c->ref);
}

static sp_val cell_get_contents(sp_val self)
{
    sp_cell *c = (sp_cell *)self;
    if (!c->ref) return sp_err_set(&sp_exc_ValueError, "Cell is empty");
    return c->ref;
}

static int cell_set_contents(sp_val self, sp_val v)
{
    ((sp_cell *)self)->ref = v;
    return 0;
}

static const sp_getset_def cell_getsets[] = {
    {"cell_contents", cell_get_contents, cell_set_contents},
    {NULL, NULL, NULL},
};

sp_type sp_type_cell = {
    .name = "cell",
    .basic_size = sizeof(sp_cell),
    .trace = cell_trace,
    .repr = cell_repr,
    .getattr = sp_generic_getattr,
};

/* ---- generators ------------------------------------------------------------------------------ */

static void gen_trace(sp_val self)
{
    sp_generator *g = (sp_generator *)self;
    sp_gc_mark(g->name);
    sp_gc_mark(g->qualname);
    sp_gc_mark(g->code);
    sp_gc_mark(g->handled_exc);
    sp_frame *f = g->frame;
    if (f && !g->running) {
        /* a running generator's frame is on the VM chain and traced there */
        sp_gc_mark((sp_val)f->code);
        sp_gc_mark(f->func);
        sp_gc_mark(f->globals);
        sp_gc_mark(f->builtins);
        sp_gc_mark(f->locals_dict);
        sp_code *co = f->code;
        size_t nslots = (size_t)(co->nlocals + co->ncells + co->nfree);
        sp_gc_mark_array(f->slots, nslots);
        if (f->sp > f->stack_base) sp_gc_mark_array(f->stack_base, (size_t)(f->sp - f->stack_base));
    }
}

static void gen_finalize(sp_val self)
{
    sp_generator *g = (sp_generator *)self;
    if (g->frame) {
        sp_mem_free(g->frame, g->frame->alloc_size);
        g->frame = NULL;
    }
}

static sp_val gen_repr(sp_val self)
{
    sp_generator *g = (sp_generator *)self;
    return sp_str_format("<generator object %S at %p>", g->qualname, (void *)g);
}

static sp_val gen_iter(sp_val self)
{
    return self;
}

static sp_val gen_iternext(sp_val self)
{
    return sp_gen_next_sink(self, NULL, NULL);
}

/* A yielded value, or StopIteration(value) for a return. */
static sp_val gen_result(sp_val r, bool done)
{
    if (!r || !done) return r;
    if (r == sp_None) return sp_err_set_value(sp_exc_new(&sp_exc_StopIteration, NULL, 0));
    sp_val exc = sp_exc_new(&sp_exc_StopIteration, &r, 1);
    if (!exc) return NULL;
    return sp_err_set_value(exc);
}

static sp_val gen_send(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_check_nargs("send", nargs, 1, 1) < 0) return NULL;
    bool done;
    sp_val r = sp_gen_resume((sp_generator *)self, args[0], NULL, &done);
    return gen_result(r, done);
}

static sp_val gen_throw(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_check_nargs("throw", nargs, 1, 3) < 0) return NULL;
    sp_val exc = args[0];
    if (sp_typeof(exc) == &sp_type_type || sp_is_subtype(sp_typeof(exc), &sp_type_type)) {
        if (!(((sp_type *)exc)->flags & SP_TF_EXC_SUB) && (sp_type *)exc != &sp_exc_BaseException)
            return sp_err_set(
                &sp_exc_TypeError,
                "exceptions must be classes or instances deriving from BaseException, not type");
        /* As CPython's exception normalisation: an instance of the class is used as is, a
           tuple is the argument list, anything else is the single argument. */
        sp_val a = nargs > 1 && args[1] != sp_None ? args[1] : NULL;
        if (a && sp_isinstance(a, (sp_type *)exc))
            exc = a;
        else if (a && sp_typeof(a) == &sp_type_tuple)
            exc = sp_call(exc, ((sp_tuple *)a)->items, ((sp_tuple *)a)->len, NULL);
        else
            exc = a ? sp_call1(exc, a) : sp_call0(exc);
        if (!exc) return NULL;
    } else if (!sp_isinstance(exc, &sp_exc_BaseException)) {
        return sp_err_set(
            &sp_exc_TypeError,
            "exceptions must be classes or instances deriving from BaseException, not %T", exc);
    }
    bool done;
    sp_val r = sp_gen_resume((sp_generator *)self, NULL, exc, &done);
    return gen_result(r, done);
}

static sp_val gen_close_m(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_check_nargs("close", nargs, 0, 0) < 0) return NULL;
    return sp_gen_close((sp_generator *)self);
}

static const sp_method_def gen_methods[] = {
    {"send", gen_send, 0},
    {"throw", gen_throw, 0},
    {"close", gen_close_m, 0},
    {NULL, NULL, 0},
};

static sp_val gen_get_name(sp_val s)
{
    return ((sp_generator *)s)->name;
}
static sp_val gen_get_qualname(sp_val s)
{
    return ((sp_generator *)s)->qualname;
}
static sp_val gen_get_code(sp_val s)
{
    return ((sp_generator *)s)->code;
}
static sp_val gen_get_running(sp_val s)
{
    return sp_bool(((sp_generator *)s)->running);
}
static sp_val gen_get_suspended(sp_val s)
{
    sp_generator *g = (sp_generator *)s;
    return sp_bool(g->frame && !g->running && g->frame->ip != g->frame->code->code);
}
static sp_val gen_get_yieldfrom(sp_val s)
{
    sp_generator *g = (sp_generator *)s;
    sp_frame *f = g->frame;
    if (f && !g->running && f->ip->op == SP_YIELD_FROM && f->sp > f->stack_base) return f->sp[-1];
    return sp_None;
}

/* gi_frame: CPython hands out the live frame object. We have no frame objects, so
 * this is a small view that reads the suspended generator's frame on demand
 * (f_lineno, f_code, f_globals); it stays valid because it keeps the generator. */
typedef struct gen_frame_view {
    sp_object ob;
    sp_val gen; /* the sp_generator viewed */
} gen_frame_view;

static void frame_view_trace(sp_val self)
{
    sp_gc_mark(((gen_frame_view *)self)->gen);
}

static sp_val frame_view_lineno(sp_val self)
{
    sp_generator *g = (sp_generator *)((gen_frame_view *)self)->gen;
    sp_code *co = (sp_code *)g->code;
    sp_frame *f = g->frame;
    /* not started: CPython reports the def line; suspended: the line of the yield */
    if (!f || f->ip <= co->code || (size_t)(f->ip - co->code) > co->ncode)
        return sp_small(co->firstlineno);
    return sp_small(co->pos[f->ip - co->code - 1].line);
}
static sp_val frame_view_code(sp_val self)
{
    return ((sp_generator *)((gen_frame_view *)self)->gen)->code;
}
static sp_val frame_view_globals(sp_val self)
{
    sp_frame *f = ((sp_generator *)((gen_frame_view *)self)->gen)->frame;
    return f && f->globals ? f->globals : sp_None;
}
static sp_val frame_view_back(sp_val self)
{
    (void)self;
    return sp_None;
}

static const sp_getset_def frame_view_getsets[] = {
    {"f_lineno", frame_view_lineno, NULL},
    {"f_code", frame_view_code, NULL},
    {"f_globals", frame_view_globals, NULL},
    {"f_back", frame_view_back, NULL},
    {NULL, NULL, NULL},
};

static sp_type gen_frame_view_type = {
    .name = "frame",
    .basic_size = sizeof(gen_frame_view),
    .trace = frame_view_trace,
    .getattr = sp_generic_getattr,
};

static sp_val gen_get_frame(sp_val s)
{
    sp_generator *g = (sp_generator *)s;
    if (!g->frame) return sp_None;
    gen_frame_view *v = sp_gc_new(&gen_frame_view_type, sizeof(gen_frame_view));
    if (!v) return NULL;
    v->gen = s;
    return (sp_val)v;
}

static const sp_getset_def gen_getsets[] = {
    {"gi_frame", gen_get_frame, NULL},         {"__name__", gen_get_name, NULL},
    {"__qualname__", gen_get_qualname, NULL},  {"gi_code", gen_get_code, NULL},
    {"gi_running", gen_get_running, NULL},     {"gi_suspended", gen_get_suspended, NULL},
    {"gi_yieldfrom", gen_get_yieldfrom, NULL}, {NULL, NULL, NULL},
};

sp_type sp_type_generator = {
    .name = "generator",
    .basic_size = sizeof(sp_generator),
    .trace = gen_trace,
    .finalize = gen_finalize,
    .repr = gen_repr,
    .iter = gen_iter,
    .iternext = gen_iternext,
    .getattr = sp_generic_getattr,
};

void sp_func_init_types(void)
{
    sp_type_ready(&sp_type_function, func_methods, func_getsets);
    sp_type_ready(&sp_type_method, NULL, NULL);
    sp_type_ready(&sp_type_cell, NULL, cell_getsets);
    sp_type_ready(&sp_type_generator, gen_methods, gen_getsets);
    sp_type_ready(&gen_frame_view_type, NULL, frame_view_getsets);
}
