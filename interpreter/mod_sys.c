/*
 * mod_sys.c — the `sys` module.
 *
 * Design overview
 * ---------------
 * sys is mostly data: the run's argv and streams, version numbers, limits. The
 * few functions either read/write interpreter state (recursion limit, the int
 * digit limit owned by obj_int.c) or raise (exit). The module object is created
 * per run by sp_sys_init() and also handed out by the built-in module registry.
 *
 * Struct sequences (version_info, float_info, int_info) are tuple subclasses that
 * answer attribute lookups for their field names; their types keep the field list
 * in sp_type.extra. sys.implementation is a SimpleNamespace-like object.
 *
 * Invariants
 *  1. A struct-sequence instance has exactly as many items as its type has fields.
 *  2. sp_st.sys_module is the module registered as sys.modules['sys'].
 */
#include "mod_sys.h"

#include <assert.h>
#include <float.h>
#include <stddef.h>
#include <string.h>

#include "gc.h"
#include "io.h"
#include "obj_int.h"
#include "obj_str.h"
#include "obj_type.h"

#define SP_SYS_VERSION "3.11.2 (Sandpiper)"

/* ---- struct sequences ------------------------------------------------------------ */

static const char *const *seq_fields(sp_type *t)
{
    while (t && !t->extra)
        t = t->base;
    return t ? (const char *const *)t->extra : NULL;
}

static sp_val structseq_getattr(sp_val self, sp_val name)
{
    const char *const *f = seq_fields(sp_typeof(self));
    for (size_t i = 0; f && f[i]; i++)
        if (sp_str_eq_cstr(name, f[i])) return ((sp_tuple *)self)->items[i];
    return sp_generic_getattr(self, name);
}

static int structseq_setattr(sp_val self, sp_val name, sp_val value)
{
    sp_err_set(&sp_exc_AttributeError, "readonly attribute");
    return -1;
}

static sp_val structseq_repr(sp_val self)
{
    sp_type *t = sp_typeof(self);
    const char *const *f = seq_fields(t);
    sp_tuple *tu = (sp_tuple *)self;
    sp_buf b;
    sp_buf_init(&b);
    if (t->module_name) {
        sp_buf_append_val_str(&b, t->module_name);
        sp_buf_append_char(&b, '.');
    }
    sp_buf_append_cstr(&b, t->name);
    sp_buf_append_char(&b, '(');
    for (size_t i = 0; i < tu->len && f && f[i]; i++) {
        sp_val r = sp_repr(tu->items[i]);
        if (!r) {
            sp_buf_free(&b);
            return NULL;
        }
        if (i) sp_buf_append_cstr(&b, ", ");
        sp_buf_append_cstr(&b, f[i]);
        sp_buf_append_char(&b, '=');
        if (sp_buf_append_val_str(&b, r) < 0) {
            sp_buf_free(&b);
            return NULL;
        }
    }
    if (sp_buf_append_char(&b, ')') < 0) {
        sp_buf_free(&b);
        return NULL;
    }
    return sp_buf_to_str(&b);
}

int sp_structseq_ready(sp_type *type, const char *module, const char *name,
                       const char *const *fields)
{
    const sp_type *tuple = &sp_type_tuple;
    type->ob.type = &sp_type_type;
    type->name = name;
    type->base = &sp_type_tuple;
    type->flags = SP_TF_TUPLE_SUB;
    type->basic_size = tuple->basic_size;
    type->extra = (void *)fields;
    /* Behave as a tuple for everything but attributes and repr. */
    type->trace = tuple->trace;
    type->finalize = tuple->finalize;
    type->hash = tuple->hash;
    type->richcompare = tuple->richcompare;
    type->truthy = tuple->truthy;
    type->iter = tuple->iter;
    type->len = tuple->len;
    type->getitem = tuple->getitem;
    type->contains = tuple->contains;
    memcpy(type->binop, tuple->binop, sizeof type->binop);
    type->repr = structseq_repr;
    type->str = NULL;
    type->getattr = structseq_getattr;
    type->setattr = structseq_setattr;
    if (sp_type_ready(type, NULL, NULL) < 0) return -1;
    type->module_name = sp_str_intern(module);
    return 0;
}

