s = "naïve café"
for i, ch in enumerate(s):
    print(i, ch, ord(ch))
print(list(s)[:4], tuple("ab"), [c for c in s if c in "aeiouïé"])
print(s[2], s[-2], s[-len(s)], s[3:-3])
r = "racecar"
print(r == r[::-1], "abc"[::-1], "abcdef"[-1:-4:-1], "abcdef"[::-2], "abc"[10:20] == "")
rev = ""
for c in reversed("stressed"):
    rev += c
print(rev)
print("".join(sorted("hello", reverse=True)), "hello".count("l"), set("aab") == {"a", "b"})
it = iter("xy")
print(next(it), next(it), next(it, "end"))
