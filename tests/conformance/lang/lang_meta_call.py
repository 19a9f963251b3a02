class CountingMeta(type):
    def __call__(cls, *args, **kwargs):
        cls.instances = getattr(cls, "instances", 0) + 1
        print("creating", cls.__name__, args, kwargs)
        obj = super().__call__(*args, **kwargs)
        print("created")
        return obj

class Thing(metaclass=CountingMeta):
    def __init__(self, a, b=2):
        print("Thing.__init__", a, b)
        self.a, self.b = a, b

t = Thing(1, b=3)
Thing(5)
print(Thing.instances, t.a, t.b)

class SingletonMeta(type):
    _inst = {}
    def __call__(cls, *a):
        if cls not in cls._inst:
            cls._inst[cls] = super().__call__(*a)
        return cls._inst[cls]
class Config(metaclass=SingletonMeta):
    def __init__(self, v):
        self.v = v
print(Config(1) is Config(2), Config(3).v)
