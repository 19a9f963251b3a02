print(chr(65), chr(97), chr(8364), chr(128512), ord("A"), ord("€"), ord("😀"), ord("\n"))
print([chr(ord("a") + i) for i in range(5)], "".join(chr(c) for c in range(0x41, 0x4b)))
print(hex(255), hex(-1), hex(2 ** 64), oct(64), oct(-9), bin(10), bin(-10), bin(2 ** 40))
caesar = "".join(chr((ord(c) - 97 + 3) % 26 + 97) if c.isalpha() else c for c in "hello, world xyz")
print(caesar)
try:
    chr(0x110000)
except ValueError as e:
    print("ValueError:", e)
try:
    ord("")
except TypeError as e:
    print("TypeError:", e)
try:
    hex(1.5)
except TypeError as e:
    print("TypeError:", e)
