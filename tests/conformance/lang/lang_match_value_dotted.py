class Color:
    RED = "red"
    GREEN = "green"
    BLUE = "blue"

class Limits:
    MAX = 10

def describe(c):
    match c:
        case Color.RED:
            return "warm"
        case Color.GREEN | Color.BLUE:
            return "cool"
        case Limits.MAX:
            return "max!"
        case _:
            return "unknown"

for c in ("red", "green", "blue", 10, "purple"):
    print(c, describe(c))

import math
def check(x):
    match x:
        case math.pi:
            return "pi"
        case math.e:
            return "e"
    return "neither"
print(check(math.pi), check(math.e), check(3))
