d = {1: "int", 1.5: "float", "1": "str", (1, 2): "tuple", None: "none", True: "bool?", frozenset([1]): "fs"}
print(d)
print(d[1], d[1.0], d[True], d[(1, 2)], d[None], d[frozenset({1})])
print({0: "a", 0.0: "b", False: "c"})
big = {10 ** 20: "big", -(10 ** 20): "neg"}
print(big[10 ** 20], big[-(10 ** 20)], 10 ** 20 in big, float(10 ** 20) in big)
d2 = {}
d2[2 ** 64] = 1
d2[2 ** 64 + 0] += 1
print(d2)
print(hash(1) == hash(1.0) == hash(True), hash(-1) == hash(-2), hash(10 ** 20) == hash(10 ** 20))
print(hash((1, "a")) == hash((1, "a")), hash("abc") == hash("ab" + "c"), hash(0.5) == hash(0.5))
