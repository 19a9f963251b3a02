from enum import Enum, unique

class Color(Enum):
    RED = 1
    GREEN = 2

for v in (5, 'RED', None):
    try:
        Color(v)
    except ValueError as e:
        print(e)
try:
    Color['PURPLE']
except KeyError as e:
    print('KeyError', e)
try:
    Color.RED = 3
except AttributeError as e:
    print(e)
try:
    Color.RED < Color.GREEN
except TypeError as e:
    print(e)
try:
    class More(Color):
        BLUE = 3
except TypeError as e:
    print(e)
try:
    @unique
    class Dup(Enum):
        A = 1
        B = 1
        C = 2
        D = 2
        E = 3
except ValueError as e:
    print(e)

@unique
class Fine(Enum):
    X = 1
    Y = 2
print(list(Fine))
try:
    Color.RED.value = 5
except AttributeError as e:
    print('AttributeError')
