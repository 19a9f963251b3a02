nums = [3, 1, 4, 1, 5, 9, 2, 6]
g = (x * 2 for x in nums if x % 2)
print(type(g).__name__, list(g), list(g))
print(sum(x * x for x in range(10)))
print(max((len(w), w) for w in "the quick brown fox".split()))
print(any(x > 8 for x in nums), all(x > 0 for x in nums))
pairs = ((i, j) for i in range(3) for j in range(i))
print(list(pairs))
print(sorted(set(x % 3 for x in nums)))
print(dict((k, len(k)) for k in ["a", "bb"]))
print("".join(c.upper() for c in "abc"))
gen = (n for n in [1, 2, 3])
print(next(gen), 2 in gen, list(gen))
try:
    (1 / x for x in [1, 0])
    print("lazy")
    list(1 / x for x in [1, 0])
except ZeroDivisionError as e:
    print(type(e).__name__, e)
