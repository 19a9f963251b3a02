class Meta(type):
    def __init__(cls, name, bases, ns, **kw):
        print("Meta.__init__", name, sorted(k for k in ns if not k.startswith("__")), kw)
        super().__init__(name, bases, ns)
    def __new__(mcls, name, bases, ns, **kw):
        return super().__new__(mcls, name, bases, ns)
    def describe(cls):
        return f"class {cls.__name__}"
    def __repr__(cls):
        return f"<Meta class {cls.__name__}>"

class A(metaclass=Meta, flag=True):
    def m(self):
        pass
    z = 1

print(A.describe())
print(A)
print(repr(A))
try:
    A().describe()
except AttributeError as e:
    print(type(e).__name__, e)
