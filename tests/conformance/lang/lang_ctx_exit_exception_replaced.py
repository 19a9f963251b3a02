class Translate:
    def __enter__(self):
        return self
    def __exit__(self, et, ev, tb):
        if et is KeyError:
            raise LookupError(f"translated: {ev}") from ev
        return False

try:
    with Translate():
        {}["missing"]
except LookupError as e:
    print(type(e).__name__, e, type(e.__cause__).__name__)

class Raiser:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        raise RuntimeError("exit failed")
try:
    with Raiser():
        raise ValueError("original")
except RuntimeError as e:
    print(type(e).__name__, e, "context:", repr(e.__context__))
