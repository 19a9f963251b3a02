# The metaclass comes from the bases when not given, and its __prepare__ (with the class
# keywords) makes the namespace.
class M(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print('prepare', name, kw)
        return {'injected': name}

    def __new__(mcls, name, bases, ns, **kw):
        return super().__new__(mcls, name, bases, ns)


class A(metaclass=M): pass
class B(A): pass
class C(A, flag=1): pass
print(type(B).__name__, type(C).__name__, B.injected, C.injected)


class N(type): pass


try:
    class X(A, metaclass=N): pass
except TypeError as e:
    print(e)


class P(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        return 5


try:
    class Y(metaclass=P): pass
except TypeError as e:
    print(e)


def fmeta(name, bases, ns, **kw):
    print('fmeta', name, sorted(k for k in ns if not k.startswith('__')), kw)
    return 1


class Z(metaclass=fmeta, q=2):
    x = 1


print(Z)


class Q: pass
class R(Q, object): pass
print([c.__name__ for c in R.__mro__])
