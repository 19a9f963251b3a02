class Base:
    __match_args__ = ("a",)
    def __init__(self, a, b=None):
        self.a, self.b = a, b
class Sub(Base):
    __match_args__ = ("a", "b")
class NoArgs:
    def __init__(self):
        self.v = 1

def f(x):
    match x:
        case Sub(1, b):
            return f"Sub with b={b}"
        case Base(a):
            return f"Base-like a={a}"
        case NoArgs(v=v):
            return f"NoArgs v={v}"
    return "none"

print(f(Sub(1, 2)), f(Sub(3, 4)), f(Base(5)), f(NoArgs()))
try:
    match NoArgs():
        case NoArgs(1):
            pass
except TypeError as e:
    print(type(e).__name__, e)
try:
    match 5:
        case len():
            pass
except TypeError as e:
    print(type(e).__name__, e)
