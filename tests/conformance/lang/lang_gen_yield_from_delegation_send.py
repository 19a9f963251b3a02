def sub():
    got = []
    while True:
        v = yield len(got)
        if v is None:
            return got
        got.append(v)

def main():
    while True:
        result = yield from sub()
        print("sub finished with", result)
        if len(result) > 2:
            return "main done"

m = main()
print(next(m))
print(m.send("a"), m.send("b"))
print(m.send(None))
for v in "xyz":
    m.send(v)
try:
    m.send(None)
except StopIteration as e:
    print(e.value)
