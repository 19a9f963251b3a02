a = list(range(10))
print(a[2:8:2], a[8:2:-2], a[::-1][:3], a[-100:100], a[5:5], a[7:3])
b = a[:]
b[2:5] = ["x", "y"]
print(b)
b[:0] = [-1, -2]
print(b)
b[len(b):] = [99]
print(b)
c = list(range(10))
c[::2] = "abcde"
print(c)
try:
    c[::2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)
d = list(range(10))
del d[1::3]
print(d)
e = [1, 2, 3]
e[1:2] = []
print(e)
s = slice(1, 8, 3)
print(a[s], s.start, s.stop, s.step, s, slice(5), slice(None, None, -1), a[slice(None, None, -1)][:2])
print(s.indices(5), slice(-3, None).indices(10), slice(None, None, -2).indices(7))
