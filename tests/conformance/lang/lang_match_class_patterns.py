class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y

class Circle:
    __match_args__ = ("center", "r")
    def __init__(self, center, r):
        self.center, self.r = center, r

def where(p):
    match p:
        case Point(0, 0):
            return "origin"
        case Point(0, y):
            return f"on y axis at {y}"
        case Point(x=x, y=0):
            return f"on x axis at {x}"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Circle(Point(x, y), r=r) if r > 5:
            return f"big circle at {x},{y}"
        case Circle(center=c, r=r):
            return f"circle r={r} cx={c.x}"
        case Point():
            return "some point"
        case _:
            return "not a shape"

for s in (Point(0, 0), Point(0, 5), Point(3, 0), Point(2, 2), Point(1, 2),
          Circle(Point(1, 1), 10), Circle(Point(7, 1), 1), "x"):
    print(where(s))

try:
    match Point(1, 2):
        case Point(1, 2, 3):
            pass
except TypeError as e:
    print(type(e).__name__, e)
