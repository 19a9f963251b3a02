# greedy, lazy and possessive quantifiers, counted repeats, atomic groups
import re

s = "<a><b></b></a>"
print(re.match("<.*>", s).group(), re.match("<.*?>", s).group())
for pat in ["a*", "a+", "a?", "a{2}", "a{2,}", "a{,2}", "a{1,3}", "a*?", "a+?", "a??", "a{2,}?", "a{1,3}?"]:
    m = re.match(pat, "aaaa")
    print(pat, m.span() if m else None)
print(re.match("a{3}", "aa"), re.match("x{0}y", "y"), re.match("a{,}", "aa"), re.match("a{b", "a{b"), re.match("a{1,b}", "a{1,b}"))
print(re.findall(r"\d{2,3}", "1 12 123 1234 12345"), re.findall(r"\d{2,3}?", "12345"))
print(re.match("(?>a+)b", "aaab"), re.match("(?>a+)a", "aaa"), re.match("a++a", "aaa"), re.match("a*+b", "aab"))
print(re.match("(ab)*?c", "ababc").groups(), re.match("(a|ab)(c|bcd)(d*)", "abcd").groups())
print(re.match(r"(a+)(a+)(a+)", "aaaaa").groups(), re.match(r"(a+?)(a+?)(a+)", "aaaaa").groups())
print(re.match("(x?)*y", "xxy").groups(), re.match("(?:a|)*b", "aab"), re.match("(a|)+$", "aa").groups())
