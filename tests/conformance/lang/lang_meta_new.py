class Meta(type):
    def __new__(mcls, name, bases, ns):
        print("Meta.__new__", name, [b.__name__ for b in bases])
        ns["created_by"] = "Meta"
        upper = {k.upper(): v for k, v in ns.items() if not k.startswith("__") and k != "created_by"}
        ns.update(upper)
        return super().__new__(mcls, name, bases, ns)

class Base(metaclass=Meta):
    color = "red"

class Child(Base):
    size = 3

print(Base.created_by, Base.COLOR, Child.SIZE, Child.COLOR)
print(type(Base).__name__, type(Child) is Meta, isinstance(Child, type))
