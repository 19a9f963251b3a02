stack = []
for i in range(5):
    stack.append(i * i)
while stack:
    print(stack.pop(), end=" ")
print()
q = [1, 2, 3]
q.extend(range(4, 7))
q.extend("ab")
q.extend((9,))
print(q, q.index("a"), q.count(9))
lst = [5, 3, 5, 1, 5]
while 5 in lst:
    lst.remove(5)
print(lst)
a = [1, 2, 3]
b = a
a = a + [4]
print(a, b)
c = [1, 2, 3]
d = c
c += [4]
print(c, d, c is d)
print(list(reversed([1, 2, 3])), [1, 2, 3][::-1], list(enumerate(["x", "y"], 1)))
print(min([4, 2, 8]), max([4, 2, 8]), sum([4, 2, 8]), len([None] * 7))
print([1, 2, 3] == [1, 2, 3], [1, 2] != [2, 1], [] == [], [0] * 3 == [0, 0, 0])
print(repr([1, "two", 3.0, None, True, [4], (5,), {"6": 6}]))
