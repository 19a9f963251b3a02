# sub / subn: template strings, group references, functions, count, empty matches
import re

print(re.sub(r"(\w+) (\w+)", r"\2 \1", "hello world foo bar"), re.subn("a", "X", "banana"), re.sub("a", "X", "banana", count=2))
print(re.sub(r"(?P<w>\w+)", r"[\g<w>|\g<0>|\g<1>]", "ab cd"), re.sub(r"(\d)", r"\1\1", "a1b2"), re.sub("x", r"\n", "axb") == "a\nb")
print(re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "3 apples and 12 pears"), re.sub("x*", "-", "abxd"), re.sub("", "-", "abc"))
print(re.sub(r"\s+", " ", "  lots   of\t\twhite \n space "), re.sub("(a)|b", r"[\1]", "ab"), re.sub(r"\\", "/", r"a\b\c"))
print(re.subn(r"(?m)^", "> ", "line1\nline2"), re.sub("o", "0", "foo boo", 0), re.sub("o", "0", "foo", -1))
print(re.sub(r"(\d+)", r"<\g<1>0>", "7 8"), re.sub(r"[aeiou]", lambda m: m.group().upper(), "programming"))
print(re.compile(r"\W+").sub("_", "Hello, World! 123"), re.sub(b"a+", b"-", b"baaad"), re.sub("a", r"\\", "bab"))
m = re.match(r"(?P<h>\d+):(?P<m>\d+)", "12:34")
print(m.expand(r"\g<m> past \g<h>"), m.expand(r"\2:\1"))
for bad in [r"\3", r"\g<x>", r"\g<1", r"\q", r"\g<>"]:
    try:
        re.sub(r"(a)(b)", bad, "ab")
    except (re.error, IndexError) as e:
        print(type(e).__name__, e)
