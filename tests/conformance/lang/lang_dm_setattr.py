class Frozen:
    __slots__ = ()

class Validated:
    def __init__(self):
        self.x = 1
    def __setattr__(self, name, value):
        print("set", name, value)
        if name == "x" and not isinstance(value, int):
            raise TypeError("x must be int")
        super().__setattr__(name, value)
    def __delattr__(self, name):
        print("del", name)
        if name == "x":
            raise AttributeError("cannot delete x")
        object.__delattr__(self, name)

v = Validated()
v.x = 5
v.y = "s"
try:
    v.x = "bad"
except TypeError as e:
    print(type(e).__name__, e)
del v.y
try:
    del v.x
except AttributeError as e:
    print(type(e).__name__, e)
print(v.__dict__)
setattr(v, "z", 3)
print(v.z)
