def make_counter(start=0, step=1):
    count = start
    def counter():
        nonlocal count
        count += step
        return count
    return counter
c1 = make_counter()
c2 = make_counter(100, 10)
print(c1(), c1(), c2(), c1(), c2())
def make_multipliers():
    return [lambda x, i=i: x * i for i in range(4)]
print([m(3) for m in make_multipliers()])
def outer():
    x = "outer"
    def inner():
        return x
    x = "changed"
    return inner
print(outer()())
def memoize(f):
    cache = {}
    def wrapped(n):
        if n not in cache:
            cache[n] = f(n)
        return cache[n]
    wrapped.cache = cache
    return wrapped
@memoize
def slow_fib(n):
    return n if n < 2 else slow_fib(n - 1) + slow_fib(n - 2)
print(slow_fib(120), len(slow_fib.cache))
