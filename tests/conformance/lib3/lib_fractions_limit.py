from fractions import Fraction
import math

print(Fraction('3.1415926535897932').limit_denominator(1000))
print(Fraction(math.pi).limit_denominator(100), Fraction(math.pi).limit_denominator(10))
print(Fraction(math.sqrt(2)).limit_denominator(1000))
print(Fraction(125, 1000).limit_denominator(3), Fraction(1, 3).limit_denominator(3))
print(Fraction(0.1).limit_denominator(), Fraction(-0.3).limit_denominator(10))
try:
    Fraction(1, 3).limit_denominator(0)
except ValueError as e:
    print(e)
for d in (1, 2, 5, 50, 10000):
    print(d, Fraction(355, 113 * 7 + 1).limit_denominator(d))
