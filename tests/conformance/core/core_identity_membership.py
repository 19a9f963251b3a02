a = [1, 2]
b = [1, 2]
c = a
print(a == b, a is b, a is c, a is not b, id(a) == id(c), id(a) == id(b))
print(None is None, 3 in [1, 2, 3], 4 not in (1, 2), "ell" in "hello", "" in "abc")
print(2 in {1: "x", 2: "y"}, "y" in {1: "x", 2: "y"}, 5 in range(0, 10, 5), 7 in range(0, 10, 5))
print([1] in [[1], [2]], (1, 2) in {(1, 2): 0}, 3 in {1, 2, 3}, 10**30 in {10**30})
print(not 1 in [2], not (1 in [2]))
