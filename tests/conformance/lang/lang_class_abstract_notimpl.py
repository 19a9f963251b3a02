class Shape:
    def area(self):
        raise NotImplementedError(f"{type(self).__name__}.area")
    def describe(self):
        return f"{type(self).__name__} with area {self.area():.2f}"

class Sq(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2

class Circ(Shape):
    def __init__(self, r):
        self.r = r
    def area(self):
        return 3.14159 * self.r ** 2

class Blob(Shape):
    pass

for s in (Sq(3), Circ(1), Blob()):
    try:
        print(s.describe())
    except NotImplementedError as e:
        print(type(e).__name__, e)
print(NotImplemented, type(NotImplemented).__name__)
print(bool(Sq(2).area() == 4))
