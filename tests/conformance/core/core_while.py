i = 0
total = 0
while i < 100:
    i += 1
    if i % 3 == 0:
        continue
    if i > 50:
        break
    total += i
print(i, total)

n = 27
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print("collatz steps", steps)

k = 0
while k < 3:
    k += 1
else:
    print("while-else ran, k =", k)

k = 0
while True:
    k += 1
    if k == 4:
        break
else:
    print("not printed")
print("done", k)
