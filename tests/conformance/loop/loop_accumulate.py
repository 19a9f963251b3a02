n = 1000
s1 = 0
for i in range(n):
    s1 += i
s2 = 0
i = 0
while i < n:
    s2 += i
    i += 1
print(s1, s2, s1 == sum(range(n)) == n * (n - 1) // 2)
prod = 1
for i in range(1, 26):
    prod *= i
print(prod)
maxv, argmax = None, -1
for i, v in enumerate([3, 9, 2, 9, 1]):
    if maxv is None or v > maxv:
        maxv, argmax = v, i
print(maxv, argmax)
digits = 0
x = 2 ** 200
while x:
    digits += x % 10
    x //= 10
print(digits)
