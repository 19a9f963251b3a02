print("a\tb\\n\x41\u00e9\N{GREEK SMALL LETTER ALPHA}\101\0end".replace("\0", "<NUL>"))
print(r"raw\n\t", len(r"\n"), len("\n"), R"X\d")
print("""triple
quoted "string" with 'quotes'""")
print('single\\ntriple')
print("implicit" " concat" ' works')
print("line one \
continued")
print(b"bytes" if False else "", "\a\b\f\v".__len__(), repr("\r\n"))
print("\U0001F40D", "\u2764", "\x7e", "\'", '\"')
