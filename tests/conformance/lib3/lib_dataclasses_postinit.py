from dataclasses import dataclass, field, InitVar

@dataclass
class Rect:
    w: float
    h: float
    area: float = field(init=False)
    def __post_init__(self):
        self.area = self.w * self.h

print(Rect(2, 3))
try:
    Rect(1, 2, 3)
except TypeError as e:
    print(e)

@dataclass
class Validated:
    n: int
    def __post_init__(self):
        if self.n < 0:
            raise ValueError(f'negative: {self.n}')
print(Validated(3))
try:
    Validated(-1)
except ValueError as e:
    print(e)

@dataclass
class WithInit:
    x: int
    scale: InitVar[int] = 1
    def __post_init__(self, scale):
        self.x *= scale
w = WithInit(3, 4)
print(w, w.x)
print(WithInit(5))

@dataclass
class Hidden:
    a: int
    secret: str = field(default='s', repr=False)
    count: int = field(default=0, init=False)
h = Hidden(1)
print(h, h.secret, h.count)
