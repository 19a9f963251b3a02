print(min(3, 1, 2), max(3, 1, 2), min([4, 5]), max("hello"), min("b", "a", "c"), max([1, 5], [2]))
print(max(["aa", "b", "ccc"], key=len), min([(1, "z"), (1, "a")]), max([], default="empty"), min((), default=None))
print(max(3, 7, key=lambda x: -x), min({"x": 5, "y": 1}, key=lambda k: {"x": 5, "y": 1}[k]))
print(max([1, 3, 3, 2], key=lambda v: v % 3), max([2.5, 2, True]), min(-0.0, 0), max(10 ** 30, 1e30))
print(sum([1, 2, 3]), sum([1, 2], 10), sum([[1], [2]], []), sum([0.1] * 3), sum(range(100)), sum(x for x in []), sum([True, True]))
for bad in (lambda: max([]), lambda: min(1), lambda: max(), lambda: sum(["a"], ""), lambda: max(1, 2, default=0)):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