sp_val sp_structseq_new(sp_type *type, sp_val const *items)
{
    const char *const *f = seq_fields(type);
    size_t n = 0;
    while (f[n])
        n++;
    sp_val t = sp_tuple_new(n);
    if (!t) return NULL;
    memcpy(((sp_tuple *)t)->items, items, n * sizeof(sp_val));
    t->type = type;
    return t;
}

/* ---- a SimpleNamespace for sys.implementation ----------------------------------- */

typedef struct namespace_obj {
    sp_object ob;
    sp_val dict;
} namespace_obj;

static void namespace_trace(sp_val self)
{
    sp_gc_mark(((namespace_obj *)self)->dict);
}

static sp_val namespace_repr(sp_val self)
{
    sp_buf b;
    sp_buf_init(&b);
    sp_buf_append_cstr(&b, "namespace(");
    size_t pos = 0;
    sp_val k, v;
    bool first = true;
    while (sp_dict_next(((namespace_obj *)self)->dict, &pos, &k, &v)) {
        sp_val r = sp_repr(v);
        if (!r) {
            sp_buf_free(&b);
            return NULL;
        }
        if (!first) sp_buf_append_cstr(&b, ", ");
        first = false;
        sp_buf_append_val_str(&b, k);
        sp_buf_append_char(&b, '=');
        sp_buf_append_val_str(&b, r);
    }
    if (sp_buf_append_char(&b, ')') < 0) {
        sp_buf_free(&b);
        return NULL;
    }
    return sp_buf_to_str(&b);
}

static sp_type namespace_type = {
    .ob = {.type = &sp_type_type},
    .name = "SimpleNamespace",
    .base = &sp_type_object,
    .basic_size = sizeof(namespace_obj),
    .dict_offset = offsetof(namespace_obj, dict),
    .trace = namespace_trace,
    .repr = namespace_repr,
    .getattr = sp_generic_getattr,
    .setattr = sp_generic_setattr,
};

static sp_val namespace_new(void)
{
    namespace_obj *ns = sp_gc_new(&namespace_type, sizeof(namespace_obj));
    if (!ns || !(ns->dict = sp_dict_new())) return NULL;
    return (sp_val)ns;
}

/* ---- functions ---------------------------------------------------------------------- */

static sp_val sys_exit(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("exit", kwnames) < 0) return NULL;
    if (nargs > 1)
        return sp_err_set(&sp_exc_TypeError, "exit expected at most 1 argument, got %d",
                          (int)nargs);
    sp_val exc = sp_exc_new(&sp_exc_SystemExit, args, nargs);
    return exc ? sp_err_set_value(exc) : NULL;
}

static sp_val sys_getrecursionlimit(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("getrecursionlimit", kwnames) < 0) return NULL;
    if (nargs)
        return sp_err_set(&sp_exc_TypeError,
                          "sys.getrecursionlimit() takes no arguments (%d given)", (int)nargs);
    return sp_small(sp_st.recursion_limit);
}

/* One C int argument via __index__ (a float is refused, as in CPython). */
static int int_arg(sp_val v, int64_t *out)
{
    bool overflow = false;
    int64_t i = sp_index(v, &overflow);
    if (i == -1 && sp_err_occurred()) return -1;
    if (overflow || i > INT32_MAX || i < INT32_MIN) {
        sp_err_set(&sp_exc_OverflowError, "Python int too large to convert to C int");
        return -1;
    }
    *out = i;
    return 0;
}

static sp_val sys_setrecursionlimit(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    int64_t n;
    if (sp_no_kwargs("setrecursionlimit", kwnames) < 0) return NULL;
    if (nargs != 1)
        return sp_err_set(&sp_exc_TypeError,
                          "sys.setrecursionlimit() takes exactly one argument (%d given)",
                          (int)nargs);
    if (int_arg(args[0], &n) < 0) return NULL;
    if (n < 1)
        return sp_err_set(&sp_exc_ValueError, "recursion limit must be greater or equal than 1");
    if (n <= sp_st.depth)
        return sp_err_set(&sp_exc_RecursionError,
                          "cannot set the recursion limit to %d at the recursion depth %d: "
                          "the limit is too low",
                          (int)n, sp_st.depth);
    sp_st.recursion_limit = (int)n;
    return sp_None;
}

