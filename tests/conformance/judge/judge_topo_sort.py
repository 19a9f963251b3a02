import sys
def main():
    lines = sys.stdin.read().splitlines()
    n, m = map(int, lines[0].split())
    indeg = [0] * n
    adj = [[] for _ in range(n)]
    for line in lines[1:1 + m]:
        u, v = map(int, line.split())
        adj[u].append(v)
        indeg[v] += 1
    ready = sorted(i for i in range(n) if indeg[i] == 0)
    order = []
    while ready:
        u = ready.pop(0)
        order.append(u)
        for v in adj[u]:
            indeg[v] -= 1
            if indeg[v] == 0:
                ready.append(v)
                ready.sort()
    if len(order) < n:
        print("cycle detected")
    else:
        print(*order)
main()
