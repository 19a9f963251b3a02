/*
 * obj_exc.c — the built-in exception hierarchy, the error state and message formatting.
 *
 * Design overview
 * ---------------
 * Every exception type is a static sp_type whose instances share the sp_exc layout
 * (object.h). BaseException provides new/init/str/repr/trace; subclasses inherit
 * them through sp_type_ready and override only what differs (KeyError's str,
 * StopIteration.value, SystemExit.code, OSError's errno/strerror/filename,
 * SyntaxError's location, ImportError's name/path). Type-specific attributes other
 * than StopIteration.value and SystemExit.code (kept in sp_exc.extra) live in the
 * instance __dict__, so the generic attribute machinery finds them.
 *
 * The error state is sp_st.exc: sp_err_set* create an instance and store it there,
 * setting __context__ to the exception currently being handled (implicit chaining),
 * as CPython's _PyErr_SetObject does. One MemoryError instance is preallocated at
 * start-up so running out of memory never needs memory.
 *
 * Invariants
 *  1. sp_st.exc is NULL or an instance of BaseException (object.h invariant 5).
 *  2. An exception's __context__ chain has no cycle (chain_context breaks them).
 *  3. The preallocated MemoryError carries no traceback, cause or context when raised.
 */
#include "gc.h"
#include "obj_str.h"
#include "obj_type.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static sp_val prealloc_memory_error; /* rooted; raised by sp_err_no_memory */
static uint64_t prealloc_run;        /* sp_gc_run_id() of the heap it lives in */

#define EXC_OF(v) ((sp_exc *)(v))

/* ---- BaseException ------------------------------------------------------------- */

static void exc_trace(sp_val self)
{
    sp_exc *e = EXC_OF(self);
    sp_gc_mark(e->dict);
    sp_gc_mark(e->args);
    sp_gc_mark(e->traceback);
    sp_gc_mark(e->cause);
    sp_gc_mark(e->context);
    sp_gc_mark(e->extra);
}

static bool has_kwargs(sp_val kwnames)
{
    return kwnames && sp_len(kwnames) > 0;
}

static sp_val args_tuple(sp_val const *args, size_t nargs)
{
    if (nargs == 0) return sp_empty_tuple;
    sp_val t = sp_tuple_new(nargs);
    if (!t) return NULL;
    for (size_t i = 0; i < nargs; i++)
        ((sp_tuple *)t)->items[i] = args[i];
    return t;
}

static sp_val exc_tp_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_exc *e = sp_gc_new(type, type->basic_size);
    if (!e) return NULL;
    e->args = args_tuple(args, nargs);
    if (!e->args) return NULL;
    return &e->ob;
}

static int exc_tp_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (has_kwargs(kwnames)) {
        sp_err_set(&sp_exc_TypeError, "%s() takes no keyword arguments", sp_type_name(self));
        return -1;
    }
    sp_val t = args_tuple(args, nargs);
    if (!t) return -1;
    EXC_OF(self)->args = t;
    return 0;
}

static sp_val exc_args(sp_val self)
{
    sp_val a = EXC_OF(self)->args;
    return a ? a : sp_empty_tuple;
}

static size_t exc_nargs(sp_val self)
{
    return ((sp_tuple *)exc_args(self))->len;
}

static sp_val exc_arg(sp_val self, size_t i)
{
    return ((sp_tuple *)exc_args(self))->items[i];
}

static sp_val exc_str_slot(sp_val self)
{
    switch (exc_nargs(self)) {
    case 0:
        return sp_str_intern("");
    case 1:
        return sp_str_of(exc_arg(self, 0));
    default:
        return sp_str_of(exc_args(self));
    }
}

static sp_val exc_repr_slot(sp_val self)
{
    const char *name = sp_type_name(self);
    if (exc_nargs(self) == 1) return sp_str_format("%s(%R)", name, exc_arg(self, 0));
    if (exc_nargs(self) == 0) return sp_str_format("%s()", name);
    return sp_str_format("%s%R", name, exc_args(self));
}

