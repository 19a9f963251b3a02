def squares(n):
    print("start")
    for i in range(n):
        print("yielding", i)
        yield i * i
    print("end")

g = squares(3)
print(type(g).__name__)
print(next(g))
print(list(g))
print(next(g, "exhausted"))
print(list(squares(0)))

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
out = []
for x in fib():
    if x > 100:
        break
    out.append(x)
print(out)
