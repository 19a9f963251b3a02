def gen():
    yield 1
g = gen()
print(g.__name__, g.__qualname__, hasattr(g, "send"), hasattr(g, "__next__"))
print(iter(g) is g, type(g).__name__)
print(list(g), list(g))
def outer():
    def inner_gen():
        yield from range(2)
    return inner_gen()
print(outer().__qualname__, list(outer()))
