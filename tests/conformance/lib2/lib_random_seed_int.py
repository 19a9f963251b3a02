# random.seed(int): the Mersenne Twister sequences of CPython for many seeds
import random

for s in [0, 1, 2, 42, 12345, -7, 2**31, 2**32, 2**32 + 1, 2**64 - 1, 2**100 + 3, -(2**70)]:
    random.seed(s)
    print(s, [random.random() for _ in range(3)])
    print("  bits", random.getrandbits(1), random.getrandbits(31), random.getrandbits(32),
          random.getrandbits(33), random.getrandbits(64), random.getrandbits(65), random.getrandbits(0))
