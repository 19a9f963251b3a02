print(round(3.14159, 2), round(2.5), round(3.5), round(-3.5), round(12345, -2), round(0.0), type(round(2.7)).__name__, type(round(2.7, 1)).__name__)
print(divmod(100, 7), divmod(-100, 7), divmod(7.5, 2), pow(3, 4), pow(3, 4, 5), pow(2, -1), pow(-2, 0), pow(0, 0))
print(pow(12345678901234567890, 98765, 10 ** 12), pow(5, 3, -7), pow(3, -2, 11))
