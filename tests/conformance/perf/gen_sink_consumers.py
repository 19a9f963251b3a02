# C consumers of generators (sum, min, max, list, str.join, list.extend, sorted,
# tuple): the items they take inside the generator (vm.c's gen_sink) and the ones
# they leave to their own loop must give what CPython gives, in the same order.
import sys


def gen(items):
    for x in items:
        yield x


print(sum(gen([1, 2, 3])), sum(gen([])), sum(gen([True, False, True])))
print(sum(gen([1, 2.5, 3])), sum(gen([0.1] * 10)), sum(gen([1.5, 2, True])))
print(sum(gen([1, 2 ** 70, 3, -(2 ** 70), 4])))
print(sum(gen([2 ** 62 - 1, 1, 1])), sum(gen([-(2 ** 62), -1])))
print(sum(gen([1, 2]), 10), sum(gen([1.0, 2]), 0.5), sum(gen([[1], [2]]), []))
print(sum(gen([1, 2.0, 3, 10 ** 20, 0.5, 7])))
print(sum(x * x for x in range(1000)), sum(x / 3 for x in range(100)))


class Acc:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return Acc(self.v + (other.v if isinstance(other, Acc) else other))

    def __radd__(self, other):
        return Acc(other + self.v)


print(sum(gen([1, 2, Acc(10), 3, 4])).v)

# an __add__ that pulls from the same generator while sum() holds it suspended
pulled = []


class Puller:
    def __radd__(self, other):
        pulled.append(next(g))
        return other + 100


g = gen([1, 2, Puller(), 3, 4, 5])
print(sum(g), pulled)

# min / max: ties keep the first item, NaN as CPython orders it
a, b = 1.0, 1.0
print(max(gen([a, b])) is a, min(gen([b, a])) is b)
nan = float("nan")
print(max(gen([nan, 1.0, 2.0])), max(gen([1.0, nan, 2.0])), min(gen([3.0, nan, 1.0])))
print(max(gen([1, 5, 3])), min(gen([4, -2, 9])), max(gen([1, 2.5, 2])), min(gen([3, 2.0, 2])))
print(max(gen([1, 10 ** 30, 5])), min(gen([True, 0, 2])), max(gen(["b", "c", "a"])))
print(max(gen([]), default="empty"), min(gen([7]), default=0))
print(max(gen([3, 1, 2]), key=lambda v: -v), max(len(str(y)) for y in range(12345)))
try:
    max(gen([]))
except ValueError as e:
    print("ValueError:", e)
try:
    max(gen([1, "x"]))
except TypeError as e:
    print("TypeError:", e)

# list / join / extend / tuple / sorted
print(list(gen(range(10))), tuple(gen("abc")), sorted(gen([3, 1, 2])))
print("-".join(str(i) for i in range(12)), "".join(gen(["x", "y", "z"])))
lst = [1, 2]
lst.extend(len(lst) for _ in range(5))
print(lst)
lst = []
lst.extend(gen(range(100)))
print(len(lst), lst[-3:])


def returns_value():
    yield 1
    yield 2
    return "done"


print(list(returns_value()), sum(returns_value()))


# errors raised by the generator part-way: what was consumed is gone, the
# generator is finished afterwards
def boom(n):
    for i in range(n):
        yield i
    raise KeyError("boom")


for name, consumer in (("sum", sum), ("max", max), ("min", min), ("list", list),
                       ("tuple", tuple), ("join", lambda it: "".join(str(x) for x in it))):
    g = boom(4)
    try:
        consumer(g)
    except KeyError as e:
        print(name, "KeyError", e, list(g))


def stop_inside():
    yield 1
    raise StopIteration


try:
    sum(stop_inside())
except RuntimeError as e:
    print("RuntimeError:", e, type(e.__cause__).__name__)


# nested consumers: a generator whose body runs sum() and max() of others
def outer():
    for i in range(5):
        yield sum(x for x in range(i)) + max(gen([i, 2]))


print(sum(outer()), list(outer()))


# the exception being handled, seen from a generator that sum() runs
def handled():
    for _ in range(3):
        yield 1 if sys.exc_info()[0] is None else 10


try:
    raise ValueError("outside")
except ValueError:
    print(sum(handled()))
print(sum(handled()))


def with_finally(log):
    try:
        yield 1
        yield 2
    finally:
        log.append("closed")


log = []
print(sum(with_finally(log)), log)


# send() values: next() sends None, as the consumers do
def echo():
    got = []
    for i in range(3):
        got.append((yield i))
    yield got


print(list(echo()))
