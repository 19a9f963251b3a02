from fractions import Fraction as F
from decimal import Decimal

print(F(Decimal('1.1')), F(Decimal('-0.125')), F.from_decimal(Decimal('2.5')), F.from_decimal(3))
h = [F(1, 2), F(1, 3), F(1, 4)]
print(sum(h), sorted(h), [str(x) for x in h], max(h) - min(h))
print(F(1, 3) + True, F(5, 3) // True, F(1, 2) * F(2, 1) == 1, isinstance(F(1, 2) * 2, F))
print(F(3, 4).__floor__(), F(3, 4).__ceil__(), F(-3, 4).__trunc__(), F(7, 3).__round__(), F(7, 3).__round__(1))
d = {F(1, 2): 'half', 0.25: 'quarter', 1: 'one'}
print(d[0.5], d[F(1, 4)], d[F(1)])
class MyF(F):
    pass
m = MyF(2, 4)
print(m, repr(m), type(m).__name__, type(m + 1).__name__)
print(F('  3/5  '), F('-1_000/3'), F('1.5e-2'), F(10 ** 20, 3 * 10 ** 19))
import math
print(math.isclose(float(F(1, 3)), 1 / 3), F(2 ** 60, 3 ** 30))