/* getsets */
static sp_val get_args(sp_val self)
{
    return exc_args(self);
}
static int set_args(sp_val self, sp_val v)
{
    if (!v) {
        sp_err_set(&sp_exc_TypeError, "args may not be deleted");
        return -1;
    }
    sp_val t = sp_tuple_from_iterable(v);
    if (!t) return -1;
    EXC_OF(self)->args = t;
    return 0;
}
static sp_val or_none(sp_val v)
{
    return v ? v : sp_None;
}
static sp_val get_traceback(sp_val self)
{
    return or_none(EXC_OF(self)->traceback);
}
static int set_traceback(sp_val self, sp_val v)
{
    if (!v) {
        sp_err_set(&sp_exc_TypeError, "__traceback__ may not be deleted");
        return -1;
    }
    if (v != sp_None && sp_typeof(v) != &sp_type_traceback) {
        sp_err_set(&sp_exc_TypeError, "__traceback__ must be a traceback or None");
        return -1;
    }
    EXC_OF(self)->traceback = v == sp_None ? NULL : v;
    return 0;
}
static sp_val get_cause(sp_val self)
{
    return or_none(EXC_OF(self)->cause);
}
static int check_chain_value(sp_val v, const char *what)
{
    if (!v) {
        sp_err_set(&sp_exc_TypeError, "%s may not be deleted", what);
        return -1;
    }
    if (v != sp_None && !sp_isinstance(v, &sp_exc_BaseException)) {
        sp_err_set(&sp_exc_TypeError, "exception %s must be None or derive from BaseException",
                   what + 2 /* skip "__" */);
        return -1;
    }
    return 0;
}
static int set_cause(sp_val self, sp_val v)
{
    if (check_chain_value(v, "__cause__") < 0) return -1;
    EXC_OF(self)->cause = v == sp_None ? NULL : v;
    EXC_OF(self)->suppress_context = true;
    return 0;
}
static sp_val get_context(sp_val self)
{
    return or_none(EXC_OF(self)->context);
}
static int set_context(sp_val self, sp_val v)
{
    if (check_chain_value(v, "__context__") < 0) return -1;
    EXC_OF(self)->context = v == sp_None ? NULL : v;
    return 0;
}
static sp_val get_suppress(sp_val self)
{
    return sp_bool(EXC_OF(self)->suppress_context);
}
static int set_suppress(sp_val self, sp_val v)
{
    if (!v) {
        sp_err_set(&sp_exc_TypeError, "__suppress_context__ may not be deleted");
        return -1;
    }
    int t = sp_truthy(v);
    if (t < 0) return -1;
    EXC_OF(self)->suppress_context = t;
    return 0;
}

static const sp_getset_def exc_getsets[] = {
    {"args", get_args, set_args},
    {"__traceback__", get_traceback, set_traceback},
    {"__cause__", get_cause, set_cause},
    {"__context__", get_context, set_context},
    {"__suppress_context__", get_suppress, set_suppress},
    {"__dict__", sp_object_get_dict, sp_object_set_dict},
    {NULL, NULL, NULL},
};

static sp_val exc_with_traceback(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("with_traceback", kwnames) < 0 ||
        sp_check_nargs("with_traceback", nargs, 1, 1) < 0)
        return NULL;
    if (set_traceback(self, args[0]) < 0) return NULL;
    return self;
}

static sp_val exc_add_note(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("add_note", kwnames) < 0 || sp_check_nargs("add_note", nargs, 1, 1) < 0)
        return NULL;
    if (!sp_str_check(args[0]))
        return sp_err_set(&sp_exc_TypeError, "note must be a str, not '%s'", sp_type_name(args[0]));
    sp_val notes = sp_getattr_opt(self, sp_str_intern("__notes__"));
    if (!notes) {
        if (sp_err_occurred()) return NULL;
        notes = sp_list_new(1);
        if (!notes || sp_setattr(self, sp_str_intern("__notes__"), notes) < 0) return NULL;
    }
    if (sp_list_append(notes, args[0]) < 0) return NULL;
    return sp_None;
}

static const sp_method_def exc_methods[] = {
    {"with_traceback", exc_with_traceback, 0},
    {"add_note", exc_add_note, 0},
    {NULL, NULL, 0},
};

/* ---- subclasses with their own behaviour --------------------------------------- */

static sp_val keyerror_str(sp_val self)
{
    if (exc_nargs(self) == 1) return sp_repr(exc_arg(self, 0));
    return exc_str_slot(self);
}

static int stopiteration_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (exc_tp_init(self, args, nargs, kwnames) < 0) return -1;
    EXC_OF(self)->extra = nargs ? args[0] : sp_None;
    return 0;
}

static int systemexit_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (exc_tp_init(self, args, nargs, kwnames) < 0) return -1;
    EXC_OF(self)->extra = nargs == 0 ? sp_None : nargs == 1 ? args[0] : EXC_OF(self)->args;
    return 0;
}

sp_val sp_exc_stop_iteration_value(sp_val exc)
{
    sp_val v = EXC_OF(exc)->extra;
    if (!v) v = exc_nargs(exc) ? exc_arg(exc, 0) : sp_None;
    return v;
}

sp_val sp_exc_system_exit_code(sp_val exc)
{
    sp_val v = EXC_OF(exc)->extra;
    if (!v)
        v = exc_nargs(exc) == 0 ? sp_None : exc_nargs(exc) == 1 ? exc_arg(exc, 0) : exc_args(exc);
    return v;
}

static sp_val get_value(sp_val self)
{
    return sp_exc_stop_iteration_value(self);
}
static int set_extra(sp_val self, sp_val v)
{
    EXC_OF(self)->extra = v ? v : sp_None;
    return 0;
}
static sp_val get_code(sp_val self)
{
    return sp_exc_system_exit_code(self);
}
static const sp_getset_def stopiteration_getsets[] = {
    {"value", get_value, set_extra},
    {NULL, NULL, NULL},
};
static const sp_getset_def systemexit_getsets[] = {
    {"code", get_code, set_extra},
    {NULL, NULL, NULL},
};

