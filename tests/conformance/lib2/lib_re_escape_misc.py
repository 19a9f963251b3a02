# escape, purge, bytes patterns, Pattern equality, Match repr truncation
import re

print(re.escape("a.b*c?d(e)[f]{g}|h^$\\ i-j#k&l~m"), re.escape("simple_name123"), re.escape(b"a.b"))
print(re.match(re.escape("1+1=2"), "1+1=2"), re.compile("ab") == re.compile("ab"), re.compile("ab") == re.compile("ab", re.I))
print(re.match(b"(a)b", b"abc"), re.findall(rb"\d+", b"a12b3"), re.sub(b"[aeiou]", b"*", b"education"), re.split(rb"\s", b"a b"))
print(re.match(r"\w+", "x" * 100))
print(re.compile(re.compile("q")) is re.compile("q") or True, re.purge())
p = re.compile(r"(\d+)")
print(p.sub(r"<\1>", "a1b22"), p.subn("#", "1 2 3", 2), p.split("a1b2c"))
m = re.search("(?P<x>b)", "abc")
print(m.re is not None, m.string, m.re.groupindex, m.expand(r"[\g<x>]"))
