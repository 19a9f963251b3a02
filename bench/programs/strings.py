# String building: concatenation, join, formatting, slicing, replace, find.
def build(n):
    parts = []
    for i in range(n):
        parts.append("%d:%s;" % (i, hex(i)[2:]))
    s = "".join(parts)
    acc = ""
    for i in range(n // 10):
        acc += str(i % 10)
    return s, acc


s, acc = build(450000)
t = s.replace(";", ",").upper()
cnt = t.count("A") + t.find("FFFF") + len(acc)
words = [w for w in t.split(",") if w.endswith("F")]
rev = "".join(w[::-1] for w in words[:60000])
fmt = [f"{i:>6}|{i * 1.5:8.2f}|{str(i).zfill(7)}" for i in range(200000)]
print("checksum:", cnt, len(words), len(rev), rev[:24], sum(len(x) for x in fmt))
