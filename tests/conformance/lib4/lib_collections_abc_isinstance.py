from collections.abc import (Iterable, Iterator, Sequence, MutableSequence, Mapping,
                             MutableMapping, Set, MutableSet, Hashable, Callable, Sized,
                             Container, Collection, Reversible, Generator)

abcs = (Iterable, Iterator, Sequence, MutableSequence, Mapping, MutableMapping, Set,
        MutableSet, Hashable, Callable, Sized, Container, Collection, Reversible, Generator)


def gen():
    yield 1


values = [1, 2.5, "ab", b"xy", [1], (1,), {1: 2}, {1}, frozenset(), range(3),
          iter([]), gen(), len, None, True, {}.keys(), {}.items(), {}.values()]
for v in values:
    print(type(v).__name__, [c.__name__ for c in abcs if isinstance(v, c)])
print(issubclass(list, Sequence), issubclass(dict, Sequence), issubclass(tuple, MutableSequence))
print(issubclass(str, Hashable), issubclass(list, Hashable), issubclass(dict, Mapping))
