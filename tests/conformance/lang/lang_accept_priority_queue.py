import heapq

class Task:
    def __init__(self, priority, seq, name):
        self.priority = priority
        self.seq = seq
        self.name = name
    def __lt__(self, other):
        return (self.priority, self.seq) < (other.priority, other.seq)
    def __repr__(self):
        return f"Task({self.priority}, {self.name!r})"

class PriorityQueue:
    def __init__(self):
        self._heap = []
        self._seq = 0
    def push(self, priority, name):
        heapq.heappush(self._heap, Task(priority, self._seq, name))
        self._seq += 1
    def pop(self):
        if not self._heap:
            raise IndexError("pop from empty priority queue")
        return heapq.heappop(self._heap)
    def __len__(self):
        return len(self._heap)
    def __bool__(self):
        return bool(self._heap)
    def peek(self):
        return self._heap[0]

pq = PriorityQueue()
for p, n in [(3, "write"), (1, "plan"), (2, "code"), (1, "coffee"), (5, "ship"), (2, "test")]:
    pq.push(p, n)
print(len(pq), pq.peek())
order = []
while pq:
    order.append(pq.pop())
print(order)
try:
    pq.pop()
except IndexError as e:
    print(type(e).__name__, e)

tasks = [Task(p, i, f"t{i}") for i, p in enumerate([9, 4, 7, 1, 4, 8])]
heapq.heapify(tasks)
print(heapq.nsmallest(3, tasks))
print([heapq.heappop(tasks).name for _ in range(len(tasks))])
print(sorted([Task(2, 0, "b"), Task(1, 1, "a")]))
print(max([Task(2, 0, "b"), Task(1, 1, "a")]))
