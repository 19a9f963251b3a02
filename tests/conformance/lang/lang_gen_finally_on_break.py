def resource(name):
    print("open", name)
    try:
        for i in range(5):
            yield f"{name}{i}"
    finally:
        print("close", name)

for x in resource("a"):
    print(x)
    if x == "a1":
        break
print("after loop")
g = resource("b")
print(next(g))
g.close()
def first(it):
    for v in it:
        return v
print(first(resource("c")))
print("end")
