__all__ = ["match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer",
           "compile", "purge", "template", "escape", "error", "Pattern", "Match", "A", "I",
           "L", "M", "S", "X", "U", "ASCII", "IGNORECASE", "LOCALE", "MULTILINE", "DOTALL",
           "VERBOSE", "UNICODE", "NOFLAG", "RegexFlag"]

_MAXSIZE = 9223372036854775807

_FLAG_ORDER = [('ASCII', 256), ('IGNORECASE', 2), ('LOCALE', 4), ('UNICODE', 32),
               ('MULTILINE', 8), ('DOTALL', 16), ('VERBOSE', 64), ('TEMPLATE', 1),
               ('DEBUG', 128)]

class RegexFlag(int):
    def __repr__(self):
        v = int(self)
        if v == 0:
            return 're.NOFLAG'
        names = []
        for name, bit in _FLAG_ORDER:
            if v & bit:
                names.append('re.' + name)
                v &= ~bit
        if v:
            names.append(hex(v))
        return '|'.join(names)
    __str__ = __repr__

    def __or__(self, other):
        if not isinstance(other, int):
            return NotImplemented
        return RegexFlag(int(self) | int(other))
    __ror__ = __or__

    def __and__(self, other):
        if not isinstance(other, int):
            return NotImplemented
        return RegexFlag(int(self) & int(other))
    __rand__ = __and__

    def __xor__(self, other):
        if not isinstance(other, int):
            return NotImplemented
        return RegexFlag(int(self) ^ int(other))
    __rxor__ = __xor__

    def __invert__(self):
        return RegexFlag(~int(self) & 511)

RegexFlag.__module__ = 're'

A = ASCII = RegexFlag(256)
I = IGNORECASE = RegexFlag(2)
L = LOCALE = RegexFlag(4)
U = UNICODE = RegexFlag(32)
M = MULTILINE = RegexFlag(8)
S = DOTALL = RegexFlag(16)
X = VERBOSE = RegexFlag(64)
T = TEMPLATE = RegexFlag(1)
DEBUG = RegexFlag(128)
NOFLAG = RegexFlag(0)

class error(Exception):
    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        if pattern is not None and pos is not None:
            msg = '%s at position %d' % (msg, pos)
            if isinstance(pattern, str):
                newline = '\n'
            else:
                newline = b'\n'
            self.lineno = pattern.count(newline, 0, pos) + 1
            self.colno = pos - pattern.rfind(newline, 0, pos)
            if newline in pattern:
                msg = '%s (line %d, column %d)' % (msg, self.lineno, self.colno)
        else:
            self.lineno = self.colno = None
        super().__init__(msg)

error.__module__ = 're'
PatternError = error

_C_FLAG_NAMES = [(1, 're.TEMPLATE'), (2, 're.IGNORECASE'), (4, 're.LOCALE'),
                 (8, 're.MULTILINE'), (16, 're.DOTALL'), (32, 're.UNICODE'),
                 (64, 're.VERBOSE'), (128, 're.DEBUG'), (256, 're.ASCII')]

