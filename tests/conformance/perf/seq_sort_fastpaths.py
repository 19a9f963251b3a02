# list.sort / sorted fast paths (homogeneous int, float, str, tuple keys) must keep
# CPython's results: stability, reverse, NaN, mixed types, errors mid-sort.
import math

data = [(i * 7919 % 101, "k%d" % (i * 31 % 17), i * 0.5, i) for i in range(300)]
print(sorted(data)[:5], sorted(data, reverse=True)[:3])
print([r[3] for r in sorted(data, key=lambda r: r[0])][:20])
print([r[3] for r in sorted(data, key=lambda r: (r[1], -r[0]))][:20])
print([r[3] for r in sorted(data, key=lambda r: r[2], reverse=True)][:10])
print([r[3] for r in sorted(data, key=lambda r: (r[1],), reverse=True)][:10])
print(sorted(["b", "a", "ab", "", "é", "z", "B", "aa"]))
print(sorted([3, -1, 2**62, -2**62, 0, 5, 2**70, -2**80, True, False]))
print(sorted([2.5, -0.0, 0.0, 1e300, -math.inf, math.inf, 3]))
print(sorted([(1, "b"), (1, "a"), (0, "z"), (1,), (), (1, "a", 0)]))
print(sorted([(1.5, 2), (1.5, 1), (float("nan"), 0), (0.5, 3)])[1:])
nan = float("nan")
t = (nan, 1)
print(sorted([t, (0.0, 2), t])[0][1], sorted([(nan,), (nan,)], key=lambda x: x) is not None)
# stability with equal keys of every fast kind
words = ["pear", "Apple", "fig", "apple", "Fig", "PEAR", "kiwi"]
print(sorted(words, key=str.lower), sorted(words, key=len), sorted(words, key=lambda w: (len(w), w.lower())))
print(sorted(range(20), key=lambda i: i % 3), sorted(range(20), key=lambda i: (i % 3) * 0.5, reverse=True))
# mixed types fail like CPython
for bad in ([1, "a"], [(1, 2), (1, "x")], [1.0, "a", 2], [(1,), [1]], [None, None]):
    try:
        print(sorted(bad))
    except TypeError as e:
        print("TypeError:", e)
# exceptions from comparisons mid-sort leave every item in the list
class Boom:
    def __init__(self, v): self.v = v
    def __lt__(self, other):
        if self.v == 3 or other.v == 3: raise ValueError("boom")
        return self.v < other.v
    def __repr__(self): return "B%d" % self.v
items = [Boom(v) for v in (5, 1, 4, 3, 2, 0)]
try:
    items.sort()
except ValueError as e:
    print("ValueError:", e, sorted(b.v for b in items))
keys = [(1, Boom(2)), (1, Boom(3)), (0, Boom(1))]
try:
    keys.sort()
except ValueError as e:
    print("tuple ValueError:", e, len(keys))
# list modified during sort
lst = list(range(10))
def key(x):
    if x == 5: lst.append(99)
    return -x
try:
    lst.sort(key=key)
except ValueError as e:
    print("ValueError:", e)
# key raising
try:
    sorted([1, 2, 0], key=lambda x: 1 // x)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
# str subclass with its own ordering is not short-circuited
class Rev(str):
    def __lt__(self, other): return str.__gt__(self, other)
print(sorted([Rev("a"), Rev("c"), Rev("b")]))
print(sorted([(Rev("a"), 1), (Rev("c"), 2), (Rev("b"), 3)]))
class T(tuple): pass
print(sorted([T((2, 1)), T((1, 2)), (1, 1)]))
print(min([(2, "b"), (1, "z"), (1, "a")]), max([(2, "b"), (1, "z"), (2, "c")]))
print(min(3, 1.5, 2), max("abc", "abd", "ab"), max([1.0, nan, 2.0]), min([nan, 1.0]))
print(max([1, 2, 3], key=lambda x: -x), min([], default="empty"))
