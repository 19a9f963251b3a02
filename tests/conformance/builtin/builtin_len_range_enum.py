print(len("abc"), len([1, 2]), len((1,)), len({1: 2}), len(set()), len(range(10)), len("é😀"), len(range(5, 0, -2)))
print(list(enumerate("abc")), list(enumerate("ab", 10)), list(enumerate([], 1)))
for i, (a, b) in enumerate(zip([1, 2], [3, 4])):
    print(i, a + b)
print(list(zip()), list(zip([1, 2, 3], "ab")), list(zip(range(3), range(3), range(3))), dict(zip("ab", [1, 2])))
e = enumerate(["x", "y"])
print(next(e), next(e), next(e, None))
