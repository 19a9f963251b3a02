from contextlib import contextmanager


@contextmanager
def tag(name):
    print("<%s>" % name)
    try:
        yield name.upper()
    finally:
        print("</%s>" % name)


with tag("html") as t:
    print("value", t)
    with tag("body"):
        print("text")

try:
    with tag("p"):
        raise ValueError("boom")
except ValueError as e:
    print("caught", e)


@contextmanager
def swallow(*kinds):
    try:
        yield
    except kinds as e:
        print("swallowed", repr(e))


with swallow(KeyError):
    {}["missing"]
print("after swallow")

try:
    with swallow(KeyError):
        [][1]
except IndexError as e:
    print("passed through:", e)


@contextmanager
def no_yield():
    if False:
        yield


try:
    with no_yield():
        pass
except RuntimeError as e:
    print("RuntimeError:", e)


@contextmanager
def two_yields():
    yield 1
    yield 2


try:
    with two_yields():
        pass
except RuntimeError as e:
    print("RuntimeError:", e)


@tag("decorated")
def work(x):
    print("working on", x)
    return x * 2


print(work(21))
print(work(1))
print(tag.__name__, work.__name__)
