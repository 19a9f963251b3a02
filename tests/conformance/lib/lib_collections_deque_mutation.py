from collections import deque

d = deque([1, 2, 3])


class Meddler:
    def __eq__(self, other):
        d.append(9)
        return False


for name, fn in [
    ("remove", lambda: d.remove(Meddler())),
    ("count", lambda: d.count(Meddler())),
    ("index", lambda: d.index(Meddler())),
    ("contains", lambda: Meddler() in d),
]:
    try:
        print(name, fn())
    except (IndexError, RuntimeError) as e:
        print(name, type(e).__name__, e)
print(len(d))
it = iter(d)
next(it)
d.appendleft(0)
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError", e)
r = reversed(d)
print(next(r), next(r))
d.pop()
try:
    list(r)
except RuntimeError as e:
    print("RuntimeError", e)


def annotated(q: deque[int]) -> deque[str]:
    return deque(map(str, q))


print(annotated(deque([1, 2])), deque[int])
