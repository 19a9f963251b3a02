class Key:
    def __init__(self, a, b):
        self.a, self.b = a, b
    def __eq__(self, o):
        return isinstance(o, Key) and (self.a, self.b) == (o.a, o.b)
    def __hash__(self):
        return hash((self.a, self.b))
    def __repr__(self):
        return f"Key({self.a}, {self.b})"

d = {Key(1, 2): "x", Key(3, 4): "y"}
print(d[Key(1, 2)], Key(3, 4) in d, Key(5, 6) in d)
d[Key(1, 2)] = "replaced"
print(len(d), d[Key(1, 2)])
s = {Key(0, 0), Key(0, 0), Key(1, 1)}
print(len(s))
calls = []
class Loud:
    def __hash__(self):
        calls.append("hash")
        return 1
    def __eq__(self, o):
        calls.append("eq")
        return True
d2 = {Loud(): 1}
d2[Loud()] = 2
print(len(d2), list(d2.values()), calls)
