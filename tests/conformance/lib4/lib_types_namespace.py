from types import SimpleNamespace

ns = SimpleNamespace(x=1, y="two", z=[3])
print(ns)
print(repr(ns), ns.x, ns.y, ns.z)
ns.w = 4.5
del ns.x
print(ns)
print(vars(ns))
print(ns == SimpleNamespace(y="two", z=[3], w=4.5), ns == SimpleNamespace())
print(SimpleNamespace())
cfg = SimpleNamespace(**{"debug": True, "level": 3})
print(cfg.debug, cfg.level, cfg)
nested = SimpleNamespace(a=SimpleNamespace(b=SimpleNamespace(c=1)))
print(nested, nested.a.b.c)
print(getattr(ns, "missing", "default"), hasattr(ns, "y"))
try:
    hash(ns)
except TypeError:
    print("unhashable")


class Point(SimpleNamespace):
    pass


print(Point(x=1, y=2))
