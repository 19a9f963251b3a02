from collections import namedtuple


def attempt(label, fn):
    try:
        print(label, fn())
    except Exception as e:
        print(label, type(e).__name__, e)


P = namedtuple("P", "x y")
attempt("keyword", lambda: namedtuple("P", "x class"))
attempt("underscore", lambda: namedtuple("P", "x _y"))
attempt("dup", lambda: namedtuple("P", "x x"))
attempt("ident", lambda: namedtuple("P", "x 1y"))
attempt("typename", lambda: namedtuple("1P", "x"))
attempt("defaults", lambda: namedtuple("P", "x", defaults=[1, 2]))
attempt("make", lambda: P._make([1]))
attempt("replace", lambda: P(1, 2)._replace(z=3))
attempt("setattr", lambda: setattr(P(1, 2), "x", 5))
attempt("index", lambda: P(1, 2)[2])
