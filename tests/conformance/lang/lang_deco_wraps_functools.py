import functools

def timed(f):
    @functools.wraps(f)
    def wrapper(*a, **k):
        """wrapper doc"""
        return f(*a, **k)
    return wrapper

@timed
def compute(x, y=2):
    """Compute things."""
    return x ** y

print(compute(3), compute.__name__, compute.__doc__)
print(compute.__wrapped__(2, 3))

@functools.lru_cache(maxsize=None)
def ways(n):
    if n < 0:
        return 0
    if n == 0:
        return 1
    return ways(n - 1) + ways(n - 2) + ways(n - 3)
print(ways(30))
