t = (1, "two", 3.0, None, (4, 5))
print(t, len(t), t[1], t[-1][0], t[1:3], t[::-1], (), (1,), tuple(), tuple([1, 2]), tuple("ab"))
print(t.count(1), t.index(3.0), (1, 2) + (3,), (0,) * 3, 2 in (1, 2), (1, 2) < (1, 3), (1, 2) == (1, 2))
a, b, (c, d) = 1, 2, (3, 4)
print(a, b, c, d)
single = 5,
print(single, type(single).__name__, len(single))
print(hash((1, 2, 3)) == hash((1, 2, 3)), {(1, 2): "pair"}[(1, 2)], max((3, 1), (2, 9)), sorted([(2, "b"), (1, "z"), (2, "a")]))
try:
    t[0] = 9
except TypeError as e:
    print("TypeError:", e)
try:
    (1, 2).index(7)
except ValueError as e:
    print("ValueError:", e)
try:
    hash((1, [2]))
except TypeError as e:
    print("TypeError:", e)
print(repr((1,)), repr(()), str((1, "a")), tuple(range(3)), tuple(x * 2 for x in (1, 2)))
