it = iter([10, 20, 30])
print(next(it), next(it), next(it), next(it, "default"))
try:
    next(it)
except StopIteration as e:
    print("StopIteration", repr(e))
s = iter("ab")
print(list(s), list(s))
d = iter({"k1": 1, "k2": 2})
print(next(d), list(d))
r = iter(range(3))
print(iter(r) is r, sum(r))
print(callable(len), callable(print), callable(lambda: 0), callable(5), callable("s"), callable(int), callable(None))
calls = iter([1, 2, 3, 0, 5])
print(list(iter(lambda: next(calls), 0)))
try:
    next([1])
except TypeError as e:
    print("TypeError:", e)
