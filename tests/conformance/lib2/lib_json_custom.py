# default=, cls=JSONEncoder subclass, skipkeys, JSONDecoder use, object_hook decoding classes
import json

class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"

def enc(o):
    if isinstance(o, Point):
        return {"__point__": [o.x, o.y]}
    if isinstance(o, set):
        return sorted(o)
    raise TypeError(f"cannot encode {type(o).__name__}")

def dec(d):
    if "__point__" in d:
        return Point(*d["__point__"])
    return d

data = {"pts": [Point(1, 2), Point(-3, 4)], "tags": {"b", "a"}}
text = json.dumps(data, default=enc)
print(text)
print(json.loads(text, object_hook=dec))

class ComplexEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, complex):
            return {"re": o.real, "im": o.imag}
        return super().default(o)

print(json.dumps([1 + 2j, {"z": 3j}], cls=ComplexEncoder), ComplexEncoder(sort_keys=True).encode({"b": 1j, "a": 0}))
try:
    json.dumps([frozenset()], cls=ComplexEncoder)
except TypeError as e:
    print(e)
print(json.dumps({(1, 2): "tuple key", "ok": 1}, skipkeys=True))
dec2 = json.JSONDecoder()
print(dec2.decode('[1, 2]'), dec2.raw_decode('{"a": 1} trailing'), json.JSONEncoder(indent=2).encode({"a": [1]}))
