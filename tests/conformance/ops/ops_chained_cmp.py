x = 5
print(1 < x < 10, 1 < x > 10, 1 <= 1 < 2 <= 2, 3 > 2 > 1 > 0, 1 == 1 == 1.0, 1 < 2 == 2)
print(1 < 3 > 2 < 4, 1 != 2 != 1, "a" < "b" < "c", [1] < [2] < [2, 0])
calls = []
def v(n):
    calls.append(n)
    return n
print(v(1) < v(0) < v(3))
print(calls)
calls.clear()
print(v(1) < v(2) < v(3) < v(0))
print(calls)
print(0 < 0.5 < 1, -1 < -0.0 <= 0 < 1e-300)
print((1 < 2) < 3, 1 < (2 < 3))
print(2 in [2] in [[2]], 2 in [2] not in [[3]])
