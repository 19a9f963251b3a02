def apply(f, *args):
    return f(*args)
def twice(f):
    def g(x):
        return f(f(x))
    return g
def double(x):
    return x * 2
print(apply(max, 3, 9, 2), apply(len, "abc"), twice(double)(5), twice(twice(double))(1))
funcs = [double, str, abs, len]
print([type(f).__name__ for f in funcs])
print([f(-3) if f is not len else f("xyz") for f in funcs])
registry = {}
def register(name):
    def deco(fn):
        registry[name] = fn
        return fn
    return deco
@register("sq")
def square(x):
    return x * x
@register("neg")
def negate(x):
    return -x
print(sorted(registry), registry["sq"](7), registry["neg"](7), square(3))
def trace(fn):
    def wrapper(*a, **k):
        print("call", fn.__name__, a, k)
        return fn(*a, **k)
    return wrapper
@trace
def add(a, b=0):
    return a + b
print(add(1, b=2), callable(add), callable(3), add.__name__)
