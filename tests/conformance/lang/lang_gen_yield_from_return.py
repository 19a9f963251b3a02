def inner(n):
    total = 0
    for i in range(n):
        total += i
        yield i
    return total

def outer():
    r1 = yield from inner(3)
    print("inner returned", r1)
    r2 = yield from inner(4)
    print("inner returned", r2)
    return r1 + r2

g = outer()
vals = []
try:
    while True:
        vals.append(next(g))
except StopIteration as e:
    print("outer returned", e.value)
print(vals)

def delegate():
    yield from [1, 2]
    yield from "ab"
    yield from range(3, 5)
    yield from (x * 10 for x in range(2))
print(list(delegate()))

def ret_only():
    return 5
    yield
try:
    next(ret_only())
except StopIteration as e:
    print("value", e.value, e.args)
