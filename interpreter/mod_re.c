/*
 * mod_re.c — the `re` module.
 *
 * Design overview
 * ---------------
 * The engine (regex.c) is C; this file wraps a compiled program in a small
 * object (`_re_prog`) and exposes three primitives to the Python half:
 *   _c_compile(pattern, flags) -> (prog, groups, groupindex, flags) or
 *                               ('error', message, position)
 *   _exec(prog, string, pos, endpos, mode) -> tuple of 2*(groups+1) span bounds
 *                               (-1 when unset) plus lastindex, or None
 *   _scan(prog, string, pos, endpos, limit) -> list of such tuples, every match of a
 *                               left-to-right scan (sre's empty-match rule)
 * Pattern, Match, the scanning functions (findall, finditer, sub, split), the
 * replacement-template parser and re.error follow CPython's re/__init__.py and
 * _sre semantics and messages; they are embedded Python below.
 *
 * The subject of _exec is decoded to code points once and cached (with a GC root
 * on the str), so finditer/sub/split over a long string stay linear overall.
 */
#include "mod_stdlib2.h"

#include "gc.h"
#include "mod_stdlib.h"
#include "obj_dict.h"
#include "obj_str.h"
#include "obj_type.h"
#include "regex.h"

#include <string.h>

typedef struct prog_obj {
    sp_object ob;
    re_prog *prog; /* owned; freed by the finalizer */
} prog_obj;

static void prog_finalize(sp_val self)
{
    re_prog_free(((prog_obj *)self)->prog);
    ((prog_obj *)self)->prog = NULL;
}

static sp_type sp_type_re_prog = {
    .name = "_re_prog",
    .basic_size = sizeof(prog_obj),
    .finalize = prog_finalize,
};

/* Code points of a str or bytes-like object into a raw buffer (caller frees
 * n * 4 bytes via sp_mem_free; a 1-element buffer for empty input). */
static uint32_t *to_cps(sp_val v, size_t *n, bool *is_bytes)
{
    const char *data;
    size_t len;
    if (sp_str_check(v)) {
        sp_str *s = (sp_str *)v;
        *is_bytes = false;
        uint32_t *out = sp_mem_alloc((s->len ? s->len : 1) * sizeof(uint32_t));
        if (!out)
            return NULL;
        const char *p = s->data;
        for (size_t i = 0; i < s->len; i++)
            out[i] = sp_utf8_decode(&p);
        *n = s->len;
        return out;
    }
    if (sp_bytes_view(v, &data, &len)) {
        *is_bytes = true;
        uint32_t *out = sp_mem_alloc((len ? len : 1) * sizeof(uint32_t));
        if (!out)
            return NULL;
        for (size_t i = 0; i < len; i++)
            out[i] = (unsigned char)data[i];
        *n = len;
        return out;
    }
    return sp_err_set(&sp_exc_TypeError, "expected string or bytes-like object, got '%s'",
                      sp_type_name(v));
}

static sp_val re_compile_fn(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    (void)self;
    if (sp_no_kwargs("_compile", kw) < 0 || sp_check_nargs("_compile", nargs, 2, 2) < 0)
        return NULL;
    int64_t flags;
    if (sp_int_to_i64(args[1], &flags) < 0)
        return NULL;
    size_t n;
    bool is_bytes;
    uint32_t *pat = to_cps(args[0], &n, &is_bytes);
    if (!pat)
        return NULL;
    if (!is_bytes && !(flags & RE_A))
        flags |= RE_U;
    sp_val names = sp_dict_new();
    if (!names) {
        sp_mem_free(pat, (n ? n : 1) * sizeof(uint32_t));
        return NULL;
    }
    char buf[256];
    const char *msg = NULL;
    int64_t pos = 0;
    re_prog *p = re_compile(pat, n, (int)flags, is_bytes, names, buf, sizeof buf, &msg, &pos);
    sp_mem_free(pat, (n ? n : 1) * sizeof(uint32_t));
    if (!p) {
        if (!msg) {
            if (!sp_err_occurred())
                sp_err_no_memory();
            return NULL;
        }
        sp_err_clear();
        sp_val m = sp_str_from_cstr(msg);
        if (!m)
            return NULL;
        return sp_tuple_pack(3, sp_str_intern("error"), m,
                             pos < 0 ? sp_None : sp_int_from_i64(pos));
    }
    prog_obj *o = sp_gc_new(&sp_type_re_prog, sizeof(prog_obj));
    if (!o) {
        re_prog_free(p);
        return NULL;
    }
    o->prog = p;
    int final = p->flags;
    if (!is_bytes && (final & RE_A))
        final &= ~RE_U;
    if (!is_bytes && !(final & RE_A))
        final |= RE_U;
    return sp_tuple_pack(4, &o->ob, sp_int_from_i64(p->ngroups), names, sp_int_from_i64(final));
}

