tests = [
    lambda: 1 + "a", lambda: "a" + 1, lambda: "a" * "b", lambda: [1] * 1.5, lambda: len(5), lambda: (lambda: None)()(),
    lambda: (1, 2)[5], lambda: "abc"[10], lambda: {}["k"], lambda: {"a": 1}[("t",)], lambda: [].pop(),
    lambda: int("12a"), lambda: float("x1"), lambda: None.attr, lambda: (5).foo, lambda: [].nope,
    lambda: abs("x"), lambda: 1 < None, lambda: undefined_thing, lambda: chr(-1), lambda: ord("ab"),
    lambda: [1, 2].index(5), lambda: "x".join([1]), lambda: iter(5), lambda: next(iter([])),
    lambda: {}.pop("x"), lambda: sum(["a", "b"]), lambda: max([]), lambda: min(), lambda: 2 ** -1 % 0,
    lambda: divmod(1, 0), lambda: int("5", 99), lambda: hash([]), lambda: list(1), lambda: dict(1),
    lambda: "abc".index("z"), lambda: range(0, 5, 0), lambda: sorted([3, "a"]), lambda: -"s",
    lambda: ~1.5, lambda: [1, 2, 3][1:2:0], lambda: round("x"), lambda: tuple(5),
]
for i, t in enumerate(tests):
    try:
        t()
        print(i, "no error")
    except Exception as e:
        print(i, type(e).__name__ + ":", e)
