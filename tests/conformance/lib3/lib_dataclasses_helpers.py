from dataclasses import dataclass, field, fields, asdict, astuple, replace, is_dataclass, make_dataclass
from collections import namedtuple

@dataclass
class Inner:
    a: int
    b: list

@dataclass
class Outer:
    name: str
    inner: Inner
    items: list = field(default_factory=list)
    mapping: dict = field(default_factory=dict)

o = Outer('o', Inner(1, [1, 2]), [Inner(2, [])], {'k': Inner(3, [3])})
print(asdict(o))
print(astuple(o))
d = asdict(o)
d['inner']['b'].append(99)
print(o.inner.b)
print(replace(o, name='p').name, o.name)
try:
    replace(o, bogus=1)
except TypeError as e:
    print('TypeError')
for x in (o, Outer, 3, Inner):
    print(is_dataclass(x), end=' ')
print()
for f in fields(Outer):
    print(f.name, f.type, f.init, f.repr, f.compare)
try:
    asdict(3)
except TypeError as e:
    print(e)
try:
    astuple({})
except TypeError as e:
    print(e)
NT = namedtuple('NT', 'x y')
@dataclass
class WithNT:
    p: NT
print(asdict(WithNT(NT(1, [2]))))
C = make_dataclass('C', ['a', ('b', int), ('c', int, field(default=5))])
print(C(1, 2), C(1, 2, 3) == C(1, 2, 3))
print(asdict(C(1, 2), dict_factory=lambda kv: sorted(kv)))
