# A slice bound's __index__ runs before the list's length is read (CPython's
# PySlice_Unpack, then PySlice_AdjustIndices against the current length): a bound
# that clears or shrinks the list must not leave a stale length in use.
log = []


class Clear:
    """A bound that empties the list it is applied to, then returns `v`."""

    def __init__(self, target, v):
        self.target, self.v = target, v

    def __index__(self):
        log.append(("clear", self.v))
        self.target.clear()
        return self.v


class Shrink:
    def __init__(self, target, keep, v):
        self.target, self.keep, self.v = target, keep, v

    def __index__(self):
        del self.target[self.keep:]
        return self.v


# get: l[90:I()] with a bound that clears l
l = list(range(100))
r = l[90:Clear(l, 100)]
print("get cleared", r, len(l), log)
log.clear()

l = list(range(100))
r = l[Clear(l, 5):]
print("get cleared start", r, l)

l = list(range(1000))
r = l[0:Clear(l, 1000)]
print("get cleared big", len(r), len(l))

l = list(range(100))
r = l[10:Shrink(l, 20, 90)]
print("get shrunk", r)

l = list(range(100))
r = l[::Shrink(l, 10, 3)]
print("get shrunk step", r)

l = list(range(100))
r = l[Shrink(l, 10, 99):0:-1]
print("get shrunk negative step", r)

# del: del l[90:I()] with a bound that clears l
l = list(range(100))
del l[90:Clear(l, 100)]
print("del cleared", l)

l = list(range(100))
del l[Shrink(l, 50, 40):60]
print("del shrunk", len(l), l[-3:])

l = list(range(100))
del l[::Shrink(l, 10, 2)]
print("del shrunk step", l)

# set: the bound shrinks the list before the slice is assigned
l = list(range(100))
l[90:Clear(l, 100)] = "ab"
print("set cleared", l)

l = list(range(100))
l[Shrink(l, 10, 5):50] = [-1, -2]
print("set shrunk", l)

l = list(range(20))
try:
    l[::Shrink(l, 10, 2)] = range(10)
except ValueError as e:
    print("set shrunk step", e)
print(l)
l = list(range(20))
l[::Shrink(l, 10, 2)] = range(5)
print("set shrunk step ok", l)
