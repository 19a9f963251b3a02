from itertools import groupby

print([(k, list(g)) for k, g in groupby("AAAABBBCCDAABBB")])
print([k for k, _ in groupby("AAAABBBCCD")])
print([(k, len(list(g))) for k, g in groupby([1, 1, 2, 3, 3, 3, 1])])
data = [("a", 1), ("a", 2), ("b", 3), ("c", 4), ("c", 5)]
for key, grp in groupby(data, key=lambda t: t[0]):
    print(key, [v for _, v in grp])
# groups become invalid once the parent advances
groups = [g for _, g in groupby("aabbc")]
print([list(g) for g in groups])
it = groupby("xxyyz")
k1, g1 = next(it)
print(k1, next(g1))
k2, g2 = next(it)
print(k2, list(g2), list(g1))
print(list(groupby([])))
words = sorted("apple avocado banana blueberry cherry".split(), key=len)
print({k: list(g) for k, g in groupby(words, key=len)})


def rle(s):
    return "".join(f"{len(list(g))}{k}" for k, g in groupby(s))


print(rle("WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW"))
