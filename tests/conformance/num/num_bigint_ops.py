a = 123456789012345678901234567890
b = 987654321098765432109876543210
print(a + b, a - b, b - a, a * b)
print(b // a, b % a, -b // a, -b % a, b // -a, b % -a)
print(divmod(b, a), divmod(-b, a))
print(a * -1, abs(-a), -a + a, a == 123456789012345678901234567890)
print(a < b, -a > -b, max(a, b, -a), min([b, a, 10]))
c = a ** 3
print(c, c // a // a == a)
print(a & b, a | b, a ^ b, ~a, a >> 40, a << 40)
print(hex(a), oct(b), bin(a)[:40])
print(int("-" + "9" * 60) + 1)
print(10 ** 30 // 10 ** 29, (10 ** 30 + 1) / 10 ** 30)
print(round(a, -10), round(-a, -5))
