f = 1
for i in range(2, 501):
    f *= i
s = str(f)
print(len(s))
print(s[:50])
print(s[-130:])
print(sum(int(c) for c in s))
trailing = len(s) - len(s.rstrip("0"))
print("trailing zeros:", trailing)
g = f
for i in range(500, 1, -1):
    g //= i
print(g)
print(f % (10 ** 9 + 7), f // (10 ** 1100))
