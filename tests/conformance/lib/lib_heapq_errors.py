import heapq


def attempt(label, fn):
    try:
        print(label, fn())
    except Exception as e:
        print(label, type(e).__name__, e)


attempt("pop empty", lambda: heapq.heappop([]))
attempt("replace empty", lambda: heapq.heapreplace([], 1))
attempt("push tuple", lambda: heapq.heappush((), 1))
attempt("pop tuple", lambda: heapq.heappop((1,)))
attempt("heapify str", lambda: heapq.heapify("abc"))
attempt("push nargs", lambda: heapq.heappush([]))
attempt("push mixed", lambda: heapq.heappush([1], "a"))
attempt("nlargest bad n", lambda: heapq.nlargest("x", [1]))
h = [3, 1]
heapq.heapify(h)
attempt("after", lambda: h)
