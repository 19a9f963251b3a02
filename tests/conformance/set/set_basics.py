a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(a | b, a & b, a - b, b - a, a ^ b, a <= b, {1, 2} <= a, a >= {1}, {1, 2} < {1, 2}, a.isdisjoint({9}))
print(a.union([7], (8,)), a.intersection(range(3)), a.difference({1}), a.symmetric_difference([1, 10]))
s = set()
s.add(5); s.add(5); s.add(1); s.update([3, 2], {9})
print(s, len(s), 5 in s, 7 not in s)
s.discard(9); s.discard(100); s.remove(1)
print(s, s.pop(), s)
try:
    s.remove(42)
except KeyError as e:
    print("KeyError:", e)
try:
    set().pop()
except KeyError as e:
    print("KeyError:", e)
print(set([3, 1, 3, 2]), set(range(5)), set(), {0}, sorted({-1, 10, 5}), len(set("mississippi")))
c = {1, 2}
c |= {3}; c &= {2, 3, 4}; c -= {2}; c ^= {8}
print(c)
try:
    {[1, 2]}
except TypeError as e:
    print("TypeError:", e)
