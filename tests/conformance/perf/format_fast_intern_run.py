# format() / f-string specs on exact int, float, str (a direct path once the type's
# dict exists), on subclasses and bools (the general path), and many names interned
# during the run (a forked run keeps them in a table of its own).
class I(int):
    def __format__(self, spec):
        return "I<" + spec + ">"


class S(str):
    pass


print(f"{7:>5}|{7}|{-3:+d}|{255:#x}|{1234567:,}")
print(f"{2.5:8.3f}|{1e20:g}|{-0.0}|{float('inf'):>6}|{3.0:%}")
print(f"{'ab':>5}|{'ab':*^7}|{'':3}|{S('s'):>3}")
print(f"{I(5):abc}|{True:d}|{False}|{True:>6}")
print(format(10, "b"), format(1.5, "e"), format("x", "<3") + "|")
for bad in ((3, "z"), (1.0, "d"), ("s", "d")):
    try:
        format(*bad)
    except ValueError as e:
        print(type(e).__name__, e)

class Bag:
    pass

b = Bag()
for i in range(300):
    setattr(b, "attr_%d_name" % i, i * i)
total = sum(getattr(b, "attr_%d_name" % i) for i in range(0, 300, 7))
names = sorted(n for n in vars(b) if n.endswith("9_name"))
print(total, len(vars(b)), names[:3])
d = {}
for i in range(200):
    d[__import__("sys").intern("key_%03d" % i)] = i
print(sum(d.values()), "key_150" in d, "key_999" in d)
