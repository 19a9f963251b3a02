from collections import deque

d = deque(range(10))
for n in [1, 3, -2, 0, 10, -11, 25, -7]:
    d.rotate(n)
    print(n, list(d))
d.rotate()
print(d)
e = deque()
e.rotate(5)
print(e)
s = deque([1])
s.rotate(-3)
print(s)
# grow past the initial ring capacity in both directions, then rotate
g = deque()
for i in range(50):
    if i % 2:
        g.append(i)
    else:
        g.appendleft(i)
g.rotate(17)
print(list(g))
for _ in range(30):
    g.popleft()
    g.append(g.popleft())
print(list(g), len(g))
