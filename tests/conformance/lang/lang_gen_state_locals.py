def running_max(xs):
    best = None
    for x in xs:
        if best is None or x > best:
            best = x
        yield best

print(list(running_max([3, 1, 4, 1, 5, 9, 2, 6])))

def counter():
    i = 0
    while True:
        cmd = yield i
        if cmd == "reset":
            i = 0
        else:
            i += 1

c = counter()
print(next(c), next(c), next(c), c.send("reset"), next(c))

gens = [(lambda k: (k * i for i in range(3)))(k) for k in range(3)]
print([list(g) for g in gens])

