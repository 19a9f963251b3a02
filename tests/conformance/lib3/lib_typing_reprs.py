import typing
from typing import (List, Dict, Tuple, Set, FrozenSet, Optional, Union, Any, Callable,
                    Iterable, Iterator, Generator, Sequence, Mapping, TypeVar, Literal,
                    Final, ClassVar, Type, DefaultDict, Deque)

T = TypeVar('T')
K = TypeVar('K')
print(List[int], Dict[str, int], Tuple[int, str], Tuple[int, ...], Tuple[()])
print(Set[str], FrozenSet[int], Optional[int], Union[int, str], Union[int, None])
print(Union[None, str], Optional[Union[int, str]], Union[int], Union[int, int, str])
print(Callable[[int, str], bool], Callable[..., int], Callable[[], None])
print(Iterable[int], Iterator[str], Generator[int, None, None], Sequence[T], Mapping[K, T])
print(List, Dict, Any, Optional, Union, Callable, Literal[1, 'a', None], Final[int], ClassVar[List[int]])
print(T, K, Type[int], List[List[int]], Dict[str, List[Tuple[int, int]]])
print(DefaultDict[str, int], Deque[int])
print(List[int] == List[int], List[int] == List[str], Union[int, str] == Union[str, int])
print(typing.get_origin(List[int]), typing.get_args(Dict[str, int]), typing.get_origin(Union[int, str]))
print(typing.get_args(Optional[int]), typing.get_origin(int), typing.get_args(int))
print(typing.TYPE_CHECKING)
