# findall group rules, finditer spans, empty matches
import re

print(re.findall(r"\d+", "a1b22c333"), re.findall(r"(\w)=(\d)", "a=1, b=2"), re.findall(r"(a)|b", "ab"), re.findall(r"(x)?y", "y xy"))
print(re.findall(r"", "abc"), re.findall(r"x*", "axxb"), re.findall(r"\b", "a b"), re.findall(r"a|", "bab"))
print([m.span() for m in re.finditer(r"\w*", "ab cd")], [m.group() for m in re.finditer(r"o", "foo boo")])
for m in re.finditer(r"(?P<k>\w+)=(?P<v>[^;]*);?", "a=1;bb=;c=333"):
    print(m.start(), m.end(), m.group("k"), repr(m.group("v")))
p = re.compile(r"[a-z]+")
print(p.findall("ab CD ef gh", 3), p.findall("ab CD ef gh", 0, 4), list(p.finditer("x y", 1)))
print(re.findall(r"(?i)th\w+", "The then THIS other"), re.findall(r"(\d)(\d)?", "1 23"))
