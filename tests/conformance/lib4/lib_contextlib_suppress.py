from contextlib import suppress, nullcontext, closing

with suppress(ZeroDivisionError):
    print("before")
    1 / 0
    print("never")
print("after")

with suppress(KeyError, IndexError):
    [][0]
print("index suppressed")

with suppress(LookupError):
    {}["x"]
print("subclass suppressed")

try:
    with suppress(KeyError):
        int("x")
except ValueError as e:
    print("not suppressed:", e)

with suppress():
    pass
print("empty ok")

with nullcontext() as v:
    print("nullcontext", v)
with nullcontext([1, 2]) as v:
    print("nullcontext", v)


class Resource:
    def __init__(self, name):
        self.name = name

    def close(self):
        print("closed", self.name)


with closing(Resource("db")) as r:
    print("using", r.name)

try:
    with closing(Resource("net")):
        raise RuntimeError("fail")
except RuntimeError as e:
    print("error", e)


def maybe_cm(flag):
    return closing(Resource("real")) if flag else nullcontext(Resource("fake"))


for flag in (True, False):
    with maybe_cm(flag) as r:
        print("got", r.name)
