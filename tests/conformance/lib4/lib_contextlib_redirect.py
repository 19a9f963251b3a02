import io
import sys
from contextlib import redirect_stdout, redirect_stderr

buf = io.StringIO()
with redirect_stdout(buf):
    print("captured line 1")
    print("captured", 2, sep="-")
print("outside")
print(repr(buf.getvalue()))

err = io.StringIO()
with redirect_stderr(err):
    print("to stderr", file=sys.stderr)
print(repr(err.getvalue()))

outer = io.StringIO()
inner = io.StringIO()
with redirect_stdout(outer):
    print("a")
    with redirect_stdout(inner):
        print("b")
    print("c")
print(repr(outer.getvalue()), repr(inner.getvalue()))

def noisy(n):
    for i in range(n):
        print("line", i)
    return n

out = io.StringIO()
with redirect_stdout(out) as target:
    r = noisy(3)
print(r, target is out, out.getvalue().splitlines())
