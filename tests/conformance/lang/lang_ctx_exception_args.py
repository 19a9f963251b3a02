class Inspect:
    def __exit__(self, et, ev, tb):
        print("type:", et)
        print("value:", repr(ev))
        print("tb is None:", tb is None)
        return et is KeyError
    def __enter__(self):
        return self

with Inspect():
    pass

with Inspect():
    raise KeyError("suppressed")
print("after suppressed")

try:
    with Inspect():
        raise ValueError("passes through")
except ValueError as e:
    print("outer caught", e)
