# module-level functions share one hidden instance; seeding it reproduces sequences
import random

random.seed(123)
seq1 = [random.random(), random.randint(1, 10), random.choice("xyz"), random.uniform(2, 3), random.getrandbits(20)]
random.seed(123)
seq2 = [random.random(), random.randint(1, 10), random.choice("xyz"), random.uniform(2, 3), random.getrandbits(20)]
print(seq1 == seq2, seq1)
random.seed(8)
l = list(range(12))
random.shuffle(l)
print(l, random.sample(l, 4), random.choices(l, k=3), random.randrange(3, 30, 3))
print(random.randbytes(6), len(random.randbytes(0)))
print(sorted(n for n in dir(random) if not n.startswith("_") and n in random.__all__)[:8])
