# capturing, non-capturing, named groups, backreferences, lastindex
import re

m = re.search(r"(?P<user>[\w.]+)@(?P<host>(?:\w+\.)+\w+)", "contact: john.doe@mail.example.org!")
print(m.group("user"), m.group("host"), m.groupdict(), m.span("host"), m.lastgroup)
print(re.compile(r"(?P<a>x)(?P<b>y)?").match("x").groupdict(), re.compile(r"(?P<a>x)(?P<b>y)?").match("x").groupdict("-"))
print(re.match(r"(a)(b)?(c)?", "ac").groups(), re.match(r"(a)(b)?(c)?", "ac").groups(0))
print(re.match(r"((a)(b))", "ab").lastindex, re.match(r"(a)(b)", "ab").lastindex, re.match(r"(a)|(b)", "b").lastindex)
print(re.match(r"(\w)\1", "aab"), re.search(r"(\w+) \1", "say hello hello world"), re.match(r"(?P<c>.)(?P=c)", "xx"))
print(re.match(r"(a|b)*", "abab").group(1), re.match(r"(?:(a)|b)+", "ab").groups(), re.match(r"(a*)+", "aa").groups())
print(re.search(r"(['\"])(.*?)\1", "say 'hi' and \"bye\"").groups())
print(re.match(r"(?:ab)+", "ababx"), re.match(r"(a)(?:(b)|c)d", "acd").groups())
print(re.compile(r"(a)(b)(?P<n>c)").groupindex, re.compile(r"(a)(b)(?P<n>c)").groups)
m = re.match(r"(?P<first>\w+) (?P<last>\w+)", "Jane Doe")
print(m["first"], m["last"], m.start("last"), m.end("first"))
