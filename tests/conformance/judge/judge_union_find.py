import sys
input = sys.stdin.readline
n, q = map(int, input().split())
parent = list(range(n))
size = [1] * n
def find(x):
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        parent[x], x = root, parent[x]
    return root
answers = []
for _ in range(q):
    op, a, b = input().split()
    a, b = int(a), int(b)
    ra, rb = find(a), find(b)
    if op == "U":
        if ra != rb:
            if size[ra] < size[rb]:
                ra, rb = rb, ra
            parent[rb] = ra
            size[ra] += size[rb]
    else:
        answers.append("YES" if ra == rb else "NO")
print("\n".join(answers))
print(len({find(i) for i in range(n)}), max(size[find(i)] for i in range(n)))
