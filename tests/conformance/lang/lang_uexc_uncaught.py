class MyError(Exception):
    pass

def inner(x):
    if x > 2:
        raise MyError(f"bad value {x}")
    return x

def outer():
    for i in range(5):
        print(inner(i))

outer()
