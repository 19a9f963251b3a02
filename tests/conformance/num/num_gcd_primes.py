def gcd(a, b):
    while b:
        a, b = b, a % b
    return abs(a)
def sieve(n):
    is_p = [True] * (n + 1)
    is_p[0] = is_p[1] = False
    i = 2
    while i * i <= n:
        if is_p[i]:
            for j in range(i * i, n + 1, i):
                is_p[j] = False
        i += 1
    return [i for i, p in enumerate(is_p) if p]
ps = sieve(10000)
print(len(ps), ps[:15], ps[-3:], sum(ps))
print(gcd(10 ** 30, 2 ** 80), gcd(-48, 18), gcd(0, 5), gcd(2 ** 89 - 1, 2 ** 61 - 1))
def is_prime(n):
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True
print([n for n in (2 ** 61 - 1, 2 ** 89 - 1, 2 ** 64 + 1, 10 ** 18 + 9, 561, 1000000007) if is_prime(n)])
