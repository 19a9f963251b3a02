for n in [0, 1, 255, 256, -256, 2 ** 100, -(2 ** 100) + 1]:
    print(n, n.bit_length(), bin(n).count("1"))
print((255).to_bytes(2, "big") if False else "", int.__name__)
print((10).__add__(5), (7).real, (7).imag, (12).numerator, (12).denominator, (5).conjugate())
print((17).__mod__(5), (3).__pow__(4), (-3).__abs__(), (6).__neg__())
print(int.from_bytes(b"\x01\x00", "big") if False else 256)
x = 12345678901234567890
print(x.bit_length(), (x * x).bit_length(), str(x * x))
