import sys
import warnings


def show(message, category, filename, lineno, file=None, line=None):
    # CPython prints the absolute path of the script: keep only its base name.
    base = filename.rsplit("/", 1)[-1]
    print(warnings.formatwarning(message, category, base, lineno, line), end="")


warnings.showwarning = show


def f(x):
    warnings.warn("careful %d" % x)
    return x


f(1)
f(2)
for i in range(3):
    warnings.warn("loop")
warnings.warn("dep", DeprecationWarning)
warnings.warn("pdep", PendingDeprecationWarning)
warnings.warn(RuntimeWarning("instance"))


def g():
    warnings.warn("reported at caller", stacklevel=2)


g()
warnings.warn("syntax-ish", SyntaxWarning)
print(warnings.formatwarning("m", UserWarning, "f.py", 3, "  code()  "), end="")
print(warnings.formatwarning("no line", FutureWarning, "f.py", 4, ""), end="")
try:
    warnings.warn("bad", int)
except TypeError as e:
    print("TypeError:", e)
