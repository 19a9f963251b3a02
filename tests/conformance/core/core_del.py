x = 10
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
lst = list(range(10))
del lst[0]
del lst[-1]
del lst[2:4]
del lst[::2]
print(lst)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)
try:
    del d["zz"]
except KeyError as e:
    print("KeyError", e)
a, b = 1, 2
del a, b
try:
    a
except NameError as e:
    print(e)
def f():
    y = 1
    del y
    return y
try:
    f()
except UnboundLocalError as e:
    print(type(e).__name__, e)
