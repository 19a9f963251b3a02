def make_counter(start=0):
    count = start
    def inc(by=1):
        nonlocal count
        count += by
        return count
    def get():
        return count
    return inc, get

inc, get = make_counter(10)
inc(); inc(5)
print(get())

def outer():
    fns = []
    for i in range(3):
        fns.append(lambda i=i: i * 10)
    late = [lambda: i for i in range(3)]
    return [f() for f in fns], [f() for f in late]
print(outer())

x = "global"
def scopes():
    x = "enclosing"
    def inner():
        global x
        x = "changed global"
        return x
    inner()
    return x
print(scopes(), x)
