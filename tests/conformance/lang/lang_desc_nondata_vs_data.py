class NonData:
    def __get__(self, obj, cls):
        return "nondata"

class Data:
    def __get__(self, obj, cls):
        return "data"
    def __set__(self, obj, v):
        print("Data.__set__", v)

class C:
    nd = NonData()
    d = Data()

c = C()
print(c.nd, c.d)
c.__dict__["nd"] = "instance wins"
c.__dict__["d"] = "instance loses"
print(c.nd, c.d)
c.d = 5
print(C.nd, C.d)

class Lazy:
    def __init__(self, f):
        self.f = f
        self.name = f.__name__
    def __get__(self, obj, cls):
        if obj is None:
            return self
        val = self.f(obj)
        obj.__dict__[self.name] = val
        return val

class Circle:
    def __init__(self, r):
        self.r = r
    @Lazy
    def area(self):
        print("computing")
        return 3 * self.r * self.r
k = Circle(2)
print(k.area, k.area)
