class Even(int):
    def __new__(cls, v):
        if v % 2:
            raise ValueError(f"{v} is odd")
        return super().__new__(cls, v)
    def half(self):
        return int(self) // 2

e = Even(10)
print(e, e + 1, type(e + 1).__name__, e.half(), repr(e))
try:
    Even(3)
except ValueError as ex:
    print(type(ex).__name__, ex)

class Bits(int):
    def __repr__(self):
        return f"Bits({bin(self)})"
    def __add__(self, o):
        return Bits(int(self) + int(o))
b = Bits(5)
print(repr(b + 3), b * 2, b == 5, hash(b) == hash(5))
print({b: "x"}[5])
print(isinstance(b, int), int(b).bit_length(), b.bit_length())
