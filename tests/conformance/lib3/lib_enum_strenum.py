from enum import Enum, StrEnum, auto

class Color(str, Enum):
    RED = 'red'
    GREEN = 'green'

print(Color.RED, repr(Color.RED), Color.RED == 'red', Color('green'), Color.RED.value, Color.RED.name)
print(Color.RED.upper(), len(Color.GREEN), isinstance(Color.RED, str), list(Color), f'{Color.RED}')
print(sorted(Color), Color.RED + '!', {'red': 1}[Color.RED])

class Method(StrEnum):
    GET = auto()
    POST = auto()
    CUSTOM = 'X-Custom'

print(Method.GET, repr(Method.POST), str(Method.CUSTOM), f'{Method.GET}', Method('post'), Method.GET == 'get')
print(list(Method), Method.GET.value, Method.CUSTOM.name, Method['POST'], '-'.join(Method))
try:
    Method('put')
except ValueError as e:
    print(e)
try:
    class Bad(StrEnum):
        A = 1
except TypeError as e:
    print(e)
