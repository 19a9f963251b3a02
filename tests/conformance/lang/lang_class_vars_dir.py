class Base:
    base_attr = 1
    def base_method(self):
        pass
class Derived(Base):
    derived_attr = 2
    def __init__(self):
        self.inst = 3

d = Derived()
print(vars(d))
print([n for n in dir(d) if not n.startswith("__")])
print("base_attr" in dir(Derived), "base_attr" in vars(Derived))
d.__dict__["dyn"] = 4
print(d.dyn, sorted(vars(d)))
try:
    vars(5)
except TypeError as e:
    print(type(e).__name__, e)
