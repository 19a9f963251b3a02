from array import array
import array as arraymod

a = array('i', [1, 2, 3])
print(a, repr(a), len(a), a[0], a[-1], a.typecode, a.itemsize)
a.append(4)
a.extend([5, 6])
a.insert(0, 0)
print(a, a.tolist(), a[1:4], a[::-1], 3 in a, 9 in a)
print(a.pop(), a.pop(0), a, a.index(3), a.count(2))
a.remove(3)
a.reverse()
print(a, sum(a), max(a), sorted(a))
a[0] = 100
del a[1]
print(a, a + array('i', [7]), a * 2, a == array('i', [100, 2, 1]), a < array('i', [101]))
print(array('d', [1.5, 2]), array('b'), array('u', 'hi'), array('d'), list(array('B', b'AB')))
for tc in 'bBhHiIlLqQfd':
    print(tc, array(tc, [1, 2]).itemsize, end="; ")
print()
print(arraymod.typecodes)
for tc, v in [('b', 128), ('b', -129), ('B', 256), ('B', -1), ('h', 40000), ('H', -5), ('i', 2**31)]:
    try:
        array(tc, [v])
    except OverflowError as e:
        print(tc, v, "OverflowError:", e)
for bad in [('i', [1.5]), ('d', ['x'])]:
    try:
        array(*bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    array('z')
except ValueError as e:
    print("ValueError:", e)
try:
    a[10]
except IndexError as e:
    print("IndexError:", e)
try:
    array('i').pop()
except IndexError as e:
    print("IndexError:", e)
try:
    a.index(42)
except ValueError as e:
    print("ValueError:", e)
counts = array('l', [0] * 5)
for ch in "31411":
    counts[int(ch)] += 1
print(counts)
