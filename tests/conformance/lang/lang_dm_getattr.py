class Proxy:
    def __init__(self, target):
        self._target = target
        self.hits = 0
    def __getattr__(self, name):
        print("getattr", name)
        if name.startswith("x_"):
            raise AttributeError(f"no {name}")
        return getattr(self._target, name)

p = Proxy([3, 1, 2])
p.append(0)
p.sort()
print(p._target, p.hits)
print(getattr(p, "x_y", "fallback"))
print(hasattr(p, "x_z"), hasattr(p, "count"))
try:
    p.x_q
except AttributeError as e:
    print(type(e).__name__, e)

class Dyn:
    def __getattr__(self, name):
        return name * 2
d = Dyn()
d.real = 1
print(d.real, d.abc)
