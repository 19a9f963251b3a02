def f(a, b, /, c, d=4, *, e, f=6):
    return (a, b, c, d, e, f)
print(f(1, 2, 3, e=5), f(1, 2, c=3, d=0, e=5, f=7), f(1, 2, 3, 4, e=0))
def kw_only(*, key, reverse=False):
    return key, reverse
print(kw_only(key=1), kw_only(reverse=True, key=2))
def pos_only(x, y, /):
    return x - y
print(pos_only(10, 3))
for call in [lambda: f(1, b=2, c=3, e=5), lambda: f(1, 2, 3, 4, 5), lambda: f(1, 2, 3), lambda: kw_only(1),
             lambda: pos_only(x=1, y=2), lambda: kw_only(), lambda: pos_only(1)]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
def g(a, /, **kw):
    return a, kw
print(g(1, a=2))
