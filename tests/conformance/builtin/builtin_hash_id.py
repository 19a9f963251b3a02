a = [1, 2]
b = a
c = [1, 2]
print(id(a) == id(b), id(a) == id(c), id(None) == id(None), a is b)
print(hash(42) == 42, hash(-1) == -2, hash(0) == 0, hash(1.0) == hash(1), hash(2 ** 61 - 1) == 0, hash(10 ** 20) == hash(10 ** 20))
print(hash((1, 2)) == hash((1, 2)), hash("text") == hash("te" + "xt"), hash(frozenset([1])) == hash(frozenset([1])))
print(hash(True), hash(False), hash(2.5) == hash(2.5), hash(-0.0) == hash(0.0))
for unhashable in ([], {}, set(), ([],)):
    try:
        hash(unhashable)
    except TypeError as e:
        print("TypeError:", e)
