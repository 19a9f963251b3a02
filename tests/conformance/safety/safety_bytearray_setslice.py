# bytearray slice assignment and deletion where converting the value (a generator, an
# iterable) or a slice bound's __index__ resizes the target. CPython converts a value
# that is not a bytearray into a fresh one first and then starts over, unpacking the
# slice again against the length the conversion left: a stale start/stop must never
# be used to copy into a buffer that has since shrunk.
calls = []


class Bound:
    def __init__(self, v, action=None):
        self.v, self.action = v, action

    def __index__(self):
        calls.append(self.v)
        if self.action:
            self.action()
        return self.v


def attempt(label, f):
    calls.clear()
    try:
        f()
    except Exception as e:
        print(label, type(e).__name__, e, calls)
    else:
        print(label, "ok", calls)


# The audit's case: a generator that clears the bytearray (a heap overflow before).
ba = bytearray(100)


def g():
    ba.clear()
    yield from b"x" * 20


ba[90:100] = g()
print("gen clears", len(ba), bytes(ba))

ba = bytearray(b"0123456789" * 10)


def shrink_then_yield():
    del ba[10:]
    yield from b"XYZ"


ba[5:95] = shrink_then_yield()
print("gen shrinks", ba)

ba = bytearray(b"0123456789" * 10)


def grow_then_yield():
    ba.extend(b"!" * 1000)
    yield 65


ba[0:100] = grow_then_yield()
print("gen grows", len(ba), bytes(ba[:3]))

ba = bytearray(b"0123456789" * 3)


def gen_step():
    del ba[6:]
    yield from b"ab"


try:
    ba[::3] = gen_step()
except ValueError as e:
    print("gen step", e)
print(ba)
ba = bytearray(b"0123456789" * 3)


def gen_step_ok():
    del ba[6:]
    yield from b"ab"


ba[::4] = gen_step_ok()
print("gen step ok", ba)

# A bound's __index__ runs once per unpack: twice when the value is converted first.
ba = bytearray(b"abcdef")
attempt("bytes value", lambda: ba.__setitem__(slice(0, Bound(2)), b"xy"))
print(ba)
attempt("bytearray value", lambda: ba.__setitem__(slice(0, Bound(2)), bytearray(b"zz")))
print(ba)
attempt("list value", lambda: ba.__setitem__(slice(0, Bound(2)), [65, 66]))
print(ba)
attempt("self value", lambda: ba.__setitem__(slice(0, Bound(2)), ba))
print(ba)

# The bound clears the target, then the value is copied in at the adjusted position.
ba = bytearray(b"q" * 5000)
attempt("bound clears", lambda: ba.__setitem__(slice(Bound(4000, ba.clear), 5000), b"xyz"))
print(ba)
ba = bytearray(b"q" * 5000)
other = bytearray(b"123")
attempt("bound clears, bytearray value",
        lambda: ba.__setitem__(slice(Bound(4000, ba.clear), 5000), other))
print(ba)
ba = bytearray(b"0123456789" * 100)
attempt("bound shrinks, step",
        lambda: ba.__setitem__(slice(None, None, Bound(3, lambda: ba.__delitem__(slice(9, None)))),
                               b"abc"))
print(ba)
ba = bytearray(b"0123456789" * 100)
attempt("bound shrinks, step mismatch",
        lambda: ba.__setitem__(slice(None, None, Bound(3, lambda: ba.__delitem__(slice(9, None)))),
                               bytearray(b"abcd")))
print(len(ba))

# Deletion with a bound that clears or shrinks.
ba = bytearray(b"0123456789" * 100)
attempt("del bound clears", lambda: ba.__delitem__(slice(900, Bound(1000, ba.clear))))
print(ba)
ba = bytearray(b"0123456789" * 100)
attempt("del bound shrinks",
        lambda: ba.__delitem__(slice(Bound(5, lambda: ba.__delitem__(slice(20, None))), 990)))
print(ba)
ba = bytearray(b"0123456789" * 100)
attempt("del step shrinks",
        lambda: ba.__delitem__(slice(None, None, Bound(-2, lambda: ba.__delitem__(slice(10, None))))))
print(ba)

# Values CPython refuses before converting.
ba = bytearray(b"abc")


class Fl:
    def __float__(self):
        return 1.0


for v in (5, 1.5, "ab", Bound(3), Fl()):
    attempt("refused " + type(v).__name__, lambda: ba.__setitem__(slice(0, 1), v))
print(ba)
