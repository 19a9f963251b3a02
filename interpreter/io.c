/*
 * io.c — buffered text streams over the run's raw file descriptors.
 *
 * Design overview
 * ---------------
 * The sandbox's seccomp filter allows read()/write() on the run's three
 * descriptors and little else, so there is no stdio here: each stream is a static
 * byte buffer plus a descriptor. The Python-visible objects sys.stdin/stdout/stderr
 * are tiny `TextIOWrapper` objects that only name which static stream they front.
 *
 * Output: bytes accumulate in an 8 KiB buffer (CPython's size for a pipe, so a run
 * killed at its time limit loses what CPython would) and are written when it
 * fills, on flush(), when input() is about to block, and at the end of the run.
 * stderr is line buffered like CPython's, so a traceback never sits in a buffer.
 * sys.stdout.buffer / sys.stdin.buffer are binary views of the same buffers.
 * A failing write (EPIPE, EBADF...) marks the stream broken and drops data: a
 * reader going away must never crash or hang the interpreter. EINTR retries.
 *
 * Input: read() fills a 64 KiB buffer; lines are cut with memchr at "\n" only:
 * on POSIX CPython creates sys.stdin with newline="\n", so "\r" is kept as data.
 * Decoding is strict UTF-8 with CPython's UnicodeDecodeError (same reason, start,
 * end and object), except that positions count from the start of the line being
 * read, where CPython counts from its 8 KiB decoding chunk.
 *
 * Invariants
 *  1. 0 <= out.len <= OUT_CAP; in.pos <= in.len <= IN_CAP.
 *  2. A broken output stream has len == 0 and stays broken for the run.
 *  3. The stream objects are GC roots for the whole run.
 */
#include "io.h"

#include <assert.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "gc.h"
#include "obj_str.h"

#define OUT_CAP 8192 /* CPython's buffer size: the same output survives a kill */
#define IN_CAP 65536

typedef struct out_stream {
    int fd;
    bool broken;
    bool line_buffered;
    size_t len;
    char data[OUT_CAP];
} out_stream;

typedef struct in_stream {
    int fd;
    bool eof;
    size_t pos, len;
    char data[IN_CAP];
} in_stream;

static out_stream g_out[3]; /* [1] stdout, [2] stderr; [0] unused */
static in_stream g_in;
static sp_val g_streams[3];
static sp_val g_buffers[3]; /* their .buffer objects (binary views of the same streams) */

typedef struct textio {
    sp_object ob;
    int which; /* 0 stdin, 1 stdout, 2 stderr */
} textio;

/* ---- raw output ------------------------------------------------------------------ */

static void write_all(out_stream *s, const char *p, size_t n)
{
    while (n > 0 && !s->broken) {
        ssize_t w = write(s->fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            s->broken = true; /* EPIPE, EBADF, ENOSPC...: drop the rest */
            break;
        }
        p += w;
        n -= (size_t)w;
    }
}

void sp_io_flush(int which)
{
    assert(which == 1 || which == 2);
    out_stream *s = &g_out[which];
    if (s->len == 0) return; /* no store: a forked run would copy the page for nothing */
    write_all(s, s->data, s->len);
    s->len = 0;
}

void sp_io_flush_all(void)
{
    sp_io_flush(1);
    sp_io_flush(2);
}

static void count_bytes(int which, size_t n)
{
    if (!sp_st.stats) return;
    if (which == 1)
        sp_st.stats->stdout_bytes += n;
    else
        sp_st.stats->stderr_bytes += n;
}

/* Page-aligned: the section takes the alignment of its most aligned member, so its
 * ~2.7 KB start a page and fit in one (one copy-on-write fault per forked run, not
 * two). This object comes first in the section of the linked binaries; elsewhere the
 * alignment only adds padding. */
SP_RUN_STATE __attribute__((aligned(4096))) void (*sp_io_stdout_tap)(const char *p, size_t n);

