import typing
from typing import Union, Optional, Callable, TypeVar, Generic, Any, List, Dict, NewType, Final, Literal

UserId = NewType('UserId', int)
u = UserId(5)
print(u, type(u).__name__, UserId.__name__)

def apply(f: Callable[[int], int], x: int) -> int:
    return f(x)
print(apply(lambda v: v * 2, 21))

T = TypeVar('T', int, str)
B = TypeVar('B', bound=float)
print(T.__constraints__, B.__bound__, T.__name__, repr(TypeVar('T_co', covariant=True)))

K = TypeVar('K')
V = TypeVar('V')
class Registry(Generic[K, V]):
    def __init__(self):
        self.data: Dict[K, V] = {}
    def put(self, k: K, v: V) -> None:
        self.data[k] = v
r = Registry()
r.put('a', 1)
print(r.data, Registry.__name__)

MAX: Final = 10
Mode = Literal['r', 'w']
print(MAX, Mode)
print(Union[int, str, None], Optional[Dict[str, Any]])
print(typing.get_args(Callable[[int, str], bool]), typing.get_args(Literal[1, 2]))
print(isinstance([], List) if False else 'skip', callable(typing.cast))

@typing.overload
def f(x: int) -> int: ...
@typing.overload
def f(x: str) -> str: ...
def f(x):
    return x * 2
print(f(3), f('ab'))
@typing.final
class Leaf:
    pass
print(Leaf.__name__)
