from collections import deque

d = deque(maxlen=3)
for i in range(6):
    d.append(i)
    print(d)
d.appendleft(-1)
print(d)
d.extend([10, 11])
print(d)
d.extendleft([20, 21])
print(d, d.maxlen)
z = deque([1, 2, 3], maxlen=0)
z.append(4)
print(z)
print(deque("abcdef", 2), deque([], maxlen=5), deque(maxlen=None))
last = deque(maxlen=3)
for line in ["a", "b", "c", "d", "e"]:
    last.append(line)
print(list(last))
try:
    deque([1, 2], maxlen=2).insert(0, 0)
except IndexError as e:
    print("IndexError", e)
print(deque([1, 2, 3], 2).copy())
