total = 0
for i in range(1, 20001):
    total += i * i * i
print(total, total == (20000 * 20001 // 2) ** 2)
fib = [0, 1]
for _ in range(300):
    fib.append(fib[-1] + fib[-2])
print(fib[300])
print(fib[299] * fib[301] - fib[300] ** 2)
a, b = 1, 1
count = 2
while len(str(b)) < 200:
    a, b = b, a + b
    count += 1
print(count, str(b)[:30])
