cases = [
    lambda: 1 < "a",
    lambda: "a" >= 1,
    lambda: [1] < (1,),
    lambda: None > None,
    lambda: {} <= {},
    lambda: 1j < 2j,
    lambda: sorted([3, "a", 1]),
    lambda: max(1, "b"),
    lambda: [1, "a"].sort(),
]
for c in cases:
    try:
        c()
    except TypeError as e:
        print(type(e).__name__, e)
print(1 == "1", None == 0, [1] != (1,))
