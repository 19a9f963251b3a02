import heapq
import sys


def dijkstra(n, adj, src):
    INF = float("inf")
    dist = [INF] * (n + 1)
    prev = [0] * (n + 1)
    dist[src] = 0
    pq = [(0, src)]
    while pq:
        d, u = heapq.heappop(pq)
        if d > dist[u]:
            continue
        for v, w in adj[u]:
            nd = d + w
            if nd < dist[v]:
                dist[v] = nd
                prev[v] = u
                heapq.heappush(pq, (nd, v))
    return dist, prev


def main():
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    adj = [[] for _ in range(n + 1)]
    pos = 2
    for _ in range(m):
        u, v, w = int(data[pos]), int(data[pos + 1]), int(data[pos + 2])
        pos += 3
        adj[u].append((v, w))
        adj[v].append((u, w))
    dist, prev = dijkstra(n, adj, 1)
    print(" ".join(str(d) if d != float("inf") else "-1" for d in dist[1:]))
    path, v = [], n
    while v:
        path.append(v)
        v = prev[v]
    print(*reversed(path))


main()
