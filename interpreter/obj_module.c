/*
 * obj_module.c — module objects, the built-in module registry and import.
 *
 * Design overview
 * ---------------
 * A module is a name plus an attribute dict (sp_module in object.h); attribute
 * access goes through the generic machinery with the dict as the instance dict,
 * with the module-specific AttributeError message. There are no files to import
 * from inside the sandbox: `import x` finds x in sys.modules (sp_st.modules) or
 * builds it from the static registry below, whose init functions each create a
 * fresh module object for the run.
 */
#include "gc.h"
#include "mod_math.h"
#include "mod_stdlib.h"
#include "mod_stdlib2.h"
#include "mod_stdlib3.h"
#include "mod_stdlib4.h"
#include "mod_sys.h"
#include "mod_time.h"
#include "obj_type.h"

#include <string.h>

/* ---- the registry: add a built-in module with one line here ------------------------- */

static const struct {
    const char *name;
    sp_module_init init;
} builtin_modules[] = {
    {"math", sp_math_module_init},
    {"sys", sp_sys_module_init},
    {"time", sp_time_module_init},
    {"collections", sp_collections_module_init},
    {"heapq", sp_heapq_module_init},
    {"bisect", sp_bisect_module_init},
    {"itertools", sp_itertools_module_init},
    {"functools", sp_functools_module_init},
    {"operator", sp_operator_module_init},
    {"random", sp_random_module_init},
    {"string", sp_string_module_init},
    {"copy", sp_copy_module_init},
    {"io", sp_io_module_init},
    {"re", sp_re_module_init},
    {"json", sp_json_module_init},
    {"textwrap", sp_textwrap_module_init},
    {"dataclasses", sp_dataclasses_module_init},
    {"enum", sp_enum_module_init},
    {"typing", sp_typing_module_init},
    {"statistics", sp_statistics_module_init},
    {"fractions", sp_fractions_module_init},
    {"decimal", sp_decimal_module_init},
    {"abc", sp_abc_module_init},
    {"contextlib", sp_contextlib_module_init},
    {"types", sp_types_module_init},
    {"_collections_abc", sp_collections_abc_module_init},
    {"collections.abc", sp_collections_abc_module_init},
    {"numbers", sp_numbers_module_init},
    {"datetime", sp_datetime_module_init},
    {"pprint", sp_pprint_module_init},
    {"warnings", sp_warnings_module_init},
    {"array", sp_array_module_init},
};

#define NMODULES (sizeof builtin_modules / sizeof builtin_modules[0])

/* ---- module objects ----------------------------------------------------------------------- */

static void module_trace(sp_val self)
{
    sp_module *m = (sp_module *)self;
    sp_gc_mark(m->name);
    sp_gc_mark(m->dict);
}

static int module_fill_dict(sp_module *m, sp_val name, sp_val doc)
{
    sp_val d = m->dict;
    if (sp_dict_set_cstr(d, "__name__", name) < 0 || sp_dict_set_cstr(d, "__doc__", doc) < 0 ||
        sp_dict_set_cstr(d, "__package__", sp_None) < 0 ||
        sp_dict_set_cstr(d, "__loader__", sp_None) < 0 ||
        sp_dict_set_cstr(d, "__spec__", sp_None) < 0)
        return -1;
    return 0;
}

static sp_module *module_alloc(sp_type *type, sp_val name)
{
    sp_module *m = sp_gc_new(type, type->basic_size);
    if (!m) return NULL;
    m->name = name;
    m->dict = sp_dict_new();
    if (!m->dict) return NULL;
    return m;
}

sp_val sp_module_new(const char *name)
{
    sp_val n = sp_str_from_cstr(name);
    if (!n) return NULL;
    sp_module *m = module_alloc(&sp_type_module, n);
    if (!m || module_fill_dict(m, n, sp_None) < 0) return NULL;
    return &m->ob;
}

sp_val sp_module_dict(sp_val module)
{
    return ((sp_module *)module)->dict;
}

int sp_module_add(sp_val module, const char *name, sp_val value)
{
    if (!value) return -1; /* lets callers pass a constructor's result directly */
    return sp_dict_set_cstr(((sp_module *)module)->dict, name, value);
}

int sp_module_add_functions(sp_val module, const sp_method_def *defs)
{
    sp_module *m = (sp_module *)module;
    for (; defs->name; defs++) {
        sp_val f = sp_builtin_new(defs, module, m->name);
        if (!f || sp_dict_set_cstr(m->dict, defs->name, f) < 0) return -1;
    }
    return 0;
}

static sp_val module_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_module *m = module_alloc(type, sp_None);
    return m ? &m->ob : NULL;
}

static int module_tp_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const names[] = {"name", "doc", NULL};
    sp_val name = NULL, doc = sp_None;
    if (sp_parse_args("module", args, nargs, kwnames, "U|O", names, &name, &doc) < 0) return -1;
    sp_module *m = (sp_module *)self;
    m->name = name;
    return module_fill_dict(m, name, doc);
}

static sp_val module_display_name(sp_module *m)
{
    sp_val n = sp_dict_get_cstr(m->dict, "__name__");
    if (n && sp_str_check(n)) return n;
    return m->name && sp_str_check(m->name) ? m->name : sp_str_intern("?");
}

