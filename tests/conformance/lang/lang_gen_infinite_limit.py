def naturals(start=0):
    n = start
    while True:
        yield n
        n += 1

def take(n, it):
    out = []
    for x in it:
        if len(out) >= n:
            break
        out.append(x)
    return out

def islice_like(it, start, stop, step=1):
    for i, x in enumerate(it):
        if i >= stop:
            return
        if i >= start and (i - start) % step == 0:
            yield x

def primes():
    found = []
    for n in naturals(2):
        if all(n % p for p in found if p * p <= n):
            found.append(n)
            yield n

print(take(5, naturals()))
print(list(islice_like(naturals(10), 2, 12, 3)))
print(take(15, primes()))
def cycle(seq):
    while True:
        yield from seq
print(take(7, cycle("ab")))
