# randrange / randint / _randbelow: exact draws, steps, negative ranges, big ints
import random

r = random.Random(2024)
print([r.randrange(10) for _ in range(15)])
print([r.randrange(5, 10) for _ in range(10)])
print([r.randrange(0, 100, 7) for _ in range(10)])
print([r.randrange(100, 0, -9) for _ in range(10)])
print([r.randint(-3, 3) for _ in range(15)])
print([r.randint(1, 1) for _ in range(3)])
print(r.randrange(10**20), r.randrange(-10**30, 10**30), r.randint(2**64, 2**65))
print([r.randrange(1, 2**33) for _ in range(4)])
