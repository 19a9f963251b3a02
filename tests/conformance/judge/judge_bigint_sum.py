import sys
total = 0
prod = 1
count = 0
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    v = int(line)
    total += v
    prod = prod * v % (10 ** 9 + 7)
    count += 1
print(count)
print(total)
print(str(total)[:10], len(str(abs(total))))
print(prod)
