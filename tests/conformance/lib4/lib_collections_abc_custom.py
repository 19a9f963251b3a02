from collections.abc import MutableMapping, Sequence, Set, Iterator, Iterable, Sized


class LowerDict(MutableMapping):
    def __init__(self, *args, **kw):
        self._d = {}
        self.update(*args, **kw)

    def __getitem__(self, k):
        return self._d[k.lower()]

    def __setitem__(self, k, v):
        self._d[k.lower()] = v

    def __delitem__(self, k):
        del self._d[k.lower()]

    def __iter__(self):
        return iter(self._d)

    def __len__(self):
        return len(self._d)


d = LowerDict(A=1, b=2)
d["C"] = 3
print(dict(d), d["a"], "B" in d, d.get("zz", "none"), len(d))
print(d.pop("A"), d.setdefault("D", 4), sorted(d.keys()), sorted(d.values()), sorted(d.items()))
d.update({"E": 5}, F=6)
print(sorted(d), d.popitem(), len(d))
print(d == {"b": 2, "c": 3, "d": 4, "e": 5}, isinstance(d, dict))
d.clear()
print(len(d), dict(d))


class Squares(Sequence):
    def __init__(self, n):
        self.n = n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.n))]
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError("out of range")
        return i * i

    def __len__(self):
        return self.n


s = Squares(6)
print(list(s), s[2], s[-1], s[1:4], 16 in s, 17 in s, s.index(9), s.count(4))
print(list(reversed(s)), max(s), sum(s))


class Bits(Set):
    def __init__(self, it=()):
        self.items = sorted(set(it))

    def __contains__(self, x):
        return x in self.items

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


a, b = Bits([1, 2, 3]), Bits([2, 3, 4])
print(list(a & b), list(a | b), list(a - b), list(a ^ b), a <= Bits([1, 2, 3, 4]), a == Bits([3, 2, 1]))
print(a.isdisjoint(Bits([9])), a < b)


class Countdown(Iterator):
    def __init__(self, n):
        self.n = n

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


print(list(Countdown(3)), isinstance(Countdown(1), Iterable))


class Incomplete(Sequence):
    def __len__(self):
        return 0


try:
    Incomplete()
except TypeError as e:
    print(e)


class Duck:
    def __len__(self):
        return 7


print(isinstance(Duck(), Sized), len(Duck()))
