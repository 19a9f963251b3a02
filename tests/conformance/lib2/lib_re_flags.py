# flags: IGNORECASE, MULTILINE, DOTALL, VERBOSE, ASCII, inline and scoped flags, RegexFlag reprs
import re

print(re.I, re.M, re.S, re.X, re.A, re.U, re.I | re.M, re.M | re.I, re.A | re.I, int(re.I | re.S), re.NOFLAG)
print(re.findall("hello", "Hello HELLO hello", re.I), re.findall("(?i)[a-c]+", "ABCabcXYZ"), re.match("É", "é", re.I))
print(re.findall("(?i:a)b", "ab Ab aB AB"), re.findall("a(?-i:b)", "ab AB Ab aB", re.I), re.search("(?s:.)x", "\nx"))
pat = re.compile(r"""
    (?P<key>\w+)    # the key
    \s* = \s*       # equals, spaces allowed
    (?P<val>[^#\n]*?)  # value
    \s*(?:\#.*)?$   # optional comment
""", re.X | re.M)
for m in pat.finditer("a = 1\nname = bob  # who\nempty =\n"):
    print(m.group("key"), repr(m.group("val")))
print(re.compile("(?i)x").flags, re.compile("x", re.I).flags, re.compile(b"x").flags, re.compile("(?a)x").flags, re.compile("(?x) a b ").pattern)
print(re.compile(r"(?m)^\w").findall("a\nb"), re.compile("a  b", re.X).match("ab"), re.compile(r"a\ b", re.X).match("a b"))
