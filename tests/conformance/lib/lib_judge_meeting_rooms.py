import heapq
import sys
from collections import namedtuple

Meeting = namedtuple("Meeting", "start end name")
data = sys.stdin.read().split("\n")
meetings = []
for line in data:
    if line.strip():
        s, e, name = line.split()
        meetings.append(Meeting(int(s), int(e), name))
meetings.sort()
rooms = []  # (end, room id)
assignment = {}
free = []
for m in meetings:
    while rooms and rooms[0][0] <= m.start:
        end, rid = heapq.heappop(rooms)
        heapq.heappush(free, rid)
    rid = heapq.heappop(free) if free else len(assignment and set(assignment.values()))
    assignment[m.name] = rid
    heapq.heappush(rooms, (m.end, rid))
print(len(set(assignment.values())), assignment)
print(min(meetings, key=lambda m: m.end - m.start), meetings[0]._asdict())
