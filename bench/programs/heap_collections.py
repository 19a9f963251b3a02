# heapq and collections workload: a priority queue simulation, deque BFS, Counter,
# defaultdict grouping.
import heapq
from collections import Counter, defaultdict, deque


def simulate(n):
    heap = []
    x = 7
    done = 0
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        heapq.heappush(heap, (x % 10000, i))
        if i % 3 == 2:
            done += heapq.heappop(heap)[0]
    return done + sum(t for t, _ in heapq.nsmallest(10, heap))


def bfs(n):
    adj = defaultdict(list)
    for i in range(n):
        adj[i].append((i * 7 + 1) % n)
        adj[i].append((i * 13 + 5) % n)
    dist = {0: 0}
    q = deque([0])
    while q:
        u = q.popleft()
        for v in adj[u]:
            if v not in dist:
                dist[v] = dist[u] + 1
                q.append(v)
    return sum(dist.values()), max(dist.values())


def count_words(n):
    c = Counter()
    for i in range(n):
        c["k%d" % (i * i % 997)] += 1
    return c.most_common(3)


print("checksum:", simulate(300000), bfs(200000), count_words(300000))
