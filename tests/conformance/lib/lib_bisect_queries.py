import sys
from bisect import bisect_left, bisect_right, insort

# Count of values in [lo, hi] for each query, then a running median with insort.
inp = sys.stdin.readline
n, q = map(int, inp().split())
vals = sorted(map(int, inp().split()))
for _ in range(q):
    lo, hi = map(int, inp().split())
    print(bisect_right(vals, hi) - bisect_left(vals, lo))
window = []
meds = []
for x in [5, 15, 1, 3, 8, 7, 9, 10, 20, 2]:
    insort(window, x)
    m = len(window)
    meds.append(window[m // 2] if m % 2 else (window[m // 2 - 1] + window[m // 2]) / 2)
print(meds)
