def primes_upto(n):
    composite = set()
    result = []
    for i in range(2, n + 1):
        if i not in composite:
            result.append(i)
            composite.update(range(i * i, n + 1, i))
    return result
print(primes_upto(60))
seen = set()
dupes = []
for x in [4, 8, 15, 16, 23, 42, 8, 4, 4]:
    if x in seen:
        dupes.append(x)
    seen.add(x)
print(sorted(seen), dupes)
a = {x * x % 17 for x in range(17)}
print(sorted(a), len(a))
edges = [(1, 2), (2, 3), (4, 5), (5, 6), (6, 4), (7, 7)]
parent = {}
def find(x):
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x
for u, v in edges:
    parent[find(u)] = find(v)
comps = {}
for node in sorted(parent):
    comps.setdefault(find(node), []).append(node)
print(sorted(comps.values()))
print({1, 2, 3} == set([3, 2, 1]), {1, 2}.issubset({1, 2, 3}), len({10 ** 20, 10 ** 20 + 0, 1e20}))
