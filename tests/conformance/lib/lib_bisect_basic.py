import bisect

a = [1, 2, 2, 2, 3, 5, 8]
for x in [0, 1, 2, 3, 4, 8, 9]:
    print(x, bisect.bisect_left(a, x), bisect.bisect_right(a, x), bisect.bisect(a, x))
print(bisect.bisect_left(a, 2, 2), bisect.bisect_left(a, 2, 0, 2), bisect.bisect_right(a, 2, hi=3))
print(bisect.bisect_left(a, 2, lo=4), bisect.bisect_right(a, 9, 0, None))
print(bisect.bisect_left([], 5), bisect.bisect_right([], 5))
b = []
for x in [5, 1, 4, 1, 5, 9, 2, 6]:
    bisect.insort(b, x)
print(b)
bisect.insort_left(b, 5)
bisect.insort_right(b, 0)
bisect.insort(b, 7, 0, len(b))
print(b)
print(bisect.bisect_left("acegi", "f"), bisect.bisect_right((1, 3, 5), 3))
