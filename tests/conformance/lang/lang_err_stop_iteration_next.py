it = iter([1])
print(next(it))
try:
    next(it)
except StopIteration as e:
    print(type(e).__name__, repr(e), e.value)
print(next(it, None))
try:
    next([1, 2])
except TypeError as e:
    print(type(e).__name__, e)
try:
    next(5)
except TypeError as e:
    print(type(e).__name__, e)
