from fractions import Fraction

print(Fraction(3, 4), Fraction(6, 8), Fraction(-3, 4), Fraction(3, -4), Fraction(0, 5))
print(repr(Fraction(1, 3)), str(Fraction(5)), repr(Fraction(10, 5)))
print(Fraction('3/4'), Fraction(' -7/21 '), Fraction('1.25'), Fraction('2e3'), Fraction('1e-2'), Fraction('-.5'))
print(Fraction(0.5), Fraction(0.1), Fraction(1.1).limit_denominator(), Fraction(7))
print(Fraction(Fraction(1, 2), Fraction(1, 3)), Fraction(Fraction(3, 4)))
f = Fraction(22, 7)
print(f.numerator, f.denominator, f.as_integer_ratio())
for bad in ('abc', '1/0x', '', '3/', '1.2.3'):
    try:
        Fraction(bad)
    except ValueError as e:
        print(e)
try:
    Fraction(1, 0)
except ZeroDivisionError as e:
    print('ZeroDivisionError', e)
try:
    Fraction('5/0')
except ZeroDivisionError as e:
    print('ZeroDivisionError', e)
for bad in ([1], None):
    try:
        Fraction(bad)
    except TypeError as e:
        print(e)
try:
    Fraction(1.5, 2)
except TypeError as e:
    print(e)
print(Fraction.from_float(0.25), Fraction.from_float(3))
try:
    Fraction.from_float('x')
except TypeError as e:
    print(e)
