class Foo: pass
def f(): pass
five, none, st, fl = 5, None, {1, 2}, 1.5
cases = [lambda: five[0], lambda: none[0], lambda: Foo()[1], lambda: f[0], lambda: st[0], lambda: fl[0]]
for c in cases:
    try:
        c()
    except TypeError as e:
        print(type(e).__name__, e)
def assign():
    x = 5
    x[0] = 1
def delete():
    t = (1, 2)
    del t[0]
def strset():
    s = "abc"
    s[0] = "z"
for c in (assign, delete, strset):
    try:
        c()
    except TypeError as e:
        print(type(e).__name__, e)
