# zip passes a StopIteration's value through, like CPython (not in strict mode).
def g():
    yield 1
    return 'done'


z = zip(g(), [1, 2, 3])
print(next(z))
try:
    next(z)
except StopIteration as e:
    print('stop', repr(e.value))
print(list(zip(g(), g())))
print(list(zip(g(), 'ab', strict=False)))
try:
    print(list(zip(g(), 'ab', strict=True)))
except ValueError as e:
    print(e)
print(list(zip('a', g(), strict=True)))


class It:
    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration(42)


try:
    next(zip(It()))
except StopIteration as e:
    print('stop', e.value)
for a, b in zip(g(), g()):
    print(a, b)


def h():
    r = yield from zip(g(), g())
    print('r', r)


print(list(h()))
