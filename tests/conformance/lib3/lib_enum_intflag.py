from enum import IntFlag

class Perm(IntFlag):
    R = 4
    W = 2
    X = 1

rw = Perm.R | Perm.W
print(rw, repr(rw), rw == 6, rw + 1, isinstance(rw, int))
print(repr(Perm.R | 8), repr(Perm(0)), repr(~Perm.R))
print(Perm.R in rw, Perm.X in rw, list(rw))
print(repr(Perm(7)), str(Perm(7)), format(Perm.R, 'b'))
print(repr(rw & Perm.W), repr(rw ^ 1))
print(sorted([Perm.R, Perm.X, Perm.W]))
