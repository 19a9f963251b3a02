import heapq

# Tuples compare lexicographically; equal priorities fall back to the second item.
h = []
for item in [(3, "c"), (1, "z"), (1, "a"), (2, "b"), (3, "a"), (0, "x")]:
    heapq.heappush(h, item)
print(h)
print([heapq.heappop(h) for _ in range(len(h))])

# A max-heap via negation
nums = [4, 10, 3, 5, 1]
mh = [-x for x in nums]
heapq.heapify(mh)
print([-heapq.heappop(mh) for _ in range(3)])

# k-th largest with a bounded heap
def kth_largest(a, k):
    h = a[:k]
    heapq.heapify(h)
    for x in a[k:]:
        if x > h[0]:
            heapq.heapreplace(h, x)
    return h[0]

print(kth_largest([3, 2, 1, 5, 6, 4], 2), kth_largest([3, 2, 3, 1, 2, 4, 5, 5, 6], 4))