void sp_io_write(int which, const char *p, size_t n)
{
    assert(which == 1 || which == 2);
    out_stream *s = &g_out[which];
    count_bytes(which, n);
    if (which == 1 && sp_io_stdout_tap) sp_io_stdout_tap(p, n);
    if (s->broken || n == 0) {
        assert(!s->broken || s->len == 0); /* invariant 2 */
        return;
    }
    if (n > OUT_CAP - s->len) {
        sp_io_flush(which);
        if (s->broken) return;
        if (n >= OUT_CAP) { /* too big to be worth copying */
            write_all(s, p, n);
            return;
        }
    }
    memcpy(s->data + s->len, p, n);
    s->len += n;
    assert(s->len <= OUT_CAP); /* invariant 1 */
    if (s->line_buffered && memchr(p, '\n', n)) sp_io_flush(which);
}

void sp_io_write_str(int which, sp_val str)
{
    const sp_str *s = (const sp_str *)str;
    sp_io_write(which, s->data, s->size);
}

/* ---- raw input ------------------------------------------------------------------- */

/* Refill the input buffer when it is empty. Returns false at EOF (or on a read
 * error, which we treat as EOF: there is nothing better a program could do). */
static bool in_fill(void)
{
    assert(g_in.pos <= g_in.len && g_in.len <= IN_CAP); /* invariant 1 */
    if (g_in.pos < g_in.len) return true;
    if (g_in.eof) return false;
    g_in.pos = g_in.len = 0;
    for (;;) {
        ssize_t r = read(g_in.fd, g_in.data, IN_CAP);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            g_in.eof = true;
            return false;
        }
        g_in.len = (size_t)r;
        return true;
    }
}

/* Append the next line (its "\n" included) to b. Returns 0 or -1 (MemoryError). */
static int read_line_bytes(sp_buf *b)
{
    while (in_fill()) {
        const char *start = g_in.data + g_in.pos;
        size_t avail = g_in.len - g_in.pos;
        const char *nl = memchr(start, '\n', avail);
        size_t take = nl ? (size_t)(nl - start) + 1 : avail;
        if (sp_buf_append(b, start, take) < 0) return -1;
        g_in.pos += take;
        if (nl) return 0;
    }
    return 0;
}

/* Append everything up to EOF. */
static int read_all_bytes(sp_buf *b)
{
    while (in_fill()) {
        if (sp_buf_append(b, g_in.data + g_in.pos, g_in.len - g_in.pos) < 0) return -1;
        g_in.pos = g_in.len;
    }
    return 0;
}

static bool is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Append up to n code points (n >= 0). */
static int read_chars(sp_buf *b, int64_t n)
{
    int64_t got = 0;
    while (in_fill()) {
        unsigned char c = (unsigned char)g_in.data[g_in.pos];
        if (!is_cont(c)) {
            if (got == n) return 0;
            got++;
        }
        g_in.pos++;
        if (sp_buf_append_char(b, (char)c) < 0) return -1;
    }
    return 0;
}

/* ---- UTF-8 decoding -------------------------------------------------------------- */

/* Length of the valid sequence at p[0..n), or 0 with *why set and *bad = the
 * number of bytes CPython's error covers. */
static size_t utf8_seq_len(const unsigned char *p, size_t n, const char **why, size_t *bad)
{
    *bad = 1;
    unsigned char c = p[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        *why = "invalid start byte";
        return 0;
    }
    for (size_t i = 1; i < need; i++) {
        if (i >= n) {
            *why = "unexpected end of data";
            *bad = n;
            return 0;
        }
        unsigned char lim_lo = i == 1 ? lo : 0x80, lim_hi = i == 1 ? hi : 0xBF;
        if (p[i] < lim_lo || p[i] > lim_hi) {
            *why = "invalid continuation byte";
            *bad = i;
            return 0;
        }
    }
    return need;
}

/* Decode b (consumed) into a str, raising UnicodeDecodeError like CPython. */
static sp_val decode_buf(sp_buf *b)
{
    const unsigned char *p = (const unsigned char *)b->data;
    size_t i = 0;
    while (i < b->len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        const char *why = NULL;
        size_t bad;
        size_t k = utf8_seq_len(p + i, b->len - i, &why, &bad);
        if (k == 0) {
            /* UnicodeDecodeError(encoding, object, start, end, reason), like CPython. */
            size_t end = i + bad;
            sp_val obj = sp_bytes_new(b->data, b->len);
            sp_buf_free(b);
            if (!obj) return NULL;
            sp_val eargs[5] = {sp_str_intern("utf-8"), obj, sp_int_from_u64(i),
                               sp_int_from_u64(end), sp_str_from_cstr(why)};
            if (!eargs[2] || !eargs[3] || !eargs[4]) return NULL;
            sp_val exc = sp_exc_new(&sp_exc_UnicodeDecodeError, eargs, 5);
            return exc ? sp_err_set_value(exc) : NULL;
        }
        i += k;
    }
    return sp_buf_to_str(b);
}

