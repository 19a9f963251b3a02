for x in range(-2, 3):
    s = "neg" if x < 0 else ("zero" if x == 0 else "pos")
    print(x, s)
a = 1 if True else 1 / 0
b = 1 / 1 if False else "lazy"
print(a, b)
print([("even" if i % 2 == 0 else "odd") for i in range(5)])
f = lambda n: 1 if n <= 1 else n * f(n - 1)
print(f(10))
print((lambda: "x" if [] else "y")())
print(max(3, 7) if 3 > 7 else min(3, 7))
