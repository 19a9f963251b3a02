from functools import cmp_to_key, partial


def attempt(label, fn):
    try:
        print(label, repr(fn()))
    except Exception as e:
        print(label, type(e).__name__, e)


def f(*a, **k):
    return a, k


class P(partial):
    pass


attempt("no args", lambda: partial())
attempt("not callable", lambda: partial(1))
attempt("repr", lambda: partial(f, 1, sep="-") is not None)
attempt("subclass", lambda: type(P(f, 1)).__name__)
attempt("flatten", lambda: partial(P(f, 1), 2).args)
p = partial(f, 1)
p.note = "hi"
attempt("attr", lambda: (p.note, p.__dict__))
attempt("readonly", lambda: setattr(p, "func", 1))
attempt("no flatten with dict", lambda: partial(p, 2).args)
q = partial(f, 1, 2, x=1)
attempt("merge kw", lambda: q(3, y=2, x=5))
attempt("nested", lambda: partial(q, 4, z=0)(5))
attempt("many", lambda: partial(f)(*range(20), **{str(i) * 2: i for i in range(5)}))
attempt("many2", lambda: partial(f, *range(10), a=1)(*range(10), b=2))
attempt("fields", lambda: (q.func is f, q.args, q.keywords))
K = cmp_to_key(lambda a, b: a - b)
attempt("K vs int", lambda: K(1) < 2)
attempt("K obj", lambda: K(7).obj)
attempt("K hash", lambda: hash(K(1)))
attempt("K noarg", lambda: K())
attempt("K eq", lambda: (K(1) == K(1), K(1) != K(2), K(3) >= K(2), K(3) <= K(2)))
attempt("cmp_to_key noarg", lambda: cmp_to_key())
attempt("sorted", lambda: sorted(["b", "a", "c"], key=cmp_to_key(lambda x, y: (x > y) - (x < y))))
attempt("bad cmp result", lambda: sorted([1, 2], key=cmp_to_key(lambda x, y: "x")))
