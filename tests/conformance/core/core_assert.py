assert True
assert 1 + 1 == 2, "math works"
try:
    assert 1 > 2
except AssertionError as e:
    print("caught", repr(e), e.args)
try:
    assert [], "empty list is falsy"
except AssertionError as e:
    print("caught", e)
try:
    x = 7
    assert x % 2 == 0, f"{x} is odd"
except AssertionError as e:
    print(type(e).__name__ + ":", e)
def check(v):
    assert isinstance(v, int), ("bad", v)
    return v * 2
print(check(21))
try:
    check("s")
except AssertionError as e:
    print(e.args[0])
assert check(1) == 2
print("end")
