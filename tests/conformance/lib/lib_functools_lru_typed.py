from functools import lru_cache
@lru_cache(typed=True)
def f(x, y=0): return (x, y, type(x).__name__)
print(f(1), f(1.0), f(True), f(1, y=2), f(1.0, y=2.0), f.cache_info())
@lru_cache()
def g(x): return type(x).__name__
print(g(1), g(1.0), g.cache_info())
calls = []


@lru_cache(maxsize=3)
def h(*args, **kw):
    calls.append((args, tuple(kw.items())))
    return len(args) + len(kw)


for a in [(1,), (1,), (1, 2), (), (1,), (3,), (1, 2)]:
    h(*a)
h(a=1)
h(a=1)
h(1, a=1)
print(calls, h.cache_info())