sp_val sp_io_readline(void)
{
    sp_buf b;
    sp_buf_init(&b);
    if (read_line_bytes(&b) < 0) {
        sp_buf_free(&b);
        return NULL;
    }
    return decode_buf(&b);
}

/* ---- the TextIOWrapper objects ---------------------------------------------------- */

static const char *const stream_names[3] = {"<stdin>", "<stdout>", "<stderr>"};

static textio *as_textio(sp_val self)
{
    assert(!sp_is_small(self) && sp_is_subtype(sp_typeof(self), &sp_type_textio));
    return (textio *)self;
}

static sp_val unsupported(const char *what)
{
    /* CPython raises io.UnsupportedOperation (an OSError subclass). */
    return sp_err_set(&sp_exc_OSError, "%s", what);
}

static sp_val textio_write(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    textio *t = as_textio(self);
    if (sp_no_kwargs("write", kwnames) < 0 || sp_check_nargs("write", nargs, 1, 1) < 0) return NULL;
    if (t->which == 0) return unsupported("not writable");
    if (!sp_str_check(args[0]))
        return sp_err_set(&sp_exc_TypeError, "write() argument must be str, not %T", args[0]);
    sp_io_write_str(t->which, args[0]);
    return sp_int_from_u64(((sp_str *)args[0])->len);
}

static sp_val textio_writelines(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    textio *t = as_textio(self);
    if (sp_no_kwargs("writelines", kwnames) < 0 || sp_check_nargs("writelines", nargs, 1, 1) < 0)
        return NULL;
    if (t->which == 0) return unsupported("not writable");
    sp_val it = sp_iter(args[0]), item;
    if (!it) return NULL;
    while ((item = sp_next(it)) != NULL) {
        if (!sp_str_check(item))
            return sp_err_set(&sp_exc_TypeError, "write() argument must be str, not %T", item);
        sp_io_write_str(t->which, item);
    }
    return sp_err_occurred() ? NULL : sp_None;
}

static sp_val textio_flush(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    textio *t = as_textio(self);
    if (sp_no_kwargs("flush", kwnames) < 0 || sp_check_nargs("flush", nargs, 0, 0) < 0) return NULL;
    if (t->which != 0) sp_io_flush(t->which);
    return sp_None;
}

/* Optional size argument of read()/readline(): None or an int; -1 = no limit. */
static int size_arg(const char *fname, sp_val const *args, size_t nargs, int64_t *out)
{
    *out = -1;
    if (nargs == 0 || args[0] == sp_None) return 0;
    if (!sp_int_check(args[0])) {
        sp_err_set(&sp_exc_TypeError, "argument should be integer or None, not '%s'",
                   sp_type_name(args[0]));
        return -1;
    }
    return sp_int_to_i64(args[0], out);
}

static sp_val textio_read(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    textio *t = as_textio(self);
    int64_t n;
    if (sp_no_kwargs("read", kwnames) < 0 || sp_check_nargs("read", nargs, 0, 1) < 0 ||
        size_arg("read", args, nargs, &n) < 0)
        return NULL;
    if (t->which != 0) return unsupported("not readable");
    sp_io_flush_all();
    sp_buf b;
    sp_buf_init(&b);
    int rc = n < 0 ? read_all_bytes(&b) : read_chars(&b, n);
    if (rc < 0) {
        sp_buf_free(&b);
        return NULL;
    }
    return decode_buf(&b);
}

static sp_val textio_readline(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    textio *t = as_textio(self);
    int64_t n;
    if (sp_no_kwargs("readline", kwnames) < 0 || sp_check_nargs("readline", nargs, 0, 1) < 0 ||
        size_arg("readline", args, nargs, &n) < 0)
        return NULL;
    if (t->which != 0) return unsupported("not readable");
    sp_io_flush_all();
    if (n < 0) return sp_io_readline();
    /* A size limit: read at most n characters, stopping after a newline. */
    sp_buf b;
    sp_buf_init(&b);
    for (int64_t got = 0; got < n; got++) {
        size_t before = b.len;
        if (read_chars(&b, 1) < 0) {
            sp_buf_free(&b);
            return NULL;
        }
        if (b.len == before || b.data[b.len - 1] == '\n') break;
    }
    return decode_buf(&b);
}

