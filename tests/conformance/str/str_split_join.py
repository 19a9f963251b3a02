line = "  alpha  beta\tgamma\n delta  "
print(line.split(), line.split(" "), line.strip().split(None, 1), line.rsplit(None, 2))
print("a,b,,c".split(","), "a,b,,c".split(",", 1), "a,b,,c".rsplit(",", 1), "".split(","), "".split())
print("one\ntwo\r\nthree\n".splitlines(), "one\ntwo\n".splitlines(True), "x".splitlines())
print("-".join(["a", "b", "c"]), "".join(reversed("stressed")), ", ".join(str(i) for i in range(5)))
print("key=value=x".partition("="), "key=value=x".rpartition("="), "novalue".partition("="))
print(repr(line.strip()), repr(line.lstrip()), repr(line.rstrip()), "xxhixx".strip("x"), "abcba".strip("ab"))
try:
    ",".join([1, 2])
except TypeError as e:
    print("TypeError:", e)
try:
    "a".split("")
except ValueError as e:
    print("ValueError:", e)
print("a b c".split(maxsplit=1), "1 2 3".split(" ", maxsplit=-1))
