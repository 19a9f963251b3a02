import pprint

data = {"zeta": [1, 2, 3], "alpha": {"c": 3, "b": 2, "a": 1}, "mid": list(range(25))}
pprint.pprint(data, width=60, sort_dicts=False)
pprint.pprint(data, width=60)
pprint.pp({"b": 1, "a": 2, "c": {"z": 1, "y": 2}})
pprint.pprint(list(range(50)), compact=True, width=40)
pprint.pprint([[i] * 3 for i in range(10)], compact=True, width=30)
pprint.pprint(10 ** 20, underscore_numbers=True)
pprint.pprint({"x": 123456789, "y": [1234567] * 15}, underscore_numbers=True, width=50)
pp = pprint.PrettyPrinter(width=20, indent=2)
pp.pprint(["abc", "def", "ghi", "jkl"])
print(pp.pformat({"k": list(range(8))}))
print(pprint.saferepr({"k": [1, 2]}), pprint.isreadable([1, 2]), pprint.isreadable(object()))
r = [1, 2]
r.append(r)
print(pprint.isrecursive(r), pprint.isrecursive([1, [2]]))
try:
    pprint.PrettyPrinter(indent=-1)
except ValueError as e:
    print("ValueError:", e)
