from collections import deque


def sliding_max(a, k):
    dq, out = deque(), []
    for i, x in enumerate(a):
        while dq and a[dq[-1]] <= x:
            dq.pop()
        dq.append(i)
        if dq[0] <= i - k:
            dq.popleft()
        if i >= k - 1:
            out.append(a[dq[0]])
    return out


print(sliding_max([1, 3, -1, -3, 5, 3, 6, 7], 3))
print(sliding_max([9, 8, 7, 6, 5, 4], 2))
print(sliding_max(list(range(20)), 5))

# josephus with rotate
def josephus(n, k):
    d = deque(range(1, n + 1))
    order = []
    while d:
        d.rotate(-(k - 1))
        order.append(d.popleft())
    return order


print(josephus(7, 3), josephus(10, 2))
big = deque()
for i in range(100000):
    big.append(i)
s = 0
while big:
    s += big.popleft()
    if len(big) % 3 == 0 and big:
        s -= big.pop()
print(s)
