a, b = 0b1100, 0b1010
print(a & b, a | b, a ^ b, ~a, a << 3, a >> 2, -a >> 1, -1 >> 10, -17 >> 2, 1 << 100)
print(bin(a & b), bin(a | b), bin(a ^ b), bin(~a), bin(-a))
print(-12 & 0xff, -12 | 3, -12 ^ 5, 5 & -1, 0 & -1)
big = (1 << 200) - 1
print(big & (1 << 100), (big >> 150), big ^ (big >> 1), -big & 0xffff, (-big) >> 190)
print((1 << 64) | 1, ((1 << 64) + 5) & ((1 << 64) - 1), hex(~(1 << 70)), (-(1 << 70)) ^ (1 << 69))
print(True << 3, 6 & True)
try:
    1 << -1
except ValueError as e:
    print("ValueError:", e)
try:
    1.5 & 1
except TypeError as e:
    print("TypeError:", e)
