def selfref():
    yield next(me)

me = selfref()
try:
    next(me)
except ValueError as e:
    print(type(e).__name__, e)

def gen():
    x = yield 1
    yield x

g = gen()
next(g)
print(g.send("sent"))
print(list(g))
