# Attribute sites: per-type inline caches (up to four types a site) and the
# instance-dict entry hint. The hint is a guess checked by key identity: these
# cases change where (or whether) an attribute sits in an instance dict
# between two executions of the same site.


class P:
    def __init__(self, a, b):
        self.a = a
        self.b = b

    def get_a(self):
        return self.a


class Q:
    def __init__(self, b, a):
        self.b = b  # other insertion order: other entry numbers
        self.a = a


def read_a(o):
    return o.a


def write_a(o, v):
    o.a = v


ps = [P(i, -i) for i in range(5)] + [Q(-i, i * 10) for i in range(5)]
print([read_a(o) for o in ps])
for o in ps:
    write_a(o, read_a(o) + 1)
print([read_a(o) for o in ps])

# deleting and re-adding moves the attribute to another entry
p = P(1, 2)
print(read_a(p))
del p.a
try:
    read_a(p)
except AttributeError as e:
    print("AttributeError:", e)
p.a = 99
print(read_a(p), p.__dict__)
write_a(p, 100)
print(p.__dict__)

# a dict with many keys (rebuilt table) and holes
for k in range(20):
    setattr(p, "x%d" % k, k)
for k in range(0, 20, 2):
    delattr(p, "x%d" % k)
print(read_a(p), p.x19, len(p.__dict__))
write_a(p, 5)
print(read_a(p), list(p.__dict__)[:4])

# replacing __dict__ wholesale, and clearing it
p.__dict__ = {"b": 1, "a": "new"}
print(read_a(p))
p.__dict__.clear()
try:
    read_a(p)
except AttributeError as e:
    print("AttributeError:", e)
write_a(p, "again")
print(read_a(p), p.__dict__)


# class attributes, shadowing by the instance, and a method shadowed per instance
class C:
    a = "class"

    def m(self):
        return "method"


c = C()
print(read_a(c))
c.a = "instance"
print(read_a(c))
del c.a
print(read_a(c))


def call_m(o):
    return o.m()


print(call_m(c))
c.m = lambda: "shadow"
print(call_m(c))
del c.m
print(call_m(c))
C.m = lambda self: "replaced"
print(call_m(c))


# data descriptors win over the instance dict; __slots__ have no dict
class D:
    __slots__ = ("a",)

    def __init__(self):
        self.a = "slot"


class E:
    @property
    def a(self):
        return "property"


print(read_a(D()), read_a(E()))
e = E()
e.__dict__["a"] = "hidden"
print(read_a(e))
try:
    write_a(e, 1)
except AttributeError as ex:
    print("AttributeError:", ex)


# more than four types at one site (megamorphic), then back to a few
class T1:
    def __init__(self):
        self.a = 1


class T2(T1):
    pass


class T3(T1):
    pass


class T4(T1):
    def __init__(self):
        self.z = 0
        self.a = 4


class T5(T1):
    a = "T5 class"

    def __init__(self):
        pass


class T6(T1):
    def m(self):
        return "T6"


objs = [T1(), T2(), T3(), T4(), T5(), T6()] * 3
print([read_a(o) for o in objs])
for o in objs:
    write_a(o, 7)
print([read_a(o) for o in objs], T5.a)

# a class attribute changed after the site cached it
T5.a = "changed"
t5 = T5.__new__(T5)
print(read_a(t5))


# __getattr__ and __getattribute__
class G:
    def __init__(self):
        self.a = "real"

    def __getattr__(self, name):
        return "fallback " + name


g = G()
print(read_a(g), g.missing)
del g.a
print(read_a(g))


class H:
    def __getattribute__(self, name):
        return "always " + name


print(read_a(H()))


# a dict subclass as __dict__ is not allowed, but keys of other types are
class K:
    pass


k = K()
k.__dict__[1] = "int key"
k.__dict__["a"] = "str key"
print(read_a(k), k.__dict__)
write_a(k, "rewritten")
print(k.__dict__)

# methods on built-in types through the same sites
def up(s):
    return s.upper()


print(up("abc"), up(["not", "a", "str"]) if False else up("xyz"))
lst = []
for i in range(3):
    lst.append(i)
print(lst)
