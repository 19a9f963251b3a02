cases = [ValueError(), ValueError("one"), ValueError("a", 2), KeyError("key"), KeyError(), KeyError(1, 2),
         IndexError("list index out of range"), Exception(None), ZeroDivisionError("division by zero"),
         OSError(2, "No such file"), StopIteration(5), SystemExit(3), AssertionError("")]
for e in cases:
    print(type(e).__name__, "| str:", str(e), "| repr:", repr(e), "| args:", e.args)
e = ValueError("msg")
print(e.args[0], len(e.args), str(e) == "msg", isinstance(e.args, tuple))
print(StopIteration(5).value, SystemExit(3).code, SystemExit().code)
