from typing import NamedTuple, List, Optional, TypedDict

class Point(NamedTuple):
    x: int
    y: int = 0

    def dist2(self) -> int:
        return self.x * self.x + self.y * self.y

p = Point(3, 4)
print(p, p.x, p[1], p.dist2(), Point(1), Point(y=2, x=1))
print(p._fields, p._asdict(), p._replace(x=0), Point._make([5, 6]))
print(isinstance(p, tuple), tuple(p), p == (3, 4), len(p))
x, y = p
print(x + y, sorted([Point(2, 1), Point(1, 5)]))

class Emp(NamedTuple):
    name: str
    tags: List[str] = []
    boss: Optional[str] = None
e = Emp('ann')
print(e, Emp._field_defaults)

Pair = NamedTuple('Pair', [('a', int), ('b', str)])
print(Pair(1, 'x'), Pair._fields)

try:
    class Bad(NamedTuple):
        a: int = 1
        b: int
except TypeError as e:
    print(e)

class Movie(TypedDict):
    title: str
    year: int
m = Movie(title='Blade Runner', year=1982)
print(m, type(m).__name__, m['year'])
m2: Movie = {'title': 'x', 'year': 1}
print(m2 == Movie(title='x', year=1), Movie.__required_keys__ == frozenset({'title', 'year'}))
