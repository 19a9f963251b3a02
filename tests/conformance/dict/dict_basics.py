d = {"one": 1, "two": 2}
d["three"] = 3
d["one"] = 100
print(d, len(d), d["two"], "one" in d, 1 in d, list(d), list(d.keys()), list(d.values()), list(d.items()))
print(d.get("zz"), d.get("zz", 0), d.pop("two"), d.pop("zz", "dflt"), d)
print(d.setdefault("four", 4), d.setdefault("one", -1), d)
d.update({"five": 5}, six=6)
d.update([("seven", 7)])
print(d)
print(d.popitem(), d)
del d["one"]
print(d, dict(a=1, b=2), dict([(1, 2), (3, 4)]), dict(zip("abc", range(3))), dict.fromkeys([1, 2], 0))
try:
    d["missing"]
except KeyError as e:
    print("KeyError:", e, repr(e))
try:
    {}.popitem()
except KeyError as e:
    print("KeyError:", e)
try:
    {[1]: 2}
except TypeError as e:
    print("TypeError:", e)
