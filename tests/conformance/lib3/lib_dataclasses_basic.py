from dataclasses import dataclass

@dataclass
class Point:
    x: int
    y: int

a = Point(1, 2)
b = Point(1, 2)
c = Point(2, 1)
print(a)
print(repr(c))
print(a == b, a == c, a != c, a is b)
print(a == (1, 2))
a.x = 10
print(a, a.x, a.y)
print(Point(x=3, y=4), Point(5, y=6))
print(Point.__init__.__qualname__, Point.__repr__.__qualname__)
print(Point.__hash__)
try:
    hash(a)
except TypeError as e:
    print(e)
print(str(a))
print(f"{a}")
print([Point(i, i * i) for i in range(3)])
