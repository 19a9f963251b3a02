def averager():
    total = 0
    count = 0
    avg = None
    while True:
        x = yield avg
        if x is None:
            break
        total += x
        count += 1
        avg = total / count
    return count

g = averager()
print(g.send(None))
print(g.send(10))
print(g.send(20))
print(g.send(60))
try:
    g.send(None)
except StopIteration as e:
    print("count", e.value)

def echo():
    received = yield "ready"
    while True:
        received = yield f"got {received}"

e = echo()
print(next(e))
print(e.send(1), e.send("two"))
try:
    echo().send(5)
except TypeError as ex:
    print(type(ex).__name__, ex)
