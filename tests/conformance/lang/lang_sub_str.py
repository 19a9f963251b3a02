class Name(str):
    def __new__(cls, s):
        return super().__new__(cls, s.strip().title())
    def initials(self):
        return "".join(p[0] for p in self.split())

n = Name("  ada lovelace ")
print(n, repr(n), len(n), n.initials())
print(n.upper(), type(n.upper()).__name__)
print(n + "!", type(n + "!").__name__)
print(n == "Ada Lovelace", n.startswith("Ada"), "Love" in n)
print({n: 1}["Ada Lovelace"])
print(f"[{n:>15}]")

class Loud(str):
    def __str__(self):
        return self.upper()
l = Loud("hi")
print(l, str(l), repr(l), "%s" % l, f"{l}")
