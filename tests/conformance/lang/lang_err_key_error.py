d = {"a": 1}
for k in ("b", 1, (1, 2), None, "", 2.5):
    try:
        d[k]
    except KeyError as e:
        print(type(e).__name__, e, repr(e), e.args)
try:
    d.pop("zz")
except KeyError as e:
    print(type(e).__name__, e)
try:
    {}.popitem()
except KeyError as e:
    print(type(e).__name__, e)
try:
    set().pop()
except KeyError as e:
    print(type(e).__name__, e)
try:
    {1, 2}.remove(3)
except KeyError as e:
    print(type(e).__name__, e)
try:
    del d["q"]
except KeyError as e:
    print(type(e).__name__, e)
print(d.get("q"), d.pop("q", "dflt"))