static sp_val textio_readlines(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    textio *t = as_textio(self);
    int64_t hint;
    if (sp_no_kwargs("readlines", kwnames) < 0 || sp_check_nargs("readlines", nargs, 0, 1) < 0 ||
        size_arg("readlines", args, nargs, &hint) < 0)
        return NULL;
    if (t->which != 0) return unsupported("not readable");
    sp_io_flush_all();
    sp_val list = sp_list_new(0);
    if (!list) return NULL;
    int64_t total = 0;
    for (;;) {
        sp_val line = sp_io_readline();
        if (!line) return NULL;
        if (((sp_str *)line)->size == 0) break;
        if (sp_list_append(list, line) < 0) return NULL;
        total += (int64_t)((sp_str *)line)->len;
        if (hint > 0 && total >= hint) break;
    }
    return list;
}

static sp_val textio_iter(sp_val self)
{
    if (as_textio(self)->which != 0) return unsupported("not readable");
    return self;
}

static sp_val textio_iternext(sp_val self)
{
    if (as_textio(self)->which != 0) return unsupported("not readable");
    sp_io_flush_all();
    sp_val line = sp_io_readline();
    if (!line || ((sp_str *)line)->size == 0)
        return NULL; /* error, or exhausted with no error set */
    return line;
}

static sp_val textio_iter_m(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_check_nargs("__iter__", nargs, 0, 0) < 0) return NULL;
    return textio_iter(self);
}

static sp_val textio_next_m(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_check_nargs("__next__", nargs, 0, 0) < 0) return NULL;
    sp_val line = textio_iternext(self);
    if (!line && !sp_err_occurred()) {
        sp_val exc = sp_exc_new(&sp_exc_StopIteration, NULL, 0);
        return exc ? sp_err_set_value(exc) : NULL;
    }
    return line;
}

static sp_val textio_false(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_False;
}

static sp_val textio_readable(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_bool(as_textio(self)->which == 0);
}

static sp_val textio_writable(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_bool(as_textio(self)->which != 0);
}

static sp_val textio_fileno(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return sp_small(as_textio(self)->which);
}

static sp_val textio_close(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    /* Closing the run's streams would only lose output: flush and keep them open. */
    int which = as_textio(self)->which;
    if (which != 0) sp_io_flush(which);
    return sp_None;
}

static sp_val textio_enter(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return self;
}

static sp_val textio_exit(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return textio_close(self, args, 0, NULL);
}

static sp_val textio_repr(sp_val self)
{
    int which = as_textio(self)->which;
    return sp_str_format("<_io.TextIOWrapper name='%s' mode='%s' encoding='utf-8'>",
                         stream_names[which], which == 0 ? "r" : "w");
}

static sp_val get_name(sp_val self)
{
    return sp_str_from_cstr(stream_names[as_textio(self)->which]);
}
static sp_val get_mode(sp_val self)
{
    return sp_str_from_cstr(as_textio(self)->which == 0 ? "r" : "w");
}
static sp_val get_encoding(sp_val self)
{
    return sp_str_from_cstr("utf-8");
}
static sp_val get_errors(sp_val self)
{
    return sp_str_from_cstr(as_textio(self)->which == 2 ? "backslashreplace" : "strict");
}
static sp_val get_closed(sp_val self)
{
    return sp_False;
}
static sp_val get_line_buffering(sp_val self)
{
    return sp_bool(as_textio(self)->which == 2);
}
static sp_val get_newlines(sp_val self)
{
    return sp_None;
}

static sp_val get_buffer(sp_val self)
{
    return g_buffers[as_textio(self)->which];
}

/* ---- the binary layer: sys.stdin.buffer / sys.stdout.buffer ------------------------
 * Competitive-programming code reads with sys.stdin.buffer.readline(); these objects
 * share the text streams' buffers, so mixing the two layers stays consistent. */

static sp_val bytes_of_buf(sp_buf *b)
{
    sp_val r = sp_bytes_new(b->data, b->len);
    sp_buf_free(b);
    return r;
}

