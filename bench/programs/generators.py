# Generator pipelines: chained generators, generator expressions, yield from.
def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def squares(it):
    for x in it:
        yield x * x


def only_odd(it):
    for x in it:
        if x & 1:
            yield x


def windows(it, size):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) == size:
            yield sum(buf)
            buf.pop(0)


def flatten(nested):
    for sub in nested:
        yield from sub


total = sum(windows(only_odd(squares(numbers(2500000))), 3)) % 1000000007
total += sum(x for x in flatten([range(i) for i in range(600)]) if x % 3 == 0)
total += max(len(str(y)) for y in squares(numbers(100000)))
print("checksum:", total)