static sp_val sys_get_int_max_str_digits(sp_val self, sp_val const *args, size_t nargs,
                                         sp_val kwnames)
{
    if (sp_check_nargs("get_int_max_str_digits", nargs, 0, 0) < 0 ||
        sp_no_kwargs("get_int_max_str_digits", kwnames) < 0)
        return NULL;
    return sp_int_from_i64(sp_int_max_str_digits);
}

static sp_val sys_set_int_max_str_digits(sp_val self, sp_val const *args, size_t nargs,
                                         sp_val kwnames)
{
    static const char *const names[] = {"maxdigits", NULL};
    sp_val v = NULL;
    if (sp_parse_args("set_int_max_str_digits", args, nargs, kwnames, "O", names, &v) < 0)
        return NULL;
    int64_t n;
    if (int_arg(v, &n) < 0) return NULL;
    if (n != 0 && n < SP_INT_MAX_STR_DIGITS_THRESHOLD)
        return sp_err_set(&sp_exc_ValueError, "maxdigits must be 0 or larger than %d",
                          SP_INT_MAX_STR_DIGITS_THRESHOLD);
    sp_int_max_str_digits = n;
    return sp_None;
}

static sp_val sys_intern(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("intern", kwnames) < 0) return NULL;
    if (nargs != 1)
        return sp_err_set(&sp_exc_TypeError, "sys.intern() takes exactly one argument (%d given)",
                          (int)nargs);
    if (sp_is_small(args[0]) || args[0]->type != &sp_type_str)
        return sp_err_set(&sp_exc_TypeError, "intern() argument must be str, not %T", args[0]);
    return sp_str_intern_val(args[0]);
}

static sp_val sys_exc_info(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("exc_info", kwnames) < 0) return NULL;
    if (nargs)
        return sp_err_set(&sp_exc_TypeError, "sys.exc_info() takes no arguments (%d given)",
                          (int)nargs);
    sp_val e = sp_st.handled_exc;
    if (!e || e == sp_None) return sp_tuple_pack(3, sp_None, sp_None, sp_None);
    sp_val tb = ((sp_exc *)e)->traceback;
    return sp_tuple_pack(3, (sp_val)sp_typeof(e), e, tb ? tb : sp_None);
}

static sp_val sys_exception(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("exception", kwnames) < 0) return NULL;
    if (nargs)
        return sp_err_set(&sp_exc_TypeError, "sys.exception() takes no arguments (%d given)",
                          (int)nargs);
    return sp_st.handled_exc ? sp_st.handled_exc : sp_None;
}

/* Sizes CPython 3.11 reports on 64-bit Linux, for the common types; a rough
 * header-plus-payload estimate for everything else. */
