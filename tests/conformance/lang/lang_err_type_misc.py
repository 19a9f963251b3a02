s, l, t = "abc", [1, 2], (1,)
cases = [
    lambda: int([1]),
    lambda: float({}),
    lambda: "a" * 2.5,
    lambda: [1] * "3",
    lambda: s["1"],
    lambda: l[1.0],
    lambda: t[None],
    lambda: len(5),
    lambda: ord("ab"),
    lambda: chr("a"),
    lambda: "%d" % "x",
    lambda: "{:d}".format("s"),
    lambda: str(1, 2, 3, 4),
    lambda: round("1"),
    lambda: "abc".startswith(1),
    lambda: isinstance(1, "int"),
]
for c in cases:
    try:
        c()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
