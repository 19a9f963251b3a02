scores = {"ann": [90, 85], "ben": [70], "cid": [88, 92, 79]}
for name, marks in scores.items():
    print(name, sum(marks) / len(marks), max(marks))
for k in scores:
    scores[k] = len(scores[k])
print(scores)
keys = scores.keys()
scores["dan"] = 0
print(keys, len(keys), "dan" in keys, scores.values(), scores.items())
try:
    for k in scores:
        scores["new" + k] = 1
except RuntimeError as e:
    print("RuntimeError:", e)
print({k: v for k, v in sorted(scores.items()) if v})
print({v: k for k, v in {"a": 1, "b": 2}.items()})
inv = {}
for k, v in [("x", 1), ("y", 2), ("z", 1)]:
    inv.setdefault(v, []).append(k)
print(inv)
print(list(zip(*{"a": 1, "b": 2}.items())))