static sp_val bufio_read(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    textio *t = as_textio(self);
    int64_t n;
    if (sp_no_kwargs("read", kwnames) < 0 || sp_check_nargs("read", nargs, 0, 1) < 0 ||
        size_arg("read", args, nargs, &n) < 0)
        return NULL;
    if (t->which != 0) return unsupported("read");
    sp_io_flush_all();
    sp_buf b;
    sp_buf_init(&b);
    int rc = 0;
    if (n < 0) {
        rc = read_all_bytes(&b);
    } else {
        while (rc == 0 && b.len < (size_t)n && in_fill()) {
            size_t take = g_in.len - g_in.pos;
            if (take > (size_t)n - b.len) take = (size_t)n - b.len;
            rc = sp_buf_append(&b, g_in.data + g_in.pos, take);
            g_in.pos += take;
        }
    }
    if (rc < 0) {
        sp_buf_free(&b);
        return NULL;
    }
    return bytes_of_buf(&b);
}

static sp_val bufio_readline_bytes(void)
{
    sp_buf b;
    sp_buf_init(&b);
    if (read_line_bytes(&b) < 0) {
        sp_buf_free(&b);
        return NULL;
    }
    return bytes_of_buf(&b);
}

static sp_val bufio_readline(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    textio *t = as_textio(self);
    int64_t n;
    if (sp_no_kwargs("readline", kwnames) < 0 || sp_check_nargs("readline", nargs, 0, 1) < 0 ||
        size_arg("readline", args, nargs, &n) < 0)
        return NULL;
    if (t->which != 0) return unsupported("readline");
    sp_io_flush_all();
    if (n < 0) return bufio_readline_bytes();
    sp_buf b;
    sp_buf_init(&b);
    while (b.len < (size_t)n && in_fill()) {
        char c = g_in.data[g_in.pos++];
        if (sp_buf_append_char(&b, c) < 0) {
            sp_buf_free(&b);
            return NULL;
        }
        if (c == '\n') break;
    }
    return bytes_of_buf(&b);
}

static sp_val bufio_readlines(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_no_kwargs("readlines", kwnames) < 0 || sp_check_nargs("readlines", nargs, 0, 1) < 0)
        return NULL;
    if (as_textio(self)->which != 0) return unsupported("readline");
    sp_io_flush_all();
    sp_val list = sp_list_new(0);
    if (!list) return NULL;
    for (;;) {
        sp_val line = bufio_readline_bytes();
        if (!line) return NULL;
        if (sp_len(line) == 0) return list;
        if (sp_list_append(list, line) < 0) return NULL;
    }
}

static sp_val bufio_iternext(sp_val self)
{
    if (as_textio(self)->which != 0) return unsupported("readline");
    sp_io_flush_all();
    sp_val line = bufio_readline_bytes();
    if (!line || sp_len(line) == 0) return NULL;
    return line;
}

static sp_val bufio_next_m(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (sp_check_nargs("__next__", nargs, 0, 0) < 0) return NULL;
    sp_val line = bufio_iternext(self);
    if (!line && !sp_err_occurred()) {
        sp_val exc = sp_exc_new(&sp_exc_StopIteration, NULL, 0);
        return exc ? sp_err_set_value(exc) : NULL;
    }
    return line;
}

static sp_val bufio_write(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    textio *t = as_textio(self);
    if (sp_no_kwargs("write", kwnames) < 0 || sp_check_nargs("write", nargs, 1, 1) < 0) return NULL;
    if (t->which == 0) return unsupported("write");
    const char *data;
    size_t len;
    if (!sp_bytes_view(args[0], &data, &len))
        return sp_err_set(&sp_exc_TypeError, "a bytes-like object is required, not '%s'",
                          sp_type_name(args[0]));
    sp_io_write(t->which, data, len);
    return sp_int_from_u64(len);
}

static sp_val bufio_repr(sp_val self)
{
    int which = as_textio(self)->which;
    return sp_str_format("<_io.Buffered%s name='%s'>", which == 0 ? "Reader" : "Writer",
                         stream_names[which]);
}

