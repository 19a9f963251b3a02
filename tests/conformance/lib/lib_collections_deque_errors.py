from collections import deque


def attempt(label, fn):
    try:
        print(label, fn())
    except Exception as e:
        print(label, type(e).__name__, e)


d = deque([1, 2, 3])
attempt("pop", lambda: deque().pop())
attempt("popleft", lambda: deque().popleft())
attempt("remove", lambda: d.remove(7))
attempt("index", lambda: d.index(7))
attempt("getitem", lambda: d[3])
attempt("getitem neg", lambda: d[-4])
attempt("str index", lambda: d["a"])
attempt("slice", lambda: d[0:2])
attempt("maxlen neg", lambda: deque(maxlen=-1))
attempt("maxlen str", lambda: deque(maxlen="a"))
attempt("not iterable", lambda: deque(5))
attempt("hash", lambda: hash(d))
attempt("concat list", lambda: d + [4])
attempt("count noarg", lambda: d.count())
attempt("rotate str", lambda: d.rotate("x"))
attempt("too many", lambda: deque([1], 2, 3))
attempt("bad kw", lambda: deque(foo=1))


def mutate():
    q = deque([1, 2, 3])
    for x in q:
        q.append(x)


attempt("mutate", mutate)
