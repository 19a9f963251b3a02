data = [5, 2, 9, 1, 5, 6]
print(sorted(data), sorted(data, reverse=True), data, sorted("zyx"), sorted((3, 1, 2)), sorted({3: 0, 1: 0}))
print(list(reversed(data)), list(reversed("abc")), list(reversed(range(5))), list(reversed((1, 2))))
print(sorted(["b", "A", "c"], key=str.lower), sorted([-3, 2, -1], key=abs, reverse=True), sorted([]))
r = reversed([1, 2, 3])
print(next(r), list(r))
try:
    reversed(5)
except TypeError as e:
    print("TypeError:", e)
try:
    sorted([1, 2], key=5)
except TypeError as e:
    print("TypeError:", e)
