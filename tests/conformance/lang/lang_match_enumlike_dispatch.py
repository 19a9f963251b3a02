class Add:
    __match_args__ = ("l", "r")
    def __init__(self, l, r): self.l, self.r = l, r
class Mul:
    __match_args__ = ("l", "r")
    def __init__(self, l, r): self.l, self.r = l, r
class Neg:
    __match_args__ = ("e",)
    def __init__(self, e): self.e = e
class Var:
    __match_args__ = ("name",)
    def __init__(self, name): self.name = name

def ev(e, env):
    match e:
        case int() | float():
            return e
        case Var(name):
            return env[name]
        case Add(l, r):
            return ev(l, env) + ev(r, env)
        case Mul(0, _) | Mul(_, 0):
            return 0
        case Mul(l, r):
            return ev(l, env) * ev(r, env)
        case Neg(Neg(inner)):
            return ev(inner, env)
        case Neg(x):
            return -ev(x, env)
        case _:
            raise ValueError(f"bad node {type(e).__name__}")

def show(e):
    match e:
        case Add(l, r): return f"({show(l)} + {show(r)})"
        case Mul(l, r): return f"{show(l)} * {show(r)}"
        case Neg(x): return f"-{show(x)}"
        case Var(n): return n
        case _: return str(e)

expr = Add(Mul(Var("x"), 3), Neg(Neg(Add(Var("y"), 1))))
print(show(expr), "=", ev(expr, {"x": 4, "y": 5}))
print(ev(Mul(Var("q"), 0), {}))
try:
    ev("bad", {})
except ValueError as e:
    print(e)
