# Sorting with key functions, tuples as keys, comprehensions and slicing.
def records(n):
    x = 42
    out = []
    for i in range(n):
        x = (x * 48271) % 2147483647
        out.append((x % 1000, "name%d" % (x % 5000), x / 7.0, i))
    return out


data = records(150000)
by_first = sorted(data, key=lambda r: r[0])
by_two = sorted(data, key=lambda r: (r[1], -r[0]))
by_float = sorted(data, key=lambda r: r[2], reverse=True)
evens = sorted([r[3] for r in data if r[0] % 2 == 0], reverse=True)
groups = {}
for r in by_first:
    groups.setdefault(r[0], []).append(r[3])
check = sum(by_first[i][3] * (i % 97) for i in range(0, len(data), 7))
check += sum(r[3] for r in by_two[:1000]) + int(by_float[0][2]) + evens[10] + len(groups)
print("checksum:", check)
