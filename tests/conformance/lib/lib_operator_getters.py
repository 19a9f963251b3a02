from operator import attrgetter, itemgetter, methodcaller

rows = [("bob", 25, "b"), ("alice", 30, "a"), ("carol", 25, "c")]
print(sorted(rows, key=itemgetter(1)), sorted(rows, key=itemgetter(1, 0)))
print(itemgetter(2)("abcdef"), itemgetter(0, -1)("abcdef"), itemgetter("k")({"k": 9}))
print(itemgetter(1), itemgetter(1, "a"), list(map(itemgetter(0), rows)))
print(max(rows, key=itemgetter(1)), min({"a": 3, "b": 1}.items(), key=itemgetter(1)))


class P:
    def __init__(self, name, addr):
        self.name = name
        self.addr = addr


class A:
    def __init__(self, city):
        self.city = city


people = [P("x", A("Oslo")), P("y", A("Bern")), P("z", A("Agra"))]
print([p.name for p in sorted(people, key=attrgetter("addr.city"))])
print(attrgetter("name", "addr.city")(people[0]), attrgetter("addr.city"))
print(methodcaller("upper")("abc"), methodcaller("split", ",")("a,b"), methodcaller("replace", "a", "b", 1)("aaa"))
print(methodcaller("get", "k", default=0), methodcaller("count", "a"))
print(methodcaller("pop")([1, 2]), list(map(methodcaller("strip"), [" a ", "b "])))
for fn in [lambda: itemgetter(), lambda: itemgetter(5)([1]), lambda: attrgetter(1), lambda: attrgetter("zz")(1),
           lambda: methodcaller(), lambda: itemgetter(1)(), lambda: methodcaller(5)]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
