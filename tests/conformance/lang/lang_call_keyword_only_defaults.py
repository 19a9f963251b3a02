def make(name, *, sep=", ", end=".", upper=False):
    s = sep.join(name) + end
    return s.upper() if upper else s

print(make(["a", "b"]))
print(make(["a", "b"], sep="+", upper=True))

def defaults_shared(x, acc=[]):
    acc.append(x)
    return acc
print(defaults_shared(1), defaults_shared(2))
print(defaults_shared.__defaults__)

def kwdefs(*, a=1, b):
    return a, b
print(kwdefs(b=2), kwdefs.__kwdefaults__)

def varkw(**kw):
    return list(kw)
print(varkw(z=1, a=2, m=3))
print(varkw(**{"if": 1, "class": 2}))
