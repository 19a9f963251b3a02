d = {}
for k in ["zeta", "alpha", "mid", "beta"]:
    d[k] = len(k)
print(list(d))
d["alpha"] = 0
print(list(d.items()))
del d["zeta"]
d["zeta"] = 9
print(list(d))
e = {3: "c", 1: "a", 2: "b"}
print(e, sorted(e), list(reversed(e)), list(reversed(e.items())))
merged = {**e, 4: "d", 1: "A"}
print(merged, e | {5: "e"}, {1: 1} == {1: 1.0})
e |= {0: "z"}
print(e)
big = {i: i * i for i in range(1000)}
for i in range(0, 1000, 2):
    del big[i]
print(len(big), list(big)[:5], list(big.values())[-3:], sum(big))
