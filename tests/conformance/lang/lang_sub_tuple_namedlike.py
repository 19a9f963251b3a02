class Pair(tuple):
    __slots__ = ()
    def __new__(cls, a, b):
        return tuple.__new__(cls, (a, b))
    @property
    def first(self):
        return self[0]
    @property
    def second(self):
        return self[1]
    def __repr__(self):
        return f"Pair({self[0]!r}, {self[1]!r})"
    def swap(self):
        return Pair(self[1], self[0])

p = Pair(1, "x")
print(p, p.first, p.second, p.swap())
a, b = p
print(a, b, p == (1, "x"), len(p), hash(p) == hash((1, "x")))
print(sorted([Pair(2, 1), Pair(1, 2)]))
try:
    p.third = 3
except AttributeError as e:
    print(type(e).__name__, e)
