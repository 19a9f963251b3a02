def worker():
    while True:
        try:
            x = yield
            print("working on", x)
        except ValueError as e:
            print("recovered from", e)
            yield "recovered"

w = worker()
next(w)
w.send(1)
print(w.throw(ValueError("bad input")))
next(w)
w.send(2)
try:
    w.throw(KeyError("fatal"))
except KeyError as e:
    print("propagated", repr(e))
print(next(w, "closed after error"))

def fresh():
    yield 1
try:
    fresh().throw(RuntimeError, RuntimeError("at start"))
except RuntimeError as e:
    print("unstarted throw", e)

def delegating():
    def sub():
        try:
            yield 1
        except ZeroDivisionError:
            yield "sub caught"
    yield from sub()
d = delegating()
next(d)
print(d.throw(ZeroDivisionError))
