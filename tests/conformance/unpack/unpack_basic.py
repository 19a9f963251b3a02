a, b, c = 1, 2, 3
print(a, b, c)
a, b = b, a
print(a, b)
(x, y), z = (1, 2), 3
print(x, y, z)
[p, q] = "hi"
print(p, q)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abcd"
print(init, last)
head, *mid, tail = range(6)
print(head, mid, tail)
a, *b = [1]
print(a, b)
for i, (k, v) in enumerate({"a": 1, "b": 2}.items()):
    print(i, k, v)
for x, *ys in [(1, 2, 3), (4,)]:
    print(x, ys)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    a, *b, c = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b = 5
except TypeError as e:
    print("TypeError:", e)
