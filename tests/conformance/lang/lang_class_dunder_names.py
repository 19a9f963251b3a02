class Outer:
    class Inner:
        def method(self):
            pass
    def method(self):
        def local():
            pass
        return local

print(Outer.__name__, Outer.__qualname__, Outer.__module__)
print(Outer.Inner.__qualname__, Outer.Inner.method.__qualname__)
print(Outer().method().__qualname__, Outer.method.__name__)
print(__name__)
def func():
    "docstring here"
print(func.__name__, func.__doc__, func.__module__)
print(Outer.__doc__, Outer.__dict__["method"].__name__)
print(type(Outer.__dict__).__name__)
print([k for k in sorted(Outer.__dict__) if not k.startswith("__")])
