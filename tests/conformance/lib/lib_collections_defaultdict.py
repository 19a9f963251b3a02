from collections import defaultdict

g = defaultdict(list)
for u, v in [(1, 2), (1, 3), (2, 3), (4, 1)]:
    g[u].append(v)
    g[v]
print(g)
print(dict(g), len(g), 5 in g, g.get(5), len(g))
counts = defaultdict(int)
for w in "the quick the lazy the end quick".split():
    counts[w] += 1
print(counts, sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
nested = defaultdict(lambda: defaultdict(int))
nested["a"]["x"] += 1
nested["a"]["y"] += 2
nested["b"]["x"] += 3
print({k: dict(v) for k, v in nested.items()})
s = defaultdict(set)
s["k"].add(1)
s["k"].add(1)
print(s, s.default_factory)
n = defaultdict()
print(n, n.default_factory)
try:
    n["missing"]
except KeyError as e:
    print("KeyError", e)
c = g.copy()
c[9].append(0)
print(type(c).__name__, 9 in g, c[9])
print(isinstance(g, dict), defaultdict(int, {"a": 1}, b=2))
d2 = defaultdict(str, a="x")
print(d2["a"], repr(d2["b"]), d2)
try:
    defaultdict(5)
except TypeError as e:
    print("TypeError", e)
print(defaultdict(int, {"a": 1}) == {"a": 1})
