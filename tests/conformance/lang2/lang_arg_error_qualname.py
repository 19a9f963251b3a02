# Argument errors name the function by its current __qualname__.
def f(a, *, k):
    pass


f.__qualname__ = 'X.g'
for call in (lambda: f(), lambda: f(1, 2), lambda: f(1), lambda: f(1, k=1, z=2),
             lambda: f(1, a=2, k=3)):
    try:
        call()
    except TypeError as e:
        print(e)


class A:
    def m(self, x):
        pass


try:
    A().m()
except TypeError as e:
    print(e)
A.m.__qualname__ = 'Renamed.meth'
try:
    A().m()
except TypeError as e:
    print(e)
