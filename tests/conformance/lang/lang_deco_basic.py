def shout(f):
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs).upper() + "!"
    return wrapper

@shout
def greet(name, punct=""):
    return f"hello {name}{punct}"

print(greet("bob"), greet("amy", punct="?"))
print(greet.__name__)

def trace(f):
    depth = [0]
    def wrapper(*a):
        print("  " * depth[0] + f"-> {f.__name__}{a}")
        depth[0] += 1
        r = f(*a)
        depth[0] -= 1
        print("  " * depth[0] + f"<- {r}")
        return r
    return wrapper

@trace
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
fact(3)
