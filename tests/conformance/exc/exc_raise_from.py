def parse(s):
    try:
        return int(s)
    except ValueError as e:
        raise RuntimeError(f"cannot parse {s!r}") from e
try:
    parse("abc")
except RuntimeError as e:
    print(e, "| cause:", repr(e.__cause__), "| context is cause:", e.__context__ is e.__cause__, e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError("during handling")
except KeyError as e:
    print(repr(e), "| context:", repr(e.__context__), "| cause:", e.__cause__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("clean") from None
except ValueError as e:
    print(e, e.__cause__, e.__suppress_context__, type(e.__context__).__name__)
