try:
    raise ValueError
except ValueError as e:
    print("class raised:", repr(e), e.args)
try:
    raise IndexError("with message")
except IndexError as e:
    print("instance raised:", repr(e))
try:
    raise 42
except TypeError as e:
    print("TypeError:", e)
try:
    raise "string"
except TypeError as e:
    print("TypeError:", e)
try:
    raise
except RuntimeError as e:
    print("RuntimeError:", e)
def f():
    raise NotImplementedError("subclass must implement")
try:
    f()
except RuntimeError as e:
    print(type(e).__name__, e)
try:
    raise Exception("base", "with", "args")
except Exception as e:
    print(e)
