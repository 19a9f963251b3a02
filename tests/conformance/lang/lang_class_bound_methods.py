class C:
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v

c = C(3)
m = c.get
print(m(), m.__self__ is c, m.__func__ is C.get, m.__name__)
print(c.get == c.get, c.get is c.get, C(3).get == c.get)
print(C.get(c), list(map(C.get, [C(1), C(2)])))
f = C.get
c.get = lambda: "instance attr shadows"
print(c.get(), f(c))
methods = [C(i).get for i in range(3)]
print([mm() for mm in methods])
print(type(m).__name__, type(C.get).__name__)
