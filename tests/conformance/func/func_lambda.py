sq = lambda x: x * x
add = lambda a, b=10: a + b
print(sq(7), add(1), add(1, 2), (lambda: "noargs")(), (lambda *a, **k: (a, k))(1, z=2))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
print([ops[o](6, 3) for o in "+-*"])
pairs = [(1, "one"), (3, "three"), (2, "two")]
print(sorted(pairs, key=lambda p: p[1]), list(map(lambda p: p[0] * 10, pairs)))
compose = lambda f, g: lambda x: f(g(x))
inc_then_sq = compose(sq, lambda x: x + 1)
print(inc_then_sq(4))
adders = [lambda x, n=n: x + n for n in range(3)]
print([a(10) for a in adders])
late = [lambda x: x + n for n in range(3)]
print([a(10) for a in late])
print(sq.__name__, (lambda: 0).__name__)
