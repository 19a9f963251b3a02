from types import MappingProxyType

base = {"a": 1, "b": 2}
ro = MappingProxyType(base)
print(ro["a"], len(ro), "a" in ro, "z" in ro, ro.get("z", 0))
print(sorted(ro), sorted(ro.keys()), sorted(ro.values()), sorted(ro.items()))
base["c"] = 3
print(ro["c"], len(ro))
print(ro)
try:
    ro["d"] = 4
except TypeError as e:
    print("TypeError:", e)
print(dict(ro) == base, ro.copy() == base, ro == base)
for k in ro:
    print(k, ro[k])