class Pattern:
    __slots__ = ('_prog', 'pattern', 'flags', 'groups', '_groupindex', '_names')

    def __init__(self, prog, pattern, flags, groups, groupindex):
        self._prog = prog
        self.pattern = pattern
        self.flags = flags
        self.groups = groups
        self._groupindex = groupindex
        self._names = None

    @property
    def groupindex(self):
        return dict(self._groupindex)

    def __repr__(self):
        flags = self.flags
        if isinstance(self.pattern, str) and (flags & (4 | 32 | 256)) == 32:
            flags &= ~32
        p = repr(self.pattern)[:200]
        if not flags:
            return 're.compile(%s)' % p
        names = []
        for bit, name in _C_FLAG_NAMES:
            if flags & bit:
                names.append(name)
                flags &= ~bit
        if flags:
            names.append('0x%x' % flags)
        return 're.compile(%s, %s)' % (p, '|'.join(names))

    def __eq__(self, other):
        if not isinstance(other, Pattern):
            return NotImplemented
        return self.pattern == other.pattern and self.flags == other.flags

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def _check(self, string):
        if isinstance(self.pattern, str):
            if not isinstance(string, str):
                if isinstance(string, (bytes, bytearray)):
                    raise TypeError("cannot use a string pattern on a bytes-like object")
                raise TypeError("expected string or bytes-like object, got '%s'" % type(string).__name__)
        elif not isinstance(string, (bytes, bytearray)):
            if isinstance(string, str):
                raise TypeError("cannot use a bytes pattern on a string-like object")
            raise TypeError("expected string or bytes-like object, got '%s'" % type(string).__name__)

    def _run(self, string, pos, endpos, mode):
        self._check(string)
        n = len(string)
        if pos < 0:
            pos = 0
        elif pos > n:
            pos = n
        if endpos < 0:
            endpos = 0
        elif endpos > n:
            endpos = n
        r = _exec(self._prog, string, pos, endpos, mode)
        if r is None:
            return None
        return Match(self, string, pos, endpos, r)

    def match(self, string, pos=0, endpos=_MAXSIZE):
        return self._run(string, pos, endpos, 0)

    def search(self, string, pos=0, endpos=_MAXSIZE):
        return self._run(string, pos, endpos, 1)

    def fullmatch(self, string, pos=0, endpos=_MAXSIZE):
        return self._run(string, pos, endpos, 2)

    def _iter(self, string, pos, endpos, limit=0):
        self._check(string)
        n = len(string)
        if pos < 0:
            pos = 0
        elif pos > n:
            pos = n
        if endpos < 0:
            endpos = 0
        elif endpos > n:
            endpos = n
        if limit < 0:
            return []
        return _scan(self._prog, string, pos, endpos, limit)

    def finditer(self, string, pos=0, endpos=_MAXSIZE):
        n = len(string)
        ep = n if endpos > n else (0 if endpos < 0 else endpos)
        p = n if pos > n else (0 if pos < 0 else pos)
        for r in self._iter(string, pos, endpos):
            yield Match(self, string, p, ep, r)

    def findall(self, string, pos=0, endpos=_MAXSIZE):
        out = []
        g = self.groups
        empty = string[:0]
        for r in self._iter(string, pos, endpos):
            if g == 0:
                out.append(string[r[0]:r[1]])
            elif g == 1:
                out.append(string[r[2]:r[3]] if r[2] >= 0 and r[3] >= 0 else empty)
            else:
                out.append(tuple(string[r[2 * k]:r[2 * k + 1]] if r[2 * k] >= 0 and r[2 * k + 1] >= 0 else empty
                                 for k in range(1, g + 1)))
        return out

    def split(self, string, maxsplit=0):
        self._check(string)
        out = []
        last = 0
        g = self.groups
        if maxsplit < 0:
            return [string[:]]
        for r in self._iter(string, 0, _MAXSIZE, maxsplit):
            out.append(string[last:r[0]])
            for k in range(1, g + 1):
                a, b = r[2 * k], r[2 * k + 1]
                out.append(string[a:b] if a >= 0 and b >= 0 else None)
            last = r[1]
        out.append(string[last:])
        return out

    def subn(self, repl, string, count=0):
        return self._subx(repl, string, count)

    def sub(self, repl, string, count=0):
        return self._subx(repl, string, count)[0]

    def _subx(self, repl, string, count):
        self._check(string)
        if callable(repl):
            filt = repl
            literal = None
            items = None
        else:
            if isinstance(self.pattern, str):
                if not isinstance(repl, str):
                    raise TypeError("expected str instance, %s found" % type(repl).__name__)
            elif isinstance(repl, str):
                raise TypeError("expected a bytes-like object, str found")
            filt = None
            if (b'\\' if isinstance(repl, (bytes, bytearray)) else '\\') not in repl:
                literal = repl
                items = None
            else:
                literal = None
                items = _parse_template(repl, self)
        out = []
        last = 0
        n = 0
        for r in self._iter(string, 0, _MAXSIZE, count):
            if last < r[0]:
                out.append(string[last:r[0]])
            if literal is not None:
                out.append(literal)
            elif items is not None:
                for it in items:
                    if isinstance(it, int):
                        a, b = r[2 * it], r[2 * it + 1]
                        if a >= 0 and b >= 0:
                            out.append(string[a:b])
                    else:
                        out.append(it)
            else:
                v = filt(Match(self, string, 0, len(string), r))
                if v:
                    out.append(v)
            last = r[1]
            n += 1
        out.append(string[last:])
        empty = string[:0]
        if isinstance(empty, bytearray):
            empty = b''
        return empty.join(out), n

    def scanner(self, string, pos=0, endpos=_MAXSIZE):
        raise NotImplementedError("scanner")

