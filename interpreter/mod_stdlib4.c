/*
 * mod_stdlib4.c — abc, contextlib, types, collections.abc, numbers, datetime,
 * pprint, warnings and array.
 *
 * Design overview
 * ---------------
 * None of these is on a hot path, and CPython writes all of them in Python (abc's C
 * accelerator aside), so each is the embedded source interpreter/lib/<name>.py
 * (turned into the C array sp_lib_<name>_py at build time) executed into a fresh
 * module by sp_stdlib_exec. collections.abc is the module `_collections_abc`
 * (as in CPython, whose source renames itself to "collections.abc"), so both
 * import names yield the same object.
 */
#include "mod_stdlib4.h"

#include "code.h"
#include "mod_stdlib.h"
#include "vm.h"

#include <string.h>

extern const char sp_lib_abc_py[];
extern const char sp_lib_contextlib_py[];
extern const char sp_lib_types_py[];
extern const char sp_lib__collections_abc_py[];
extern const char sp_lib_numbers_py[];
extern const char sp_lib_datetime_py[];
extern const char sp_lib_pprint_py[];
extern const char sp_lib_warnings_py[];
extern const char sp_lib_array_py[];

static sp_val module_from_source(const char *name, const char *src, const char *filename)
{
    sp_val m = sp_module_new(name);
    if (!m || sp_stdlib_exec(m, src, filename) < 0) return NULL;
    return m;
}

sp_val sp_abc_module_init(void)
{
    return module_from_source("abc", sp_lib_abc_py, "abc.py");
}

sp_val sp_contextlib_module_init(void)
{
    return module_from_source("contextlib", sp_lib_contextlib_py, "contextlib.py");
}

sp_val sp_types_module_init(void)
{
    return module_from_source("types", sp_lib_types_py, "types.py");
}

sp_val sp_collections_abc_module_init(void)
{
    /* Whichever name is imported first builds the module; the other finds it in
     * sys.modules through sp_import. */
    sp_val name = sp_str_new("_collections_abc", strlen("_collections_abc"));
    if (!name) return NULL;
    if (sp_st.modules) {
        sp_val m = sp_dict_get(sp_st.modules, name);
        if (m) return m;
        m = sp_dict_get_cstr(sp_st.modules, "collections.abc");
        if (m) return m;
    }
    sp_val m =
        module_from_source("_collections_abc", sp_lib__collections_abc_py, "_collections_abc.py");
    if (!m) return NULL;
    if (sp_st.modules && sp_dict_set(sp_st.modules, name, m) < 0) return NULL;
    return m;
}

sp_val sp_array_module_init(void)
{
    return module_from_source("array", sp_lib_array_py, "array.py");
}

sp_val sp_numbers_module_init(void)
{
    return module_from_source("numbers", sp_lib_numbers_py, "numbers.py");
}

sp_val sp_datetime_module_init(void)
{
    return module_from_source("datetime", sp_lib_datetime_py, "datetime.py");
}

sp_val sp_pprint_module_init(void)
{
    return module_from_source("pprint", sp_lib_pprint_py, "pprint.py");
}

/* ---- warnings: where was warn() called from? ------------------------------------------ */

/* Line `lineno` (1-based) of the running program's own source, stripped of
 * surrounding whitespace as linecache-based warning output shows it; None when the
 * file is not the program (library code has no source to show). */
static sp_val program_source_line(sp_val filename, int lineno)
{
    const sp_run_options *o = sp_st.opts;
    if (!o || !o->source || !o->filename || lineno <= 0 || !sp_str_eq_cstr(filename, o->filename))
        return sp_None;
    const char *p = o->source, *end = o->source + o->source_len;
    for (int l = 1; l < lineno; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return sp_None;
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\f'))
        p++;
    while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\f'))
        e--;
    return sp_str_new(p, (size_t)(e - p));
}

/* _caller(depth) -> (filename, lineno, source line or None, module __name__) of
 * the Python frame `depth` levels above the one calling _caller (0 = that frame),
 * or None when the stack is not that deep (warnings' stacklevel). */
static sp_val warnings_caller(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    (void)self;
    int64_t depth = 0;
    static const char *const names[] = {"depth", NULL};
    if (sp_parse_args("_caller", args, nargs, kwnames, "|i", names, &depth) < 0) return NULL;
    sp_frame *f = sp_vm_current;
    for (int64_t i = 0; f && i < depth; i++)
        f = f->back;
    if (!f || depth < 0) return sp_None;
    sp_code *co = f->code;
    size_t idx = f->ip > co->code ? (size_t)(f->ip - co->code) - 1 : 0;
    int line = sp_code_line(co, idx);
    sp_val src = program_source_line(co->filename, line);
    if (!src) return NULL;
    sp_val modname = f->globals ? sp_dict_get_cstr(f->globals, "__name__") : NULL;
    if (!modname) {
        if (sp_err_occurred()) return NULL;
        modname = sp_None;
    }
    return sp_tuple_pack(4, co->filename, sp_small(line), src, modname);
}

static const sp_method_def warnings_functions[] = {
    {"_caller", warnings_caller, 0},
    {NULL, NULL, 0},
};

sp_val sp_warnings_module_init(void)
{
    sp_val m = sp_module_new("warnings");
    if (!m || sp_module_add_functions(m, warnings_functions) < 0 ||
        sp_stdlib_exec(m, sp_lib_warnings_py, "warnings.py") < 0)
        return NULL;
    return m;
}
