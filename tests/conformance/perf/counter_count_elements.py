# Counter(iterable) / Counter.update count through collections._count_elements (C,
# like CPython's): plain dicts, subclasses overriding get / __setitem__, errors.
from collections import Counter, OrderedDict
import collections

c = Counter("abracadabra")
print(c, c.most_common(2), c.total())
c.update("aaz")
c.update(["x", 1, 1.0, True, (1, 2)])
print(c)
c.update({"a": 10}, b=5)
print(sorted(c.items(), key=repr))
print(Counter(x % 3 for x in range(10)), Counter(), Counter([]))

d = {"a": 1.5}
collections._count_elements(d, "aab")
print(d)


class Logged(dict):
    def __setitem__(self, k, v):
        print("  set", k, v)
        super().__setitem__(k, v)


m = Logged()
collections._count_elements(m, "xyx")
print(m)


class G(dict):
    def get(self, k, default=None):
        print("  get", k, default)
        return super().get(k, default)


g = G(x=10)
collections._count_elements(g, "xy")
print(g)

o = OrderedDict()
collections._count_elements(o, "hello")
print(o)

try:
    Counter([[1]])
except TypeError as e:
    print("TypeError:", e)
try:
    Counter(5)
except TypeError as e:
    print("TypeError:", e)
bad = {"k": "s"}
try:
    collections._count_elements(bad, "k")
except TypeError as e:
    print("TypeError:", e)


def gen():
    yield "a"
    raise ValueError("mid")


cc = Counter()
try:
    cc.update(gen())
except ValueError as e:
    print("ValueError:", e, cc)
words = "the quick brown the lazy the end".split()
print(Counter(words).most_common(), Counter(words) == Counter(reversed(words)))
