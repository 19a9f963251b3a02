def greet(name, greeting="Hello", punct="!"):
    return f"{greeting}, {name}{punct}"
print(greet("Ann"), greet("Bob", "Hi"), greet("Cy", punct="?"), greet(punct=".", name="Di"))
def power(base, exp=2):
    return base ** exp
print(power(3), power(3, 3), power(exp=0, base=9))
def f(a, b=[]):
    b.append(a)
    return len(b)
print(f(1), f(2), f(3, []), f(4))
DEFAULT = 10
def g(x=DEFAULT):
    return x
DEFAULT = 20
print(g())
print(greet.__name__, power.__defaults__, g.__defaults__)
try:
    greet()
except TypeError as e:
    print("TypeError:", e)
try:
    greet("a", "b", "c", "d")
except TypeError as e:
    print("TypeError:", e)
try:
    greet("a", nme="x")
except TypeError as e:
    print("TypeError:", e)
try:
    greet("a", name="b")
except TypeError as e:
    print("TypeError:", e)
