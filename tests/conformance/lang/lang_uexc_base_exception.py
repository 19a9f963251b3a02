class Stop(BaseException):
    pass

def f():
    try:
        raise Stop("halt")
    except Exception:
        print("not caught by Exception")
        return 1

try:
    f()
except BaseException as e:
    print("caught", type(e).__name__, e, isinstance(e, Exception))

class MyExit(SystemExit):
    pass
try:
    raise MyExit(3)
except SystemExit as e:
    print("exit code", e.code)

try:
    raise KeyboardInterrupt
except KeyboardInterrupt as e:
    print(repr(e), issubclass(KeyboardInterrupt, Exception))
print(issubclass(StopIteration, Exception), issubclass(GeneratorExit, Exception))
