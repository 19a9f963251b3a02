from typing import List, Dict, Optional, TypeVar, Generic, cast, overload, Protocol, Iterator, Any
import typing

T = TypeVar('T')

class Stack(Generic[T]):
    def __init__(self) -> None:
        self.items: List[T] = []
    def push(self, item: T) -> None:
        self.items.append(item)
    def pop(self) -> T:
        return self.items.pop()
    def __len__(self) -> int:
        return len(self.items)

s = Stack[int]()
s.push(1)
s.push(2)
print(s.pop(), len(s), isinstance(s, Stack))
s2: Stack[str] = Stack()
s2.push('a')
print(s2.items)

def first(xs: List[T]) -> Optional[T]:
    return xs[0] if xs else None
print(first([3, 4]), first([]))

def count(words: List[str]) -> Dict[str, int]:
    out: Dict[str, int] = {}
    for w in words:
        out[w] = out.get(w, 0) + 1
    return out
print(count(['a', 'b', 'a']))
print(cast(int, '5'), cast(List[int], [1]), cast('str', 3))

class Greeter(Protocol):
    def greet(self) -> str: ...

class English:
    def greet(self) -> str:
        return 'hello'
def welcome(g: Greeter) -> str:
    return g.greet()
print(welcome(English()))

def gen(n: int) -> Iterator[int]:
    yield from range(n)
print(list(gen(3)))
x: Any = 5
y: 'List[int]' = [1]
print(x, y)

class Node:
    val: int
    next: Optional['Node']
    count: typing.ClassVar[int] = 0
print(typing.get_type_hints(Node) == {'val': int, 'next': Optional[Node], 'count': typing.ClassVar[int]})
print(Node.__annotations__['val'])
try:
    List[int]()
except TypeError as e:
    print(e)
