def countdown(n):
    while n > 0:
        yield n
        n -= 1
print(list(countdown(5)), sum(countdown(100)))
def fibs():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
g = fibs()
print([next(g) for _ in range(15)])
def take(n, it):
    out = []
    for x in it:
        if len(out) == n:
            break
        out.append(x)
    return out
print(take(5, (x * x for x in range(100) if x % 3 == 0)))
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], "ab", range(2))))
gen = countdown(2)
print(next(gen), next(gen))
try:
    next(gen)
except StopIteration:
    print("exhausted")
