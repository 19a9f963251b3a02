# A class with a built-in base and a Python base finds dunders along the whole MRO.
class E:
    def __contains__(self, x):
        return True

    def __str__(self):
        return 'E-str'

    def __len__(self):
        return 7

    def __call__(self):
        return 'called'

    def __bool__(self):
        return False


class N(int, E): pass


n = N(3)
print(1 in n, bool(n), str(n), repr(n), len(n), n(), n + 1, f'{n}', n == 3)


class L(list, E): pass


lst = L([1])
print(5 in lst, str(lst), len(lst), list(lst), lst[0], lst(), bool(lst))


class S(str, E): pass


s = S('ab')
print('z' in s, str(s), len(s), s[0], s == 'ab', s.upper(), bool(s), bool(n))


class F(float, E): pass


print(str(F(1.5)), F(2.0) * 2, 'q' in F(0.5))
