class Singleton:
    _instance = None
    def __new__(cls, *args):
        print("new", cls.__name__, args)
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance
    def __init__(self, value):
        print("init", value)
        self.value = value

a = Singleton(1)
b = Singleton(2)
print(a is b, a.value)

class NotMine:
    def __new__(cls):
        return 42
    def __init__(self):
        print("never")
print(NotMine())

class Point(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))
    @property
    def x(self):
        return self[0]
p = Point(3, 4)
print(p, p.x, len(p), isinstance(p, tuple))
