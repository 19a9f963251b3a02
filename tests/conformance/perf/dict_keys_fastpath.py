# Dict/set lookups with the key kinds the C fast paths decide without Python code
# (identical objects, tagged ints, exact strs) mixed with keys whose __eq__/__hash__
# are Python methods: results must be CPython's in every case.
import sys

# numeric equality across types, -0.0, NaN identity
d = {0: "int0", 1: "one"}
d[False] = "false"
d[-0.0] = "negzero"
d[1.0] = "float1"
d[True] = "true"
print(d, len(d))
nan = float("nan")
d2 = {nan: 1}
print(nan in d2, float("nan") in d2, d2[nan])
s = {0, False, -0.0, 1, True, 1.0, nan}
print(len(s), nan in s, float("nan") in s)

# ints around the hash modulus 2**61 - 1, and -1 (hash -2), -2
M = (1 << 61) - 1
big = {M - 1: "a", M: "b", M + 1: "c", -1: "m1", -2: "m2", -M: "negM", 1 << 62: "e"}
print([big[k] for k in (M - 1, M, M + 1, -1, -2, -M, 1 << 62)])
print(hash(M), hash(M + 1), hash(-1), hash(-M), 0 in big, 1 in big)
print({M: 1, 0: 2}, {-1: 1, -2: 2})
ss = {M, 0, -1, -2, M + 1, 1}
print(sorted(ss), M in ss, -1 in ss, (M + 1) in ss)

# strings: interned vs built at run time, equal content
parts = ["ab", "c"]
k1 = "abc"
k2 = "".join(parts)
print(k1 is k2, k1 == k2)
d = {k1: 1}
print(d[k2], k2 in d, d.get("".join(["a", "bc"])))
d[k2] = 2
print(d, len(d))
st = {k2}
print(k1 in st, "abc" in st)


# a key equal to a str, with the same hash, but not a str: must match the str
class Alias:
    def __init__(self, s):
        self.s = s

    def __hash__(self):
        return hash(self.s)

    def __eq__(self, other):
        print("  Alias.__eq__", type(other).__name__)
        return other == self.s


d = {"spam": 1}
print(d[Alias("spam")], Alias("spam") in d, Alias("eggs") in d)
d[Alias("spam")] = 2
print(d)
s = {"spam"}
print(Alias("spam") in s)


# str subclass with its own __eq__
class Loud(str):
    def __eq__(self, other):
        print("  Loud.__eq__")
        return str.__eq__(self, other)

    __hash__ = str.__hash__


d = {"x": 1}
print(d[Loud("x")], Loud("y") in d)


# __eq__ that mutates the dict during the lookup: CPython restarts the probe
class Mutator:
    def __init__(self, d, h):
        self.d = d
        self.h = h

    def __hash__(self):
        return self.h

    def __eq__(self, other):
        if "added" not in self.d:
            self.d["added"] = 1
        return False


d = {}
m1 = Mutator(d, 42)
d[m1] = "m1"
m2 = Mutator(d, 42)
print(m2 in d, sorted(map(str, d.values())))


# colliding hashes among plain ints and strs
class H:
    def __init__(self, h):
        self.h = h

    def __hash__(self):
        return self.h

    def __repr__(self):
        return "H(%d)" % self.h


d = {}
for i in range(40):
    d[i * 64] = i
    d[H(i * 64)] = -i
print(len(d), d[64 * 39], d.get(64 * 40))
print(sum(1 for k in d if isinstance(k, H)))

# instance attribute dicts (the VM's attribute caches read them)
class P:
    def __init__(self):
        self.a = 1
        self.b = 2


p = P()
p.__dict__["c"] = 3
del p.__dict__["a"]
print(p.__dict__, hasattr(p, "a"), p.c)
setattr(p, "".join(["d", "d"]), 4)
print(p.dd, vars(p))

# mutation during iteration
d = {i: i for i in range(5)}
try:
    for k in d:
        d[k + 100] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
s = {1, 2, 3}
try:
    for x in s:
        s.add(x + 10)
except RuntimeError as e:
    print("RuntimeError:", e)
d = {i: i for i in range(5)}
for k in d:
    d[k] = k * 2  # replacing values is allowed
print(d)

# deletions, re-insertions, popitem, order
d = {}
for i in range(100):
    d["k%d" % i] = i
for i in range(0, 100, 2):
    del d["k%d" % i]
for i in range(0, 100, 4):
    d["k%d" % i] = -i
print(list(d)[:5], list(d)[-5:], len(d))
print(d.popitem(), d.popitem(), len(d))
print(sys.intern("k1") in d, "k1" in d.keys(), ("k1", 1) in d.items())
