from contextlib import ExitStack, contextmanager


@contextmanager
def res(name):
    print("open", name)
    try:
        yield name
    finally:
        print("close", name)


with ExitStack() as stack:
    names = [stack.enter_context(res(n)) for n in "abc"]
    stack.callback(print, "callback", 1, 2)
    print("body", names)

try:
    with ExitStack() as stack:
        stack.enter_context(res("x"))
        stack.enter_context(res("y"))
        raise KeyError("k")
except KeyError as e:
    print("propagated", repr(e))

with ExitStack() as stack:
    stack.enter_context(res("kept"))
    moved = stack.pop_all()
print("stack exited")
moved.close()


def handler(exc_type, exc, tb):
    print("handler sees", exc_type.__name__)
    return True


with ExitStack() as stack:
    stack.push(handler)
    raise ValueError("suppressed by handler")
print("done")
