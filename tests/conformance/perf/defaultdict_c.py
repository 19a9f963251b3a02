# collections.defaultdict edge cases (the type is C, like CPython's).
import collections
import copy
from collections import defaultdict

print(defaultdict, defaultdict.__module__, defaultdict.__mro__)
d = defaultdict(list, {"a": [1]}, b=[2])
print(d, d.default_factory, isinstance(d, dict), type(d) is defaultdict)
d["c"].append(3)
print(d, len(d), "zz" in d, d.get("zz"), d.setdefault("e", 5))
print(repr(defaultdict()), repr(defaultdict(None)), defaultdict(default_factory=int))
try:
    defaultdict(1, {})
except TypeError as e:
    print("TypeError:", e)
n = defaultdict()
try:
    n[1, 2]
except KeyError as e:
    print("KeyError:", repr(e), e.args)
n.default_factory = lambda: "x"
print(n["k"], dict(n), n.default_factory.__name__)
del n.default_factory
print(n.default_factory)
n.default_factory = 42
try:
    n["boom"]
except TypeError as e:
    print("TypeError:", e)

# the factory's own exception propagates, nothing is inserted
def bad():
    raise ValueError("no")
b = defaultdict(bad)
try:
    b["x"]
except ValueError as e:
    print("ValueError:", e, dict(b))

# get / in / pop do not call the factory; [] += does
c = defaultdict(int)
c["w"] += 2
print(c.get("q"), "q" in c, c.pop("w"), c)

# | and |= keep the defaultdict (and its factory) on either side
x = defaultdict(int, a=1)
y = {"b": 2}
print(x | y, y | x, type(y | x).__name__, (y | x).default_factory)
print(x | x)
print(x.__or__([1]), x.__ror__([1]))
x |= {"z": 9}
print(x, type(x).__name__)

# copy, __copy__, copy.copy, deepcopy, __reduce__
cp = x.copy()
cp["new"] += 1
print(cp, x, type(cp).__name__)
print(copy.copy(x) == x, copy.deepcopy(defaultdict(list, k=[1]))["k"])
r = defaultdict(list, a=[1]).__reduce__()
print(r[0], r[1], r[2], r[3], list(r[4]))
print(defaultdict().__reduce__()[1])


# subclasses: attributes, overriding __missing__, repr uses the subclass name
class Tree(defaultdict):
    def __init__(self):
        super().__init__(Tree)
        self.label = "t"


t = Tree()
t["a"]["b"]["c"] = 1
print(t.label, sorted(t), type(t["a"]).__name__, t.__dict__)


class Loud(defaultdict):
    def __missing__(self, key):
        print("  missing", key)
        return super().__missing__(key)


lo = Loud(int)
lo["m"] += 1
print(lo, repr(lo))


class Custom(defaultdict):
    def __setitem__(self, k, v):
        print("  setitem", k, v)
        super().__setitem__(k, v)


cu = Custom(list)
cu["k"].append(1)
print(cu)

# recursive repr through the factory and through the values
rec = defaultdict(list)
rec.default_factory = rec.__getitem__
print(repr(rec)[:40])
self_ref = defaultdict(list)
self_ref["me"] = self_ref
print(self_ref)
print(defaultdict.fromkeys("ab", 0), type(defaultdict.fromkeys("ab")).__name__)
print(defaultdict(int) == {}, defaultdict(int, a=1) == defaultdict(list, a=1))
print(collections.defaultdict[str, int])
