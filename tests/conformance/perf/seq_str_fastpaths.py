# ASCII fast paths of str methods and number formatting (exact float rounding).
tests = ["", " ", "a", "A", "  a b  c ", "\x1c a\x1fb\x0b", "a,b,,c,", ",", "héllo wörld",
         "ab  ", "Hello World", "ΣΑΣ", "x\u2003y", "-12", "+", "abc" * 20]
for t in tests:
    print(t.split(), t.split(","), t.split(",,"), t.split(None, 1), t.split(" ", 1), t.split(maxsplit=0))
    print(repr(t.strip()), repr(t.lstrip()), repr(t.rstrip()), repr(t.strip(" a")), repr(t.strip("é")))
    print(t.lower(), t.upper(), t.casefold(), t.swapcase(), t.title(), t.capitalize())
    print(t.zfill(0), t.zfill(6), t[::-1], t[::2], t[1::-1], t[::-3], t.endswith(("c", " ")))
for x in [0, 1, -1, 7, 255, -98765, 2**61, -2**62, 2**62, 2**64, -2**70, True]:
    print("%d|%5d|%-5d|%05d|%+d|% d|%.8d|%x|%X|%#x|%#o|%10.4x|%s|%r" % ((x,) * 14))
    print(f"{x}|{x:>8}|{x:<8}|{x:^9}|{x:08}|{x:+}|{x:x}|{x:#X}|{x:b}|{x:,}|{x:_x}|{x:=+12}|{x:*^15,}")
    print(str(x), hex(x), oct(x), bin(x))
vals = [0.0, -0.0, 0.5, 1.5, 2.5, 0.25, 0.125, 1e-7, 123.456, 2.675, 1.005, 0.045, 1e18,
        9.2e18, 9.3e18, 1e300, 5e-324, 1 / 3, 999.995, 4503599627370495.5, float("inf"), float("nan")]
for v in vals:
    for p in (0, 1, 2, 3, 6, 17, 18):
        print("%.*f|%#.*f|%+.*f" % (p, v, p, -v, p, v), f"{v:.{p}f}|{-v:12.{p}F}|{v:.{p}%}|{v:z.{p}f}")
import random
random.seed(7)
acc = []
for i in range(3000):
    d = random.random() * 10.0 ** random.randint(-12, 15)
    p = random.randint(0, 17)
    acc.append("%.*f" % (p, d))
    acc.append(f"{-d:.{p}f}")
print(len("".join(acc)), hash("".join(acc)) == hash("".join(acc)), acc[:4], acc[-4:])
print(sum(len(x) for x in acc))
