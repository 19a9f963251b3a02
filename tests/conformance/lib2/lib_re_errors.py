# re.error messages and positions for common mistakes
import re

bad = ["(a", "a)", "*a", "a**", "a+*", "[a-", "[", r"\q", "(?P<1>a)", "(?P<a>x)(?P<a>y)", "(?<=a+)b",
       "x{3,1}", "[z-a]", r"(a)\2", "(?P=nope)", "a(?i)b", "(?z)", "(?<x)", r"\\", "a\\", "a|*", "(?P<n", "(?#abc",
       "a\n(b", r"[\w-z]", "^*", r"(a)(?P=a)", "(?", "(?P", "((a)"]
for p in bad:
    try:
        re.compile(p)
        print(repr(p), "ok")
    except re.error as e:
        print(repr(p), "->", e, "|", e.msg, e.pos, e.lineno, e.colno)
try:
    re.match("a", 5)
except TypeError as e:
    print(e)
try:
    re.match("a", b"a")
except TypeError as e:
    print(e)
try:
    re.compile(re.compile("a"), re.I)
except ValueError as e:
    print(e)
print(isinstance(re.error("x"), Exception), re.error.__name__, str(re.error("boom")))