/* The instance __dict__, created on demand. */
static sp_val exc_dict(sp_val self)
{
    sp_exc *e = EXC_OF(self);
    if (!e->dict) e->dict = sp_dict_new();
    return e->dict;
}

static int set_attrs_none(sp_val self, const char *const *names)
{
    sp_val d = exc_dict(self);
    if (!d) return -1;
    for (; *names; names++)
        if (sp_dict_set_cstr(d, *names, sp_None) < 0) return -1;
    return 0;
}

/* OSError(errno, strerror[, filename]) */
static int oserror_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const attrs[] = {"errno", "strerror", "filename", "filename2", NULL};
    if (exc_tp_init(self, args, nargs, kwnames) < 0 || set_attrs_none(self, attrs) < 0) return -1;
    sp_val d = EXC_OF(self)->dict;
    if (nargs >= 2 && nargs <= 5) {
        if (sp_dict_set_cstr(d, "errno", args[0]) < 0 ||
            sp_dict_set_cstr(d, "strerror", args[1]) < 0)
            return -1;
        if (nargs >= 3 && sp_dict_set_cstr(d, "filename", args[2]) < 0) return -1;
        if (nargs >= 5 && sp_dict_set_cstr(d, "filename2", args[4]) < 0) return -1;
        if (nargs >= 3) { /* args keeps only (errno, strerror) */
            sp_val t = args_tuple(args, 2);
            if (!t) return -1;
            EXC_OF(self)->args = t;
        }
    }
    return 0;
}

/* OSError(errno, ...) builds the subclass matching errno (PEP 3151). */
static sp_type *oserror_subclass(sp_val errno_val)
{
    if (!sp_is_small(errno_val)) return NULL;
    switch (sp_small_value(errno_val)) {
    case ENOENT:
        return &sp_exc_FileNotFoundError;
    case EEXIST:
        return &sp_exc_FileExistsError;
    case EPERM:
    case EACCES:
        return &sp_exc_PermissionError;
    case EISDIR:
        return &sp_exc_IsADirectoryError;
    case ENOTDIR:
        return &sp_exc_NotADirectoryError;
    case ECHILD:
        return &sp_exc_ChildProcessError;
    case EINTR:
        return &sp_exc_InterruptedError;
    case ESRCH:
        return &sp_exc_ProcessLookupError;
    case ETIMEDOUT:
        return &sp_exc_TimeoutError;
    case EAGAIN:
    case EALREADY:
    case EINPROGRESS:
        return &sp_exc_BlockingIOError;
    case EPIPE:
    case ESHUTDOWN:
        return &sp_exc_BrokenPipeError;
    case ECONNABORTED:
        return &sp_exc_ConnectionAbortedError;
    case ECONNREFUSED:
        return &sp_exc_ConnectionRefusedError;
    case ECONNRESET:
        return &sp_exc_ConnectionResetError;
    default:
        return NULL;
    }
}

static sp_val oserror_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (type == &sp_exc_OSError && nargs >= 2) {
        sp_type *sub = oserror_subclass(args[0]);
        if (sub) type = sub;
    }
    return exc_tp_new(type, args, nargs, kwnames);
}

static sp_val oserror_str(sp_val self)
{
    sp_val d = EXC_OF(self)->dict;
    sp_val no = d ? sp_dict_get_cstr(d, "errno") : NULL;
    sp_val msg = d ? sp_dict_get_cstr(d, "strerror") : NULL;
    sp_val fn = d ? sp_dict_get_cstr(d, "filename") : NULL;
    if (fn && fn != sp_None) return sp_str_format("[Errno %S] %S: %R", no, msg, fn);
    if (no && no != sp_None && msg && msg != sp_None)
        return sp_str_format("[Errno %S] %S", no, msg);
    return exc_str_slot(self);
}

/* SyntaxError(msg, (filename, lineno, offset, text[, end_lineno, end_offset])) */
static int syntaxerror_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const attrs[] = {"msg",  "filename",   "lineno",     "offset",
                                        "text", "end_lineno", "end_offset", "print_file_and_line",
                                        NULL};
    static const char *const loc[] = {"filename", "lineno",     "offset",
                                      "text",     "end_lineno", "end_offset"};
    if (exc_tp_init(self, args, nargs, kwnames) < 0 || set_attrs_none(self, attrs) < 0) return -1;
    sp_val d = EXC_OF(self)->dict;
    if (nargs >= 1 && sp_dict_set_cstr(d, "msg", args[0]) < 0) return -1;
    if (nargs == 2) {
        sp_val info = sp_tuple_from_iterable(args[1]);
        if (!info) return -1;
        size_t n = ((sp_tuple *)info)->len;
        if (n < 4 || n > 6) {
            sp_err_set(&sp_exc_IndexError, "tuple index out of range");
            return -1;
        }
        for (size_t i = 0; i < n; i++)
            if (sp_dict_set_cstr(d, loc[i], ((sp_tuple *)info)->items[i]) < 0) return -1;
    }
    return 0;
}

