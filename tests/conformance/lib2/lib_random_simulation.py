# a seeded Monte Carlo simulation: dice, random walk, card shuffling, pi estimate
import random

rng = random.Random(20240607)
counts = [0] * 13
for _ in range(3000):
    counts[rng.randint(1, 6) + rng.randint(1, 6)] += 1
print("two dice:", counts[2:])

x = y = 0
maxd = 0
for step in range(2000):
    dx, dy = rng.choice([(1, 0), (-1, 0), (0, 1), (0, -1)])
    x += dx
    y += dy
    maxd = max(maxd, abs(x) + abs(y))
print("walk end:", (x, y), "max manhattan:", maxd)

deck = [r + s for s in "SHDC" for r in "A23456789TJQK"]
rng.shuffle(deck)
hands = [sorted(deck[i * 5:(i + 1) * 5]) for i in range(4)]
for h in hands:
    print(" ".join(h))

inside = 0
N = 4000
for _ in range(N):
    px, py = rng.random(), rng.random()
    if px * px + py * py <= 1.0:
        inside += 1
print("pi ~", 4 * inside / N)

queue = 0
served = 0
for t in range(500):
    if rng.random() < 0.3:
        queue += rng.choices([1, 2, 3], [6, 3, 1])[0]
    if queue and rng.random() < 0.5:
        queue -= 1
        served += 1
print("served", served, "left", queue)
print("sample of ids:", rng.sample(range(1, 50), 6))
print("gauss mean:", round(sum(rng.gauss(100, 15) for _ in range(1000)) / 1000, 6))
