def area(w: float, h: float = 1.0) -> float:
    """Return the area of a rectangle."""
    return w * h
print(area(3, 4), area(2.5), area.__doc__)
def nodoc(x):
    return x
print(nodoc.__doc__)
x: int = 5
y: list
print(x)
def f(a: "anything", *args: int, **kw: str) -> None:
    pass
print(f(1), f.__name__)
