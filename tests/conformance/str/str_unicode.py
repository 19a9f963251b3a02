s = "héllo wörld ✓ 日本語 😀"
print(s, len(s))
print(s[1], s[-1], s[12:15], s[::-1])
print([ord(c) for c in "é✓😀"], chr(233), chr(0x1F600), chr(0x65E5))
print(s.upper(), "ß".upper(), "ǅ".lower(), "ΣΑΣ".lower())
print(repr("tab\there"), repr("new\nline"), repr("quote'"), repr('dq"'), repr("both'\""), repr("\x00\x7f\x80"))
print(repr("é"), repr("\u200b"), repr("\U0001F600"), ascii("é😀"), repr("\\"))
print("😀" * 3, len("😀" * 3), "日本" + "語", "日本語".find("語"), "日本語".encode("utf-8") if False else "")
print(sorted("cbaé"), max("abc✓"), min("zé"), "é" > "z")
print("ÉCOLE".casefold(), "Straße".casefold(), "i̇".upper() if False else "")
for c in "a1 _Ωé٣":
    print(repr(c), c.isalpha(), c.isdigit(), c.isalnum(), c.isspace(), c.isupper(), c.islower(), c.isidentifier(), c.isdecimal(), c.isnumeric())
