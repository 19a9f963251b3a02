class E1(Exception): pass
class E2(Exception): pass

try:
    try:
        raise E1("first")
    except E1:
        raise E2("second")
except E2 as e:
    print(repr(e), repr(e.__context__), e.__cause__, e.__suppress_context__)

try:
    try:
        raise E1("a")
    except E1 as x:
        raise E2("b") from x
except E2 as e:
    print(repr(e.__cause__), e.__suppress_context__)

try:
    try:
        raise E1("a")
    except E1:
        raise E2("b") from None
except E2 as e:
    print(e.__cause__, repr(e.__context__), e.__suppress_context__)

err = E1("x")
err.note = "custom attr"
print(err.note, err.args)
e = E1("with", "args")
e.args = ("replaced",)
print(e, e.args)
