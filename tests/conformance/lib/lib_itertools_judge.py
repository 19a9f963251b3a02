import sys
from itertools import accumulate, combinations, permutations, product

data = sys.stdin.read().split()
n, target = int(data[0]), int(data[1])
nums = list(map(int, data[2:2 + n]))

# subsets summing to target
subsets = [c for r in range(1, n + 1) for c in combinations(nums, r) if sum(c) == target]
print(len(subsets), subsets[:5])

# brute-force TSP over a small distance matrix
dist = [[0, 2, 9, 10], [1, 0, 6, 4], [15, 7, 0, 8], [6, 3, 12, 0]]
best = min(
    (sum(dist[a][b] for a, b in zip((0,) + p, p + (0,))), (0,) + p)
    for p in permutations(range(1, 4))
)
print(best)

# prefix sums and range queries
pre = [0] + list(accumulate(nums))
print(pre, pre[4] - pre[1])

# all bit strings of length 3 with no two adjacent ones
print(["".join(b) for b in product("01", repeat=3) if "11" not in "".join(b)])
