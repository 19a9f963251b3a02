# choices with weights, cum_weights and k
import random

r = random.Random(99)
print(r.choices("abc"), r.choices("abc", k=10))
print(r.choices(range(5), [5, 1, 1, 1, 10], k=12))
print(r.choices(["win", "lose", "draw"], cum_weights=[10, 25, 30], k=8))
print(r.choices([1, 2, 3], [0.1, 0.2, 0.7], k=6))
print(r.choices("xy", [0, 1], k=5))
print(r.choices("ab", k=0))
