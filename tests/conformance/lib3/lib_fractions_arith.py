from fractions import Fraction as F

a, b = F(1, 3), F(1, 6)
print(a + b, a - b, a * b, a / b, a // b, a % b, divmod(F(7, 2), F(2, 3)))
print(a + 1, 1 + a, a - 2, 2 - a, a * 3, 3 * a, a / 2, 2 / a, 7 // a, F(7, 2) % 1)
print(a + 0.5, 0.5 + a, a * 1.5, a / 0.25)
print(F(2, 3) ** 2, F(2, 3) ** -2, F(-2, 3) ** -3, F(4, 9) ** F(1, 2), 2 ** F(3), 4 ** F(1, 2), F(0) ** 0)
print(-a, +a, abs(F(-5, 2)), int(F(7, 2)), int(F(-7, 2)), float(F(1, 8)))
print(round(F(5, 2)), round(F(7, 2)), round(F(-5, 2)), round(F(1, 3), 2), round(F(12345, 1), -2))
import math
print(math.floor(F(-7, 2)), math.ceil(F(-7, 2)), math.trunc(F(-7, 2)), math.floor(F(7, 2)))
try:
    a / 0
except ZeroDivisionError as e:
    print(e)
try:
    F(0) ** -1
except ZeroDivisionError as e:
    print(e)
total = sum(F(1, n) for n in range(1, 11))
print(total, float(total))
print(sum([F(1, 2), F(1, 3)], F(0)), F(1, 2) * 2 == 1)
x = F(1)
for i in range(5):
    x = x / 2 + F(1, 3)
print(x)