static sp_val syntaxerror_str(sp_val self)
{
    sp_val d = EXC_OF(self)->dict;
    sp_val msg = d ? sp_dict_get_cstr(d, "msg") : NULL;
    sp_val fn = d ? sp_dict_get_cstr(d, "filename") : NULL;
    sp_val line = d ? sp_dict_get_cstr(d, "lineno") : NULL;
    if (!msg) return exc_str_slot(self);
    bool have_fn = fn && sp_str_check(fn);
    bool have_line = line && sp_int_check(line);
    if (have_fn) {
        /* CPython shows only the basename of the file. */
        const char *s = sp_str_cstr(fn), *slash = strrchr(s, '/');
        const char *base = slash ? slash + 1 : s;
        if (have_line) return sp_str_format("%S (%s, line %S)", msg, base, line);
        return sp_str_format("%S (%s)", msg, base);
    }
    if (have_line) return sp_str_format("%S (line %S)", msg, line);
    return sp_str_of(msg);
}

void *sp_err_syntax(sp_type *type, const char *msg, const char *filename, int lineno, int offset,
                    const char *text, int end_lineno, int end_offset)
{
    sp_val m = sp_str_from_cstr(msg);
    if (!m) return NULL;
    sp_val fn = filename ? sp_str_from_cstr(filename) : sp_None;
    sp_val tx = text ? sp_str_from_cstr(text) : sp_None;
    if (!fn || !tx) return NULL;
    sp_val info = sp_tuple_pack(6, fn, sp_small(lineno), sp_small(offset), tx, sp_small(end_lineno),
                                sp_small(end_offset));
    if (!info) return NULL;
    sp_val args[2] = {m, info};
    sp_val e = sp_exc_new(type, args, 2);
    if (!e) return NULL;
    return sp_err_set_value(e);
}

/* ImportError(msg, *, name=None, path=None) */
static int importerror_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const attrs[] = {"msg", "name", "path", NULL};
    if (exc_tp_init(self, args, nargs, NULL) < 0 || set_attrs_none(self, attrs) < 0) return -1;
    sp_val d = EXC_OF(self)->dict;
    if (nargs == 1 && sp_dict_set_cstr(d, "msg", args[0]) < 0) return -1;
    size_t nk = kwnames ? ((sp_tuple *)kwnames)->len : 0;
    for (size_t i = 0; i < nk; i++) {
        sp_val k = ((sp_tuple *)kwnames)->items[i];
        if (!sp_str_eq_cstr(k, "name") && !sp_str_eq_cstr(k, "path")) {
            sp_err_set(&sp_exc_TypeError, "'%s' is an invalid keyword argument for %s()",
                       sp_str_cstr(k), sp_type_name(self));
            return -1;
        }
        if (sp_dict_set(d, k, args[nargs + i]) < 0) return -1;
    }
    return 0;
}

static sp_val importerror_str(sp_val self)
{
    sp_val d = EXC_OF(self)->dict;
    sp_val msg = d ? sp_dict_get_cstr(d, "msg") : NULL;
    if (msg && msg != sp_None) return sp_str_of(msg);
    return exc_str_slot(self);
}

/* UnicodeDecodeError(encoding, object, start, end, reason) */
static int unicodeerror_init(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    static const char *const attrs[] = {"encoding", "object", "start", "end", "reason", NULL};
    if (exc_tp_init(self, args, nargs, kwnames) < 0) return -1;
    if (nargs != 5) return 0;
    sp_val d = exc_dict(self);
    if (!d) return -1;
    for (size_t i = 0; i < 5; i++)
        if (sp_dict_set_cstr(d, attrs[i], args[i]) < 0) return -1;
    return 0;
}

static sp_val unicodeerror_str(sp_val self)
{
    sp_val d = EXC_OF(self)->dict;
    sp_val enc = d ? sp_dict_get_cstr(d, "encoding") : NULL;
    sp_val obj = d ? sp_dict_get_cstr(d, "object") : NULL;
    sp_val start = d ? sp_dict_get_cstr(d, "start") : NULL;
    sp_val end = d ? sp_dict_get_cstr(d, "end") : NULL;
    sp_val reason = d ? sp_dict_get_cstr(d, "reason") : NULL;
    if (!enc || !obj || !start || !end || !reason || !sp_is_small(start) || !sp_is_small(end))
        return exc_str_slot(self);
    int64_t s = sp_small_value(start), e = sp_small_value(end);
    bool decode = sp_isinstance(self, &sp_exc_UnicodeDecodeError);
    const char *what = decode ? "decode" : "encode";
    if (decode) {
        const char *data;
        size_t n;
        if (e == s + 1 && sp_bytes_view(obj, &data, &n) && s >= 0 && (size_t)s < n)
            return sp_str_format("%R codec can't decode byte 0x%02x in position %d: %S", enc,
                                 (unsigned)(unsigned char)data[s], (int)s, reason);
    } else if (e == s + 1 && sp_str_check(obj) && s >= 0 && (size_t)s < ((sp_str *)obj)->len) {
        uint32_t cp = sp_str_cp_at(obj, (size_t)s);
        const char *fmt =
            cp <= 0xff     ? "%R codec can't encode character '\\x%02x' in position %d: %S"
            : cp <= 0xffff ? "%R codec can't encode character '\\u%04x' in position %d: %S"
                           : "%R codec can't encode character '\\U%08x' in position %d: %S";
        return sp_str_format(fmt, enc, (unsigned)cp, (int)s, reason);
    }
    return sp_str_format("%R codec can't %s bytes in position %d-%d: %S", enc, what, (int)s,
                         (int)(e - 1), reason);
}

