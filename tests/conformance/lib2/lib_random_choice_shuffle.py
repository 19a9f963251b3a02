# choice, shuffle and sample (both algorithms) against CPython's sequences
import random

r = random.Random(7)
print([r.choice("abcdefg") for _ in range(12)])
print([r.choice([10, 20, 30]) for _ in range(6)], r.choice((1,)), r.choice(range(100, 200)))
for n in (0, 1, 2, 5, 10, 30):
    l = list(range(n))
    r.shuffle(l)
    print(n, l)
print(r.sample(range(10), 10))
print(r.sample(range(20), 5))
print(r.sample(range(1000), 8))
print(r.sample(range(100000), 12))
print(r.sample("abcdefghij", 4), r.sample(("x", "y", "z"), 0))
print(r.sample(["red", "blue"], 5, counts=[4, 2]))
words = "the quick brown fox jumps over the lazy dog".split()
r.shuffle(words)
print(" ".join(words))
