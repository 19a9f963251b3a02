print(abs(-5), abs(5.5), abs(-0.0), abs(-(2 ** 100)), abs(True), abs(False))
print(any([]), any([0, "", None]), any([0, 1]), all([]), all([1, "a", [0]]), all([1, 0]), any("x"), all(""))
print(any(x > 10 for x in range(20)), all(x < 100 for x in range(20)), any(map(bool, [0, 0, 3])))
