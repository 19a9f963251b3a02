from dataclasses import dataclass, field
@dataclass(slots=True)
class P:
    x: int
    y: int = 0
p = P(1)
print(p, P.__slots__, hasattr(p, '__dict__'))
try:
    p.z = 1
except AttributeError as e:
    print('AttributeError', e)
@dataclass(frozen=True, slots=True)
class Q:
    a: int
print(Q(1), hash(Q(1)) == hash(Q(1)))
from enum import Enum
class C(Enum):
    A = 1
import copy
print(copy.deepcopy(C.A) is C.A, copy.copy(C.A) is C.A)
print(dir(C.A))
