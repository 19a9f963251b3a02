# type.__subclasses__() lists the direct subclasses in creation order.
class A: pass
class B(A): pass
class C(A): pass
class D(B, C): pass


def names(cls):
    return [c.__name__ for c in cls.__subclasses__()]


print(names(A), names(B), names(C), names(D))
print(B in object.__subclasses__(), A in object.__subclasses__())
print(type(int.__subclasses__()).__name__)
E = type('E', (A,), {})
print(names(A))


class Registry:
    @classmethod
    def all(cls):
        out = []
        for sub in cls.__subclasses__():
            out.append(sub.__name__)
            out.extend(sub.all())
        return out


class P(Registry): pass
class Q(P): pass
class R(Registry): pass
print(Registry.all())
