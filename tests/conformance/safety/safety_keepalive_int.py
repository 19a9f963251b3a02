# Big-int arithmetic on temporaries whose digits live in a raw buffer (over 124 digits,
# or any int subclass): the C code must keep each operand alive while it reads the
# digits, even when the allocation of the result collects. Found with a GC-stress build
# (-DSP_GC_STRESS=1), where these gave wrong numbers before obj_int.c was fixed.
import math
import random

bad = 0
for i in range(20):
    e = 6000 + i
    x = pow(7, e)
    if x % 1000003 != pow(7, e, 1000003):
        bad += 1
print("pow bad", bad)

f = math.factorial(1500)
g = 1
for i in range(2, 1501):
    g = g * i
print("factorial", f == g, f % 1000000007)

x = 10**3000 + 12345
print("invert", ~x == -x - 1, (~x) % 999983)
print("neg shift", (-(x << 100) >> 99) == -2 * x, (x << 7) >> 7 == x)
print("sum", sum([x] * 50 + [-x] * 49) == x)
print("divmod", divmod(x * x + 5, x) == (x, 5), (x * 3 + 1) // 3 == x)
print("bitwise", ((x << 64) | 0xFFFF) >> 64 == x, (x & ((1 << 12000) - 1)) == x,
      (x ^ (x >> 3)) ^ (x >> 3) == x, (-x & x) % 1000)
print("isqrt", math.isqrt(x * x) == x, math.gcd(x * 6, x * 4) == 2 * x)


class Big(int):
    pass


s = "7" * 2000
b = Big(s)
print("subclass", b == int(s), type(b).__name__, (b + 1) % 1000, (b * b) % 1009)

random.seed(1)
u = random.getrandbits(20000)
random.seed(1)
v = random.getrandbits(20000)
print("getrandbits", u == v, u.bit_length() > 19000)
print("str", len(str(x)), str(x)[-5:], len(hex(x * x)), "%x" % (x % 2**40))
