for ch in "abc":
    print(ch, end=",")
print()
for k in {"b": 1, "a": 2}:
    print(k, end=" ")
print()
for x in (1, 2.5, None):
    print(repr(x), end=" ")
print()
for i in range(10, 0, -4):
    print(i, end=" ")
print()
for i, (a, b) in enumerate(zip("xyz", range(100)), start=1):
    print(i, a, b)
for x in sorted({5, 3, 9}):
    print(x, end=" ")
print()
for word in reversed("one two three".split()):
    print(word)
it = iter([1, 2, 3, 4, 5])
for x in it:
    if x == 2:
        next(it)
    print(x)
lst = [1, 2, 3]
for x in lst:
    if x < 3:
        lst.append(x + 10)
print(lst)
