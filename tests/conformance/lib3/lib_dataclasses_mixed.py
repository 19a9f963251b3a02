from dataclasses import dataclass, field, fields, asdict, astuple, replace, FrozenInstanceError, is_dataclass
from typing import List, ClassVar

@dataclass
class Point:
    x: int
    y: int = 0

p = Point(1, 2)
print(p, repr(p), p == Point(1, 2), p != Point(2, 1), Point(3))
print(Point.__match_args__, [f.name for f in fields(p)], asdict(p), astuple(p))
print(replace(p, y=10))
try:
    Point()
except TypeError as e:
    print(e)
try:
    Point(1, 2, 3)
except TypeError as e:
    print(e)
print(hash(Point) is not None, Point.__hash__)

@dataclass(frozen=True)
class F:
    a: int
    b: str = 'x'
f = F(1)
try:
    f.a = 2
except FrozenInstanceError as e:
    print(type(e).__name__, e)
try:
    del f.a
except AttributeError as e:
    print(e)
print(hash(f) == hash(F(1)), {f: 1}[F(1)])

@dataclass(order=True)
class V:
    major: int
    minor: int = 0
    tags: List[str] = field(default_factory=list, compare=False, repr=False)
    count: ClassVar[int] = 0
vs = sorted([V(2, 1), V(1, 5), V(2, 0)])
print(vs, V(1) < V(2), V(1, 1) >= V(1, 1))
v = V(1)
v.tags.append('a')
print(V(1).tags, v.tags, v == V(1))
try:
    V(1) < 3
except TypeError as e:
    print(e)

try:
    @dataclass
    class Bad:
        x: int = 0
        y: int
except TypeError as e:
    print(e)
try:
    @dataclass
    class Bad2:
        x: list = []
except ValueError as e:
    print(e)

@dataclass
class C:
    a: int
    b: int = field(init=False)
    def __post_init__(self):
        self.b = self.a * 2
print(C(4))

@dataclass
class Base:
    x: int
    y: int = 1
@dataclass
class Derived(Base):
    z: int = 5
print(Derived(1, 2, 3), Derived(0), is_dataclass(Derived), is_dataclass(Derived(0)), is_dataclass(3))

@dataclass(eq=False)
class NE:
    a: int
print(NE(1) == NE(1), NE(1).__class__.__name__)

@dataclass(unsafe_hash=True)
class H:
    a: int
    b: int = field(hash=False, default=0)
print(hash(H(1, 2)) == hash(H(1, 3)), hash(H(1, 2)) == hash(H(2, 2)))

@dataclass
class Nested:
    pts: list
    p: Point
n = Nested([Point(1, 2), Point(3, 4)], Point(5, 6))
print(asdict(n))
print(astuple(n))
try:
    replace(C(1), b=3)
except ValueError as e:
    print(e)

match Point(1, 2):
    case Point(1, y):
        print('matched y =', y)

@dataclass
class Rec:
    name: str
    child: 'Rec' = None
r = Rec('a')
r.child = r
print(r)
@dataclass(repr=False)
class NoRepr:
    a: int
print(type(repr(NoRepr(1))))
try:
    fields(3)
except TypeError as e:
    print(e)
