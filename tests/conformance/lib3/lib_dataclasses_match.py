from dataclasses import dataclass

@dataclass
class Circle:
    r: float

@dataclass
class Square:
    side: float

@dataclass
class Line:
    start: tuple
    end: tuple

def describe(shape):
    match shape:
        case Circle(r) if r > 10:
            return f'big circle {r}'
        case Circle(r=r):
            return f'circle {r}'
        case Square(side=s):
            return f'square {s}'
        case Line((x1, y1), (x2, y2)):
            return f'line {x1},{y1} -> {x2},{y2}'
        case _:
            return 'unknown'

for s in (Circle(3), Circle(11), Square(2), Line((0, 0), (1, 1)), 5):
    print(describe(s))
print(Circle.__match_args__, Line.__match_args__)

@dataclass(match_args=False)
class NoMatch:
    a: int
print(hasattr(NoMatch, '__match_args__'))
