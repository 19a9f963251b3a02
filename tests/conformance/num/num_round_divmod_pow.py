print(round(0.5), round(1.5), round(2.5), round(-0.5), round(-1.5), round(3), round(3, 1))
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(15, -1), round(25, -1))
print(round(3.14159, 3), round(2.71828, 0), round(1e16 + 0.5), round(0.1 + 0.2, 10))
print(divmod(17, 5), divmod(-17, 5), divmod(17.5, 5), divmod(10 ** 25, 12345))
print(pow(2, 10), pow(2, -2), pow(2, 100, 97), pow(7, 0, 1), pow(-3, 3), pow(-3, 3, 7), pow(3, -1, 7))
print(pow(10 ** 30, 10 ** 10, 10 ** 9 + 9), pow(2.0, 3), pow(4, 0.5))
try:
    pow(2, 3, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    pow(2, -1, 4)
except ValueError as e:
    print("ValueError:", e)
try:
    pow(2.0, 3, 5)
except TypeError as e:
    print("TypeError:", e)
print(abs(-7), abs(7), abs(-(10 ** 40)), abs(0), abs(-0.0))
