import numbers
from numbers import Number, Complex, Real, Rational, Integral

tower = (Number, Complex, Real, Rational, Integral)
for v in [7, True, 2.5, 3j, "7", None, [1]]:
    print(repr(v), [c.__name__ for c in tower if isinstance(v, c)])
print(issubclass(int, Real), issubclass(float, Integral), issubclass(complex, Real))
print(issubclass(Integral, Number), issubclass(Real, Complex), issubclass(Number, Integral))


def describe(x):
    if isinstance(x, numbers.Integral):
        return "integer %d" % x
    if isinstance(x, numbers.Real):
        return "real %.2f" % x
    if isinstance(x, numbers.Complex):
        return "complex %r" % (x,)
    return "not a number"


for x in (5, 2.75, 1 + 2j, "x", False):
    print(describe(x))
print(numbers.__all__)
