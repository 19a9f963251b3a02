def repeat(times, sep=" "):
    def deco(f):
        def wrapper(*a, **k):
            return sep.join(f(*a, **k) for _ in range(times))
        wrapper.__name__ = f.__name__
        wrapper.__doc__ = f.__doc__
        return wrapper
    return deco

@repeat(3)
def word():
    "a word"
    return "ha"

@repeat(2, sep="-")
def name(n):
    return n

print(word(), name("x"), word.__name__, word.__doc__)

def validate(**types):
    def deco(f):
        def wrapper(**kw):
            for k, t in types.items():
                if not isinstance(kw.get(k), t):
                    raise TypeError(f"{k} must be {t.__name__}")
            return f(**kw)
        return wrapper
    return deco

@validate(a=int, b=str)
def combine(a, b):
    return b * a
print(combine(a=2, b="xy"))
try:
    combine(a="2", b="xy")
except TypeError as e:
    print(type(e).__name__, e)
