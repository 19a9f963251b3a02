import heapq


class Task:
    def __init__(self, prio, name):
        self.prio = prio
        self.name = name

    def __lt__(self, other):
        return self.prio < other.prio

    def __repr__(self):
        return f"Task({self.prio}, {self.name!r})"


h = []
for i, p in enumerate([5, 1, 4, 1, 5, 9, 2, 6, 5, 3]):
    heapq.heappush(h, Task(p, "t%d" % i))
print(h)
out = []
while h:
    out.append(heapq.heappop(h))
print(out)
items = [Task(p, str(p)) for p in [3, 1, 2]]
heapq.heapify(items)
print(items)
print(heapq.nsmallest(2, [Task(4, "a"), Task(2, "b"), Task(2, "c"), Task(1, "d")]))
print(heapq.nlargest(2, [Task(4, "a"), Task(2, "b"), Task(4, "c"), Task(1, "d")]))
