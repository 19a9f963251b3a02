# `x += s` on a local string may append in place (sandpiper: a str builder, see
# obj_str.h). Nobody holding the old value may ever see it change: aliases, containers,
# closures, generators, exceptions mid-statement, locals()/vars()/eval(), walrus,
# parameters, identity of empty operands, non-ASCII, subclasses.

PIECE = "abcdefghij" * 7  # long enough that the result is a builder at once


def aliases_before_and_after():
    acc = ""
    snaps = []
    for i in range(40):
        acc += PIECE[: i % 9 + 1]
        snaps.append(acc)  # alias taken after each +=
        keep = acc  # alias in a plain local
        acc += str(i)
        assert keep == snaps[-1]
    lens = [len(s) for s in snaps]
    print("aliases", lens[:5], lens[-1], len(acc), snaps[3][-4:], keep[-6:])
    first = acc
    acc += "!"
    print("first unchanged", len(first), len(acc), first[-3:], acc[-3:])


def containers():
    acc = PIECE
    d, lst, tup = {}, [], ()
    for i in range(30):
        acc += "%d," % i
        d[i] = acc
        lst.append(acc)
        tup = tup + (acc,)
        s = {acc}
        acc += "+"
        assert acc not in s
    print("containers", len(d[0]), len(d[29]), len(lst[10]), len(tup[-1]), d[5][-4:])
    key = acc
    table = {key: 1}
    acc += "tail"
    print("dict key", table.get(key), table.get(acc), key in table, acc in table, hash(key) == hash(acc[:-4]))


def closures():
    acc = PIECE
    fns = []
    for i in range(5):
        acc += "<%d>" % i
        snap = acc
        fns.append(lambda snap=snap: snap)
    acc += "end"
    print("closures", [len(f()) for f in fns], len(acc))

    def make():
        total = PIECE
        def grow(s):
            nonlocal total
            total += s
            return total
        return grow
    g = make()
    a = g("x" * 10)
    b = g("y" * 10)
    print("nonlocal", len(a), len(b), a[-3:], b[-3:])


def gen_builder():
    acc = PIECE
    while True:
        got = yield acc
        if got is None:
            return
        acc += got


def generators():
    g = gen_builder()
    seen = [next(g)]
    for i in range(20):
        seen.append(g.send(str(i) * 3))
    g.close()
    print("generators", [len(s) for s in seen[:6]], len(seen[-1]), seen[1][-3:], seen[-1][-6:])

    def gen2(n):
        acc = ""
        for i in range(n):
            acc += PIECE[i % 10]
            if i % 7 == 0:
                yield acc
        yield acc
    outs = list(gen2(150))
    print("yielded", [len(s) for s in outs[:4]], len(outs[-1]), outs[3][-5:])


class Boom(Exception):
    pass


def maybe(i):
    if i % 4 == 3:
        raise Boom(i)
    return "<%d>" % i


def exceptions():
    acc = PIECE
    before = []
    for i in range(20):
        before.append(acc)
        try:
            acc += maybe(i)
        except Boom as e:
            assert acc == before[-1]
            acc += "E%s" % e.args[0]
    print("exceptions", len(acc), acc[-12:], [len(s) for s in before[:6]])
    acc2 = PIECE
    try:
        for i in range(10):
            keep = acc2
            acc2 += "x" if i < 6 else 1
    except TypeError as e:
        print("typeerror", len(acc2), len(keep), keep is acc2, str(e))


def introspection():
    acc = PIECE
    acc += "one"
    snap = locals()
    acc += "two"
    print("locals", len(snap["acc"]), len(acc), snap["acc"][-3:])
    v = vars()
    acc += "three"
    print("vars", len(v["acc"]), len(acc))
    e = eval("acc")
    acc += "four"
    print("eval", len(e), len(acc), e[-5:])
    acc += str(len(locals()["acc"]))  # locals() taken between the load and the +=
    print("locals mid", len(acc), acc[-8:])
    names = dir()
    acc += "five"
    print("dir", "acc" in names, len(acc))
    inner = acc
    acc += eval("acc[:3]")
    print("eval mid", len(inner), len(acc), acc[-3:])


def walrus_and_self():
    acc = PIECE
    old = acc
    acc += (acc := "z" * 70)
    print("walrus", len(acc), acc[:3], acc[-3:], len(old))
    acc += acc
    print("self", len(acc))
    b = PIECE
    b += "b"
    a = PIECE
    a += b  # b loaded as an operand: must not be grown later behind a's back
    b += "more"
    print("two builders", len(a), len(b), a[-3:], b[-4:])


def grow_param(s):
    s += "-param" * 20
    return s


def parameters():
    base = PIECE + "base"
    r = grow_param(base)
    r2 = grow_param(base)
    print("param", len(base), len(r), len(r2), r == r2, r is r2)


def identities():
    big = "q" * 100
    acc = ""
    acc += big
    print("empty left", acc is big)
    keep = acc
    acc += ""
    print("empty right", acc is keep)
    acc += "r"
    print("grown", acc is keep, len(keep), len(acc))


def non_ascii():
    acc = "é" * 10
    acc += "ü" * 10
    acc += "x"
    snap = acc
    acc += "ß"
    print("nonascii", len(acc), acc[-3:], acc[20], len(snap), snap[-2:])
    acc = PIECE
    acc += "a"
    keep = acc
    acc += "€"
    acc += "b"
    print("mixed", len(acc), acc[-3:], acc[71], len(keep), keep[-1], acc.encode()[-5:])
    acc = ""
    for i in range(200):
        acc += chr(0x3b1 + i % 20)
    print("greek", len(acc), acc[100:105], acc.find("β", 150), acc[-1])


class S(str):
    def grow(self):
        self += "!" * 80
        return self


def subclasses():
    acc = S("sub")
    acc += "x" * 70
    print("sub left", type(acc).__name__, len(acc))
    acc = PIECE
    acc += S("y" * 5)
    print("sub right", type(acc).__name__, len(acc))
    s = S("me")
    g = s.grow()
    print("self +=", type(g).__name__, len(g), s)


def recursion(n, acc):
    if n == 0:
        return acc
    acc += PIECE[n % 10] * 3
    deeper = recursion(n - 1, acc)
    acc += "|"
    return acc + deeper[:2]


def deletes():
    acc = PIECE
    acc += "1"
    a = acc
    del acc
    acc = a
    acc += "2"
    print("del", len(a), len(acc), a[-1], acc[-1])


aliases_before_and_after()
containers()
closures()
generators()
exceptions()
introspection()
walrus_and_self()
parameters()
identities()
non_ascii()
subclasses()
print("recursion", len(recursion(30, PIECE)), recursion(5, "")[-4:])
deletes()

# module level: names, not fast locals
acc = PIECE
mod_snap = acc
for i in range(10):
    acc += str(i)
print("module", len(acc), len(mod_snap), acc[-4:])
