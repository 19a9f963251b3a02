import sys
from collections import defaultdict, deque


def ladder(begin, end, words):
    patterns = defaultdict(list)
    for w in words:
        for i in range(len(w)):
            patterns[w[:i] + "*" + w[i + 1:]].append(w)
    seen = {begin}
    q = deque([(begin, [begin])])
    while q:
        w, path = q.popleft()
        if w == end:
            return path
        for i in range(len(w)):
            for nxt in patterns[w[:i] + "*" + w[i + 1:]]:
                if nxt not in seen:
                    seen.add(nxt)
                    q.append((nxt, path + [nxt]))
    return []


lines = sys.stdin.read().split("\n")
begin, end = lines[0].split()
words = lines[1].split()
path = ladder(begin, end, words)
print(len(path), " -> ".join(path))
print(ladder("hit", "cog", ["hot", "dot", "dog", "lot", "log"]))
