from collections import namedtuple

Point = namedtuple("Point", ["x", "y"])
p = Point(1, 2)
print(p, p.x, p.y, p[0], p[-1], len(p))
print(p == (1, 2), p == Point(1, 2), hash(p) == hash((1, 2)), isinstance(p, tuple))
x, y = p
print(x, y, list(p), tuple(p), p + (3,))
print(Point._fields, Point._make([5, 6]), p._asdict(), p._replace(y=10))
print(Point(y=4, x=3), sorted([Point(2, 1), Point(1, 5), Point(1, 2)]))
P3 = namedtuple("P3", "a b c")
print(P3(1, 2, 3), P3._fields)
P4 = namedtuple("P4", "a, b,c")
print(P4(1, 2, 3))
D = namedtuple("D", "a b c", defaults=[5, 6])
print(D(1), D(1, 2), D(1, 2, 3), D._field_defaults)
R = namedtuple("R", ["ok", "def", "ok", "_x", "2y"], rename=True)
print(R._fields)
E = namedtuple("Edge", "u v w")
edges = [E(1, 2, 5), E(2, 3, 1), E(1, 3, 4)]
print(min(edges, key=lambda e: e.w), sorted(edges, key=lambda e: e.w))
print(type(p).__name__, Point.__name__)
d = {Point(0, 0): "origin"}
print(d[Point(0, 0)], d)
print(Point(x=[1], y="s"))
