import sys
from collections import deque


def bfs(grid, start, goal):
    h, w = len(grid), len(grid[0])
    dist = [[-1] * w for _ in range(h)]
    dist[start[0]][start[1]] = 0
    q = deque([start])
    while q:
        r, c = q.popleft()
        if (r, c) == goal:
            return dist[r][c]
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < h and 0 <= nc < w and grid[nr][nc] != "#" and dist[nr][nc] < 0:
                dist[nr][nc] = dist[r][c] + 1
                q.append((nr, nc))
    return -1


def zero_one_bfs(n, edges, src):
    adj = [[] for _ in range(n)]
    for u, v, wt in edges:
        adj[u].append((v, wt))
        adj[v].append((u, wt))
    dist = [float("inf")] * n
    dist[src] = 0
    dq = deque([src])
    while dq:
        u = dq.popleft()
        for v, wt in adj[u]:
            if dist[u] + wt < dist[v]:
                dist[v] = dist[u] + wt
                if wt:
                    dq.append(v)
                else:
                    dq.appendleft(v)
    return dist


lines = sys.stdin.read().split("\n")
h, w = map(int, lines[0].split())
grid = lines[1:1 + h]
start = goal = None
for r, row in enumerate(grid):
    for c, ch in enumerate(row):
        if ch == "S":
            start = (r, c)
        elif ch == "G":
            goal = (r, c)
print(bfs(grid, start, goal))
print(zero_one_bfs(6, [(0, 1, 0), (1, 2, 1), (0, 3, 1), (3, 4, 0), (4, 2, 0), (2, 5, 1)], 0))
