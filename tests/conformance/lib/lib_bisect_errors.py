import bisect


def attempt(label, fn):
    try:
        print(label, fn())
    except Exception as e:
        print(label, type(e).__name__, e)


attempt("neg lo", lambda: bisect.bisect_left([1, 2], 1, -1))
attempt("no len", lambda: bisect.bisect_right(5, 1))
attempt("missing x", lambda: bisect.bisect_left([1]))
attempt("hi str", lambda: bisect.bisect([1, 2], 1, 0, "a"))
attempt("lo str", lambda: bisect.bisect([1, 2], 1, "a"))
attempt("hi too big", lambda: bisect.bisect([1, 2], 5, 0, 5))
attempt("hi neg", lambda: bisect.bisect([1, 2], 1, hi=-3))
attempt("mixed", lambda: bisect.bisect([1, 2], "a"))
attempt("insort tuple", lambda: bisect.insort((1, 2), 3))
attempt("kw", lambda: bisect.bisect_left(a=[1, 2, 3], x=2))
