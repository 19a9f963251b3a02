class Foo: pass
five, s, none, lst, tup = 5, "s", None, [1], (1, 2)
cases = [lambda: five(), lambda: s(), lambda: none(), lambda: lst(), lambda: Foo()(), lambda: tup(3)]
for c in cases:
    try:
        c()
    except TypeError as e:
        print(type(e).__name__, e)
d = {"f": 1}
try:
    d["f"]()
except TypeError as e:
    print(type(e).__name__, e)
