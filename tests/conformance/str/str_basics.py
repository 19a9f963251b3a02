s = "Hello, World"
print(s, len(s), s[0], s[-1], s[7:], s[:5], s[::-1], s[::2], s[1:10:3], s[-5:-1], s[100:], s[5:2])
print(s.upper(), s.lower(), s.swapcase(), s.title(), "hello world".capitalize())
print(s.find("o"), s.rfind("o"), s.find("zz"), s.index("W"), s.count("l"), s.count(""))
print(s.startswith("Hell"), s.endswith(("x", "ld")), s.startswith("World", 7), "W" in s)
print(s.replace("l", "L"), s.replace("l", "L", 2), s.replace("", "-")[:10])
print(repr(s + "!"), s * 2, 3 * "ab", "" * 5, "a" + "b" * 3)
try:
    s.index("zz")
except ValueError as e:
    print("ValueError:", e)
try:
    s[0] = "h"
except TypeError as e:
    print("TypeError:", e)
try:
    s[50]
except IndexError as e:
    print("IndexError:", e)
