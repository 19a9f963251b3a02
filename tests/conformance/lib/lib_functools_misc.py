from functools import cmp_to_key, total_ordering, update_wrapper, wraps


def compare(a, b):
    # by length then reversed alphabetical
    if len(a) != len(b):
        return len(a) - len(b)
    return (a < b) - (a > b)


print(sorted(["pear", "fig", "apple", "kiwi", "date"], key=cmp_to_key(compare)))


def largest_number(nums):
    strs = sorted(map(str, nums), key=cmp_to_key(lambda x, y: (y + x > x + y) - (y + x < x + y)))
    return "".join(strs).lstrip("0") or "0"


print(largest_number([3, 30, 34, 5, 9]), largest_number([0, 0]))
print(min([3, 1, 2], key=cmp_to_key(lambda a, b: b - a)))


@total_ordering
class Version:
    def __init__(self, s):
        self.parts = tuple(map(int, s.split(".")))

    def __eq__(self, other):
        return self.parts == other.parts

    def __lt__(self, other):
        return self.parts < other.parts

    def __repr__(self):
        return "V" + ".".join(map(str, self.parts))


a, b = Version("1.2.0"), Version("1.10")
print(a < b, a <= b, a > b, a >= b, a == b, sorted([b, a, Version("0.9")]))


@total_ordering
class G:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return self.v == other.v

    def __gt__(self, other):
        return self.v > other.v


print(G(1) < G(2), G(2) <= G(2), G(3) >= G(4))
try:
    total_ordering(type("Z", (), {}))
except ValueError as e:
    print("ValueError", e)


def logged(fn):
    @wraps(fn)
    def inner(*args, **kw):
        print("call", fn.__name__, args)
        return fn(*args, **kw)

    return inner


@logged
def add(a, b):
    """Add two numbers."""
    return a + b


print(add(2, 3), add.__name__, add.__doc__, add.__wrapped__ is not None, add.__qualname__)


def target():
    "target doc"


def wrapper():
    pass


target.extra = 42
update_wrapper(wrapper, target)
print(wrapper.__name__, wrapper.__doc__, wrapper.extra, wrapper.__wrapped__ is target)
