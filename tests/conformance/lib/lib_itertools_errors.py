import itertools as it


def attempt(label, fn):
    try:
        print(label, fn())
    except Exception as e:
        print(label, type(e).__name__, e)


attempt("islice stop", lambda: it.islice([1], -1))
attempt("islice stop str", lambda: it.islice([1], "a"))
attempt("islice start", lambda: it.islice([1], -1, 3))
attempt("islice step", lambda: it.islice([1], 1, 3, 0))
attempt("islice nargs", lambda: it.islice([1]))
attempt("comb r", lambda: it.combinations([1]))
attempt("comb neg", lambda: it.combinations([1], -1))
attempt("perm neg", lambda: it.permutations([1], -1))
attempt("perm str", lambda: it.permutations([1], "a"))
attempt("product repeat", lambda: it.product([1], repeat=-1))
attempt("count str", lambda: it.count("a"))
attempt("repeat none", lambda: it.repeat())
attempt("chain bad", lambda: list(it.chain(1)))
attempt("tee neg", lambda: it.tee([1], -1))
attempt("starmap nargs", lambda: it.starmap(len))
attempt("pairwise nargs", lambda: it.pairwise())
attempt("cycle nargs", lambda: it.cycle())
attempt("compress", lambda: it.compress([1]))
attempt("groupby", lambda: it.groupby())
attempt("not iterable", lambda: it.cycle(5))
attempt("accumulate types", lambda: list(it.accumulate([1, "a"])))
