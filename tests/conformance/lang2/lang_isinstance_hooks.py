# isinstance/issubclass honour __instancecheck__/__subclasscheck__ on the class of a
# non-type object and on metaclasses.
import typing


class Chk:
    def __instancecheck__(self, x):
        print('instancecheck', x)
        return True

    def __subclasscheck__(self, x):
        print('subclasscheck', x.__name__)
        return False


print(isinstance(3, Chk()))
print(issubclass(int, Chk()))
print(isinstance(3, (str, Chk())))


class M(type):
    def __instancecheck__(cls, x):
        return x == 5

    def __subclasscheck__(cls, x):
        return x is int


class A(metaclass=M):
    pass


print(isinstance(5, A), isinstance(4, A), issubclass(int, A), issubclass(str, A))
print(isinstance(A(), A), isinstance(5, (str, A)))
print(isinstance([], typing.List), isinstance({}, typing.List), issubclass(list, typing.List))

for bad in (2, 'x', None, [int]):
    try:
        isinstance(1, bad)
    except TypeError as e:
        print('isinstance:', e)
    try:
        issubclass(int, bad)
    except TypeError as e:
        print('issubclass:', e)
try:
    issubclass(1, int)
except TypeError as e:
    print(e)


class Boom:
    def __instancecheck__(self, x):
        raise ValueError('boom')


try:
    isinstance(1, Boom())
except ValueError as e:
    print('raised', e)