/* The decoded subject of the last _exec (one per run; the str is a GC root). */
static sp_val cache_str;
static uint32_t *cache_cps;
static size_t cache_n;
static uint64_t cache_run;

static void cache_reset_if_new_run(void)
{
    if (cache_run != sp_gc_run_id()) {
        /* the previous run's heap (and its buffers) are gone */
        cache_str = NULL;
        cache_cps = NULL;
        cache_n = 0;
        cache_run = sp_gc_run_id();
        sp_gc_root(&cache_str);
    }
}

static sp_val re_exec_fn(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    (void)self;
    if (sp_no_kwargs("_exec", kw) < 0 || sp_check_nargs("_exec", nargs, 5, 5) < 0)
        return NULL;
    if (sp_typeof(args[0]) != &sp_type_re_prog)
        return sp_err_set(&sp_exc_TypeError, "_exec: bad program");
    re_prog *p = ((prog_obj *)args[0])->prog;
    sp_val subject = args[1];
    int64_t pos, endpos, mode;
    if (sp_int_to_i64(args[2], &pos) < 0 || sp_int_to_i64(args[3], &endpos) < 0 ||
        sp_int_to_i64(args[4], &mode) < 0)
        return NULL;
    cache_reset_if_new_run();
    if (cache_str != subject) {
        size_t n;
        bool is_bytes;
        uint32_t *cps = to_cps(subject, &n, &is_bytes);
        if (!cps)
            return NULL;
        if (is_bytes != p->is_bytes) {
            sp_mem_free(cps, (n ? n : 1) * sizeof(uint32_t));
            return sp_err_set(&sp_exc_TypeError,
                              is_bytes ? "cannot use a string pattern on a bytes-like object"
                                       : "cannot use a bytes pattern on a string-like object");
        }
        if (cache_cps)
            sp_mem_free(cache_cps, (cache_n ? cache_n : 1) * sizeof(uint32_t));
        cache_cps = NULL;
        cache_str = NULL;
        if (sp_str_check(subject) || sp_bytes_check(subject)) { /* immutable: cacheable */
            cache_str = subject;
            cache_cps = cps;
            cache_n = n;
        } else {
            /* bytearray: use once */
            if (pos < 0)
                pos = 0;
            if (endpos > (int64_t)n)
                endpos = (int64_t)n;
            if (pos > endpos) {
                sp_mem_free(cps, (n ? n : 1) * sizeof(uint32_t));
                return sp_None;
            }
            int64_t *slots = sp_mem_alloc((size_t)(2 * (p->ngroups + 1) + 1) * sizeof(int64_t));
            if (!slots) {
                sp_mem_free(cps, (n ? n : 1) * sizeof(uint32_t));
                return NULL;
            }
            int r = re_exec(p, cps, (size_t)endpos, (size_t)pos, (int)mode, slots);
            sp_mem_free(cps, (n ? n : 1) * sizeof(uint32_t));
            sp_val res = NULL;
            if (r == 1) {
                size_t ns = (size_t)(2 * (p->ngroups + 1) + 1);
                res = sp_tuple_new(ns);
                for (size_t k = 0; res && k < ns; k++)
                    ((sp_tuple *)res)->items[k] = sp_small(slots[k]);
            } else if (r == 0) {
                res = sp_None;
            }
            sp_mem_free(slots, (size_t)(2 * (p->ngroups + 1) + 1) * sizeof(int64_t));
            return res;
        }
    } else if (p->is_bytes != !sp_str_check(subject)) {
        return sp_err_set(&sp_exc_TypeError, p->is_bytes
                                                 ? "cannot use a bytes pattern on a string-like object"
                                                 : "cannot use a string pattern on a bytes-like object");
    }
    if (pos < 0)
        pos = 0;
    if (endpos > (int64_t)cache_n)
        endpos = (int64_t)cache_n;
    if (pos > endpos)
        return sp_None;
    size_t ns = (size_t)(2 * (p->ngroups + 1) + 1);
    int64_t small_slots[32];
    int64_t *slots = ns <= 32 ? small_slots : sp_mem_alloc(ns * sizeof(int64_t));
    if (!slots)
        return NULL;
    int r = re_exec(p, cache_cps, (size_t)endpos, (size_t)pos, (int)mode, slots);
    sp_val res = NULL;
    if (r == 1) {
        res = sp_tuple_new(ns);
        for (size_t k = 0; res && k < ns; k++)
            ((sp_tuple *)res)->items[k] = sp_small(slots[k]);
    } else if (r == 0) {
        res = sp_None;
    }
    if (slots != small_slots)
        sp_mem_free(slots, ns * sizeof(int64_t));
    return res;
}

