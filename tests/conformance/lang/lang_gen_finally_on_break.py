# Generators are closed explicitly: when an abandoned generator's finally block runs
# is a CPython reference-counting detail, not part of the language.
def resource(name):
    print("open", name)
    try:
        for i in range(5):
            yield f"{name}{i}"
    finally:
        print("close", name)

g = resource("a")
for x in g:
    print(x)
    if x == "a1":
        break
print("after loop, suspended:", g.gi_running)
g.close()
print("closed a")
g = resource("b")
print(next(g))
g.close()
g.close()
print(next(g, "b exhausted"))
def first(it):
    try:
        for v in it:
            return v
    finally:
        it.close()
print(first(resource("c")))
print(list(resource("d")))
print("end")
