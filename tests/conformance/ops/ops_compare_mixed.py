print(1 == 1.0, 1 < 1.5, 2 ** 53 + 1 == float(2 ** 53 + 1), 2 ** 53 + 1 > float(2 ** 53), 10 ** 400 > 1e308)
print(-(10 ** 400) < -1e308, 10**400 < float("inf"), float("nan") == float("nan"), float("nan") != float("nan"))
print([1, 2] < [1, 2, 0], (1, "a") < (1, "b"), "abc" < "abd", "Z" < "a", "" < "a", [3] > [2, 99])
print([1, 2] == [1, 2], (1,) == [1], {1: 2} == {1: 2}, {1, 2} == {2, 1}, {1, 2} < {1, 2, 3}, {1} <= {1})
print(True == 1, False < True, 0.0 == -0.0, None == None)
for bad in [lambda: 1 < "a", lambda: [] < (), lambda: None < None, lambda: {} < {}]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
