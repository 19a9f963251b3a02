class P:
    def __init__(self, x):
        self.x = x
    def __eq__(self, other):
        return isinstance(other, P) and self.x == other.x

print(P.__hash__)
try:
    hash(P(1))
except TypeError as e:
    print(type(e).__name__, e)
try:
    {P(1)}
except TypeError as e:
    print(type(e).__name__, e)
try:
    d = {P(1): 2}
except TypeError as e:
    print(type(e).__name__, e)
print(P(1) == P(1), P(1) != P(2), P(1) in [P(0), P(1)])

class Q(P):
    __hash__ = object.__hash__
print(hash(Q(1)) == hash(Q(1)) or True, type(hash(Q(1))).__name__)

class R:
    __hash__ = None
try:
    hash(R())
except TypeError as e:
    print(e)
