import sys
from functools import lru_cache

sys.setrecursionlimit(10000)


def solve(s, t):
    @lru_cache(maxsize=None)
    def lcs(i, j):
        if i == len(s) or j == len(t):
            return 0
        if s[i] == t[j]:
            return 1 + lcs(i + 1, j + 1)
        return max(lcs(i + 1, j), lcs(i, j + 1))

    return lcs(0, 0)


@lru_cache(maxsize=None)
def count_ways(n):
    # staircase with steps 1, 2, 3: recursion depth ~n
    if n < 0:
        return 0
    if n == 0:
        return 1
    return count_ways(n - 1) + count_ways(n - 2) + count_ways(n - 3)


@lru_cache(maxsize=None)
def knap(i, cap):
    if i == len(items):
        return 0
    w, v = items[i]
    best = knap(i + 1, cap)
    if w <= cap:
        best = max(best, v + knap(i + 1, cap - w))
    return best


lines = sys.stdin.read().split("\n")
print(solve(lines[0], lines[1]))
print(count_ways(900) % 1000000007)
items = [tuple(map(int, ln.split())) for ln in lines[2:] if ln.strip()]
print(knap(0, 50), knap.cache_info().misses > 0)
