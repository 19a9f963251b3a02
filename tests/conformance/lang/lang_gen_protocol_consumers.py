def count(n):
    for i in range(n):
        yield i

print(list(count(4)), tuple(count(3)), set(count(3)))
print(sorted(count(5), reverse=True), sum(count(5)), min(count(5)), max(count(5)))
print(3 in count(5), 9 in count(5))
print(list(zip(count(3), "abc", count(10))))
print(list(map(lambda a, b: a * b, count(4), count(4))))
print(list(filter(None, count(4))))
print(list(enumerate(count(3), start=1)))
a, b, c = count(3)
print(a, b, c)
first, *rest = count(5)
print(first, rest)
print(dict(zip(count(3), count(3))))
print(" ".join(map(str, count(4))))
print([*count(2), *count(2)])
try:
    x, y = count(3)
except ValueError as e:
    print(type(e).__name__, e)
try:
    x, y, z = count(2)
except ValueError as e:
    print(type(e).__name__, e)
