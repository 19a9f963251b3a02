import operator
from functools import reduce

print(reduce(operator.add, [1, 2, 3, 4]), reduce(operator.mul, range(1, 11)))
print(reduce(lambda a, b: a + [b * 2], [1, 2, 3], []), reduce(max, [3, 9, 2]))
print(reduce(operator.add, [], 0), reduce(operator.add, [5]), reduce(operator.add, "abc"))
print(reduce(lambda acc, x: acc * 10 + x, [1, 2, 3], 0))
print(reduce(operator.or_, [{1}, {2}, {3, 1}]))
for args in [(operator.add, []), (operator.add,), (operator.add, 5), (operator.add, [1, "a"])]:
    try:
        print(reduce(*args))
    except TypeError as e:
        print("TypeError", e)
try:
    reduce(operator.add, [1], 0, x=1)
except TypeError as e:
    print("TypeError", e)
