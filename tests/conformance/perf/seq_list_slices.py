# list slice assignment reads list/tuple values in place; aliasing and
# mutation during iteration behave as in CPython.
a = list(range(10))
a[2:5] = a
print(a)
a = list(range(10))
a[::-1] = a
print(a)
a = list(range(10))
a[1:3] = (7, 8, 9)
print(a)
a = list(range(10))
a[:4] = a[3::-1]
print(a)
a = list(range(8))
a[::2] = [0] * 4
print(a)
try:
    a[::2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)
a = list(range(6))
a[2:4] = []
print(a)
a[len(a):] = "xy"
print(a)
del a[::2]
print(a)
b = list(range(10))
def gen():
    for i in range(3):
        b.pop()
        yield i
b[2:8] = gen()
print(b)
c = list(range(10))
def gen2():
    c.clear()
    yield 1
    yield 2
c[5:9] = gen2()
print(c)
d = list(range(10))
def gen3():
    d.pop()
    yield from range(5)
try:
    d[::2] = gen3()
except ValueError as e:
    print("ValueError:", e)
print(d)
e = [1, 2, 3]
e[1:2] = e
print(e)
f = list(range(40))
f[:30] = f[10:40]
print(f)
g = list(range(40))
g[5:] = g[:35]
print(g)
try:
    g[1:2] = 5
except TypeError as e:
    print("TypeError:", e)
perm = list(range(9))
for k in range(8, 0, -1):
    perm[:k + 1] = perm[k::-1]
print(perm, perm[:], perm[::3], perm[-2::-2])
