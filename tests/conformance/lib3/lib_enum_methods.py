from enum import Enum

class Op(Enum):
    ADD = '+'
    SUB = '-'
    MUL = '*'

    def apply(self, a, b):
        if self is Op.ADD:
            return a + b
        if self is Op.SUB:
            return a - b
        return a * b

    @classmethod
    def parse(cls, s):
        for m in cls:
            if m.value == s:
                return m
        raise ValueError(f'bad op {s!r}')

    def __str__(self):
        return self.value

print(Op.ADD.apply(2, 3), Op.parse('*').apply(4, 5), str(Op.SUB), repr(Op.SUB))
try:
    Op.parse('/')
except ValueError as e:
    print(e)

class Status(Enum):
    ACTIVE = 'active'
    INACTIVE = 'inactive'

    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str):
            for m in cls:
                if m.value == value.lower():
                    return m
        return None
print(Status('ACTIVE'), Status('Inactive'))
try:
    Status('gone')
except ValueError as e:
    print(e)

class Weekday(Enum):
    MON = 1
    TUE = 2
    WED = 3
    @property
    def is_early(self):
        return self.value < 3
    def next(self):
        members = list(type(self))
        return members[(members.index(self) + 1) % len(members)]
print([d.is_early for d in Weekday], Weekday.WED.next(), Weekday.MON.next())
print(Weekday.MON.__class__.__name__, Weekday.TUE.value * 10)
counts = {}
for d in [Weekday.MON, Weekday.TUE, Weekday.MON]:
    counts[d] = counts.get(d, 0) + 1
print(counts)