/* ---- the hierarchy --------------------------------------------------------------- */

#define EXC_FLAGS (SP_TF_BASETYPE | SP_TF_EXC_SUB)
#define EXC_TYPE(NAME, BASE, ...)                                                                  \
    sp_type sp_exc_##NAME = {.ob = {&sp_type_type, 0, 0},                                          \
                             .name = #NAME,                                                        \
                             .base = BASE,                                                         \
                             .flags = EXC_FLAGS,                                                   \
                             .basic_size = sizeof(sp_exc),                                         \
                             .dict_offset = offsetof(sp_exc, dict),                                \
                             __VA_ARGS__}

EXC_TYPE(BaseException, &sp_type_object, .trace = exc_trace, .tp_new = exc_tp_new,
         .tp_init = exc_tp_init, .repr = exc_repr_slot, .str = exc_str_slot);
EXC_TYPE(BaseExceptionGroup, &sp_exc_BaseException);
EXC_TYPE(SystemExit, &sp_exc_BaseException, .tp_init = systemexit_init);
EXC_TYPE(KeyboardInterrupt, &sp_exc_BaseException);
EXC_TYPE(GeneratorExit, &sp_exc_BaseException);
EXC_TYPE(Exception, &sp_exc_BaseException);
EXC_TYPE(StopIteration, &sp_exc_Exception, .tp_init = stopiteration_init);
EXC_TYPE(StopAsyncIteration, &sp_exc_Exception);
EXC_TYPE(ArithmeticError, &sp_exc_Exception);
EXC_TYPE(FloatingPointError, &sp_exc_ArithmeticError);
EXC_TYPE(OverflowError, &sp_exc_ArithmeticError);
EXC_TYPE(ZeroDivisionError, &sp_exc_ArithmeticError);
EXC_TYPE(AssertionError, &sp_exc_Exception);
EXC_TYPE(AttributeError, &sp_exc_Exception);
EXC_TYPE(BufferError, &sp_exc_Exception);
EXC_TYPE(EOFError, &sp_exc_Exception);
EXC_TYPE(ExceptionGroup, &sp_exc_BaseExceptionGroup);
EXC_TYPE(ImportError, &sp_exc_Exception, .tp_init = importerror_init, .str = importerror_str);
EXC_TYPE(ModuleNotFoundError, &sp_exc_ImportError);
EXC_TYPE(LookupError, &sp_exc_Exception);
EXC_TYPE(IndexError, &sp_exc_LookupError);
EXC_TYPE(KeyError, &sp_exc_LookupError, .str = keyerror_str);
EXC_TYPE(MemoryError, &sp_exc_Exception);
EXC_TYPE(NameError, &sp_exc_Exception);
EXC_TYPE(UnboundLocalError, &sp_exc_NameError);
EXC_TYPE(OSError, &sp_exc_Exception, .tp_new = oserror_new, .tp_init = oserror_init,
         .str = oserror_str);
EXC_TYPE(BlockingIOError, &sp_exc_OSError);
EXC_TYPE(ChildProcessError, &sp_exc_OSError);
EXC_TYPE(ConnectionError, &sp_exc_OSError);
EXC_TYPE(BrokenPipeError, &sp_exc_ConnectionError);
EXC_TYPE(ConnectionAbortedError, &sp_exc_ConnectionError);
EXC_TYPE(ConnectionRefusedError, &sp_exc_ConnectionError);
EXC_TYPE(ConnectionResetError, &sp_exc_ConnectionError);
EXC_TYPE(FileExistsError, &sp_exc_OSError);
EXC_TYPE(FileNotFoundError, &sp_exc_OSError);
EXC_TYPE(InterruptedError, &sp_exc_OSError);
EXC_TYPE(IsADirectoryError, &sp_exc_OSError);
EXC_TYPE(NotADirectoryError, &sp_exc_OSError);
EXC_TYPE(PermissionError, &sp_exc_OSError);
EXC_TYPE(ProcessLookupError, &sp_exc_OSError);
EXC_TYPE(TimeoutError, &sp_exc_OSError);
EXC_TYPE(ReferenceError, &sp_exc_Exception);
EXC_TYPE(RuntimeError, &sp_exc_Exception);
EXC_TYPE(NotImplementedError, &sp_exc_RuntimeError);
EXC_TYPE(RecursionError, &sp_exc_RuntimeError);
EXC_TYPE(SyntaxError, &sp_exc_Exception, .tp_init = syntaxerror_init, .str = syntaxerror_str);
EXC_TYPE(IndentationError, &sp_exc_SyntaxError);
EXC_TYPE(TabError, &sp_exc_IndentationError);
EXC_TYPE(SystemError, &sp_exc_Exception);
EXC_TYPE(TypeError, &sp_exc_Exception);
EXC_TYPE(ValueError, &sp_exc_Exception);
EXC_TYPE(UnicodeError, &sp_exc_ValueError);
EXC_TYPE(UnicodeDecodeError, &sp_exc_UnicodeError, .tp_init = unicodeerror_init,
         .str = unicodeerror_str);
