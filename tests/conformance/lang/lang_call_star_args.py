def f(a, b, c=3, *args, d, e=5, **kw):
    return f"a={a} b={b} c={c} args={args} d={d} e={e} kw={sorted(kw.items())}"

print(f(1, 2, d=4))
print(f(*[1, 2, 30, 40, 50], d=4, z=9))
print(f(**{"a": 1, "b": 2, "d": 4, "x": 0}))
print(f(1, *(2,), *[3, 4], **{"d": 5}, **{"e": 6}))
args = (1, 2)
kwargs = {"d": "D", "e": "E", "extra": True}
print(f(*args, **kwargs))

def pos_only(a, b, /, c, *, d):
    return (a, b, c, d)
print(pos_only(1, 2, 3, d=4), pos_only(1, 2, c=3, d=4))

def collect(*a, **k):
    return a, k
print(collect(), collect(*"ab", **dict(x=1)))
print(max(*[3, 8, 1]), print(*["x", "y"], sep="-"))
