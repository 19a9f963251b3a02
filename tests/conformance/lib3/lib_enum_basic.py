from enum import Enum

class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3

print(Color.RED, repr(Color.RED), str(Color.GREEN), f'{Color.BLUE}')
print(Color.RED.name, Color.RED.value, type(Color.RED), isinstance(Color.RED, Color))
print(list(Color), len(Color))
for c in Color:
    print(c.name, c.value)
print(Color(2), Color['BLUE'], Color(2) is Color.GREEN)
print(Color.RED == Color.RED, Color.RED == 1, Color.RED != Color.GREEN, Color.RED is Color.RED)
print(Color, repr(Color), Color.__name__)
print(Color.RED in Color, Color.__members__)
print(list(Color.__members__), list(Color.__members__.items())[0])
print({Color.RED: 'r', Color.GREEN: 'g'}[Color.RED])
print(sorted(Color, key=lambda c: -c.value))
print(hash(Color.RED) == hash(Color(1)))
print(Color.RED.__class__ is Color, type(Color).__name__)
