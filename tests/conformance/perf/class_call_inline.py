# Calling a class whose __init__ is a plain Python function runs __init__ in
# the interpreter loop: the instance, errors, recursion depth and everything
# that disqualifies a class from that path must behave as type.__call__ does.
import sys


class V:
    def __init__(self, x, y):
        self.x = x
        self.y = y


v = V(1, 2)
print(type(v).__name__, v.x, v.y, V(3, y=4).y)


class BadReturn:
    def __init__(self):
        return 5


try:
    BadReturn()
except TypeError as e:
    print("TypeError:", e)


class Raises:
    def __init__(self, n):
        if n > 1:
            raise ValueError("n too big: %d" % n)
        self.n = n


print(Raises(1).n)
try:
    Raises(2)
except ValueError as e:
    print("ValueError:", e)
try:
    Raises()
except TypeError as e:
    print("TypeError:", e)
try:
    Raises(1, 2)
except TypeError as e:
    print("TypeError:", e)


# defaults, *args and keyword-only parameters take the general path
class Defaults:
    def __init__(self, a, b=10, *rest, k=0):
        self.total = a + b + sum(rest) + k


print(Defaults(1).total, Defaults(1, 2).total, Defaults(1, 2, 3, 4, k=5).total)


# an __init__ that rebinds self still returns the new instance
class Rebind:
    def __init__(self):
        self.ok = True
        self = None


print(Rebind().ok)


# __new__, metaclasses, builtin bases, no __init__, inherited __init__
class WithNew:
    def __new__(cls, *a):
        print("__new__", a)
        return super().__new__(cls)

    def __init__(self, a):
        self.a = a


print(WithNew(7).a)


class Meta(type):
    def __call__(cls, *a):
        print("Meta.__call__", a)
        return super().__call__(*a)


class M(metaclass=Meta):
    def __init__(self, a):
        self.a = a


print(M(8).a)


class L(list):
    def __init__(self, a):
        super().__init__([a, a])


print(L(9))


class NoInit:
    pass


class Child(V):
    pass


print(type(NoInit()).__name__, Child(5, 6).y, object().__class__.__name__)
try:
    NoInit(1)
except TypeError as e:
    print("TypeError:", e)


# __init__ replaced after the class was called
class Swap:
    def __init__(self):
        self.v = "first"


print(Swap().v)
Swap.__init__ = lambda self: setattr(self, "v", "second")
print(Swap().v)


def third(self, x):
    self.v = x


Swap.__init__ = third
print(Swap("third").v)
del Swap.__init__
print(hasattr(Swap(), "v"))


# __init__ returning the instance it is given is still an error
class ReturnsSelf:
    def __init__(self):
        return self


try:
    ReturnsSelf()
except TypeError as e:
    print("TypeError:", e)


# recursion through __init__ stops at the same depth
class Deep:
    depth = 0

    def __init__(self, n):
        Deep.depth = max(Deep.depth, n)
        self.child = Deep(n + 1)


sys.setrecursionlimit(200)
try:
    Deep(0)
except RecursionError:
    print("RecursionError at", Deep.depth)
sys.setrecursionlimit(1000)


# tracebacks through an __init__
class Fails:
    def __init__(self):
        self.x = 1 / 0


def make():
    return Fails()


try:
    make()
except ZeroDivisionError as e:
    tb = e.__traceback__
    lines = []
    while tb:
        lines.append(tb.tb_lineno)
        tb = tb.tb_next
    print("ZeroDivisionError", lines)

# many instances, some kept
kept = [V(i, -i) for i in range(1000)]
print(sum(o.x for o in kept), sum(o.y for o in kept[::7]))