static const sp_method_def bufio_methods[] = {
    {"read", bufio_read, 0},          {"read1", bufio_read, 0},
    {"readline", bufio_readline, 0},  {"readlines", bufio_readlines, 0},
    {"write", bufio_write, 0},        {"__next__", bufio_next_m, 0},
    {"flush", textio_flush, 0},       {"isatty", textio_false, 0},
    {"seekable", textio_false, 0},    {"readable", textio_readable, 0},
    {"writable", textio_writable, 0}, {"fileno", textio_fileno, 0},
    {"close", textio_close, 0},       {NULL, NULL, 0},
};

static const sp_getset_def bufio_getsets[] = {
    {"name", get_name, NULL},
    {"mode", get_mode, NULL},
    {"closed", get_closed, NULL},
    {NULL, NULL, NULL},
};

static sp_type bufio_type = {
    .ob = {.type = &sp_type_type},
    .name = "BufferedIO",
    .base = &sp_type_textio, /* shares the layout and the which-stream helpers */
    .basic_size = sizeof(textio),
    .repr = bufio_repr,
    .iter = textio_iter,
    .iternext = bufio_iternext,
};

static const sp_method_def textio_methods[] = {
    {"write", textio_write, 0},
    {"writelines", textio_writelines, 0},
    {"flush", textio_flush, 0},
    {"read", textio_read, 0},
    {"readline", textio_readline, 0},
    {"readlines", textio_readlines, 0},
    {"__iter__", textio_iter_m, 0},
    {"__next__", textio_next_m, 0},
    {"isatty", textio_false, 0},
    {"seekable", textio_false, 0},
    {"readable", textio_readable, 0},
    {"writable", textio_writable, 0},
    {"fileno", textio_fileno, 0},
    {"close", textio_close, 0},
    {"__enter__", textio_enter, 0},
    {"__exit__", textio_exit, 0},
    {NULL, NULL, 0},
};

static const sp_getset_def textio_getsets[] = {
    {"name", get_name, NULL},
    {"mode", get_mode, NULL},
    {"encoding", get_encoding, NULL},
    {"errors", get_errors, NULL},
    {"closed", get_closed, NULL},
    {"line_buffering", get_line_buffering, NULL},
    {"newlines", get_newlines, NULL},
    {"buffer", get_buffer, NULL},
    {NULL, NULL, NULL},
};

sp_type sp_type_textio = {
    .ob = {.type = &sp_type_type},
    .name = "TextIOWrapper",
    .base = &sp_type_object,
    .basic_size = sizeof(textio),
    .repr = textio_repr,
    .iter = textio_iter,
    .iternext = textio_iternext,
};

/* ---- lifecycle --------------------------------------------------------------------- */

static sp_val new_stream(sp_type *type, int which)
{
    textio *t = sp_gc_new(type, sizeof(textio));
    if (!t) return NULL;
    t->which = which;
    return (sp_val)t;
}

int sp_io_init(void)
{
    g_in.fd = sp_st.fd_in;
    g_in.eof = false;
    g_in.pos = g_in.len = 0;
    for (int i = 1; i <= 2; i++) {
        g_out[i].fd = i == 1 ? sp_st.fd_out : sp_st.fd_err;
        g_out[i].broken = false;
        g_out[i].len = 0;
        g_out[i].line_buffered = i == 2;
    }
    /* Type dicts live in the run's heap, so the type is readied every run. */
    if (sp_type_ready(&sp_type_textio, textio_methods, textio_getsets) < 0) return -1;
    sp_type_textio.module_name = sp_str_intern("_io");
    if (sp_type_ready(&bufio_type, bufio_methods, bufio_getsets) < 0) return -1;
    bufio_type.module_name = sp_str_intern("_io");
    for (int i = 0; i < 3; i++) {
        g_streams[i] = g_buffers[i] = NULL;
        sp_gc_root(&g_streams[i]);
        sp_gc_root(&g_buffers[i]);
        if (!(g_streams[i] = new_stream(&sp_type_textio, i)) ||
            !(g_buffers[i] = new_stream(&bufio_type, i)))
            return -1;
    }
    return 0;
}

sp_val sp_io_stream(int which)
{
    assert(which >= 0 && which < 3);
    return g_streams[which];
}

int sp_io_stream_index(sp_val v)
{
    for (int i = 0; i < 3; i++)
        if (v == g_streams[i] && v != NULL) return i;
    return -1;
}
