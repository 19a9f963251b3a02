import sys
def heap_push(h, item):
    h.append(item)
    i = len(h) - 1
    while i > 0:
        p = (i - 1) // 2
        if h[p] <= h[i]:
            break
        h[p], h[i] = h[i], h[p]
        i = p
def heap_pop(h):
    last = h.pop()
    if not h:
        return last
    top, h[0] = h[0], last
    i, n = 0, len(h)
    while True:
        l, r, m = 2 * i + 1, 2 * i + 2, i
        if l < n and h[l] < h[m]:
            m = l
        if r < n and h[r] < h[m]:
            m = r
        if m == i:
            return top
        h[i], h[m] = h[m], h[i]
        i = m
def main():
    it = iter(sys.stdin.read().split())
    n, m = int(next(it)), int(next(it))
    adj = [[] for _ in range(n + 1)]
    for _ in range(m):
        u, v, w = int(next(it)), int(next(it)), int(next(it))
        adj[u].append((v, w))
        adj[v].append((u, w))
    INF = float("inf")
    dist = [INF] * (n + 1)
    dist[1] = 0
    h = [(0, 1)]
    while h:
        d, u = heap_pop(h)
        if d > dist[u]:
            continue
        for v, w in adj[u]:
            if d + w < dist[v]:
                dist[v] = d + w
                heap_push(h, (dist[v], v))
    print(" ".join(str(d) if d != INF else "-1" for d in dist[1:]))
main()