static int64_t approx_sizeof(sp_val v)
{
    sp_type *t = sp_typeof(v);
    if (t == &sp_type_int) {
        if (sp_is_small(v) && sp_small_value(v) == 0) return 28;
        uint64_t bits = sp_int_bit_length(v);
        return 24 + 4 * (int64_t)((bits + 29) / 30);
    }
    if (t == &sp_type_bool) return 28;
    if (t == &sp_type_float) return 24;
    if (t == &sp_type_complex) return 32;
    if (v == sp_None) return 16;
    if (t == &sp_type_str) {
        sp_str *s = (sp_str *)v;
        if (s->ob.aux & SP_STR_ASCII) return 49 + (int64_t)s->len;
        /* Compact unicode: kind by the widest code point. */
        uint32_t maxcp = 0;
        for (size_t i = 0; i < s->len; i++) {
            uint32_t cp = sp_str_cp_at(v, i);
            if (cp > maxcp) maxcp = cp;
        }
        int kind = maxcp < 256 ? 1 : maxcp < 65536 ? 2 : 4;
        return (kind == 1 ? 73 : 74) + (int64_t)s->len * kind + (kind == 4 ? 2 : 0);
    }
    if (t == &sp_type_tuple) return 40 + 8 * (int64_t)((sp_tuple *)v)->len;
    if (t == &sp_type_list) return 56 + 8 * (int64_t)((sp_list *)v)->cap;
    if (t == &sp_type_dict) {
        /* 3.11 layout: object + GC header 64, keys header 32, byte indices, entries of
         * 16 (all-str keys) or 24 bytes for the usable 2/3 of the table. */
        size_t n = ((sp_dict *)v)->len;
        if (n == 0) return 64;
        int64_t cap = 8;
        while (cap * 2 / 3 < (int64_t)n)
            cap *= 2;
        int64_t ib = cap <= 128 ? 1 : cap <= 32768 ? 2 : cap <= ((int64_t)1 << 31) ? 4 : 8;
        bool str_keys = true;
        size_t pos = 0;
        sp_val k, val;
        while (str_keys && sp_dict_next(v, &pos, &k, &val))
            str_keys = sp_str_check(k);
        return 64 + 32 + cap * ib + cap * 2 / 3 * (str_keys ? 16 : 24);
    }
    if (t == &sp_type_set || t == &sp_type_frozenset) {
        /* Replay CPython's growth: resize when fill*5 >= mask*3, to > used*4. */
        int64_t n = sp_len(v), table = 8;
        for (int64_t used = 1; used <= n; used++) {
            if (used * 5 >= (table - 1) * 3) {
                int64_t want = used > 50000 ? used * 2 : used * 4;
                while (table <= want)
                    table *= 2;
            }
        }
        return table == 8 ? 216 : 216 + 16 * table; /* a grown table is a separate block */
    }
    if (t == &sp_type_bytes) return 33 + (int64_t)((sp_bytes *)v)->len;
    if (t == &sp_type_range) return 48;
    return t->basic_size ? (int64_t)t->basic_size + 16 : 56;
}

static sp_val sys_getsizeof(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const names[] = {"object", "default", NULL};
    sp_val obj = NULL, dflt = NULL;
    if (sp_parse_args("getsizeof", args, nargs, kwnames, "O|O", names, &obj, &dflt) < 0)
        return NULL;
    return sp_int_from_i64(approx_sizeof(obj));
}

static sp_val sys_getrefcount(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("getrefcount", kwnames) < 0) return NULL;
    if (nargs != 1)
        return sp_err_set(&sp_exc_TypeError,
                          "sys.getrefcount() takes exactly one argument (%d given)", (int)nargs);
    return sp_small(2); /* no reference counts here: a plausible constant */
}

static sp_val sys_getdefaultencoding(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_str_from_cstr("utf-8");
}

static const sp_method_def sys_functions[] = {
    {"exit", sys_exit, 0},
    {"getrecursionlimit", sys_getrecursionlimit, 0},
    {"setrecursionlimit", sys_setrecursionlimit, 0},
    {"get_int_max_str_digits", sys_get_int_max_str_digits, 0},
    {"set_int_max_str_digits", sys_set_int_max_str_digits, 0},
    {"intern", sys_intern, 0},
    {"exc_info", sys_exc_info, 0},
    {"exception", sys_exception, 0},
    {"getsizeof", sys_getsizeof, 0},
    {"getrefcount", sys_getrefcount, 0},
    {"getdefaultencoding", sys_getdefaultencoding, 0},
    {"getfilesystemencoding", sys_getdefaultencoding, 0},
    {NULL, NULL, 0},
};

/* ---- data --------------------------------------------------------------------------- */

static sp_type version_info_type, float_info_type, int_info_type, flags_type, hash_info_type;

static const char *const flags_fields[] = {"debug",
                                           "inspect",
                                           "interactive",
                                           "optimize",
                                           "dont_write_bytecode",
                                           "no_user_site",
                                           "no_site",
                                           "ignore_environment",
                                           "verbose",
                                           "bytes_warning",
                                           "quiet",
                                           "hash_randomization",
                                           "isolated",
                                           "dev_mode",
                                           "utf8_mode",
                                           "warn_default_encoding",
                                           "safe_path",
                                           "int_max_str_digits",
                                           NULL};
