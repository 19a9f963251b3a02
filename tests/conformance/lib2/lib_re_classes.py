# character classes, escapes, categories, dot and DOTALL
import re

print(re.findall(r"[aeiou]", "programming language"), re.findall(r"[^aeiou\s]+", "hello big world"))
print(re.findall(r"[a-cx-z]", "abcdwxyz"), re.findall(r"[-a]", "a-b"), re.findall(r"[a-]", "a-b"), re.findall(r"[]a]", "]a["))
print(re.findall(r"[\d.]+", "v1.2.3 and 45"), re.findall(r"[\w-]+", "foo-bar baz_qux"), re.findall(r"[\s,]+", "a, b ,c"))
print(re.findall(r"\D+", "ab12cd3"), re.findall(r"\W+", "hi, there!"), re.findall(r"\S+", " a bb  ccc "))
print(re.findall(r"[\x41-\x43]", "ABCD"), re.findall(r"\u00e9", "café"), re.findall(r"\t|\n", "a\tb\nc"), re.findall(r"[\\]", "a\\b"))
print(re.findall(".", "a\nb"), re.findall(".", "a\nb", re.S), re.findall("(?s).", "a\nb"), re.findall(r"[.]", "a.b"))
print(re.findall(r"\w+", "naïve café 123 ñ"), re.findall(r"\w+", "naïve café", re.A), re.findall(r"\d", "٣4"), re.findall(r"\d", "٣4", re.A))
print(re.findall(r"\s", "a\u00a0b c"), re.findall(r"[^\W\d_]+", "ab1_cd"), re.findall(r"[\101]", "A"), re.findall(r"\0", "a\0b"))
print(re.sub(r"[^0-9a-f]", "", "0x1F-ab:cd"), re.findall(r"[0-9]+(?:\.[0-9]+)?", "pi 3.14 e 2 x 1."))
