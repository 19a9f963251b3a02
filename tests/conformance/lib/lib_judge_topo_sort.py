import heapq
import sys
from collections import defaultdict, deque


def kahn(n, edges):
    indeg = [0] * n
    g = defaultdict(list)
    for u, v in edges:
        g[u].append(v)
        indeg[v] += 1
    q = deque(i for i in range(n) if indeg[i] == 0)
    order = []
    while q:
        u = q.popleft()
        order.append(u)
        for v in g[u]:
            indeg[v] -= 1
            if indeg[v] == 0:
                q.append(v)
    return order if len(order) == n else None


def lexicographic_topo(n, edges):
    indeg = [0] * n
    g = defaultdict(list)
    for u, v in edges:
        g[u].append(v)
        indeg[v] += 1
    h = [i for i in range(n) if indeg[i] == 0]
    heapq.heapify(h)
    out = []
    while h:
        u = heapq.heappop(h)
        out.append(u)
        for v in g[u]:
            indeg[v] -= 1
            if not indeg[v]:
                heapq.heappush(h, v)
    return out


lines = sys.stdin.read().strip().split("\n")
n, m = map(int, lines[0].split())
edges = [tuple(map(int, ln.split())) for ln in lines[1:1 + m]]
print(kahn(n, edges))
print(lexicographic_topo(n, edges))
print(kahn(3, [(0, 1), (1, 2), (2, 0)]))