static const char *const hash_info_fields[] = {"width",  "modulus",   "inf",       "nan",
                                               "imag",   "algorithm", "hash_bits", "seed_bits",
                                               "cutoff", NULL};

static const char *const version_info_fields[] = {"major",        "minor",  "micro",
                                                  "releaselevel", "serial", NULL};
static const char *const float_info_fields[] = {"max",     "max_exp",    "max_10_exp", "min",
                                                "min_exp", "min_10_exp", "dig",        "mant_dig",
                                                "epsilon", "radix",      "rounds",     NULL};
static const char *const int_info_fields[] = {
    "bits_per_digit", "sizeof_digit", "default_max_str_digits", "str_digits_check_threshold", NULL};

static sp_val make_version_info(void)
{
    sp_val items[] = {sp_small(3), sp_small(11), sp_small(2), sp_str_intern("final"), sp_small(0)};
    return sp_structseq_new(&version_info_type, items);
}

static sp_val make_float_info(void)
{
    sp_val items[] = {sp_float_new(DBL_MAX),
                      sp_small(DBL_MAX_EXP),
                      sp_small(DBL_MAX_10_EXP),
                      sp_float_new(DBL_MIN),
                      sp_small(DBL_MIN_EXP),
                      sp_small(DBL_MIN_10_EXP),
                      sp_small(DBL_DIG),
                      sp_small(DBL_MANT_DIG),
                      sp_float_new(DBL_EPSILON),
                      sp_small(FLT_RADIX),
                      sp_small(1)};
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        if (!items[i]) return NULL;
    return sp_structseq_new(&float_info_type, items);
}

static sp_val make_int_info(void)
{
    sp_val items[] = {sp_small(30), sp_small(4), sp_small(SP_INT_MAX_STR_DIGITS_DEFAULT),
                      sp_small(SP_INT_MAX_STR_DIGITS_THRESHOLD)};
    return sp_structseq_new(&int_info_type, items);
}

static sp_val make_flags(void)
{
    sp_val items[18];
    for (int i = 0; i < 18; i++)
        items[i] = sp_small(0);
    items[4] = sp_small(1);   /* dont_write_bytecode */
    items[11] = sp_small(1);  /* hash_randomization */
    items[13] = sp_False;     /* dev_mode */
    items[16] = sp_False;     /* safe_path */
    items[17] = sp_small(-1); /* int_max_str_digits: not set on the command line */
    return sp_structseq_new(&flags_type, items);
}

static sp_val make_hash_info(void)
{
    sp_val items[] = {sp_small(64),      sp_int_from_i64(((int64_t)1 << 61) - 1),
                      sp_small(314159),  sp_small(0),
                      sp_small(1000003), sp_str_intern("siphash13"),
                      sp_small(64),      sp_small(128),
                      sp_small(0)};
    return sp_structseq_new(&hash_info_type, items);
}

/* sys.orig_argv: what CPython would show for `python3 FILE ARGS...`. */
static sp_val make_orig_argv(void)
{
    sp_val l = sp_list_new(0);
    if (!l || sp_list_append(l, sp_str_intern("python3")) < 0 || sp_list_extend(l, sp_st.argv) < 0)
        return NULL;
    return l;
}

static sp_val make_implementation(sp_val version_info)
{
    sp_val ns = namespace_new();
    if (!ns) return NULL;
    sp_val d = ((namespace_obj *)ns)->dict;
    if (sp_dict_set_cstr(d, "name", sp_str_intern("sandpiper")) < 0 ||
        sp_dict_set_cstr(d, "cache_tag", sp_None) < 0 ||
        sp_dict_set_cstr(d, "version", version_info) < 0 ||
        sp_dict_set_cstr(d, "hexversion", sp_small(0x030B02F0)) < 0)
        return NULL;
    return ns;
}

static sp_val default_argv(void)
{
    sp_val argv = sp_list_new(0);
    if (!argv) return NULL;
    const sp_run_options *o = sp_st.opts;
    if (o && o->argc > 0 && o->argv) {
        for (int i = 0; i < o->argc; i++) {
            sp_val s = sp_str_from_cstr(o->argv[i] ? o->argv[i] : "");
            if (!s || sp_list_append(argv, s) < 0) return NULL;
        }
    } else {
        sp_val s = sp_str_from_cstr(o && o->filename ? o->filename : "");
        if (!s || sp_list_append(argv, s) < 0) return NULL;
    }
    return argv;
}

