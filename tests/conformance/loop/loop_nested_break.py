target = 42
found = None
for a in range(1, 10):
    for b in range(1, 10):
        if a * b == target:
            found = (a, b)
            break
    if found:
        break
print(found)
count = 0
for i in range(10):
    if i % 2:
        continue
    for j in range(10):
        if j > i:
            break
        if (i + j) % 3 == 0:
            continue
        count += 1
print(count)
i = 0
res = []
while i < 5:
    j = 0
    while True:
        j += 1
        if j >= i:
            break
    res.append((i, j))
    i += 1
print(res)
