# FOR_ITER steps range and list iterators itself: bounds near the small-int
# limit, negative steps, lists changed while looping, shared iterators.
big = 2**62
print(list(range(big - 2, big + 2)), list(range(-big + 1, -big - 2, -1)))
print([x for x in range(10, 0, -3)], list(range(5, 5)), list(range(0, 10, 4)))
print(sum(range(-(2**63), -(2**63) + 3)), list(range(2**63 - 2, 2**63 + 1)))
r = iter(range(4))
for x in r:
    if x == 1:
        break
print(list(r), list(r))
lst = [1, 2, 3]
for x in lst:
    if x < 6:
        lst.append(x + 3)
print(lst)
lst = [1, 2, 3, 4, 5]
for x in lst:
    if x == 2:
        del lst[0]
    print("saw", x)
lst = [0, 1, 2]
it = iter(lst)
for x in it:
    lst.clear()
    print("cleared at", x)
lst.extend([9, 9])
print(list(it))
it = iter([10, 20, 30])
pairs = [(a, b) for a in it for b in it]
print(pairs)


class L(list):
    def __iter__(self):
        yield from reversed(self)


print([x for x in L([1, 2, 3])], [x for x in reversed([1, 2, 3])])
total = 0
for i in range(3):
    for j in range(i, 3):
        total += i * j
print(total)
