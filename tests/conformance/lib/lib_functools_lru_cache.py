import sys
from functools import cache, lru_cache

sys.setrecursionlimit(5000)


@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(90), fib.cache_info())


@lru_cache
def square(x):
    return x * x


print(square(4), square(4), square(5), square.cache_info())
square.cache_clear()
print(square.cache_info())

calls = []


@lru_cache(maxsize=2)
def ident(x):
    calls.append(x)
    return x


for v in [1, 2, 1, 3, 2, 1, 1]:
    ident(v)
print(calls, ident.cache_info())


@lru_cache(maxsize=0)
def nocache(x):
    return x


nocache(1)
nocache(1)
print(nocache.cache_info())


@cache
def grid_paths(r, c):
    if r == 0 or c == 0:
        return 1
    return grid_paths(r - 1, c) + grid_paths(r, c - 1)


print(grid_paths(16, 16), grid_paths.cache_info().currsize)


@lru_cache(None)
def kw(a, b=0, *, c=1):
    return a + b + c


print(kw(1), kw(1, 2), kw(1, b=2), kw(1, c=5), kw(1), kw.cache_info())
print(square.__name__, fib.__wrapped__.__name__, type(fib.cache_info()).__name__)
print(fib.cache_parameters(), square.cache_parameters())
try:
    square([1])
except TypeError as e:
    print("TypeError", e)
try:
    lru_cache("x")
except TypeError as e:
    print("TypeError", e)


class C:
    @lru_cache(maxsize=None)
    def m(self, x):
        return x * 3


c = C()
print(c.m(3), c.m(3), C.m.cache_info())
