order = []
def mark(label):
    print("decorating with", label)
    def deco(f):
        def wrapper(*a):
            order.append(label)
            return f"{label}(" + f(*a) + ")"
        return wrapper
    return deco

@mark("outer")
@mark("middle")
@mark("inner")
def base(x):
    return str(x)

print(base(1))
print(order)

def double(f):
    return lambda *a: f(*a) * 2
def inc(f):
    return lambda *a: f(*a) + 1
@double
@inc
def five():
    return 5
@inc
@double
def five2():
    return 5
print(five(), five2())
