# heapq with tuple, str and float items compares like CPython's < (incl. errors);
# min/max/sum/any/all fast paths.
import heapq
h = []
x = 7
for i in range(2000):
    x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    heapq.heappush(h, (x % 50, "n%d" % (x % 7), i))
print(h[:5], [heapq.heappop(h) for _ in range(5)])
print(heapq.nsmallest(4, h), heapq.nlargest(3, h))
f = [3.5, -1.0, float("inf"), 2.0, 0.0]
heapq.heapify(f)
print(f, heapq.heappushpop(f, -5.0), heapq.heapreplace(f, 10.0), f)
s = ["pear", "apple", "fig"]
heapq.heapify(s)
print(s)
bad = [(1, 2), (1, "x")]
try:
    heapq.heapify(bad)
    heapq.heappush(bad, (1, None))
except TypeError as e:
    print("TypeError:", e)
class Lt:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
    def __repr__(self): return "Lt(%d)" % self.v
q = []
for v in (5, 3, 8, 1):
    heapq.heappush(q, (v % 2, Lt(v)))
print([heapq.heappop(q) for _ in range(4)])
# sum/min/max/any/all walk exact lists and tuples in place, like their iterators.
print(sum([1, 2, 3]), sum((1.5, 2)), sum([], 10), sum([[1], [2]], []), sum(x for x in range(5)))
print(min([3, 1, 2]), max((3, 1, 2)), min("bca"), max([1], default=0), min((), default=9))
print(any([0, 0, 1]), all(()), any(()), all([1, 2, 0]), any((0, "")))
class A:
    def __init__(self, l): self.l = l
    def __add__(self, o):
        if len(self.l) < 6: self.l.append(1)
        return A(self.l)
    def __radd__(self, o): return self
l = []
l.extend([A(l), A(l)])
r = sum(l, A(l))
print(len(l))
try: sum(5)
except TypeError as e: print(e)
try: min([])
except ValueError as e: print(e)
try: max(1)
except TypeError as e: print(e)
class L(list):
    def __iter__(self): return iter([100])
print(sum(L([1, 2])), max(L([1, 2])), any(L([0])))
print(max([1, 2, 3], key=lambda x: -x), min([(1, "b"), (1, "a")]))
