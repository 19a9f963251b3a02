# Big-int arithmetic against CPython: the paired-digit loops (odd and even
# lengths), single-digit multiply, short-quotient division (big // big with a
# small result, every sign combination), algorithm D including its rare
# add-back step, bitwise ops on non-negative operands, and str()/int() limits.
state = 12345


def rnd():
    global state
    state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
    return state >> 11


def big(maxdigits):
    n = rnd() % maxdigits + 1
    v = 0
    kind = rnd() % 6
    for i in range(n):
        if kind == 0:
            w = 0xFFFFFFFF
        elif kind == 1:
            w = 0 if rnd() % 3 else rnd() % (1 << 32)
        else:
            w = rnd() % (1 << 32)
        v = (v << 32) | w
    if kind == 2:
        v = v << (rnd() % 40)
    if kind == 3:
        v = (1 << (32 * n + rnd() % 5)) - (rnd() % 3)
    if rnd() % 2:
        v = -v
    return v


def h(x):
    return x % 1000000007 * 7 + x.bit_length()


acc = {}


def add(name, v):
    acc[name] = (acc.get(name, 0) * 31 + h(v)) % (1 << 61)


for it in range(400):
    md = 3 if it % 3 == 0 else (12 if it % 3 == 1 else 60)
    a = big(md)
    b = big(md if it % 2 else 3)
    small = rnd() % 100 - 50
    for x, y in ((a, b), (b, a), (a, small), (small, a), (a, a), (a, -a), (a + 1, a)):
        add("add", x + y)
        add("sub", x - y)
        add("mul", x * y)
        if y:
            add("floordiv", x // y)
            add("mod", x % y)
            q, r = divmod(x, y)
            add("divmod", q * 3 + r)
        add("and", x & y)
        add("or", x | y)
        add("xor", x ^ y)
        add("cmp", (x < y) * 2 + (x == y))
    # Short quotients: (a * k + r) // a with k up to 2**70.
    k = rnd() % (1 << (rnd() % 70))
    rr = rnd() % (abs(a) + 1) if a else 0
    n = a * k + rr
    if a:
        for num, den in ((n, a), (-n, a), (n, -a), (-n, -a), (n + a, a), (n - 1, a)):
            add("short", num // den)
            add("short", num % den)
    add("shift", (a << (rnd() % 100)) >> (rnd() % 130))
    add("unary", -a + ~a + abs(a))
    add("pow", pow(a, rnd() % 4))
    if b:
        add("powmod", pow(a, rnd() % 30, b))
    add("str", int(str(a)[:200] or "0"))
    add("hex", int(hex(a), 16))
    add("hash", hash(a))
for k in sorted(acc):
    print(k, acc[k])

# Algorithm D's add-back step (Hacker's Delight divmnu test values, shifted so the
# quotient is long) and the same values as short quotients.
cases = [
    (0x00008000_00000000_0000FFFE_00000000, 0x00008000_00000000_0000FFFF),
    (0x80000000_00000000_00000003, 0x20000000_00000000_00000001),
    (0x00007FFF_00008000_00000000_00000000, 0x80000000_00000000_00000001),
]
for u, v in cases:
    for k in (0, 1, 3, 5):
        a = (u << (32 * k)) + 12345
        for sa in (1, -1):
            for sb in (1, -1):
                q, r = divmod(sa * a, sb * v)
                print(hex(q), hex(r), q * sb * v + r == sa * a)

# Single-digit multipliers and divisors on long values.
x = 3**5000
for d in (1, 2, 10, 2**31 - 1, 2**32 - 1, 2**32, 2**32 + 1, -7):
    y = x * d
    print(d, h(y), h(y // d - x), h(y % 1000000007), h((y + 5) // d), h(-y // d))

# Bitwise ops on non-negative operands of different lengths.
p, q = 2**200 - 1, 7**30
print(p & q == q % 2**200, h(p | q), h(p ^ q), h(q & (p << 64)), (p & 0) == 0)

# pi spigot (the pidigits benchmark, short).
def pi_digits(n):
    q, r, t, k, m, x = 1, 0, 1, 1, 3, 3
    digits = []
    while len(digits) < n:
        if 4 * q + r - t < m * t:
            digits.append(m)
            q, r, m = 10 * q, 10 * (r - m * t), (10 * (3 * q + r)) // t - 10 * m
        else:
            q, r, t, k, m, x = q * k, (2 * q + r) * x, t * x, k + 1, (q * (7 * k + 2) + r * x) // (t * x), x + 2
    return digits


print("".join(map(str, pi_digits(300)))[-40:])

# str()/int() and the 4300-digit limit.
big_s = "7" * 4300
print(len(str(int(big_s))), str(int(big_s))[-5:])
for f in (lambda: int("7" * 4301), lambda: str(10**4300)):
    try:
        f()
    except ValueError as e:
        print("ValueError:", e)
print(str(10**4299)[:3], len(str(-(10**4299))))
print(int("1" + "0" * 100) // 3, str(2**333), hex(-(2**200) - 1), oct(3**90), bin(2**70 + 5))

# Division around the short-quotient path's limits: divisors of 33..200 bits,
# quotients of 58..69 bits, remainders 0 and b - 1, every sign combination.
res = 0
cnt = 0
for blb in (33, 62, 63, 64, 65, 66, 95, 96, 97, 128, 200):
    for b in (1 << (blb - 1), (1 << blb) - 1, (1 << (blb - 1)) + 12345, (1 << blb) - (1 << (blb // 2))):
        for d in range(58, 70, 3):
            for a in ((1 << (blb + d)) - 1, b << d, (b << d) - 1, (b << d) + b - 1, b * ((1 << d) - 1) + b - 1):
                for sa in (1, -1):
                    for sb in (1, -1):
                        q, r = divmod(sa * a, sb * b)
                        ok = q * sb * b + r == sa * a and (r == 0 or (r < 0) == (sb < 0))
                        res = (res * 1000003 + q % 999999937 + r % 1000000007 + ok) % (1 << 61)
                        cnt += 1
print(cnt, res)

# hash() of long values near the modulus 2**61 - 1.
hs = 0
for e in range(0, 700, 7):
    for v in (2**e - 1, 2**e, 3**e, -(5**e), 2**61 - 1, 2**61, (2**61 - 1) * 2**e, -(2**61 - 2)):
        hs = (hs * 31 + hash(v)) % (1 << 64)
print(hs, hash(-(2**61 - 1)), hash(2**64 + 1), hash(-(2**64) - 1))

# Karatsuba sizes (balanced and unbalanced, runs of zero and all-ones digits).
acc = 0
for it in range(40):
    na = rnd() % 400 + 1
    nb = rnd() % 400 + 1
    a = 0
    for i in range(na):
        a = (a << 32) | (rnd() % (1 << 32) if rnd() % 4 else (0 if rnd() % 2 else 0xFFFFFFFF))
    b = 0
    for i in range(nb):
        b = (b << 32) | (rnd() % (1 << 32) if rnd() % 4 else (0 if rnd() % 2 else 0xFFFFFFFF))
    if rnd() % 2:
        a = -a
    p = a * b
    acc = (acc * 31 + p % 1000000007 + p.bit_length()) % (1 << 61)
    if b:
        q, r = divmod(p + a, b)
        acc = (acc * 31 + q % 1000000007 + r % 998244353) % (1 << 61)
    acc = (acc * 31 + (a * a) % 1000000007) % (1 << 61)
print(acc)
