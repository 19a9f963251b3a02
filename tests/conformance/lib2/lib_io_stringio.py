# io.StringIO: write/read/readline/readlines/seek/tell/iteration/with/getvalue
import io

s = io.StringIO()
print(s.write("hello "), s.write("world\n"), s.write(""), s.tell())
s.write("second line\nthird")
print(repr(s.getvalue()))
s.seek(0)
print(repr(s.readline()), repr(s.read(6)), repr(s.readline()), repr(s.readline()), repr(s.readline()), s.tell())
s.seek(0)
print(s.readlines())
s.seek(0)
print([line.rstrip("\n") for line in s])
s.seek(6)
s.write("WORLD")
print(repr(s.getvalue()))
r = io.StringIO("a\nb\nc")
print(r.read(), repr(r.read()), r.tell(), r.seek(0, 2), r.seek(1), r.read(1))
with io.StringIO("ctx") as f:
    print(f.read(), f.closed)
print(f.closed)
try:
    f.getvalue()
except ValueError as e:
    print("ValueError:", e)
try:
    io.StringIO().write(5)
except TypeError as e:
    print("TypeError:", e)
buf = io.StringIO()
print("to buffer", 1, 2, sep="-", file=buf)
print(repr(buf.getvalue()), io.StringIO("x").readable(), io.StringIO().writable(), io.StringIO().seekable())
w = io.StringIO("abc")
w.truncate(1)
print(repr(w.getvalue()), repr(io.StringIO(None).getvalue()), io.StringIO("l1\nl2\n").readlines(1))
