# io.BytesIO basics
import io

b = io.BytesIO(b"line1\nline2\nrest")
print(b.readline(), b.read(3), b.tell(), b.read(), b.read())
b.seek(0)
print(b.readlines())
w = io.BytesIO()
print(w.write(b"abc"), w.write(bytearray(b"def")), w.getvalue(), w.tell())
w.seek(1)
w.write(b"XY")
print(w.getvalue(), list(io.BytesIO(b"a\nb")))
try:
    w.write("str")
except TypeError as e:
    print("TypeError:", e)
with io.BytesIO(b"z") as f:
    print(f.read())
try:
    f.read()
except ValueError as e:
    print("ValueError:", e)
