class Suppress:
    def __init__(self, *types):
        self.types = types
        self.caught = None
    def __enter__(self):
        return self
    def __exit__(self, et, ev, tb):
        if et is not None and issubclass(et, self.types):
            self.caught = ev
            return True
        return None

with Suppress(ZeroDivisionError, KeyError) as s:
    print("before")
    1 / 0
    print("not printed")
print("caught:", type(s.caught).__name__, s.caught)

def f():
    for i in range(3):
        with Suppress(ValueError):
            if i == 1:
                raise ValueError
            print("loop", i)
    return "done"
print(f())

with Suppress(LookupError):
    [][0]
print("subclass suppressed")