EXC_TYPE(UnicodeEncodeError, &sp_exc_UnicodeError, .tp_init = unicodeerror_init,
         .str = unicodeerror_str);
EXC_TYPE(UnicodeTranslateError, &sp_exc_UnicodeError);
EXC_TYPE(Warning, &sp_exc_Exception);
EXC_TYPE(BytesWarning, &sp_exc_Warning);
EXC_TYPE(DeprecationWarning, &sp_exc_Warning);
EXC_TYPE(EncodingWarning, &sp_exc_Warning);
EXC_TYPE(FutureWarning, &sp_exc_Warning);
EXC_TYPE(ImportWarning, &sp_exc_Warning);
EXC_TYPE(PendingDeprecationWarning, &sp_exc_Warning);
EXC_TYPE(ResourceWarning, &sp_exc_Warning);
EXC_TYPE(RuntimeWarning, &sp_exc_Warning);
EXC_TYPE(SyntaxWarning, &sp_exc_Warning);
EXC_TYPE(UnicodeWarning, &sp_exc_Warning);
EXC_TYPE(UserWarning, &sp_exc_Warning);

/* Parents before children: sp_type_ready inherits from the (ready) base. */
static sp_type *const all_exceptions[] = {
    &sp_exc_BaseException,
    &sp_exc_BaseExceptionGroup,
    &sp_exc_SystemExit,
    &sp_exc_KeyboardInterrupt,
    &sp_exc_GeneratorExit,
    &sp_exc_Exception,
    &sp_exc_StopIteration,
    &sp_exc_StopAsyncIteration,
    &sp_exc_ArithmeticError,
    &sp_exc_FloatingPointError,
    &sp_exc_OverflowError,
    &sp_exc_ZeroDivisionError,
    &sp_exc_AssertionError,
    &sp_exc_AttributeError,
    &sp_exc_BufferError,
    &sp_exc_EOFError,
    &sp_exc_ExceptionGroup,
    &sp_exc_ImportError,
    &sp_exc_ModuleNotFoundError,
    &sp_exc_LookupError,
    &sp_exc_IndexError,
    &sp_exc_KeyError,
    &sp_exc_MemoryError,
    &sp_exc_NameError,
    &sp_exc_UnboundLocalError,
    &sp_exc_OSError,
    &sp_exc_BlockingIOError,
    &sp_exc_ChildProcessError,
    &sp_exc_ConnectionError,
    &sp_exc_BrokenPipeError,
    &sp_exc_ConnectionAbortedError,
    &sp_exc_ConnectionRefusedError,
    &sp_exc_ConnectionResetError,
    &sp_exc_FileExistsError,
    &sp_exc_FileNotFoundError,
    &sp_exc_InterruptedError,
    &sp_exc_IsADirectoryError,
    &sp_exc_NotADirectoryError,
    &sp_exc_PermissionError,
    &sp_exc_ProcessLookupError,
    &sp_exc_TimeoutError,
    &sp_exc_ReferenceError,
    &sp_exc_RuntimeError,
    &sp_exc_NotImplementedError,
    &sp_exc_RecursionError,
    &sp_exc_SyntaxError,
    &sp_exc_IndentationError,
    &sp_exc_TabError,
    &sp_exc_SystemError,
    &sp_exc_TypeError,
    &sp_exc_ValueError,
    &sp_exc_UnicodeError,
    &sp_exc_UnicodeDecodeError,
    &sp_exc_UnicodeEncodeError,
    &sp_exc_UnicodeTranslateError,
    &sp_exc_Warning,
    &sp_exc_BytesWarning,
    &sp_exc_DeprecationWarning,
    &sp_exc_EncodingWarning,
    &sp_exc_FutureWarning,
    &sp_exc_ImportWarning,
    &sp_exc_PendingDeprecationWarning,
    &sp_exc_ResourceWarning,
    &sp_exc_RuntimeWarning,
    &sp_exc_SyntaxWarning,
    &sp_exc_UnicodeWarning,
    &sp_exc_UserWarning,
};

#define NEXC (sizeof all_exceptions / sizeof all_exceptions[0])

int sp_exc_add_to_dict(sp_val dict)
{
    for (size_t i = 0; i < NEXC; i++)
        if (sp_dict_set_cstr(dict, all_exceptions[i]->name, &all_exceptions[i]->ob) < 0) return -1;
    if (sp_dict_set_cstr(dict, "EnvironmentError", &sp_exc_OSError.ob) < 0 ||
        sp_dict_set_cstr(dict, "IOError", &sp_exc_OSError.ob) < 0)
        return -1;
    return 0;
}

