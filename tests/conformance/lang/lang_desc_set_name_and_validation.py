class Field:
    def __init__(self, kind, default=None):
        self.kind = kind
        self.default = default
    def __set_name__(self, owner, name):
        self.name = name
        owner._fields = getattr(owner, "_fields", ()) + (name,)
    def __get__(self, obj, cls):
        if obj is None:
            return self
        return obj.__dict__.get(self.name, self.default)
    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError(f"{type(obj).__name__}.{self.name}: expected {self.kind.__name__}, got {type(value).__name__}")
        obj.__dict__[self.name] = value
    def __delete__(self, obj):
        raise AttributeError(f"cannot delete {self.name}")

class Record:
    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)
    def __repr__(self):
        return f"{type(self).__name__}(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields) + ")"

class Person(Record):
    name = Field(str, "?")
    age = Field(int, 0)

print(Person._fields)
p = Person(name="Ann")
print(p)
p.age = 30
print(p)
for bad in (lambda: setattr(p, "age", "old"), lambda: delattr(p, "name")):
    try:
        bad()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)
