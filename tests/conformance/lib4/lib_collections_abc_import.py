import collections.abc
import collections
from collections import abc
from collections.abc import Mapping

print(collections.abc.Mapping is Mapping, abc is collections.abc)
print(Mapping, collections.abc.Iterable, abc.Callable)
print(Mapping.__module__, Mapping.__name__)
print(isinstance(collections.OrderedDict(), Mapping), isinstance(collections.Counter(), abc.MutableMapping))
print(isinstance(collections.deque(), abc.Sequence), isinstance(collections.deque(), abc.Iterable))


def flatten(obj):
    if isinstance(obj, abc.Mapping):
        return [x for v in obj.values() for x in flatten(v)]
    if isinstance(obj, abc.Iterable) and not isinstance(obj, (str, bytes)):
        return [x for v in obj for x in flatten(v)]
    return [obj]


print(flatten([1, [2, (3, 4)], {"a": 5, "b": [6, "seven"]}, "eight"]))
try:
    import collections.nothing
except ModuleNotFoundError as e:
    print(e)
