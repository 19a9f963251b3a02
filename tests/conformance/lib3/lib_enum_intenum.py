from enum import IntEnum, Enum

class Priority(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3

print(Priority.LOW, repr(Priority.HIGH), str(Priority.MEDIUM), f'{Priority.HIGH}', format(Priority.LOW, '03d'))
print(Priority.LOW < Priority.HIGH, Priority.LOW == 1, Priority.HIGH + 1, Priority.MEDIUM * 2)
print(sorted([Priority.HIGH, Priority.LOW, 2]))
print(isinstance(Priority.LOW, int), int(Priority.HIGH), Priority(3), [p.name for p in Priority])
print(max(Priority), list(range(Priority.HIGH)))
print({1: 'one'}[Priority.LOW], hash(Priority.LOW) == hash(1))
print(Priority.HIGH.value, Priority.HIGH.name, type(Priority.HIGH.value))
try:
    Priority(7)
except ValueError as e:
    print(e)
print('%d %s' % (Priority.HIGH, Priority.HIGH))

class Num(int, Enum):
    ONE = 1
    TWO = 2
print(Num.ONE, repr(Num.TWO), Num.ONE + Num.TWO, Num.TWO > 1)
