def g():
    x = yield
    print("x =", x)
    y = yield x * 2
    print("y =", y)
    z = (yield) or "default"
    print("z =", z)

gen = g()
print(next(gen))
print(gen.send(5))
print(gen.send("why"))
try:
    gen.send(None)
except StopIteration:
    print("finished")

def acc():
    total = 0
    while True:
        total += yield total
a = acc(); next(a)
print([a.send(i) for i in range(1, 6)])
