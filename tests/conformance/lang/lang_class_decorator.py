def add_repr(cls):
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{cls.__name__}({fields})"
    cls.__repr__ = __repr__
    return cls

def tagged(tag):
    def deco(cls):
        cls.tag = tag
        return cls
    return deco

instances = []
def track(cls):
    orig = cls.__init__
    def __init__(self, *a, **k):
        orig(self, *a, **k)
        instances.append(self)
    cls.__init__ = __init__
    return cls

@track
@tagged("shape")
@add_repr
class Rect:
    def __init__(self, w, h):
        self.w = w
        self.h = h

r = Rect(2, 3)
Rect(4, h=5)
print(r, Rect.tag)
print(instances)

def replace(cls):
    return "not a class any more"
@replace
class Gone:
    pass
print(Gone)
