cases = [
    lambda: {[1]: 2},
    lambda: {{}},
    lambda: hash([]),
    lambda: set([[1]]),
    lambda: {1: 1}[[]],
    lambda: {set()},
    lambda: hash((1, [2])),
    lambda: frozenset([{}]),
    lambda: [].index([]) if False else {1}.add(bytearray()),
    lambda: dict.fromkeys([[1]]),
]
for c in cases:
    try:
        c()
    except TypeError as e:
        print(type(e).__name__, e)
print({1: 2}.get([], "get does hash") if False else "ok")
print([1] in [[1]], (1, 2) in {(1, 2)})
try:
    [1] in {1, 2}
except TypeError as e:
    print(type(e).__name__, e)
