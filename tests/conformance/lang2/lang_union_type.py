# int | str builds a types.UnionType usable with isinstance / issubclass.
import types
import typing
import collections.abc as cabc

u = int | str
print(u, type(u).__name__, type(u) is types.UnionType)
print(int | None, None | int, isinstance(3, u), isinstance(3.0, u))
print(issubclass(bool, u), issubclass(float, u), isinstance(None, int | None))
print(u == (str | int), u != (int | float), u.__args__, int | str | int)
print(int | int, list[int] | None, u | float, (int | None).__args__)
print(hash(u) == hash(str | int), {int | str: 'v'}[str | int])
print(int | typing.List[int], typing.Optional[int] | str)
print(isinstance([], cabc.Iterable | int), issubclass(list, int | cabc.Sized))
print(isinstance(1, int | list[int]))
for call in (lambda: isinstance('a', int | list[int]),
             lambda: issubclass(str, int | list[int]),
             lambda: issubclass(1, int | str),
             lambda: int | 3,
             lambda: 'x' | int):
    try:
        call()
    except TypeError as e:
        print('TypeError:', e)


class M(type):
    def __or__(cls, other):
        return 'custom or'


class A(metaclass=M):
    pass


print(A | int, int | A)


def f(x: int | None = None) -> list[int] | None:
    pass


print(f.__annotations__)
