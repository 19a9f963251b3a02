from contextlib import AbstractContextManager, ContextDecorator


class Timer(AbstractContextManager):
    def __exit__(self, *exc):
        print("timer exit", exc[0])
        return False


with Timer() as t:
    print("inside", type(t).__name__)


class Plain:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        pass


print(isinstance(Plain(), AbstractContextManager), isinstance(object(), AbstractContextManager))


class logged(ContextDecorator):
    def __init__(self, label):
        self.label = label

    def __enter__(self):
        print("enter", self.label)
        return self

    def __exit__(self, *exc):
        print("exit", self.label)
        return False


@logged("f")
def f(x):
    print("f body", x)
    return x + 1


print(f(1))
with logged("block"):
    print("block body")
