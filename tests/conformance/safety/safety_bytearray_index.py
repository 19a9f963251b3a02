# bytearray subscripts whose __index__ (of the key or of the stored value) clears or
# shrinks the bytearray: the length and buffer must be read after that code ran.
# Large buffers make a stale pointer fault instead of reading freed memory quietly.
BIG = 1 << 20


class Clear:
    def __init__(self, target, v, churn=False):
        self.target, self.v, self.churn = target, v, churn

    def __index__(self):
        self.target.clear()
        if self.churn:  # reuse the freed memory
            junk = [bytearray(BIG) for _ in range(3)]
        return self.v


class Shrink:
    def __init__(self, target, keep, v):
        self.target, self.keep, self.v = target, keep, v

    def __index__(self):
        del self.target[self.keep:]
        return self.v


def attempt(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, type(e).__name__, e)
    else:
        print(label, r if not isinstance(r, (bytes, bytearray)) or len(r) < 40 else len(r))


# ba[i]
ba = bytearray(b"a" * BIG)
attempt("get cleared", lambda: ba[Clear(ba, 5, True)])
ba = bytearray(b"abcdef" * 10)
attempt("get shrunk", lambda: ba[Shrink(ba, 3, 4)])
ba = bytearray(b"abcdef" * 10)
attempt("get shrunk ok", lambda: ba[Shrink(ba, 3, -1)])
attempt("get huge", lambda: ba[10**30])
attempt("get huge bytes", lambda: b"abc"[-10**30])

# ba[i:j], ba[i:j:k]
ba = bytearray(b"a" * BIG)
attempt("slice cleared", lambda: ba[0:Clear(ba, BIG)])
ba = bytearray(b"a" * BIG)
attempt("slice cleared churn", lambda: ba[0:Clear(ba, BIG, True)])
ba = bytearray(b"abcdefgh" * 100)
attempt("slice shrunk", lambda: ba[4:Shrink(ba, 10, 700)])
ba = bytearray(b"abcdefgh" * 100)
attempt("slice shrunk step", lambda: ba[::Shrink(ba, 10, 3)])
ba = bytearray(b"abcdefgh" * 100)
attempt("slice shrunk neg step", lambda: ba[Shrink(ba, 10, 700)::-2])

# ba[i] = x: the value's __index__ runs before the bounds check (gh-91153)
ba = bytearray(b"abcdefgh" * 100)


class Byte:
    def __init__(self, action, v):
        self.action, self.v = action, v

    def __index__(self):
        self.action()
        return self.v


def store(i, v):
    ba[i] = v


attempt("set value clears", lambda: store(700, Byte(ba.clear, 65)))
print(len(ba), ba)
ba = bytearray(b"abcdefgh" * 100)
attempt("set value shrinks", lambda: store(-1, Byte(lambda: ba.__delitem__(slice(5, None)), 66)))
print(ba)
ba = bytearray(b"abcdefgh" * 100)
attempt("set key clears", lambda: store(Clear(ba, 3), 67))
print(ba)
ba = bytearray(b"abcdefgh")
attempt("set key and value", lambda: store(Shrink(ba, 6, 5), Byte(lambda: ba.extend(b"XY"), 90)))
print(ba)
attempt("set value range", lambda: store(Shrink(ba, 2, 9), Byte(lambda: None, 256)))
print(ba)
attempt("set huge", lambda: store(10**30, 1))


def delete(i):
    del ba[i]


ba = bytearray(b"abcdefgh" * 100)
attempt("del key clears", lambda: delete(Clear(ba, 5)))
ba = bytearray(b"abcdefgh" * 100)
attempt("del key shrinks", lambda: delete(Shrink(ba, 6, 5)))
print(ba)
