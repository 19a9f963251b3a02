f = frozenset([3, 1, 2, 3])
print(f, len(f), 2 in f, f | {4}, f & {1, 9}, frozenset(), type(f | {4}).__name__, type({4} | f).__name__)
d = {f: "frozen key", frozenset(): "empty"}
print(d[frozenset({1, 2, 3})], d[frozenset()])
print(frozenset({1, 2}) == {1, 2}, hash(frozenset({1, 2})) == hash(frozenset({2, 1})))
groups = {frozenset({1, 2}), frozenset({2, 1}), frozenset({3})}
print(len(groups))
try:
    f.add(4)
except AttributeError as e:
    print("AttributeError:", e)
print(sorted(frozenset(range(10, 0, -3))), f.issubset(range(5)), f.issuperset([1]))
