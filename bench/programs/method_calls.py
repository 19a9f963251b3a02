# Method calls on small classes: attribute access, bound methods, inheritance.
class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def scale(self, k):
        return Vec(self.x * k, self.y * k)

    def dot(self, other):
        return self.x * other.x + self.y * other.y


class Counter:
    def __init__(self):
        self.n = 0

    def inc(self):
        self.n += 1
        return self

    def get(self):
        return self.n


class Shape:
    def area(self):
        return 0

    def describe(self):
        return self.area() + 1


class Rect(Shape):
    def __init__(self, w, h):
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, s):
        Rect.__init__(self, s, s)


c = Counter()
acc = Vec(0, 0)
total = 0
shapes = [Rect(i % 7, i % 5) if i % 2 else Square(i % 9) for i in range(100)]
for i in range(600000):
    v = Vec(i % 10, i % 3)
    acc = acc.add(v.scale(2))
    total += acc.dot(v) % 1000
    c.inc().inc()
    total += shapes[i % 100].describe()
print("checksum:", acc.x, acc.y, total, c.get())
