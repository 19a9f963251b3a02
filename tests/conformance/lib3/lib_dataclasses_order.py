from dataclasses import dataclass, field

@dataclass(order=True)
class Version:
    major: int
    minor: int = 0
    patch: int = 0
    note: str = field(default='', compare=False)

vs = [Version(1, 2), Version(1, 0, 5), Version(0, 9), Version(1, 2, note='x')]
print(sorted(vs))
print(max(vs), min(vs))
print(Version(1) < Version(1, 0, 1), Version(2) <= Version(2), Version(3) > Version(2, 9))
print(Version(1, note='a') == Version(1, note='b'))
try:
    Version(1) < (1, 0, 0)
except TypeError as e:
    print(e)
try:
    @dataclass(order=True)
    class X:
        a: int
        def __lt__(self, other):
            return True
except TypeError as e:
    print(e)
try:
    @dataclass(order=True, eq=False)
    class Y:
        a: int
except ValueError as e:
    print(e)

@dataclass(order=True)
class Task:
    priority: int
    name: str = field(compare=False)
import heapq
h = []
for t in [Task(3, 'c'), Task(1, 'a'), Task(2, 'b')]:
    heapq.heappush(h, t)
while h:
    print(heapq.heappop(h))
