print(0.1 + 0.2 == 0.3, abs((0.1 + 0.2) - 0.3) < 1e-9, 1.0 / 3 * 3, 2.0 ** 0.5 * 2.0 ** 0.5)
print(7 / 2, 7.0 // 2, -7.0 // 2, 7.5 % 2, 2 ** 0.5, 9 ** 0.5, 10 / 4, 1 / 8)
print(round(2.5), round(3.5), round(-2.5), round(0.125, 2), round(2.675, 2), round(1234.5678, -2), round(7.0))
print(int(3.99), int(-3.99), int(1e20), float(7), 3.0 == 3, 3.5.is_integer(), 4.0.is_integer())
print(abs(-2.5), max(1.5, 2), min(-0.0, 0.0), sum([0.1] * 10))
print(1e308 + 1e308, -1e308 * 3, 1e-320 / 1e10, 2.0 ** -1074)
try:
    2.0 ** 10000
except OverflowError as e:
    print("OverflowError:", e)
try:
    float("abc")
except ValueError as e:
    print("ValueError:", e)
try:
    int(float("inf"))
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(float("nan"))
except ValueError as e:
    print("ValueError:", e)
print((1.5).hex() if False else "", 1.5.as_integer_ratio(), (0.1).as_integer_ratio())
