print(int("42"), int("-17"), int("  +8  "), int("1_000_000"), int("ff", 16), int("0xff", 16), int("0xff", 0))
print(int("777", 8), int("0o777", 0), int("101", 2), int("0b101", 0), int("z", 36), int("Z", 36))
print(int(3.7), int(-3.7), int(True), int("0"), int("-0"), int("9" * 40))
print(str(255), hex(255), oct(8), bin(5), hex(-255), bin(-5), oct(-8), hex(0), bin(0))
print(int(hex(10 ** 20), 16) == 10 ** 20, int(bin(-12345), 2))
for bad in ["", "abc", "1.5", "0x10", "12 34", "--1", "1__0", "_1"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    int("12", 1)
except ValueError as e:
    print("ValueError:", e)
try:
    int([1])
except TypeError as e:
    print("TypeError:", e)
try:
    int(None)
except TypeError as e:
    print("TypeError:", e)
print(format(255, "x"), format(255, "08b"), format(-42, "d"), format(1234567, ","), format(42, ">6"))
