class CM:
    def __init__(self, name, fail_enter=False):
        self.name = name
        self.fail_enter = fail_enter
    def __enter__(self):
        if self.fail_enter:
            raise RuntimeError(f"enter {self.name} failed")
        print("enter", self.name)
        return self
    def __exit__(self, *exc):
        print("exit", self.name, exc[0].__name__ if exc[0] else None)

with CM("a") as a, CM("b") as b, CM("c"):
    print("body", a.name, b.name)

try:
    with CM("x"), CM("y", fail_enter=True), CM("z"):
        print("not reached")
except RuntimeError as e:
    print("caught", e)

with (CM("p") as p,
      CM("q") as q):
    print("parenthesized", p.name, q.name)