int sp_exc_init(void)
{
    for (size_t i = 0; i < NEXC; i++) {
        sp_type *t = all_exceptions[i];
        const sp_method_def *m = t == &sp_exc_BaseException ? exc_methods : NULL;
        const sp_getset_def *g = t == &sp_exc_BaseException   ? exc_getsets
                                 : t == &sp_exc_StopIteration ? stopiteration_getsets
                                 : t == &sp_exc_SystemExit    ? systemexit_getsets
                                                              : NULL;
        if (sp_type_ready(t, m, g) < 0) return -1;
    }
    prealloc_memory_error = NULL;
    sp_gc_root(&prealloc_memory_error);
    prealloc_memory_error = sp_exc_new(&sp_exc_MemoryError, NULL, 0);
    prealloc_run = sp_gc_run_id();
    return prealloc_memory_error ? 0 : -1;
}

/* ---- raising ----------------------------------------------------------------------- */

/* Calls new + init directly, not through type.__call__: raising RecursionError must
 * not itself pass the recursion guard. */
sp_val sp_exc_new(sp_type *type, sp_val const *args, size_t nargs)
{
    sp_val e = type->tp_new(type, args, nargs, NULL);
    if (!e || !sp_isinstance(e, type)) return e;
    sp_type *et = sp_typeof(e);
    if (et->tp_init && et->tp_init(e, args, nargs, NULL) < 0) return NULL;
    return e;
}

/* Implicit chaining (PEP 3134): the handled exception becomes __context__, breaking
 * any cycle the new exception would close, as CPython's _PyErr_SetObject does. */
static void chain_context(sp_val exc)
{
    sp_val handled = sp_st.handled_exc;
    if (!handled || handled == exc || !sp_isinstance(exc, &sp_exc_BaseException)) return;
    for (sp_val o = handled; o; o = EXC_OF(o)->context) {
        if (EXC_OF(o)->context == exc) {
            EXC_OF(o)->context = NULL;
            break;
        }
    }
    EXC_OF(exc)->context = handled;
}

sp_val sp_exc_normalize(sp_val v)
{
    if (sp_isinstance(v, &sp_type_type) && sp_is_subtype((sp_type *)v, &sp_exc_BaseException)) {
        sp_val inst = sp_call0(v);
        if (!inst) return NULL;
        if (!sp_isinstance(inst, &sp_exc_BaseException))
            return sp_err_set(&sp_exc_TypeError,
                              "calling %R should have returned an instance of BaseException, "
                              "not %s",
                              v, sp_type_name(inst));
        return inst;
    }
    if (sp_isinstance(v, &sp_exc_BaseException)) return v;
    return sp_err_set(&sp_exc_TypeError, "exceptions must derive from BaseException");
}

void *sp_err_set_value(sp_val exc)
{
    sp_val inst = sp_exc_normalize(exc);
    if (!inst) return NULL;
    chain_context(inst);
    assert(sp_isinstance(inst, &sp_exc_BaseException)); /* invariant 1 */
    sp_st.exc = inst;
    return NULL;
}

void *sp_err_set_str(sp_type *type, sp_val message)
{
    sp_val e = sp_exc_new(type, &message, 1);
    if (!e) return NULL;
    chain_context(e);
    sp_st.exc = e;
    return NULL;
}

void *sp_err_set(sp_type *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sp_val msg = sp_str_vformat(fmt, ap);
    va_end(ap);
    if (!msg) return NULL; /* the formatting error (e.g. MemoryError) stands */
    return sp_err_set_str(type, msg);
}

void *sp_err_no_memory(void)
{
    /* Before sp_exc_init of this run the instance belongs to a freed heap. */
    sp_val e = prealloc_run == sp_gc_run_id() ? prealloc_memory_error : NULL;
    if (e) {
        sp_exc *x = EXC_OF(e);
        x->traceback = x->cause = x->context = NULL;
        x->suppress_context = false;
    }
    sp_st.exc = e;
    return NULL;
}

bool sp_err_occurred(void)
{
    return sp_st.exc != NULL;
}

bool sp_err_matches(sp_type *type)
{
    return sp_st.exc && sp_isinstance(sp_st.exc, type);
}

sp_val sp_err_fetch(void)
{
    sp_val e = sp_st.exc;
    sp_st.exc = NULL;
    return e;
}

void sp_err_restore(sp_val exc)
{
    sp_st.exc = exc;
}

void sp_err_clear(void)
{
    sp_st.exc = NULL;
}

sp_val sp_exc_str(sp_val exc)
{
    return sp_str_of(exc);
}

/* ---- message formatting ------------------------------------------------------------ */

static int append_limited(sp_buf *b, sp_val s, long precision)
{
    if (precision < 0) return sp_buf_append_val_str(b, s);
    /* precision counts code points */
    const char *p = sp_str_cstr(s), *q = p;
    long n = 0;
    while (*q && n < precision) {
        q++;
        while ((*q & 0xC0) == 0x80)
            q++;
        n++;
    }
    return sp_buf_append(b, p, (size_t)(q - p));
}

