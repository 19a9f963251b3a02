# array — typed arrays of numbers, after CPython's array module. Items are kept
# in a Python list; each store is checked against the typecode's C range, as
# CPython does when packing. Not implemented: the buffer protocol (tobytes,
# frombytes, byteswap, buffer_info) and float32 rounding for typecode 'f'.

typecodes = 'bBuhHiIlLqQfd'

_ITEMSIZE = {'b': 1, 'B': 1, 'u': 4, 'h': 2, 'H': 2, 'i': 4, 'I': 4, 'l': 8, 'L': 8,
             'q': 8, 'Q': 8, 'f': 4, 'd': 8}
_RANGE = {
    'b': (-128, 127, 'signed char'),
    'B': (0, 255, 'unsigned byte integer'),
    'h': (-32768, 32767, 'signed short integer'),
    'H': (0, 65535, 'unsigned short'),
    'i': (-2**31, 2**31 - 1, 'signed integer'),
    'I': (0, 2**32 - 1, 'unsigned int'),
    'l': (-2**63, 2**63 - 1, 'signed long'),
    'L': (0, 2**64 - 1, 'unsigned long'),
    'q': (-2**63, 2**63 - 1, 'signed long long'),
    'Q': (0, 2**64 - 1, 'unsigned long long'),
}


def _check(tc, v):
    if tc in 'fd':
        if isinstance(v, (int, float)) and not isinstance(v, bool) or isinstance(v, bool):
            return float(v)
        if hasattr(v, '__float__'):
            return float(v)
        raise TypeError("must be real number, not %s" % type(v).__name__)
    if tc == 'u':
        if not isinstance(v, str) or len(v) != 1:
            raise TypeError("array item must be unicode character")
        return v
    if isinstance(v, float):
        raise TypeError("'float' object cannot be interpreted as an integer")
    if not isinstance(v, int):
        if hasattr(v, '__index__'):
            v = v.__index__()
        else:
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(v).__name__)
    lo, hi, name = _RANGE[tc]
    if v < lo:
        if tc in 'lq':
            raise OverflowError("Python int too large to convert to C long")
        if lo == 0 and tc in 'LQ':
            raise OverflowError("can't convert negative int to unsigned")
        raise OverflowError("%s is less than minimum" % name)
    if v > hi:
        if tc in 'lq':
            raise OverflowError("Python int too large to convert to C long")
        if tc in 'LQ':
            raise OverflowError("Python int too large to convert to C unsigned long")
        raise OverflowError("%s is greater than maximum" % name)
    return int(v)


class array:
    __slots__ = ('_tc', '_items')

    def __new__(cls, typecode, initializer=None, /):
        if not isinstance(typecode, str) or len(typecode) != 1:
            raise TypeError("array() argument 1 must be a unicode character, not %s"
                            % type(typecode).__name__)
        if typecode not in _ITEMSIZE:
            raise ValueError("bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)")
        self = object.__new__(cls)
        self._tc = typecode
        self._items = []
        if initializer is not None:
            if isinstance(initializer, str):
                if typecode != 'u':
                    raise TypeError("cannot use a str to initialize an array with typecode '%s'"
                                    % typecode)
                self._items = list(initializer)
            elif isinstance(initializer, array):
                if initializer._tc != typecode and (typecode == 'u' or initializer._tc == 'u'):
                    raise TypeError("cannot use a unicode array to initialize an array with "
                                    "typecode '%s'" % typecode)
                self.extend(initializer._items)
            else:
                self.extend(initializer)
        return self

    @property
    def typecode(self):
        return self._tc

    @property
    def itemsize(self):
        return _ITEMSIZE[self._tc]

    def _new(self, items):
        a = object.__new__(type(self))
        a._tc = self._tc
        a._items = items
        return a

    def append(self, v):
        self._items.append(_check(self._tc, v))

    def extend(self, iterable):
        if isinstance(iterable, array):
            if iterable._tc != self._tc:
                raise TypeError("can only extend with array of same kind")
            self._items.extend(iterable._items)
            return
        for v in iterable:
            self.append(v)

    fromlist = extend

    def fromunicode(self, s):
        if self._tc != 'u':
            raise ValueError("fromunicode() may only be called on unicode type arrays")
        self._items.extend(s)

    def tounicode(self):
        if self._tc != 'u':
            raise ValueError("tounicode() may only be called on unicode type arrays")
        return ''.join(self._items)

    def insert(self, i, v):
        self._items.insert(i, _check(self._tc, v))

    def pop(self, i=-1):
        if not self._items:
            raise IndexError("pop from empty array")
        try:
            return self._items.pop(i)
        except IndexError:
            raise IndexError("pop index out of range") from None

    def remove(self, v):
        try:
            self._items.remove(v)
        except ValueError:
            raise ValueError("array.remove(x): x not in array") from None

    def index(self, v, start=0, stop=None):
        n = len(self._items)
        if stop is None:
            stop = n
        try:
            return self._items.index(v, start, stop)
        except ValueError:
            raise ValueError("array.index(x): x not in array") from None

    def count(self, v):
        return self._items.count(v)

    def reverse(self):
        self._items.reverse()

    def tolist(self):
        return list(self._items)

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __contains__(self, v):
        return v in self._items

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self._new(self._items[i])
        try:
            return self._items[i]
        except IndexError:
            raise IndexError("array index out of range") from None

    def __setitem__(self, i, v):
        if isinstance(i, slice):
            if not isinstance(v, array):
                raise TypeError("can only assign array (not \"%s\") to array slice"
                                % type(v).__name__)
            self._items[i] = v._items
            return
        v = _check(self._tc, v)
        try:
            self._items[i] = v
        except IndexError:
            raise IndexError("array assignment index out of range") from None

    def __delitem__(self, i):
        try:
            del self._items[i]
        except IndexError:
            raise IndexError("array assignment index out of range") from None

    def __add__(self, other):
        if not isinstance(other, array):
            raise TypeError("can only append array (not \"%s\") to array"
                            % type(other).__name__)
        if other._tc != self._tc:
            raise TypeError("bad argument type for built-in operation")
        return self._new(self._items + other._items)

    def __iadd__(self, other):
        if not isinstance(other, array):
            raise TypeError("can only extend array with array (not \"%s\")"
                            % type(other).__name__)
        self.extend(other)
        return self

    def __mul__(self, n):
        return self._new(self._items * n)

    __rmul__ = __mul__

    def __imul__(self, n):
        self._items *= n
        return self

    def _cmp_items(self, other):
        return self._items, other._items

    def __eq__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return self._items == other._items

    def __ne__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return self._items != other._items

    def __lt__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return self._items < other._items

    def __le__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return self._items <= other._items

    def __gt__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return self._items > other._items

    def __ge__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return self._items >= other._items

    __hash__ = None

    def __copy__(self):
        return self._new(list(self._items))

    def __deepcopy__(self, memo):
        return self._new(list(self._items))

    def __reduce__(self):
        return (type(self), (self._tc, list(self._items)))

    def __repr__(self):
        if not self._items:
            return "array('%s')" % self._tc
        if self._tc == 'u':
            return "array('u', %r)" % ''.join(self._items)
        return "array('%s', %r)" % (self._tc, self._items)


ArrayType = array
