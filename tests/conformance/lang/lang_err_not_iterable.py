class Foo: pass
cases = [
    lambda: list(5),
    lambda: [x for x in None],
    lambda: iter(Foo()),
    lambda: sum(3),
    lambda: sorted(1.5),
    lambda: tuple(len),
    lambda: dict(3),
    lambda: set(True),
    lambda: "".join(5),
    lambda: max(7),
    lambda: zip(1, [2]),
    lambda: {**[]},
    lambda: [*5],
]
for c in cases:
    try:
        c()
    except TypeError as e:
        print(type(e).__name__, e)
def unpack():
    a, b = 7
try:
    unpack()
except TypeError as e:
    print(type(e).__name__, e)
def loop():
    for x in 3.0:
        pass
try:
    loop()
except TypeError as e:
    print(type(e).__name__, e)
