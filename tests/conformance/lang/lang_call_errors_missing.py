def f(a, b, c=0):
    pass
def g(*, key):
    pass
def h(a, /, b):
    pass
class K:
    def m(self, x):
        pass

tests = [
    lambda: f(1),
    lambda: f(),
    lambda: f(1, 2, 3, 4),
    lambda: f(1, 2, d=4),
    lambda: f(1, 2, a=3),
    lambda: g(1),
    lambda: g(),
    lambda: h(a=1, b=2),
    lambda: K().m(),
    lambda: K().m(1, 2),
    lambda: K.m(1),
    lambda: f(1, b=2, **{"b": 3}),
    lambda: f(**{1: 2}),
    lambda: f(*5),
    lambda: f(**[1]),
]
for t in tests:
    try:
        t()
    except TypeError as e:
        print(type(e).__name__, e)
