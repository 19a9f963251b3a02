class Base:
    def __init__(self):
        self._v = 1
    @property
    def v(self):
        return self._v
    @property
    def label(self):
        return "base"

class Child(Base):
    @property
    def label(self):
        return "child+" + super().label
    @Base.v.setter
    def v(self, x):
        self._v = x * 10

c = Child()
print(c.v, c.label)
c.v = 2
print(c.v)
b = Base()
try:
    b.v = 5
except AttributeError as e:
    print(type(e).__name__, e)
print(Base.v is Child.v, type(Child.v).__name__)
