class Foo: pass
class Bar: pass
for f in (lambda: Foo() + Bar(), lambda: Foo() * 3, lambda: 3 - Foo(), lambda: Foo() < Bar(), lambda: -Foo()):
    try:
        f()
    except TypeError as e:
        print(type(e).__name__, e)
try:
    sorted([Foo(), Foo()])
except TypeError as e:
    print(type(e).__name__, e)
try:
    a = Foo()
    a += 1
except TypeError as e:
    print(type(e).__name__, e)
