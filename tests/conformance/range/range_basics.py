print(list(range(5)), list(range(2, 10, 3)), list(range(10, 0, -3)), list(range(0)), list(range(5, 2)))
r = range(3, 30, 4)
print(r, len(r), r[0], r[-1], r[2:5], r[::-1], 11 in r, 12 in r, r.index(15), r.count(7))
print(range(10)[::2], range(0, -10, -2)[1], range(10 ** 20)[-1], len(range(10 ** 6)))
print(list(range(-3, 3)), sum(range(101)), max(range(7)), sorted(range(3), reverse=True))
print(range(0, 5) == range(0, 5, 1), range(0) == range(5, 5), range(1, 2) != range(1, 3))
try:
    range(1, 2, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    range(5)[10]
except IndexError as e:
    print("IndexError:", e)
try:
    range(1.5)
except TypeError as e:
    print("TypeError:", e)
it = iter(range(3))
print(next(it), next(it), next(it), next(it, "done"))
