x = 1
for i in range(1, 101):
    x *= i
    x -= i
    x //= 1
    x += 7
print(x)
y = -x
y %= 10 ** 9
print(y)
z = 2 ** 130
z >>= 65
z <<= 3
z ^= 0xFFFF
z &= (1 << 70) - 1
z |= 1
print(z)
w = 10 ** 20
w **= 3
print(w == 10 ** 60, len(str(w)))