static int add(sp_val m, const char *name, sp_val v)
{
    if (!v) return -1;
    return sp_module_add(m, name, v);
}

static sp_val build_sys(void)
{
    if (sp_structseq_ready(&version_info_type, "sys", "version_info", version_info_fields) < 0 ||
        sp_structseq_ready(&float_info_type, "sys", "float_info", float_info_fields) < 0 ||
        sp_structseq_ready(&int_info_type, "sys", "int_info", int_info_fields) < 0 ||
        sp_structseq_ready(&flags_type, "sys", "flags", flags_fields) < 0 ||
        sp_structseq_ready(&hash_info_type, "sys", "hash_info", hash_info_fields) < 0 ||
        sp_type_ready(&namespace_type, NULL, NULL) < 0)
        return NULL;
    namespace_type.module_name = sp_str_intern("types");

    sp_val m = sp_module_new("sys");
    if (!m || sp_module_add_functions(m, sys_functions) < 0) return NULL;
    if (!sp_st.argv && !(sp_st.argv = default_argv())) return NULL;
    if (!sp_st.modules && !(sp_st.modules = sp_dict_new())) return NULL;
    sp_val vi = make_version_info();
    const char *byteorder = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? "little" : "big";
    if (add(m, "argv", sp_st.argv) < 0 || add(m, "orig_argv", make_orig_argv()) < 0 ||
        add(m, "stdin", sp_io_stream(0)) < 0 || add(m, "stdout", sp_io_stream(1)) < 0 ||
        add(m, "stderr", sp_io_stream(2)) < 0 || add(m, "__stdin__", sp_io_stream(0)) < 0 ||
        add(m, "__stdout__", sp_io_stream(1)) < 0 || add(m, "__stderr__", sp_io_stream(2)) < 0 ||
        add(m, "modules", sp_st.modules) < 0 || add(m, "path", sp_list_new(0)) < 0 ||
        add(m, "meta_path", sp_list_new(0)) < 0 ||
        add(m, "version", sp_str_from_cstr(SP_SYS_VERSION)) < 0 || add(m, "version_info", vi) < 0 ||
        add(m, "hexversion", sp_small(0x030B02F0)) < 0 ||
        add(m, "api_version", sp_small(1013)) < 0 ||
        add(m, "implementation", make_implementation(vi)) < 0 ||
        add(m, "platform", sp_str_intern("linux")) < 0 ||
        add(m, "byteorder", sp_str_intern(byteorder)) < 0 ||
        add(m, "maxsize", sp_int_from_i64(INT64_MAX)) < 0 ||
        add(m, "maxunicode", sp_small(0x10FFFF)) < 0 ||
        add(m, "float_info", make_float_info()) < 0 || add(m, "int_info", make_int_info()) < 0 ||
        add(m, "flags", make_flags()) < 0 || add(m, "hash_info", make_hash_info()) < 0 ||
        add(m, "float_repr_style", sp_str_intern("short")) < 0 ||
        add(m, "executable", sp_str_intern("")) < 0 || add(m, "prefix", sp_str_intern("")) < 0 ||
        add(m, "exec_prefix", sp_str_intern("")) < 0 ||
        add(m, "dont_write_bytecode", sp_True) < 0 ||
        add(m, "copyright", sp_str_intern("Sandpiper: an embedded Python 3.11 interpreter")) < 0 ||
        add(m, "builtin_module_names",
            sp_tuple_pack(2, sp_str_intern("builtins"), sp_str_intern("sys"))) < 0)
        return NULL;
    return m;
}

int sp_sys_init(void)
{
    sp_val m = build_sys();
    if (!m) return -1;
    sp_st.sys_module = m;
    return sp_dict_set_cstr(sp_st.modules, "sys", m);
}

sp_val sp_sys_module_init(void)
{
    if (sp_st.sys_module) return sp_st.sys_module;
    return sp_sys_init() < 0 ? NULL : sp_st.sys_module;
}
