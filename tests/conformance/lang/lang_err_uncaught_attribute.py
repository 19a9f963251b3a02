class Foo:
    pass

f = Foo()
f.baz = 1
print(f.baz)
print(f.bar)
