class M:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"M({self.v})"
    def __add__(self, o):
        if isinstance(o, M):
            return M(self.v + o.v)
        if isinstance(o, int):
            return M(self.v + o)
        return NotImplemented
    def __radd__(self, o):
        print("radd", o)
        return M(o + self.v)
    def __rsub__(self, o):
        return M(o - self.v)
    def __rmul__(self, o):
        return M(o * self.v)
    def __rtruediv__(self, o):
        return M(o / self.v)
    def __rpow__(self, o):
        return M(o ** self.v)

print(1 + M(2))
print(M(2) + 1, M(1) + M(2))
print(10 - M(3), 3 * M(4), 8 / M(2), 2 ** M(5))
print(sum([M(1), M(2), M(3)]))
try:
    M(1) + "x"
except TypeError as e:
    print(type(e).__name__, e)

class Sub(M):
    def __radd__(self, o):
        return "Sub.radd wins"
print(M(1) + Sub(2))
