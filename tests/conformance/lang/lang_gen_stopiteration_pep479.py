def bad():
    yield 1
    raise StopIteration("oops")

g = bad()
print(next(g))
try:
    next(g)
except RuntimeError as e:
    print(type(e).__name__, e)
    print(type(e.__cause__).__name__, e.__cause__)

def uses_next(it):
    while True:
        yield next(it)

try:
    print(list(uses_next(iter([1, 2]))))
except RuntimeError as e:
    print("RuntimeError:", e)

def safe(it):
    for x in it:
        yield x
print(list(safe(iter([1, 2]))))
