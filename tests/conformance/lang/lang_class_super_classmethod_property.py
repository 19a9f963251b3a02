class A:
    @classmethod
    def create(cls):
        return f"A.create for {cls.__name__}"
    @staticmethod
    def util():
        return "A.util"
    def __repr__(self):
        return "A-repr"

class B(A):
    @classmethod
    def create(cls):
        return "B>" + super().create()
    @staticmethod
    def util():
        return "B>" + A.util()
    def __repr__(self):
        return "B<" + super().__repr__() + ">"

class C(B):
    pass

print(B.create(), C.create(), B.util(), C().util())
print(repr(C()))
print(super(B, C()).__repr__())
try:
    super(B, 5)
except TypeError as e:
    print(type(e).__name__, e)
