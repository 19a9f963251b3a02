def standalone(self, x):
    return (type(self).__name__, x)

class A:
    m = standalone
    f = staticmethod(standalone)
    c = classmethod(standalone)

a = A()
print(a.m(1), A.f(a, 2), A.c(3), a.c(4))
bound = standalone.__get__(a, A)
print(bound(5), bound.__self__ is a)
print(A.__dict__["m"] is standalone, A.m is standalone)
class B(A):
    pass
print(B.c(6), B().m(7))
