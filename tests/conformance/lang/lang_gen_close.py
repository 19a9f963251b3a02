def g():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print("GeneratorExit seen")
        raise
    finally:
        print("finally ran")

x = g()
print(next(x))
x.close()
print(next(x, "done"))
x.close()

y = g()
y.close()
print("closed unstarted")

def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2
s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print(type(e).__name__, e)

def returns_on_close():
    try:
        yield 1
    except GeneratorExit:
        return "ignored"
r = returns_on_close()
next(r)
print(r.close())