/* _scan(prog, string, pos, endpos, limit): every match of a left-to-right scan as
 * a list of slot tuples (limit 0: no limit), with the empty-match rule of sre's
 * iteration: after an empty match the next one may not be empty at the same place. */
static sp_val re_scan_fn(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("_scan", kw) < 0 || sp_check_nargs("_scan", nargs, 5, 5) < 0)
        return NULL;
    int64_t pos, endpos, limit;
    if (sp_int_to_i64(args[2], &pos) < 0 || sp_int_to_i64(args[3], &endpos) < 0 ||
        sp_int_to_i64(args[4], &limit) < 0)
        return NULL;
    sp_val out = sp_list_new(0);
    if (!out)
        return NULL;
    int64_t mode = 1;
    for (int64_t count = 0; pos <= endpos && (limit <= 0 || count < limit); count++) {
        sp_val call_args[5] = {args[0], args[1], sp_int_from_i64(pos), sp_int_from_i64(endpos),
                               sp_small(mode)};
        sp_val r = re_exec_fn(self, call_args, 5, NULL);
        if (!r)
            return NULL;
        if (r == sp_None)
            break;
        if (sp_list_append(out, r) < 0)
            return NULL;
        sp_tuple *t = (sp_tuple *)r;
        int64_t a = sp_small_value(t->items[0]), b = sp_small_value(t->items[1]);
        mode = a == b ? 5 : 1;
        pos = b;
    }
    return out;
}

static const sp_method_def re_functions[] = {
    {"_scan", re_scan_fn, 0},
    {"_c_compile", re_compile_fn, 0},
    {"_exec", re_exec_fn, 0},
    {NULL, NULL, 0},
};

/* ---- the Python half ----------------------------------------------------------------------- */

