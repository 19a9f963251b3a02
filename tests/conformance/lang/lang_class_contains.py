class Range2:
    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi
    def __contains__(self, x):
        print("contains", x)
        return self.lo <= x < self.hi

r = Range2(1, 5)
print(3 in r, 7 in r, 7 not in r)

class IterOnly:
    def __iter__(self):
        return iter([1, 2, 3])
print(2 in IterOnly(), 9 in IterOnly())

class GetItemOnly:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError
        return i * 10
print(20 in GetItemOnly(), 25 in GetItemOnly())
print(list(GetItemOnly()))

class Nothing:
    pass
try:
    1 in Nothing()
except TypeError as e:
    print(type(e).__name__, e)
