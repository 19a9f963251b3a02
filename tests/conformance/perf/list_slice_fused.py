# list[a:b:c] and list[a:b:c] = v with small-int or None bounds (sandpiper: done by
# BUILD_SLICE with the next instruction, no slice object); every other kind of bound
# and container must behave exactly as before.

a = list(range(10))
print(a[2:5], a[:3], a[7:], a[:], a[::2], a[::-1], a[8:2:-2], a[-3:], a[:-7], a[-100:100])
print(a[5:2], a[3:3], a[100:], a[:-100], a[::-3], a[-1::-4], a[1::100], a[9:-11:-1])
print(a[2:8:3], a[(1 << 61):], a[:-(1 << 61)], a[-(1 << 62)::-1][:3], a[(1 << 62) - 1::-2])

b = a[:]
b[2:5] = ["x", "y"]
print(b)
b[:0] = [-1]
b[len(b):] = (99,)
print(b)
b[::2] = b[1::2][: len(b[::2])] if len(b[1::2]) == len(b[::2]) else b[::2]
print(b)
b[:] = b
print(b, len(b))
c = list(range(6))
c[::-1] = c
print(c)
c[1:4] = "abc"
print(c)
c[5:1:-2] = [0, 0]
print(c)
del c[::2]
print(c)

k = 3
perm = list(range(8))
for _ in range(5):
    perm[:k + 1] = perm[k::-1]
    k = perm[0] or 3
print(perm)

for bad in ("perm[::0]", "perm[::0] = []", "perm[::2] = [1]", "perm[1:2] = 5",
            "perm['a':]", "perm[:1.5]"):
    try:
        exec(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


print(a[Idx(2):Idx(6):Idx(2)], a[True:], a[: (1 << 70)], a[-(1 << 70):2], a[::(1 << 65)])
d = a[:]
d[Idx(1):Idx(3)] = ["i"]
d[False:True] = ["f"]
print(d)


class L(list):
    def __getitem__(self, k):
        return ("get", k.start, k.stop, k.step) if isinstance(k, slice) else list.__getitem__(self, k)

    def __setitem__(self, k, v):
        print("set", k, v)


m = L([1, 2, 3])
print(m[1:2], m[::-1])
m[0:1] = [9]
t = tuple(range(5))
print(t[1:3], t[::-2], "hello"[1:4], "hello"[::-1], range(10)[2:8:2])


def f(x):
    return x[1:3]


try:
    f(None)
except TypeError as e:
    print("TypeError", e)
