# error messages of the random module
import random

r = random.Random(0)
tests = [
    lambda: r.choice([]),
    lambda: r.randrange(0),
    lambda: r.randrange(-5),
    lambda: r.randrange(5, 2),
    lambda: r.randrange(1, 5, 0),
    lambda: r.randrange(0, 10, -1),
    lambda: r.randint(5, 1),
    lambda: r.sample(range(3), 5),
    lambda: r.sample(range(3), -1),
    lambda: r.sample({1, 2, 3}, 2),
    lambda: r.sample([1, 2], 1, counts=[1]),
    lambda: r.getrandbits(-1),
    lambda: r.choices("ab", [1], k=1),
    lambda: r.choices("ab", [1, 2], cum_weights=[1, 2]),
    lambda: r.choices("ab", [0, 0]),
    lambda: r.choices("ab", 3),
    lambda: r.seed([1, 2]),
    lambda: r.gammavariate(-1, 1),
]
for t in tests:
    try:
        print(t())
    except (ValueError, TypeError, IndexError) as e:
        print(type(e).__name__ + ":", e)
