fs = []
for i in range(3):
    def f():
        return i
    fs.append(f)
print([f() for f in fs])
gs = []
for i in range(3):
    def g(i=i):
        return i
    gs.append(g)
print([g() for g in gs])
def factory():
    items = []
    def add(x):
        items.append(x)
        return list(items)
    def get():
        return items
    return add, get
add, get = factory()
add(1); add(2)
print(get(), add(3))
x = 1
def read_global():
    return x
x = 2
print(read_global())
def shadow_test():
    vals = []
    for j in range(3):
        vals.append(lambda: j)
    j = 100
    return [v() for v in vals]
print(shadow_test())
