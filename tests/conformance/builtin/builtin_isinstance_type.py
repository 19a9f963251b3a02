values = [1, 1.0, "s", [1], (1,), {1: 1}, {1}, frozenset(), None, True, range(1), len, lambda: 0, 10 ** 30, slice(1)]
for v in values:
    print(type(v).__name__, isinstance(v, int), isinstance(v, (list, tuple)), type(v) is int)
print(isinstance(True, int), isinstance(True, bool), type(True) == bool, type(1) == type(2), type(int) is type)
print(type("x")("abc"), type(5)("12") + 1, type([])((1, 2)), issubclass(bool, int), issubclass(int, object))
print(isinstance(5, object), isinstance(None, object), isinstance(int, type), isinstance([], (int, (str, list))))
try:
    isinstance(5, 5)
except TypeError as e:
    print("TypeError:", e)