static int append_cstr_limited(sp_buf *b, const char *s, long precision)
{
    if (!s) s = "(null)";
    size_t n = strlen(s);
    if (precision >= 0 && (size_t)precision < n) n = (size_t)precision;
    return sp_buf_append(b, s, n);
}

/* One conversion with an integer argument, delegated to snprintf. */
static int append_int(sp_buf *b, const char *spec, size_t speclen, int lmod, char conv, va_list *ap)
{
    char fmt[32], out[64];
    if (speclen > 16) speclen = 16;
    memcpy(fmt, spec, speclen);
    fmt[speclen] = 0;
    bool is_unsigned = conv == 'u' || conv == 'x' || conv == 'X';
    switch (lmod) {
    case 0:
        if (is_unsigned)
            snprintf(out, sizeof out, strcat(fmt, (char[]){conv, 0}), va_arg(*ap, unsigned));
        else
            snprintf(out, sizeof out, strcat(fmt, (char[]){conv, 0}), va_arg(*ap, int));
        break;
    case 1:
        if (is_unsigned)
            snprintf(out, sizeof out, strcat(fmt, (char[]){'l', conv, 0}),
                     va_arg(*ap, unsigned long));
        else
            snprintf(out, sizeof out, strcat(fmt, (char[]){'l', conv, 0}), va_arg(*ap, long));
        break;
    case 2:
        if (is_unsigned)
            snprintf(out, sizeof out, strcat(fmt, (char[]){'l', 'l', conv, 0}),
                     va_arg(*ap, unsigned long long));
        else
            snprintf(out, sizeof out, strcat(fmt, (char[]){'l', 'l', conv, 0}),
                     va_arg(*ap, long long));
        break;
    default: /* 'z' */
        if (is_unsigned)
            snprintf(out, sizeof out, strcat(fmt, (char[]){'z', conv, 0}), va_arg(*ap, size_t));
        else
            snprintf(out, sizeof out, strcat(fmt, (char[]){'z', conv, 0}), va_arg(*ap, ptrdiff_t));
        break;
    }
    return sp_buf_append_cstr(b, out);
}

static int append_value(sp_buf *b, char conv, sp_val v, long precision)
{
    sp_val s;
    switch (conv) {
    case 'R':
        s = sp_repr(v);
        break;
    case 'S':
        s = sp_str_of(v);
        break;
    case 'T':
        return append_cstr_limited(b, sp_type_name(v), precision);
    default: /* 'U' */
        s = v;
        break;
    }
    if (!s) return -1;
    return append_limited(b, s, precision);
}

sp_val sp_str_vformat(const char *fmt, va_list ap0)
{
    va_list ap;
    va_copy(ap, ap0);
    sp_buf b;
    sp_buf_init(&b);
    const char *p = fmt;
    int rc = 0;
    while (*p && rc == 0) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            rc = sp_buf_append_cstr(&b, p);
            break;
        }
        if (pct > p) rc = sp_buf_append(&b, p, (size_t)(pct - p));
        if (rc < 0) break;
        const char *spec = pct;
        p = pct + 1;
        while (*p == '-' || *p == '0' || *p == '#' || *p == '+' || *p == ' ')
            p++;
        while (*p >= '0' && *p <= '9')
            p++;
        long precision = -1;
        if (*p == '.') {
            precision = 0;
            for (p++; *p >= '0' && *p <= '9'; p++)
                precision = precision * 10 + (*p - '0');
        }
        size_t speclen = (size_t)(p - spec);
        int lmod = 0;
        if (*p == 'l') {
            lmod = 1;
            p++;
            if (*p == 'l') {
                lmod = 2;
                p++;
            }
        } else if (*p == 'z') {
            lmod = 3;
            p++;
        }
        char conv = *p ? *p++ : 0;
        switch (conv) {
        case '%':
            rc = sp_buf_append_char(&b, '%');
            break;
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
            rc = append_int(&b, spec, speclen, lmod, conv == 'i' ? 'd' : conv, &ap);
            break;
        case 'c': {
            int c = va_arg(ap, int);
            rc = sp_buf_append_cp(&b, (uint32_t)c);
            break;
        }
        case 's':
            rc = append_cstr_limited(&b, va_arg(ap, const char *), precision);
            break;
        case 'p': {
            char out[32];
            snprintf(out, sizeof out, "%p", va_arg(ap, void *));
            rc = sp_buf_append_cstr(&b, out);
            break;
        }
        case 'R':
        case 'S':
        case 'T':
        case 'U':
            rc = append_value(&b, conv, va_arg(ap, sp_val), precision);
            break;
        default: /* unknown directive: copy it verbatim */
            rc = sp_buf_append(&b, spec, (size_t)(p - spec));
            break;
        }
    }
    va_end(ap);
    if (rc < 0) {
        sp_buf_free(&b);
        return NULL;
    }
    return sp_buf_to_str(&b);
}

sp_val sp_str_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sp_val s = sp_str_vformat(fmt, ap);
    va_end(ap);
    return s;
}
