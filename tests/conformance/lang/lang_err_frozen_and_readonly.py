t = (1, 2)
s = "str"
fs = frozenset({1})
for f in (lambda: t.append(3), lambda: setattr(s, "x", 1), lambda: fs.add(2)):
    try:
        f()
    except AttributeError as e:
        print(type(e).__name__, e)
try:
    int.new_attr = 1
except TypeError as e:
    print(type(e).__name__, e)
try:
    list.append = None
except TypeError as e:
    print(type(e).__name__, e)
try:
    (lambda: 0).__name__ = 5
except TypeError as e:
    print(type(e).__name__, e)
