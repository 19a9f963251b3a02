x = None
print(x, repr(x), str(x), type(x).__name__)
print(x is None, x is not None, x == None, not x, bool(x))
def f():
    pass
print(f(), f() is None)
d = {None: "none-key"}
print(d[None], [None, None], (None,))
print(None.__class__.__name__)
print(None == 0, None == False, None != "")
