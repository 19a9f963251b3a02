data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long list", n)
print(n)
values = [y for x in data if (y := x * x) > 10]
print(values, y)
chunks = iter(["a", "b", "", "c"])
out = []
while (c := next(chunks)) != "":
    out.append(c)
print(out)
print((z := 5) + z)
def f(v):
    return [(w := v + 1), w * 2]
print(f(10))
total = 0
print([total := total + i for i in range(6)], total)
