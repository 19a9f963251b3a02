import collections
from collections import ChainMap, Counter, OrderedDict, defaultdict, deque, namedtuple

print(deque, defaultdict, Counter, OrderedDict, ChainMap)
Point = namedtuple("Point", "x y")
print(Point, Point.__mro__[1:], Point.x.__doc__)
print(issubclass(defaultdict, dict), issubclass(Counter, dict), issubclass(OrderedDict, dict))
print(isinstance(deque(), collections.deque), type(deque()).__name__, collections.deque is deque)
print(type(iter(deque())).__name__, type(reversed(deque())).__name__)


class Stack(deque):
    def peek(self):
        return self[-1]


s = Stack([1, 2, 3])
s.append(4)
print(s.peek(), len(s), s, isinstance(s, deque))


class MyCounter(Counter):
    pass


print(MyCounter("aab"), MyCounter("x") + MyCounter("x"))


class Tally(defaultdict):
    def __init__(self):
        super().__init__(int)


t = Tally()
t["a"] += 2
print(t["a"], t["b"], dict(t))


class Pt(namedtuple("Pt", "x y")):
    __slots__ = ()

    @property
    def norm1(self):
        return abs(self.x) + abs(self.y)

    def __str__(self):
        return f"<{self.x},{self.y}>"


p = Pt(3, -4)
print(p.norm1, p, repr(p), p._replace(x=0))
