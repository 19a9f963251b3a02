# lookahead and lookbehind (positive and negative)
import re

print(re.findall(r"\w+(?=,)", "a, bb, ccc"), re.findall(r"\d+(?!px)\b", "10px 20em 30"))
print(re.findall(r"(?<=\$)\d+", "cost $30 or $45, not 50"), re.findall(r"(?<!-)\b\d+", "5 -6 7"))
print(re.sub(r"(?<=\d)(?=(\d{3})+$)", ",", "1234567"), re.sub(r"\B(?=(\d{3})+(?!\d))", ",", "9876543210"))
print(re.search(r"(?=(\w+))\w", "hello").group(1), re.match(r"(?!abc)\w+", "abd"), re.match(r"(?!abc)\w+", "abc"))
print(re.findall(r"(?<=a)b", "ab cb ab"), re.findall(r"(?<=ab|cd)x", "abx cdx efx"), re.search(r"(?<=(a))b", "ab").groups())
pw = re.compile(r"^(?=.*\d)(?=.*[a-z])(?=.*[A-Z]).{8,}$")
for p in ["abc", "Password1", "password1", "PASSWORD12", "Pa55word"]:
    print(p, bool(pw.match(p)))
