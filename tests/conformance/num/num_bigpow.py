x = 2 ** 1000
print(x)
print(len(str(x)), x % 1000007, x.bit_length())
print(3 ** 200)
print(-(7 ** 77))
print((2 ** 521 - 1) % 1000000007)
print(pow(2, 1000, 10 ** 9 + 7), pow(3, 10 ** 18, 998244353))
print(2 ** 64, 2 ** 63 - 1, -(2 ** 63), 2 ** 32 * 2 ** 32 == 2 ** 64)
y = 10 ** 50
print(y // 7, y % 7, divmod(-y, 7), y // -7)
print(int(str(x)) == x, str(-x)[:20])
