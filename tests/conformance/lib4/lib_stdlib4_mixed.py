import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable
from contextlib import contextmanager
from types import SimpleNamespace
import pprint


class Solver(ABC):
    @abstractmethod
    def solve(self, data):
        ...

    def run(self, data):
        with timer(self.name):
            return self.solve(data)


@contextmanager
def timer(name):
    log.append("start " + name)
    try:
        yield
    finally:
        log.append("end " + name)


class Summer(Solver):
    name = "sum"

    def solve(self, data):
        return sum(flatten(data))


class Maxer(Solver):
    name = "max"

    def solve(self, data):
        return max(flatten(data))


def flatten(x):
    if isinstance(x, Iterable) and not isinstance(x, str):
        for y in x:
            yield from flatten(y)
    else:
        yield x


log = []
data = [1, [2, 3, [4, 5]], (6, {7, 8}), 9]
results = SimpleNamespace(**{s.name: s.run(data) for s in (Summer(), Maxer())})
print(results)
pprint.pprint({"results": vars(results), "log": log, "data": data}, width=40)