static const char re_py[] =
    "__all__ = [\"match\", \"fullmatch\", \"search\", \"sub\", \"subn\", \"split\", \"findall\", \"finditer\",\n"
    "           \"compile\", \"purge\", \"template\", \"escape\", \"error\", \"Pattern\", \"Match\", \"A\", \"I\",\n"
    "           \"L\", \"M\", \"S\", \"X\", \"U\", \"ASCII\", \"IGNORECASE\", \"LOCALE\", \"MULTILINE\", \"DOTALL\",\n"
    "           \"VERBOSE\", \"UNICODE\", \"NOFLAG\", \"RegexFlag\"]\n"
    "\n"
    "_MAXSIZE = 9223372036854775807\n"
    "\n"
    "_FLAG_ORDER = [('ASCII', 256), ('IGNORECASE', 2), ('LOCALE', 4), ('UNICODE', 32),\n"
    "               ('MULTILINE', 8), ('DOTALL', 16), ('VERBOSE', 64), ('TEMPLATE', 1),\n"
    "               ('DEBUG', 128)]\n"
    "\n"
    "class RegexFlag(int):\n"
    "    def __repr__(self):\n"
    "        v = int(self)\n"
    "        if v == 0:\n"
    "            return 're.NOFLAG'\n"
    "        names = []\n"
    "        for name, bit in _FLAG_ORDER:\n"
    "            if v & bit:\n"
    "                names.append('re.' + name)\n"
    "                v &= ~bit\n"
    "        if v:\n"
    "            names.append(hex(v))\n"
    "        return '|'.join(names)\n"
    "    __str__ = __repr__\n"
    "\n"
    "    def __or__(self, other):\n"
    "        if not isinstance(other, int):\n"
    "            return NotImplemented\n"
    "        return RegexFlag(int(self) | int(other))\n"
    "    __ror__ = __or__\n"
    "\n"
    "    def __and__(self, other):\n"
    "        if not isinstance(other, int):\n"
    "            return NotImplemented\n"
    "        return RegexFlag(int(self) & int(other))\n"
    "    __rand__ = __and__\n"
    "\n"
    "    def __xor__(self, other):\n"
    "        if not isinstance(other, int):\n"
    "            return NotImplemented\n"
    "        return RegexFlag(int(self) ^ int(other))\n"
    "    __rxor__ = __xor__\n"
    "\n"
    "    def __invert__(self):\n"
    "        return RegexFlag(~int(self) & 511)\n"
    "\n"
    "RegexFlag.__module__ = 're'\n"
    "\n"
    "A = ASCII = RegexFlag(256)\n"
    "I = IGNORECASE = RegexFlag(2)\n"
    "L = LOCALE = RegexFlag(4)\n"
    "U = UNICODE = RegexFlag(32)\n"
    "M = MULTILINE = RegexFlag(8)\n"
    "S = DOTALL = RegexFlag(16)\n"
    "X = VERBOSE = RegexFlag(64)\n"
    "T = TEMPLATE = RegexFlag(1)\n"
    "DEBUG = RegexFlag(128)\n"
    "NOFLAG = RegexFlag(0)\n"
    "\n"
    "class error(Exception):\n"
    "    def __init__(self, msg, pattern=None, pos=None):\n"
    "        self.msg = msg\n"
    "        self.pattern = pattern\n"
    "        self.pos = pos\n"
    "        if pattern is not None and pos is not None:\n"
    "            msg = '%s at position %d' % (msg, pos)\n"
    "            if isinstance(pattern, str):\n"
    "                newline = '\\n'\n"
    "            else:\n"
    "                newline = b'\\n'\n"
    "            self.lineno = pattern.count(newline, 0, pos) + 1\n"
    "            self.colno = pos - pattern.rfind(newline, 0, pos)\n"
    "            if newline in pattern:\n"
    "                msg = '%s (line %d, column %d)' % (msg, self.lineno, self.colno)\n"
    "        else:\n"
    "            self.lineno = self.colno = None\n"
    "        super().__init__(msg)\n"
    "\n"
    "error.__module__ = 're'\n"
    "PatternError = error\n"
    "\n"
    "_C_FLAG_NAMES = [(1, 're.TEMPLATE'), (2, 're.IGNORECASE'), (4, 're.LOCALE'),\n"
    "                 (8, 're.MULTILINE'), (16, 're.DOTALL'), (32, 're.UNICODE'),\n"
    "                 (64, 're.VERBOSE'), (128, 're.DEBUG'), (256, 're.ASCII')]\n"
    "\n"
    "class Pattern:\n"
    "    __slots__ = ('_prog', 'pattern', 'flags', 'groups', '_groupindex', '_names')\n"
    "\n"
    "    def __init__(self, prog, pattern, flags, groups, groupindex):\n"
    "        self._prog = prog\n"
    "        self.pattern = pattern\n"
    "        self.flags = flags\n"
    "        self.groups = groups\n"
    "        self._groupindex = groupindex\n"
    "        self._names = None\n"
    "\n"
    "    @property\n"
    "    def groupindex(self):\n"
    "        return dict(self._groupindex)\n"
    "\n"
    "    def __repr__(self):\n"
    "        flags = self.flags\n"
    "        if isinstance(self.pattern, str) and (flags & (4 | 32 | 256)) == 32:\n"
    "            flags &= ~32\n"
    "        p = repr(self.pattern)[:200]\n"
    "        if not flags:\n"
    "            return 're.compile(%s)' % p\n"
    "        names = []\n"
    "        for bit, name in _C_FLAG_NAMES:\n"
    "            if flags & bit:\n"
    "                names.append(name)\n"
    "                flags &= ~bit\n"
    "        if flags:\n"
    "            names.append('0x%x' % flags)\n"
    "        return 're.compile(%s, %s)' % (p, '|'.join(names))\n"
    "\n"
    "    def __eq__(self, other):\n"
    "        if not isinstance(other, Pattern):\n"
    "            return NotImplemented\n"
    "        return self.pattern == other.pattern and self.flags == other.flags\n"
    "\n"
    "    def __hash__(self):\n"
    "        return hash((self.pattern, self.flags))\n"
    "\n"
    "    def __copy__(self):\n"
    "        return self\n"
    "\n"
    "    def __deepcopy__(self, memo):\n"
    "        return self\n"
    "\n"
    "    def _check(self, string):\n"
    "        if isinstance(self.pattern, str):\n"
    "            if not isinstance(string, str):\n"
    "                if isinstance(string, (bytes, bytearray)):\n"
    "                    raise TypeError(\"cannot use a string pattern on a bytes-like object\")\n"
    "                raise TypeError(\"expected string or bytes-like object, got '%s'\" % type(string).__name__)\n"
    "        elif not isinstance(string, (bytes, bytearray)):\n"
    "            if isinstance(string, str):\n"
    "                raise TypeError(\"cannot use a bytes pattern on a string-like object\")\n"
    "            raise TypeError(\"expected string or bytes-like object, got '%s'\" % type(string).__name__)\n"
    "\n"
    "    def _run(self, string, pos, endpos, mode):\n"
    "        self._check(string)\n"
    "        n = len(string)\n"
    "        if pos < 0:\n"
    "            pos = 0\n"
    "        elif pos > n:\n"
    "            pos = n\n"
    "        if endpos < 0:\n"
    "            endpos = 0\n"
    "        elif endpos > n:\n"
    "            endpos = n\n"
    "        r = _exec(self._prog, string, pos, endpos, mode)\n"
    "        if r is None:\n"
    "            return None\n"
    "        return Match(self, string, pos, endpos, r)\n"
    "\n"
    "    def match(self, string, pos=0, endpos=_MAXSIZE):\n"
    "        return self._run(string, pos, endpos, 0)\n"
    "\n"
    "    def search(self, string, pos=0, endpos=_MAXSIZE):\n"
    "        return self._run(string, pos, endpos, 1)\n"
    "\n"
    "    def fullmatch(self, string, pos=0, endpos=_MAXSIZE):\n"
    "        return self._run(string, pos, endpos, 2)\n"
    "\n"
    "    def _iter(self, string, pos, endpos, limit=0):\n"
    "        self._check(string)\n"
    "        n = len(string)\n"
    "        if pos < 0:\n"
    "            pos = 0\n"
    "        elif pos > n:\n"
    "            pos = n\n"
    "        if endpos < 0:\n"
    "            endpos = 0\n"
    "        elif endpos > n:\n"
    "            endpos = n\n"
    "        if limit < 0:\n"
    "            return []\n"
    "        return _scan(self._prog, string, pos, endpos, limit)\n"
    "\n"
    "    def finditer(self, string, pos=0, endpos=_MAXSIZE):\n"
    "        n = len(string)\n"
    "        ep = n if endpos > n else (0 if endpos < 0 else endpos)\n"
    "        p = n if pos > n else (0 if pos < 0 else pos)\n"
    "        for r in self._iter(string, pos, endpos):\n"
    "            yield Match(self, string, p, ep, r)\n"
    "\n"
    "    def findall(self, string, pos=0, endpos=_MAXSIZE):\n"
    "        out = []\n"
    "        g = self.groups\n"
    "        empty = string[:0]\n"
    "        for r in self._iter(string, pos, endpos):\n"
    "            if g == 0:\n"
    "                out.append(string[r[0]:r[1]])\n"
    "            elif g == 1:\n"
    "                out.append(string[r[2]:r[3]] if r[2] >= 0 and r[3] >= 0 else empty)\n"
    "            else:\n"
    "                out.append(tuple(string[r[2 * k]:r[2 * k + 1]] if r[2 * k] >= 0 and r[2 * k + 1] >= 0 else empty\n"
    "                                 for k in range(1, g + 1)))\n"
    "        return out\n"
    "\n"
    "    def split(self, string, maxsplit=0):\n"
    "        self._check(string)\n"
    "        out = []\n"
    "        last = 0\n"
    "        g = self.groups\n"
    "        if maxsplit < 0:\n"
    "            return [string[:]]\n"
    "        for r in self._iter(string, 0, _MAXSIZE, maxsplit):\n"
    "            out.append(string[last:r[0]])\n"
    "            for k in range(1, g + 1):\n"
    "                a, b = r[2 * k], r[2 * k + 1]\n"
    "                out.append(string[a:b] if a >= 0 and b >= 0 else None)\n"
    "            last = r[1]\n"
    "        out.append(string[last:])\n"
    "        return out\n"
    "\n"
    "    def subn(self, repl, string, count=0):\n"
    "        return self._subx(repl, string, count)\n"
    "\n"
    "    def sub(self, repl, string, count=0):\n"
    "        return self._subx(repl, string, count)[0]\n"
    "\n"
    "    def _subx(self, repl, string, count):\n"
    "        self._check(string)\n"
    "        if callable(repl):\n"
    "            filt = repl\n"
    "            literal = None\n"
    "            items = None\n"
    "        else:\n"
    "            if isinstance(self.pattern, str):\n"
    "                if not isinstance(repl, str):\n"
    "                    raise TypeError(\"expected str instance, %s found\" % type(repl).__name__)\n"
    "            elif isinstance(repl, str):\n"
    "                raise TypeError(\"expected a bytes-like object, str found\")\n"
    "            filt = None\n"
    "            if (b'\\\\' if isinstance(repl, (bytes, bytearray)) else '\\\\') not in repl:\n"
    "                literal = repl\n"
    "                items = None\n"
    "            else:\n"
    "                literal = None\n"
    "                items = _parse_template(repl, self)\n"
    "        out = []\n"
    "        last = 0\n"
    "        n = 0\n"
    "        for r in self._iter(string, 0, _MAXSIZE, count):\n"
    "            if last < r[0]:\n"
    "                out.append(string[last:r[0]])\n"
    "            if literal is not None:\n"
    "                out.append(literal)\n"
    "            elif items is not None:\n"
    "                for it in items:\n"
    "                    if isinstance(it, int):\n"
    "                        a, b = r[2 * it], r[2 * it + 1]\n"
    "                        if a >= 0 and b >= 0:\n"
    "                            out.append(string[a:b])\n"
    "                    else:\n"
    "                        out.append(it)\n"
    "            else:\n"
    "                v = filt(Match(self, string, 0, len(string), r))\n"
    "                if v:\n"
    "                    out.append(v)\n"
    "            last = r[1]\n"
    "            n += 1\n"
    "        out.append(string[last:])\n"
    "        empty = string[:0]\n"
    "        if isinstance(empty, bytearray):\n"
    "            empty = b''\n"
    "        return empty.join(out), n\n"
    "\n"
    "    def scanner(self, string, pos=0, endpos=_MAXSIZE):\n"
    "        raise NotImplementedError(\"scanner\")\n"
    "\n"
    "Pattern.__module__ = 're'\n"
    "\n"
    "_ESCAPES = {'a': '\\a', 'b': '\\b', 'f': '\\f', 'n': '\\n', 'r': '\\r', 't': '\\t', 'v': '\\v', '\\\\': '\\\\'}\n"
    "\n"
    "def _is_name(s):\n"
    "    if not s:\n"
    "        return False\n"
    "    if not (s[0] == '_' or s[0].isalpha()):\n"
    "        return False\n"
    "    return s.isidentifier()\n"
    "\n"
    "def _parse_template(repl, pattern):\n"
    "    is_bytes = not isinstance(repl, str)\n"
    "    s = repl.decode('latin-1') if is_bytes else repl\n"
    "    items = []\n"
    "    lit = []\n"
    "    i = 0\n"
    "    n = len(s)\n"
    "    groups = pattern.groups\n"
    "    groupindex = pattern._groupindex\n"
    "    def flush():\n"
    "        if lit:\n"
    "            t = ''.join(lit)\n"
    "            items.append(t.encode('latin-1') if is_bytes else t)\n"
    "            lit.clear()\n"
    "    def ref(g):\n"
    "        flush()\n"
    "        items.append(g)\n"
    "    while i < n:\n"
    "        c = s[i]\n"
    "        if c != '\\\\':\n"
    "            lit.append(c)\n"
    "            i += 1\n"
    "            continue\n"
    "        start = i\n"
    "        i += 1\n"
    "        if i >= n:\n"
    "            raise error(\"bad escape (end of pattern)\", repl, start)\n"
    "        c = s[i]\n"
    "        i += 1\n"
    "        if c == 'g':\n"
    "            if i >= n or s[i] != '<':\n"
    "                raise error(\"missing <\", repl, i)\n"
    "            j = s.find('>', i + 1)\n"
    "            if j < 0:\n"
    "                if i + 1 >= n:\n"
    "                    raise error(\"missing group name\", repl, i + 1)\n"
    "                raise error(\"missing >, unterminated name\", repl, i + 1)\n"
    "            name = s[i + 1:j]\n"
    "            if not name:\n"
    "                raise error(\"missing group name\", repl, i + 1)\n"
    "            if name.isdigit() and name.isascii():\n"
    "                index = int(name)\n"
    "                if index >= groups + 1:\n"
    "                    raise error(\"invalid group reference %d\" % index, repl, i + 1)\n"
    "            elif _is_name(name):\n"
    "                if name not in groupindex:\n"
    "                    raise IndexError(\"unknown group name %r\" % name)\n"
    "                index = groupindex[name]\n"
    "            else:\n"
    "                raise error(\"bad character in group name %r\" % name, repl, i + 1)\n"
    "            ref(index)\n"
    "            i = j + 1\n"
    "        elif c == '0':\n"
    "            v = 0\n"
    "            k = 0\n"
    "            while k < 2 and i < n and s[i] in '01234567':\n"
    "                v = v * 8 + int(s[i])\n"
    "                i += 1\n"
    "                k += 1\n"
    "            lit.append(chr(v))\n"
    "        elif c in '123456789':\n"
    "            digits = c\n"
    "            if i < n and s[i] in '0123456789':\n"
    "                digits += s[i]\n"
    "                i += 1\n"
    "                if (c in '01234567' and digits[1] in '01234567' and i < n and\n"
    "                        s[i] in '01234567'):\n"
    "                    digits += s[i]\n"
    "                    i += 1\n"
    "                    v = int(digits, 8)\n"
    "                    if v > 0o377:\n"
    "                        raise error('octal escape value \\\\%s outside of range 0-0o377' % digits,\n"
    "                                    repl, start)\n"
    "                    lit.append(chr(v))\n"
    "                    continue\n"
    "            index = int(digits)\n"
    "            if index >= groups + 1:\n"
    "                raise error(\"invalid group reference %d\" % index, repl, start + 1)\n"
    "            ref(index)\n"
    "        elif c in _ESCAPES:\n"
    "            lit.append(_ESCAPES[c])\n"
    "        elif c.isascii() and c.isalpha():\n"
    "            raise error('bad escape \\\\%s' % c, repl, start)\n"
    "        else:\n"
    "            lit.append('\\\\' + c)\n"
    "    flush()\n"
    "    return items\n"
    "\n"
    "class Match:\n"
    "    __slots__ = ('re', 'string', 'pos', 'endpos', '_r')\n"
    "\n"
    "    def __init__(self, pattern, string, pos, endpos, r):\n"
    "        self.re = pattern\n"
    "        self.string = string\n"
    "        self.pos = pos\n"
    "        self.endpos = endpos\n"
    "        self._r = r\n"
    "\n"
    "    def _index(self, g):\n"
    "        if isinstance(g, int) and not isinstance(g, bool) or type(g) is bool:\n"
    "            if 0 <= g <= self.re.groups:\n"
    "                return int(g)\n"
    "        elif isinstance(g, (str, bytes)):\n"
    "            idx = self.re._groupindex.get(g)\n"
    "            if idx is not None:\n"
    "                return idx\n"
    "        else:\n"
    "            try:\n"
    "                g = g.__index__()\n"
    "            except (AttributeError, TypeError):\n"
    "                raise IndexError(\"no such group\")\n"
    "            if 0 <= g <= self.re.groups:\n"
    "                return g\n"
    "        raise IndexError(\"no such group\")\n"
    "\n"
    "    def _get(self, k, default=None):\n"
    "        a, b = self._r[2 * k], self._r[2 * k + 1]\n"
    "        if a < 0 or b < 0:\n"
    "            return default\n"
    "        return self.string[a:b]\n"
    "\n"
    "    def group(self, *args):\n"
    "        if not args:\n"
    "            return self._get(0)\n"
    "        if len(args) == 1:\n"
    "            return self._get(self._index(args[0]))\n"
    "        return tuple(self._get(self._index(a)) for a in args)\n"
    "\n"
    "    def __getitem__(self, g):\n"
    "        return self._get(self._index(g))\n"
    "\n"
    "    def groups(self, default=None):\n"
    "        return tuple(self._get(k, default) for k in range(1, self.re.groups + 1))\n"
    "\n"
    "    def groupdict(self, default=None):\n"
    "        return {name: self._get(k, default) for name, k in self.re._groupindex.items()}\n"
    "\n"
    "    def start(self, group=0):\n"
    "        return self._r[2 * self._index(group)]\n"
    "\n"
    "    def end(self, group=0):\n"
    "        return self._r[2 * self._index(group) + 1]\n"
    "\n"
    "    def span(self, group=0):\n"
    "        k = self._index(group)\n"
    "        return (self._r[2 * k], self._r[2 * k + 1])\n"
    "\n"
    "    @property\n"
    "    def regs(self):\n"
    "        return tuple((self._r[2 * k], self._r[2 * k + 1]) for k in range(self.re.groups + 1))\n"
    "\n"
    "    @property\n"
    "    def lastindex(self):\n"
    "        v = self._r[-1]\n"
    "        return None if v < 0 else v\n"
    "\n"
    "    @property\n"
    "    def lastgroup(self):\n"
    "        v = self._r[-1]\n"
    "        if v < 0:\n"
    "            return None\n"
    "        for name, k in self.re._groupindex.items():\n"
    "            if k == v:\n"
    "                return name\n"
    "        return None\n"
    "\n"
    "    def expand(self, template):\n"
    "        items = _parse_template(template, self.re)\n"
    "        out = []\n"
    "        for it in items:\n"
    "            if isinstance(it, int):\n"
    "                v = self._get(it)\n"
    "                if v is not None:\n"
    "                    out.append(v)\n"
    "            else:\n"
    "                out.append(it)\n"
    "        return (template[:0]).join(out)\n"
    "\n"
    "    def __bool__(self):\n"
    "        return True\n"
    "\n"
    "    def __repr__(self):\n"
    "        return '<re.Match object; span=(%d, %d), match=%s>' % (\n"
    "            self._r[0], self._r[1], repr(self._get(0))[:50])\n"
    "\n"
    "    def __copy__(self):\n"
    "        return self\n"
    "\n"
    "    def __deepcopy__(self, memo):\n"
    "        return self\n"
    "\n"
    "Match.__module__ = 're'\n"
    "\n"
    "_cache = {}\n"
    "_MAXCACHE = 512\n"
    "\n"
    "def _compile(pattern, flags):\n"
    "    if isinstance(flags, RegexFlag):\n"
    "        flags = int(flags)\n"
    "    if isinstance(pattern, Pattern):\n"
    "        if flags:\n"
    "            raise ValueError(\"cannot process flags argument with a compiled pattern\")\n"
    "        return pattern\n"
    "    key = (type(pattern), pattern, flags)\n"
    "    p = _cache.get(key)\n"
    "    if p is not None:\n"
    "        return p\n"
    "    if not isinstance(pattern, (str, bytes)):\n"
    "        raise TypeError(\"first argument must be string or compiled pattern\")\n"
    "    if isinstance(pattern, str) and flags & 4:\n"
    "        raise ValueError(\"cannot use LOCALE flag with a str pattern\")\n"
    "    if isinstance(pattern, str) and flags & 256 and flags & 32:\n"
    "        raise ValueError(\"ASCII and UNICODE flags are incompatible\")\n"
    "    r = _c_compile(pattern, flags)\n"
    "    if r[0] == 'error':\n"
    "        if r[1] == 'the repetition number is too large':\n"
    "            raise OverflowError(r[1])\n"
    "        raise error(r[1], pattern, r[2])\n"
    "    prog, groups, groupindex, final = r\n"
    "    p = Pattern(prog, pattern, final, groups, groupindex)\n"
    "    if len(_cache) >= _MAXCACHE:\n"
    "        try:\n"
    "            del _cache[next(iter(_cache))]\n"
    "        except (StopIteration, RuntimeError, KeyError):\n"
    "            pass\n"
    "    _cache[key] = p\n"
    "    return p\n"
    "\n"
    "def compile(pattern, flags=0):\n"
    "    return _compile(pattern, flags)\n"
    "\n"
    "def match(pattern, string, flags=0):\n"
    "    return _compile(pattern, flags).match(string)\n"
    "\n"
    "def fullmatch(pattern, string, flags=0):\n"
    "    return _compile(pattern, flags).fullmatch(string)\n"
    "\n"
    "def search(pattern, string, flags=0):\n"
    "    return _compile(pattern, flags).search(string)\n"
    "\n"
    "def sub(pattern, repl, string, count=0, flags=0):\n"
    "    return _compile(pattern, flags).sub(repl, string, count)\n"
    "\n"
    "def subn(pattern, repl, string, count=0, flags=0):\n"
    "    return _compile(pattern, flags).subn(repl, string, count)\n"
    "\n"
    "def split(pattern, string, maxsplit=0, flags=0):\n"
    "    return _compile(pattern, flags).split(string, maxsplit)\n"
    "\n"
    "def findall(pattern, string, flags=0):\n"
    "    return _compile(pattern, flags).findall(string)\n"
    "\n"
    "def finditer(pattern, string, flags=0):\n"
    "    return _compile(pattern, flags).finditer(string)\n"
    "\n"
    "def purge():\n"
    "    _cache.clear()\n"
    "\n"
    "def template(pattern, flags=0):\n"
    "    return _compile(pattern, flags | T)\n"
    "\n"
    "_special_chars_map = {i: '\\\\' + chr(i) for i in b'()[]{}?*+-|^$\\\\.&~# \\t\\n\\r\\v\\f'}\n"
    "\n"
    "def escape(pattern):\n"
    "    if isinstance(pattern, str):\n"
    "        return pattern.translate(_special_chars_map)\n"
    "    else:\n"
    "        pattern = str(pattern, 'latin1')\n"
    "        return pattern.translate(_special_chars_map).encode('latin1')\n"
    ;

sp_val sp_re_module_init(void)
{
    if (sp_type_ready(&sp_type_re_prog, NULL, NULL) < 0)
        return NULL;
    cache_reset_if_new_run();
    sp_val m = sp_module_new("re");
    if (!m || sp_module_add_functions(m, re_functions) < 0 ||
        sp_stdlib_exec(m, re_py, "re.py") < 0)
        return NULL;
    return m;
}
