def init(self, x):
    self.x = x

Point = type("Point", (), {"__init__": init, "double": lambda self: self.x * 2, "kind": "pt"})
p = Point(21)
print(Point.__name__, p.double(), p.kind, type(p) is Point)

Point3 = type("Point3", (Point,), {"z": 0})
q = Point3(1)
print(q.double(), q.z, [c.__name__ for c in Point3.__mro__])
print(isinstance(q, Point), issubclass(Point3, Point))
print(type(5), type("s"), type(None), type(type), type(Point))
print(type(q).__name__, q.__class__.__name__, Point3.__qualname__)
try:
    type("X", (5,), {})
except TypeError as e:
    print(type(e).__name__, e)
try:
    type(1, 2)
except TypeError as e:
    print(type(e).__name__, e)
