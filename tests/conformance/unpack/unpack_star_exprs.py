a = [1, 2]
b = (3, 4)
print([*a, *b], (*a, 0), {*a, *b}, [*"xy", *range(2)])
d1 = {"x": 1}
d2 = {"y": 2, "x": 9}
print({**d1, **d2}, {**d2, **d1}, {"z": 0, **d1})
def f(a, b, c, d):
    return a * 1000 + b * 100 + c * 10 + d
print(f(*a, *b), f(*[1, 2, 3], 4), f(1, *b, d=7), f(**{"a": 1, "b": 2, "c": 3, "d": 4}))
print(*[1, 2, 3], sep="-")
print(*"abc")
first, *_ = "hello"
print(first)
x = *range(3),
print(x)
matrix = [[1, 2], [3, 4], [5, 6]]
print(list(zip(*matrix)), [*map(sum, matrix)])