Pattern.__module__ = 're'

_ESCAPES = {'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v', '\\': '\\'}

def _is_name(s):
    if not s:
        return False
    if not (s[0] == '_' or s[0].isalpha()):
        return False
    return s.isidentifier()

def _parse_template(repl, pattern):
    is_bytes = not isinstance(repl, str)
    s = repl.decode('latin-1') if is_bytes else repl
    items = []
    lit = []
    i = 0
    n = len(s)
    groups = pattern.groups
    groupindex = pattern._groupindex
    def flush():
        if lit:
            t = ''.join(lit)
            items.append(t.encode('latin-1') if is_bytes else t)
            lit.clear()
    def ref(g):
        flush()
        items.append(g)
    while i < n:
        c = s[i]
        if c != '\\':
            lit.append(c)
            i += 1
            continue
        start = i
        i += 1
        if i >= n:
            raise error("bad escape (end of pattern)", repl, start)
        c = s[i]
        i += 1
        if c == 'g':
            if i >= n or s[i] != '<':
                raise error("missing <", repl, i)
            j = s.find('>', i + 1)
            if j < 0:
                if i + 1 >= n:
                    raise error("missing group name", repl, i + 1)
                raise error("missing >, unterminated name", repl, i + 1)
            name = s[i + 1:j]
            if not name:
                raise error("missing group name", repl, i + 1)
            if name.isdigit() and name.isascii():
                index = int(name)
                if index >= groups + 1:
                    raise error("invalid group reference %d" % index, repl, i + 1)
            elif _is_name(name):
                if name not in groupindex:
                    raise IndexError("unknown group name %r" % name)
                index = groupindex[name]
            else:
                raise error("bad character in group name %r" % name, repl, i + 1)
            ref(index)
            i = j + 1
        elif c == '0':
            v = 0
            k = 0
            while k < 2 and i < n and s[i] in '01234567':
                v = v * 8 + int(s[i])
                i += 1
                k += 1
            lit.append(chr(v))
        elif c in '123456789':
            digits = c
            if i < n and s[i] in '0123456789':
                digits += s[i]
                i += 1
                if (c in '01234567' and digits[1] in '01234567' and i < n and
                        s[i] in '01234567'):
                    digits += s[i]
                    i += 1
                    v = int(digits, 8)
                    if v > 0o377:
                        raise error('octal escape value \\%s outside of range 0-0o377' % digits,
                                    repl, start)
                    lit.append(chr(v))
                    continue
            index = int(digits)
            if index >= groups + 1:
                raise error("invalid group reference %d" % index, repl, start + 1)
            ref(index)
        elif c in _ESCAPES:
            lit.append(_ESCAPES[c])
        elif c.isascii() and c.isalpha():
            raise error('bad escape \\%s' % c, repl, start)
        else:
            lit.append('\\' + c)
    flush()
    return items

