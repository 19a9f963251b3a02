cases = [
    lambda: int("abc"),
    lambda: int("12", 2),
    lambda: float("x1"),
    lambda: [1, 2].index(9),
    lambda: "abc".index("z"),
    lambda: [].remove(1),
    lambda: int("  "),
    lambda: range(1, 2, 0),
    lambda: "a,b".split(""),
    lambda: chr(-1),
    lambda: int("9" * 5, 37),
    lambda: (1, 2).index(3),
    lambda: "x".center(-1) if False else "abc".rjust(5, "ab"),
]
for c in cases:
    try:
        c()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
def unpack_many():
    a, b = [1, 2, 3]
def unpack_few():
    a, b, c = "ab"
def unpack_star():
    a, b, *c = [1]
for c in (unpack_many, unpack_few, unpack_star):
    try:
        c()
    except ValueError as e:
        print(type(e).__name__, e)
