__all__ = ["StringIO", "BytesIO", "TextIOWrapper", "IOBase", "UnsupportedOperation",
           "SEEK_SET", "SEEK_CUR", "SEEK_END"]

SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2

class UnsupportedOperation(OSError, ValueError):
    pass
UnsupportedOperation.__module__ = 'io'

class IOBase:
    pass

class _BufBase(IOBase):
    def _check(self):
        if self._closed:
            raise ValueError(self._closed_msg)

    @property
    def closed(self):
        return self._closed

    def close(self):
        self._closed = True

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, *args):
        self.close()

    def __iter__(self):
        self._check()
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def readable(self):
        self._check()
        return True

    def writable(self):
        self._check()
        return True

    def seekable(self):
        self._check()
        return True

    def isatty(self):
        self._check()
        return False

    def flush(self):
        self._check()

    def tell(self):
        self._check()
        return self._pos

    def readlines(self, hint=-1):
        self._check()
        lines = []
        total = 0
        while True:
            line = self.readline()
            if not line:
                break
            lines.append(line)
            total += len(line)
            if hint is not None and 0 < hint <= total:
                break
        return lines

    def writelines(self, lines):
        self._check()
        for line in lines:
            self.write(line)

    def truncate(self, size=None):
        self._check()
        if size is None:
            size = self._pos
        if size < 0:
            raise ValueError("Negative size value %d" % size)
        self._set_value(self._value()[:size])
        return size

class StringIO(_BufBase):
    _closed_msg = 'I/O operation on closed file'

    def __init__(self, initial_value='', newline='\n'):
        if initial_value is None:
            initial_value = ''
        if not isinstance(initial_value, str):
            raise TypeError("initial_value must be str or None, not %s" % type(initial_value).__name__)
        self._closed = False
        self._chunks = [initial_value]
        self._len = len(initial_value)
        self._pos = 0

    def _value(self):
        if len(self._chunks) != 1:
            self._chunks = [''.join(self._chunks)]
        return self._chunks[0]

    def _set_value(self, v):
        self._chunks = [v]
        self._len = len(v)

    def getvalue(self):
        self._check()
        return self._value()

    def write(self, s):
        self._check()
        if not isinstance(s, str):
            raise TypeError("string argument expected, got '%s'" % type(s).__name__)
        n = len(s)
        if not n:
            return 0
        if self._pos == self._len:
            self._chunks.append(s)
            self._len += n
            self._pos += n
            return n
        v = self._value()
        if self._pos > len(v):
            v = v + '\0' * (self._pos - len(v))
        self._set_value(v[:self._pos] + s + v[self._pos + n:])
        self._pos += n
        return n

    def read(self, size=-1):
        self._check()
        v = self._value()
        if size is None or size < 0:
            r = v[self._pos:]
        else:
            r = v[self._pos:self._pos + size]
        self._pos += len(r)
        return r

    def readline(self, size=-1):
        self._check()
        v = self._value()
        if self._pos >= len(v):
            return ''
        end = v.find('\n', self._pos)
        end = len(v) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        r = v[self._pos:end]
        self._pos = end
        return r

    def seek(self, pos, whence=0):
        self._check()
        if whence == 0:
            if pos < 0:
                raise ValueError("Negative seek position %d" % pos)
            self._pos = pos
        elif whence == 1:
            if pos != 0:
                raise OSError("Can't do nonzero cur-relative seeks")
        elif whence == 2:
            if pos != 0:
                raise OSError("Can't do nonzero end-relative seeks")
            self._pos = len(self._value())
        else:
            raise ValueError("Invalid whence (%d, should be 0, 1 or 2)" % whence)
        return self._pos

    def __repr__(self):
        return '<_io.StringIO object>'

class BytesIO(_BufBase):
    _closed_msg = 'I/O operation on closed file.'

    def __init__(self, initial_bytes=b''):
        self._closed = False
        self._buf = bytearray(initial_bytes if initial_bytes is not None else b'')
        self._pos = 0

    def _value(self):
        return bytes(self._buf)

    def _set_value(self, v):
        self._buf = bytearray(v)

    def getvalue(self):
        self._check()
        return bytes(self._buf)

    def write(self, b):
        self._check()
        if isinstance(b, str):
            raise TypeError("a bytes-like object is required, not 'str'")
        b = bytes(b)
        n = len(b)
        if self._pos > len(self._buf):
            self._buf.extend(b'\0' * (self._pos - len(self._buf)))
        self._buf[self._pos:self._pos + n] = b
        self._pos += n
        return n

    def read(self, size=-1):
        self._check()
        if size is None or size < 0:
            r = bytes(self._buf[self._pos:])
        else:
            r = bytes(self._buf[self._pos:self._pos + size])
        self._pos += len(r)
        return r

    read1 = read

    def readline(self, size=-1):
        self._check()
        if self._pos >= len(self._buf):
            return b''
        end = self._buf.find(b'\n', self._pos)
        end = len(self._buf) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        r = bytes(self._buf[self._pos:end])
        self._pos = end
        return r

    def seek(self, pos, whence=0):
        self._check()
        if whence == 0:
            if pos < 0:
                raise ValueError("negative seek value %d" % pos)
            self._pos = pos
        elif whence == 1:
            self._pos = max(0, self._pos + pos)
        elif whence == 2:
            self._pos = max(0, len(self._buf) + pos)
        else:
            raise ValueError("invalid whence (%d, should be 0, 1 or 2)" % whence)
        return self._pos

    def __repr__(self):
        return '<_io.BytesIO object>'

StringIO.__module__ = '_io'
BytesIO.__module__ = '_io'
TextIOWrapper = StringIO
