# random.seed(str/bytes/float): version-2 seeding (sha512 appended) and hash seeding
import random

for s in ["", "a", "hello", "hello world" * 20, "héllo ☃", b"", b"abc", bytearray(b"xyz"), 0.5, -2.25, 1e300, 3.0]:
    random.seed(s)
    print(repr(s)[:30], random.random(), random.randrange(1000))
random.seed("x")
a = random.random()
random.seed(b"x")
print(a == random.random())
random.seed(5.0)
b = random.random()
random.seed(5)
print(b == random.random())
