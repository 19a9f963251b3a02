# match / search / fullmatch and Match objects
import re

m = re.match(r"(\d+)-(\d+)", "12-345 rest")
print(m)
print(m.group(), m.group(0), m.group(1), m.group(2), m.group(1, 2), m[1], m.groups())
print(m.span(), m.start(1), m.end(2), m.span(2), m.pos, m.endpos, m.string, m.re.pattern)
print(m.lastindex, m.lastgroup, m.regs)
print(re.match("abc", "xabc"), re.search("abc", "xabc"), re.fullmatch("abc", "abcd"))
print(re.fullmatch(r"a|ab", "ab"), re.fullmatch(r"\w+", "hello"), re.fullmatch("", ""))
print(re.search("x*", "abc"), re.match("", "abc"), bool(re.match("a", "a")))
p = re.compile(r"\d+")
print(p.search("ab 12 cd 345", 5), p.match("ab12", 2), p.search("123456", 1, 3), p.fullmatch("a12b", 1, 3))
print(p, p.pattern, p.flags, p.groups, p.groupindex)
print(re.compile("x", re.I | re.M), re.compile(b"y", re.S), re.compile("z", re.A), re.compile("w", re.X | re.U))
print(re.match("a" * 60, "a" * 70))
for bad in [lambda: m.group(3), lambda: m.group("x"), lambda: m.start(-1)]:
    try:
        bad()
    except IndexError as e:
        print("IndexError:", e)
