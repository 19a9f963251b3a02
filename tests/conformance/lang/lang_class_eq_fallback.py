class A:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        print("A.__eq__")
        if isinstance(other, A):
            return self.v == other.v
        return NotImplemented

class B:
    def __eq__(self, other):
        print("B.__eq__")
        return NotImplemented

a = A(1)
print(a == A(1), a != A(2))
print(a == B())
print(B() == a)
print(a == 1, 1 == a)
x = B()
print(x == x, x != B())

class Gt:
    def __init__(self, v):
        self.v = v
    def __gt__(self, other):
        print("Gt.__gt__")
        return self.v > other
print(5 < Gt(10))
print(Gt(1) > 0)
