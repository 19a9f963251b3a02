class Squares:
    def __getitem__(self, i):
        if i >= 5:
            raise IndexError(i)
        return i * i
s = Squares()
print(list(s), 16 in s, sum(s))
for i, v in enumerate(s):
    if i == 2:
        print("third", v)
it = iter(s)
print(next(it), next(it), type(it).__name__)
a, b, *rest = s
print(a, b, rest)
