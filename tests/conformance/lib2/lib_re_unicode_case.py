# Unicode-aware matching and case-insensitivity
import re

print(re.findall(r"\w+", "Ελληνικά русский 日本語 naïve"), re.findall(r"(?i)straße", "STRASSE Straße straße"))
print(re.findall(r"(?i)[а-я]+", "Привет Мир"), re.match(r"(?i)ÄÖÜ", "äöü"), re.findall(r"[α-ω]", "αβγ abc"))
print(re.sub(r"\s+", "_", "a\u2003b\u00a0c\td"), re.findall(r"\d+", "12 ١٢٣ ۴۵"), re.findall(r"(?a)\d+", "12 ١٢٣"))
print(re.findall(r"(?i)k", "k K \u212a"), len(re.findall(r".", "😀a😀")), re.search(r"😀+", "xx😀😀y").span())
print(re.escape("☃.x"), re.findall(r"[^\x00-\x7f]", "abc é ☃"), re.fullmatch(r"\w+", "mañana"))
