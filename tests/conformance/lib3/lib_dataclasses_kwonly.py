from dataclasses import dataclass, field, KW_ONLY

@dataclass(kw_only=True)
class Opts:
    verbose: bool = False
    level: int
print(Opts(level=3))
try:
    Opts(True, 3)
except TypeError as e:
    print(e)

@dataclass
class Q:
    a: int
    _: KW_ONLY
    b: int = 0
    c: int
print(Q(1, c=2), Q(1, b=5, c=6))
print(Q.__match_args__)

@dataclass
class R:
    x: int
    y: int = field(kw_only=True, default=9)
    z: int = 3
print(R(1), R(1, 2, y=0))
