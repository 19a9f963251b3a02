def total(*nums):
    return sum(nums), type(nums).__name__, len(nums)
print(total(), total(1), total(1, 2, 3), total(*range(5)), total(*[1, 2], 3, *(4,)))
def describe(**kw):
    return sorted(kw.items())
print(describe(), describe(a=1, b=2), describe(**{"x": 9}, y=8))
def both(first, *rest, sep="-", **opts):
    return sep.join([str(first)] + [str(r) for r in rest]) + str(opts)
print(both(1), both(1, 2, 3), both(1, 2, sep="+"), both(0, flag=True, sep=""))
def fwd(*args, **kwargs):
    return both(*args, **kwargs)
print(fwd(5, 6, sep="|", z=1))
try:
    describe(1)
except TypeError as e:
    print("TypeError:", e)
try:
    both(sep="x")
except TypeError as e:
    print("TypeError:", e)
try:
    both(1, **{"sep": "a"}, **{"sep": "b"})
except TypeError as e:
    print("TypeError:", e)
