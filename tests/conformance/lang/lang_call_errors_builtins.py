tests = [
    lambda: len(),
    lambda: len(1, 2),
    lambda: abs(),
    lambda: int("1", "2", "3"),
    lambda: divmod(1),
    lambda: isinstance(1),
    lambda: "abc".split(1),
    lambda: [].append(),
    lambda: {}.get(),
    lambda: sorted([1], foo=1),
    lambda: sum([1], foo=1),
    lambda: [].sort(key=len, bar=2),
    lambda: print(fil=None),
    lambda: range(),
    lambda: "x".join(1),
    lambda: max(),
]
for t in tests:
    try:
        t()
    except TypeError as e:
        print(type(e).__name__, e)
