class Logged:
    def __init__(self):
        self.a = 1
    def __getattribute__(self, name):
        if not name.startswith("__"):
            print("get", name)
        return object.__getattribute__(self, name)
    def method(self):
        return self.a + 1

l = Logged()
print(l.a)
print(l.method())
try:
    l.nope
except AttributeError as e:
    print(type(e).__name__, e)

class Both:
    def __getattribute__(self, name):
        if name == "special":
            return "from getattribute"
        return super().__getattribute__(name)
    def __getattr__(self, name):
        return "from getattr: " + name
b = Both()
print(b.special)
print(b.other)
