try:
    raise
except RuntimeError as e:
    print(type(e).__name__, e)
def f():
    try:
        raise KeyError("inner")
    except KeyError:
        pass
    raise
try:
    f()
except RuntimeError as e:
    print(type(e).__name__, e)
