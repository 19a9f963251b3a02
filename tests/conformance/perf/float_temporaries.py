# BINARY_OP writes a float result into its right operand when that operand is
# a temporary float made by the BINARY_OP just before: the object must never
# be one anything else can see.
import math

a, b, c = 1.5, 2.25, -3.0
x = a * b + c * a
print(x, a, b, c)
y = a - b * c
print(y, a, b, c)
z = (a * a + b * b + c * c) ** -1.5
print(z)
w = 2.0 * (a + b) ** 0.5
print(w)

# the same float object on both sides, and stored operands
t = a * b
u = t + t * t
print(t, u)
lst = [1.0, 2.0, 3.0]
lst[0] -= lst[1] * lst[2]
lst[1] += 0.5 * lst[0]
print(lst)
keep = []
for i in range(5):
    v = i * 0.5
    keep.append(v * v + v)
print(keep)


# user classes: the temporary may reach __radd__ and be stored
class Grab:
    seen = []

    def __add__(self, other):
        Grab.seen.append(other)
        return self

    def __radd__(self, other):
        Grab.seen.append(other)
        return self

    def __rmul__(self, other):
        Grab.seen.append(other)
        return 3.0


g = Grab()
r = g + a * b
r2 = g + (a * b) * 2.0
print(r is g, r2 is g, Grab.seen)
m = 2.0 * (a * b) * g + a * b
print(m, Grab.seen)
for s in Grab.seen:
    s2 = s + 1.0 * 2.0
    s3 = 1.0 * 2.0 - s * 1.0
print(Grab.seen, s2, s3)
r3 = a * b + g
print(r3 is g, Grab.seen)

# mixed ints and floats, int results, and errors mid-expression
print(3 * a + 2, 2 + 3 * a, (1 + 2) * a + 1, 7 // 2 + 0.5 * 3)
try:
    q = a * b / (c * 0.0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    q = a * b + (c ** 0.5) * 1.0
    print(q)
except Exception as e:
    print(type(e).__name__, e)
print((-8.0) ** (1.0 / 3.0))
print(a * b % 1.0, a * b // 1.0, divmod(a * b, 1.0))
print(math.inf * 0.0 + 1.0, (1e308 * 10.0) - 1e308)
print(-(a * b) + 1.0, abs(a * c) * 2.0)


# floats in containers are not aliased afterwards
def poly(xs):
    return [v * v * v + v * v + v for v in xs]


vals = [0.5, 1.5, -2.0]
out = poly(vals)
print(vals, out, [id(o) != id(v) for o, v in zip(out, vals)])
acc = 0.0
hist = []
for v in vals:
    acc = acc + v * 2.0
    hist.append(acc)
print(acc, hist)


# subclasses of float are not temporaries
class F(float):
    pass


f = F(2.0)
print(type(f * 3.0 + 1.0).__name__, type(1.0 + f * 3.0).__name__, f)

# a generator suspended between the two operations
def gen():
    yield 1.0 * 2.0


def mix():
    return a * b + (yield 5.0)


it = mix()
print(next(it))
try:
    it.send(10.0)
except StopIteration as e:
    print("StopIteration", e.value)
print(list(gen()))
