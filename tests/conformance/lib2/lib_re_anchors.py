# anchors: ^ $ \A \Z \b \B with and without MULTILINE
import re

text = "first line\nsecond line\nthird\n"
print(re.findall(r"^\w+", text), re.findall(r"^\w+", text, re.M), re.findall(r"\w+$", text), re.findall(r"\w+$", text, re.M))
print(re.search(r"$", "ab\n").span(), re.search(r"\Z", "ab\n").span(), re.findall(r"$", "a\nb\n", re.M))
print(re.search(r"\Aab", "ab"), re.search(r"\Aab", "cab"), re.search(r"^b", "a\nb"), re.search(r"^b", "a\nb", re.M))
print(re.findall(r"\bcat\b", "cat concat cats cat."), re.findall(r"\Bcat\B", "concatenate cat"), re.findall(r"\b", "ab cd"))
print(re.search(r"\b", ""), re.search(r"\B", ""), re.search(r"^$", ""), re.findall(r"^", "a\nb\n", re.M))
print(re.compile(r"^\d+$", re.M).findall("12\nab\n345"), re.match(r"(?m)^b", "b"))
