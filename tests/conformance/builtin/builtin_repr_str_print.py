objs = [0, -1, 3.0, 1e-10, 1e100, "s", "it's", 'q"', "\n", [], [[]], (), (1,), {}, {"a": [1, {2: (3,)}]}, None, True, set(), {1}, frozenset({2}), range(3), range(1, 9, 2)]
for o in objs:
    print(repr(o), str(o))
print(objs)
