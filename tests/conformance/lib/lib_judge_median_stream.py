import heapq
import sys

lo, hi = [], []  # max-heap (negated), min-heap
out = []
for tok in sys.stdin.read().split():
    x = int(tok)
    if not lo or x <= -lo[0]:
        heapq.heappush(lo, -x)
    else:
        heapq.heappush(hi, x)
    if len(lo) > len(hi) + 1:
        heapq.heappush(hi, -heapq.heappop(lo))
    elif len(hi) > len(lo):
        heapq.heappush(lo, -heapq.heappop(hi))
    if len(lo) > len(hi):
        out.append(-lo[0])
    else:
        out.append((-lo[0] + hi[0]) / 2)
print(out)
print(sorted(-x for x in lo), sorted(hi))
print(lo, hi)
