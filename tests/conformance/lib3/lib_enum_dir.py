from enum import Enum, IntEnum
class C(Enum):
    A = 1
    B = 2
    def hello(self): pass
    @property
    def prop(self): return 1
print(dir(C.A))
class I(IntEnum):
    X = 1
print(len(dir(I.X)) > 10, 'X' in dir(I.X), 'bit_length' in dir(I.X))
