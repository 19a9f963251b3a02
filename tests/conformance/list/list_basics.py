a = [3, 1, 4, 1, 5, 9, 2, 6]
print(a, len(a), a[0], a[-1], a[2:5], a[::-1], a[::3], a[-3:], a[:-3])
a.append(5); a.extend([3, 5]); a.insert(0, 0); a.insert(100, 100); a.insert(-1, -1)
print(a)
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(1)
print(a, a.index(5), a.index(5, 5), a.count(5), 9 in a, 7 in a)
a.sort(); print(a)
a.sort(reverse=True); print(a)
a.reverse(); print(a)
b = a.copy(); b.clear(); print(a, b)
print([1, 2] + [3], [0] * 4, [[]] * 2, [1, 2] * 0, list("abc"), list(range(3)), list())
for bad in (lambda: [].pop(), lambda: [1].index(2), lambda: [1].remove(3), lambda: [1][5], lambda: [1] + (2,)):
    try:
        bad()
    except (IndexError, ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