class Match:
    __slots__ = ('re', 'string', 'pos', 'endpos', '_r')

    def __init__(self, pattern, string, pos, endpos, r):
        self.re = pattern
        self.string = string
        self.pos = pos
        self.endpos = endpos
        self._r = r

    def _index(self, g):
        if isinstance(g, int) and not isinstance(g, bool) or type(g) is bool:
            if 0 <= g <= self.re.groups:
                return int(g)
        elif isinstance(g, (str, bytes)):
            idx = self.re._groupindex.get(g)
            if idx is not None:
                return idx
        else:
            try:
                g = g.__index__()
            except (AttributeError, TypeError):
                raise IndexError("no such group")
            if 0 <= g <= self.re.groups:
                return g
        raise IndexError("no such group")

    def _get(self, k, default=None):
        a, b = self._r[2 * k], self._r[2 * k + 1]
        if a < 0 or b < 0:
            return default
        return self.string[a:b]

    def group(self, *args):
        if not args:
            return self._get(0)
        if len(args) == 1:
            return self._get(self._index(args[0]))
        return tuple(self._get(self._index(a)) for a in args)

    def __getitem__(self, g):
        return self._get(self._index(g))

    def groups(self, default=None):
        return tuple(self._get(k, default) for k in range(1, self.re.groups + 1))

    def groupdict(self, default=None):
        return {name: self._get(k, default) for name, k in self.re._groupindex.items()}

    def start(self, group=0):
        return self._r[2 * self._index(group)]

    def end(self, group=0):
        return self._r[2 * self._index(group) + 1]

    def span(self, group=0):
        k = self._index(group)
        return (self._r[2 * k], self._r[2 * k + 1])

    @property
    def regs(self):
        return tuple((self._r[2 * k], self._r[2 * k + 1]) for k in range(self.re.groups + 1))

    @property
    def lastindex(self):
        v = self._r[-1]
        return None if v < 0 else v

    @property
    def lastgroup(self):
        v = self._r[-1]
        if v < 0:
            return None
        for name, k in self.re._groupindex.items():
            if k == v:
                return name
        return None

    def expand(self, template):
        items = _parse_template(template, self.re)
        out = []
        for it in items:
            if isinstance(it, int):
                v = self._get(it)
                if v is not None:
                    out.append(v)
            else:
                out.append(it)
        return (template[:0]).join(out)

    def __bool__(self):
        return True

    def __repr__(self):
        return '<re.Match object; span=(%d, %d), match=%s>' % (
            self._r[0], self._r[1], repr(self._get(0))[:50])

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

Match.__module__ = 're'

_cache = {}
_MAXCACHE = 512

def _compile(pattern, flags):
    if isinstance(flags, RegexFlag):
        flags = int(flags)
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    key = (type(pattern), pattern, flags)
    p = _cache.get(key)
    if p is not None:
        return p
    if not isinstance(pattern, (str, bytes)):
        raise TypeError("first argument must be string or compiled pattern")
    if isinstance(pattern, str) and flags & 4:
        raise ValueError("cannot use LOCALE flag with a str pattern")
    if isinstance(pattern, str) and flags & 256 and flags & 32:
        raise ValueError("ASCII and UNICODE flags are incompatible")
    r = _c_compile(pattern, flags)
    if r[0] == 'error':
        if r[1] == 'the repetition number is too large':
            raise OverflowError(r[1])
        raise error(r[1], pattern, r[2])
    prog, groups, groupindex, final = r
    p = Pattern(prog, pattern, final, groups, groupindex)
    if len(_cache) >= _MAXCACHE:
        try:
            del _cache[next(iter(_cache))]
        except (StopIteration, RuntimeError, KeyError):
            pass
    _cache[key] = p
    return p

def compile(pattern, flags=0):
    return _compile(pattern, flags)

def match(pattern, string, flags=0):
    return _compile(pattern, flags).match(string)

def fullmatch(pattern, string, flags=0):
    return _compile(pattern, flags).fullmatch(string)

def search(pattern, string, flags=0):
    return _compile(pattern, flags).search(string)

def sub(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).sub(repl, string, count)

def subn(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).subn(repl, string, count)

def split(pattern, string, maxsplit=0, flags=0):
    return _compile(pattern, flags).split(string, maxsplit)

def findall(pattern, string, flags=0):
    return _compile(pattern, flags).findall(string)

def finditer(pattern, string, flags=0):
    return _compile(pattern, flags).finditer(string)

def purge():
    _cache.clear()

def template(pattern, flags=0):
    return _compile(pattern, flags | T)

_special_chars_map = {i: '\\' + chr(i) for i in b'()[]{}?*+-|^$\\.&~# \t\n\r\v\f'}

def escape(pattern):
    if isinstance(pattern, str):
        return pattern.translate(_special_chars_map)
    else:
        pattern = str(pattern, 'latin1')
        return pattern.translate(_special_chars_map).encode('latin1')
