# Hidden temporaries that only a raw buffer refers to while the C code allocates:
# sorted()'s key list during Python __lt__ calls, attrgetter's split list, the
# converted *args/**kwargs of a call, str.join's list. Found with a GC-stress build.
import operator


class K:
    def __init__(self, v):
        self.v = v

    def __lt__(self, o):
        t = [self.v, o.v] * 3  # allocate during the sort
        return self.v < o.v


data = list(range(200, 0, -1))
r = sorted(data, key=lambda v: K(v))
print("sort key", r == sorted(data))
r = sorted([str(i) for i in range(300)], key=lambda s: (len(s), K(int(s))))
print("sort tuple key", r[:5], r[-2:])


class A:
    pass


a = A()
a.b = A()
a.b.c = 42
ok = True
for i in range(200):
    g = operator.attrgetter("b.c", "b")
    ok = ok and g(a) == (42, a.b)
print("attrgetter", ok)


def f(*args, **kw):
    return len(args), sum(len(s) for s in args), sorted(kw)


class Mapping:
    def keys(self):
        return ["k%d" % i for i in range(20)]

    def __getitem__(self, k):
        return k * 30


print("call_ex", f(*(str(i) * 5 for i in range(100)), **{"x": 1}))
print("call_ex mapping", f(*(str(i) for i in range(10)), **Mapping()))
for _ in range(3):
    print(*(str(i) * 3 for i in range(30)), sep="")
print("join", ",".join(str(i) for i in range(1000))[-20:])
print("join list", "".join([str(i) * 2 for i in range(500)])[-12:])
