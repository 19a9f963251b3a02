class Temp:
    def __init__(self, c):
        self._c = c
    @property
    def celsius(self):
        "the temperature"
        return self._c
    @celsius.setter
    def celsius(self, v):
        if v < -273.15:
            raise ValueError("below absolute zero")
        self._c = v
    @celsius.deleter
    def celsius(self):
        print("deleting")
        del self._c
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32

t = Temp(100)
print(t.celsius, t.fahrenheit)
t.celsius = 0
print(t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print(type(e).__name__, e)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print(type(e).__name__, e)
del t.celsius
try:
    t.celsius
except AttributeError as e:
    print(type(e).__name__, e)
print(Temp.celsius.__doc__, isinstance(Temp.celsius, property))

class P2:
    def _get(self):
        return 7
    x = property(_get, doc="seven")
print(P2().x, P2.x.__doc__)
try:
    del P2().x
except AttributeError as e:
    print(type(e).__name__, e)
