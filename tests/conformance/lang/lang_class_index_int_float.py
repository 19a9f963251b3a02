class Idx:
    def __init__(self, v):
        self.v = v
    def __index__(self):
        return self.v

class Num:
    def __int__(self):
        return 7
    def __float__(self):
        return 2.5
    def __round__(self, n=None):
        return f"rounded {n}"
    def __complex__(self):
        return 1j

i = Idx(2)
print([10, 20, 30, 40][i], "abcdef"[Idx(1):Idx(4)], range(10)[i])
print(bin(Idx(5)), hex(Idx(255)), oct(Idx(8)), "x" * Idx(3))
print(int(Num()), float(Num()), round(Num()), round(Num(), 2), complex(Num()))
try:
    [1, 2][Num()]
except TypeError as e:
    print(type(e).__name__, e)
print(int(Idx(9)))
print(operator_index := __import__("operator").index(Idx(4)))
