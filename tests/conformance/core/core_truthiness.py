values = [0, 1, -1, 0.0, 2.5, "", "x", [], [[]], (), (0,), {}, {1: 2}, None, True, False,
          range(0), range(3), 10**100, -(10**100), float("nan")]
for v in values:
    print(repr(v), "->", "truthy" if v else "falsy")
print([v for v in values if not v].__len__())
x = [] or "default"
y = "value" and 42
z = 0 and 1 / 0
print(x, y, z)
print(None or 0 or "" or [] or "last")
print(1 and 2 and 3, 1 and 0 and 3)
