# deepcopy of nested structures: dict of lists, lists of sets, inheritance, __getstate__/__setstate__
import copy

grid = [[0] * 3 for _ in range(3)]
g2 = copy.deepcopy(grid)
g2[1][1] = 5
print(grid, g2)
state = {"players": [{"name": "a", "hand": {1, 2}}, {"name": "b", "hand": {3}}], "turn": 0}
snap = copy.deepcopy(state)
state["players"][0]["hand"].add(9)
state["turn"] = 1
print(snap, state["turn"])
class Base:
    def __init__(self):
        self.items = [1]
class Child(Base):
    def __init__(self):
        super().__init__()
        self.extra = {"k": self.items}
c = Child()
c2 = copy.deepcopy(c)
print(type(c2).__name__, c2.items, c2.extra["k"] is c2.items, c2.items is c.items)
class WithState:
    def __init__(self):
        self.a = 1
        self.cache = "big"
    def __getstate__(self):
        return {"a": self.a}
    def __setstate__(self, st):
        self.__dict__.update(st)
        self.cache = None
w = copy.deepcopy(WithState())
print(w.a, w.cache, copy.copy(WithState()).cache)
class L(list):
    pass
l = L([1, [2]])
l.tag = "t"
l2 = copy.deepcopy(l)
print(type(l2).__name__, l2, l2[1] is l[1], getattr(l2, "tag", None))
d = {"x": [1]}
d2 = copy.copy(d)
d2["x"].append(2)
print(d, copy.deepcopy(range(3)), copy.deepcopy(len) is len)