static sp_val module_repr(sp_val self)
{
    sp_module *m = (sp_module *)self;
    sp_val name = module_display_name(m);
    sp_val file = sp_dict_get_cstr(m->dict, "__file__");
    if (file && sp_str_check(file)) return sp_str_format("<module %R from %R>", name, file);
    return sp_str_format("<module %R (built-in)>", name);
}

static sp_val module_getattr(sp_val self, sp_val name)
{
    sp_val r = sp_generic_getattr(self, name);
    if (r || !sp_err_matches(&sp_exc_AttributeError)) return r;
    sp_module *m = (sp_module *)self;
    sp_val hook = sp_dict_get_cstr(m->dict, "__getattr__"); /* PEP 562 */
    if (hook) {
        sp_err_clear();
        return sp_call1(hook, name);
    }
    sp_err_clear();
    return sp_err_set(&sp_exc_AttributeError, "module %R has no attribute '%U'",
                      module_display_name(m), name);
}

static sp_val module_dir(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_val l = sp_list_new(0);
    sp_val d = ((sp_module *)self)->dict;
    size_t pos = 0;
    sp_val k, v;
    if (!l) return NULL;
    while (sp_dict_next(d, &pos, &k, &v))
        if (sp_list_append(l, k) < 0) return NULL;
    return l;
}

static const sp_method_def module_methods[] = {
    {"__dir__", module_dir, 0},
    {NULL, NULL, 0},
};

sp_type sp_type_module = {
    .ob = {&sp_type_type, 0, 0},
    .name = "module",
    .flags = SP_TF_BASETYPE,
    .basic_size = sizeof(sp_module),
    .dict_offset = offsetof(sp_module, dict),
    .trace = module_trace,
    .tp_new = module_tp_new,
    .tp_init = module_tp_init,
    .repr = module_repr,
    .getattr = module_getattr,
};

static const sp_getset_def module_getsets[] = {
    {"__dict__", sp_object_get_dict, NULL},
    {NULL, NULL, NULL},
};

int sp_module_type_init(void)
{
    return sp_type_ready(&sp_type_module, module_methods, module_getsets);
}

/* ---- import ---------------------------------------------------------------------------------- */

static int ensure_modules_dict(void)
{
    if (!sp_st.modules && !(sp_st.modules = sp_dict_new())) return -1;
    return 0;
}

sp_val sp_module_find_builtin(const char *name)
{
    for (size_t i = 0; i < NMODULES; i++) {
        if (strcmp(builtin_modules[i].name, name) != 0) continue;
        if (ensure_modules_dict() < 0) return NULL;
        sp_val m = sp_dict_get_cstr(sp_st.modules, name);
        if (m) return m; /* the init registered it itself (sys does) */
        m = builtin_modules[i].init();
        if (!m || sp_dict_set_cstr(sp_st.modules, name, m) < 0) return NULL;
        return m;
    }
    return NULL;
}

/* True when some registered built-in is `pkg.<child>`: pkg then acts as a package. */
static bool has_builtin_submodules(const char *pkg)
{
    size_t n = strlen(pkg);
    for (size_t i = 0; i < NMODULES; i++)
        if (strncmp(builtin_modules[i].name, pkg, n) == 0 && builtin_modules[i].name[n] == '.')
            return true;
    return false;
}

static void *module_not_found(sp_val name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sp_val msg = sp_str_vformat(fmt, ap);
    va_end(ap);
    if (!msg) return NULL;
    sp_val e = sp_exc_new(&sp_exc_ModuleNotFoundError, &msg, 1);
    if (!e) return NULL;
    sp_val d = ((sp_exc *)e)->dict;
    if (d && sp_dict_set_cstr(d, "name", name) < 0) return NULL;
    return sp_err_set_value(e);
}

sp_val sp_import(sp_val name)
{
    if (!sp_str_check(name))
        return sp_err_set(&sp_exc_TypeError, "module name must be str, not %s", sp_type_name(name));
    if (ensure_modules_dict() < 0) return NULL;
    sp_val m = sp_dict_get(sp_st.modules, name);
    if (m) return m;
    if (sp_err_occurred()) return NULL;
    const char *s = sp_str_cstr(name);
    const char *dot = strchr(s, '.');
    if (dot) {
        sp_val top = sp_str_new(s, (size_t)(dot - s));
        sp_val parent = top ? sp_import(top) : NULL;
        if (!parent) return NULL;
        /* A dotted built-in (collections.abc) is registered under its full name and
         * becomes an attribute of its parent, as a real submodule import would. */
        m = sp_module_find_builtin(s);
        if (m) {
            sp_val last = sp_str_new(strrchr(s, '.') + 1, strlen(strrchr(s, '.') + 1));
            if (!last || sp_setattr(parent, last, m) < 0) return NULL;
            return m;
        }
        if (sp_err_occurred()) return NULL;
        if (has_builtin_submodules(sp_str_cstr(top)))
            return module_not_found(name, "No module named %R", name);
        return module_not_found(name, "No module named %R; %R is not a package", name, top);
    }
    m = sp_module_find_builtin(s);
    if (m || sp_err_occurred()) return m;
    return module_not_found(name, "No module named %R", name);
}
