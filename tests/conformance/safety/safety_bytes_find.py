# find/rfind/index/rindex/count/startswith/endswith/replace and `in` on bytearrays whose
# arguments' __index__ resizes the bytearray being searched, or the bytearray being
# searched for. The data and length must be read after those calls.
#
# When __index__ empties `self`, CPython 3.11 itself searches its stale buffer (fixed
# in later versions, where the arguments are converted first), so for those cases
# only the type of the result is printed; the cases where __index__ changes the
# needle, or leaves the result independent of the stale bytes, print the result.
BIG = 1 << 16


class Idx:
    def __init__(self, v, action):
        self.v, self.action = v, action

    def __index__(self):
        self.action()
        return self.v


def show(label, f, exact=True):
    try:
        r = f()
    except Exception as e:
        print(label, type(e).__name__, e)
    else:
        print(label, r if exact else type(r).__name__)


# self emptied by the start/end argument
for name in ("find", "rfind", "count", "startswith", "endswith"):
    ba = bytearray(b"a" * BIG)
    show(name + " self cleared", lambda: getattr(ba, name)(b"a", Idx(0, ba.clear)), False)
    ba = bytearray(b"a" * BIG)
    show(name + " self cleared end",
         lambda: getattr(ba, name)(b"aa", 0, Idx(BIG, ba.clear)), False)
for name in ("index", "rindex"):
    ba = bytearray(b"a" * BIG)
    try:
        r = getattr(ba, name)(b"a", Idx(0, ba.clear))
        print(name, "self cleared", type(r).__name__)
    except ValueError:
        print(name, "self cleared", "int")  # the stale search may or may not hit in 3.11

# the needle emptied by the start argument: an empty needle matches at start
for name in ("find", "rfind", "index", "rindex", "count", "startswith", "endswith"):
    needle = bytearray(b"xyz" * 1000)
    show(name + " needle cleared",
         lambda: getattr(b"abcabc", name)(needle, Idx(1, needle.clear)))
    needle = bytearray(b"bc")
    show(name + " needle grown",
         lambda: getattr(bytearray(b"abcabc"), name)(needle, Idx(0, lambda: needle.extend(b"a"))))

# the byte value given as an object with __index__ that resizes self (stale in 3.11)
ba = bytearray(b"a" * BIG)
show("find byte clears", lambda: ba.find(Idx(97, ba.clear)), False)
ba = bytearray(b"a" * BIG)
show("count byte clears", lambda: ba.count(Idx(97, ba.clear)), False)
ba = bytearray(b"xyz")
show("find byte grows", lambda: ba.find(Idx(97, lambda: ba.extend(b"a" * BIG))), False)
ba = bytearray(b"a" * BIG)
show("in byte clears", lambda: Idx(97, ba.clear) in ba, False)
ba = bytearray(b"xyz")
show("in byte grows", lambda: Idx(97, lambda: ba.extend(b"qa" * BIG)) in ba, False)

# replace: count's __index__ empties self or an argument
ba = bytearray(b"a" * BIG)
show("replace self cleared", lambda: ba.replace(b"a", b"b", Idx(5, ba.clear)))
ba = bytearray(b"abcabc")
show("replace self grown", lambda: ba.replace(b"a", b"-", Idx(3, lambda: ba.extend(b"a" * 10))))
old = bytearray(b"q" * BIG)


def clear_old():
    try:
        old.clear()
    except BufferError:  # CPython holds a buffer export on the argument
        pass


show("replace old cleared", lambda: bytearray(b"xyz").replace(old, b"", Idx(1, clear_old)))
new = bytearray(b"N" * BIG)


def clear_new():
    try:
        new.clear()
    except BufferError:
        pass


# CPython keeps `new` (an export pins it); here it is emptied: only the type is shown
show("replace new cleared", lambda: b"xqz".replace(b"q", new, Idx(1, clear_new)), False)

# argument errors come in CPython's order
show("order find", lambda: b"abc".find("x", "y"))
show("order find sub", lambda: b"abc".find("x", 1))
show("order find float", lambda: b"abc".find(b"x", 1.5))
show("order startswith tuple", lambda: b"abc".startswith((b"x", "x")))
show("order startswith", lambda: b"abc".startswith("x"))
show("order replace", lambda: b"abc".replace("x", b"y", "z"))
show("order replace count", lambda: b"abc".replace(b"x", b"y", "z"))
show("replace huge count", lambda: b"abc".replace(b"a", b"y", 10**30))
show("find huge", lambda: (b"abc".find(b"c", 10**30), b"abc".find(b"c", -10**30),
                           b"abc".count(b"", -10**30, 10**30), b"abc".rfind(b"", 2, -10**30)))
