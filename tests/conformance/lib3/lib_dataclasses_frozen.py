from dataclasses import dataclass, FrozenInstanceError, replace

@dataclass(frozen=True)
class P:
    x: int
    y: int = 0

p = P(1, 2)
print(p)
for attr in ('x', 'z'):
    try:
        setattr(p, attr, 5)
    except FrozenInstanceError as e:
        print(type(e).__name__, e, isinstance(e, AttributeError))
try:
    del p.y
except FrozenInstanceError as e:
    print(e)
print(hash(p) == hash(P(1, 2)), len({P(1, 2), P(1, 2), P(2, 1)}))
q = replace(p, y=7)
print(q, p)
d = {P(0): 'origin'}
print(d[P(0, 0)])

try:
    @dataclass
    class Child(P):
        z: int = 0
except TypeError as e:
    print(e)

@dataclass
class M:
    a: int
try:
    @dataclass(frozen=True)
    class FM(M):
        b: int = 0
except TypeError as e:
    print(e)
