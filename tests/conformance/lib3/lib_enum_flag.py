from enum import Flag, auto

class Perm(Flag):
    R = auto()
    W = auto()
    X = auto()

rw = Perm.R | Perm.W
print(rw, repr(rw), rw.value, rw.name)
print(Perm.R in rw, Perm.X in rw, len(rw), list(rw))
print(bool(Perm.R & Perm.W), repr(Perm.R & Perm.W), str(Perm(0)))
print(repr(~Perm.R), repr(~rw), repr(Perm.R ^ rw))
print(Perm(7), repr(Perm(5)), list(Perm))
print(rw == Perm(3), rw is Perm(3))
try:
    Perm(8)
except ValueError as e:
    print(e)

class Color(Flag):
    RED = 1
    GREEN = 2
    BLUE = 4
    WHITE = RED | GREEN | BLUE
print(list(Color), repr(Color.WHITE), Color(7), repr(Color.RED | Color.BLUE))
print(Color.WHITE.value, len(Color.WHITE))
