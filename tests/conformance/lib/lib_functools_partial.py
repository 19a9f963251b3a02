from functools import partial


def power(base, exp, *, mod=None):
    r = base ** exp
    return r % mod if mod else r


sq = partial(power, exp=2)
cube = partial(power, exp=3)
print(sq(5), cube(2), sq(7, mod=10))
p = partial(power, 2)
print(p(10), p.func is power, p.args, p.keywords)
int2 = partial(int, base=2)
print(int2("1011"), int2("11", base=10))
print(repr(partial(max, 1, 2, key=abs)).startswith("functools.partial(<built-in function max>"))
pp = partial(partial(power, 3), mod=5)
print(pp(4), pp.args, pp.keywords, pp.func is power)
print(list(map(partial(power, exp=2), range(5))))
try:
    partial(5)
except TypeError as e:
    print("TypeError", e)
print(sorted(["bb", "a", "ccc"], key=partial(len)))
