import heapq
from collections import Counter, deque


def least_interval(tasks, n):
    counts = Counter(tasks)
    heap = [-c for c in counts.values()]
    heapq.heapify(heap)
    time = 0
    cooldown = deque()  # (ready_time, negcount)
    while heap or cooldown:
        time += 1
        if heap:
            c = heapq.heappop(heap) + 1
            if c:
                cooldown.append((time + n, c))
        if cooldown and cooldown[0][0] == time:
            heapq.heappush(heap, cooldown.popleft()[1])
    return time


def reorganize(s):
    heap = [(-c, ch) for ch, c in Counter(s).items()]
    heapq.heapify(heap)
    out, prev = [], None
    while heap:
        c, ch = heapq.heappop(heap)
        out.append(ch)
        if prev:
            heapq.heappush(heap, prev)
            prev = None
        if c + 1:
            prev = (c + 1, ch)
    return "".join(out) if len(out) == len(s) else ""


print(least_interval("AAABBB", 2), least_interval("AAABBB", 0), least_interval("AAAAAABCDEFG", 2))
print(reorganize("aab"), reorganize("aaab"), reorganize("vvvlo"), reorganize("aaabbbccd"))
