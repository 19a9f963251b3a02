# UNPACK_SEQUENCE takes an exact list's items directly (as it does a tuple's):
# lengths that do not match, list subclasses and other iterables still go
# through iteration, with CPython's messages.
a, b, c = [1, 2, 3]
print(a, b, c)
for x, [y, z] in [(1, [2, 3]), (4, [5, 6])]:
    print(x, y, z)
rows = [[i, i * i] for i in range(4)]
print([p + q for p, q in rows])
for bad in ([1, 2], [1, 2, 3, 4], []):
    try:
        a, b, c = bad
    except ValueError as e:
        print("ValueError:", e)


class Rev(list):
    def __iter__(self):
        return reversed(list(super().__iter__()))


a, b, c = Rev([1, 2, 3])
print(a, b, c)
lst = [[0.5, 1.5], [2.5, 3.5]]
for u, v in lst:
    u += v
print(lst, u)
x, y = y, x = [7, 8]
print(x, y)
(p, q), r = [[1, 2], 3]
print(p, q, r)
s, *t = [1, 2, 3]
print(s, t)
try:
    (m, n), o = [[1, 2, 3], 4]
except ValueError as e:
    print("ValueError:", e)
