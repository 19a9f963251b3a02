from collections import UserDict, UserList, UserString
import collections
u = UserDict({'a': 1}); print(u, repr(u), len(u), u['a'], dict(u), u.data, u.get('z', 3), 'a' in u)
u['b'] = 2; del u['a']; u.update(c=3); print(u, list(u), sorted(u.items()), u.pop('b'), u.setdefault('d', 4), u)
print(u == {'c': 3, 'd': 4}, UserDict(x=1) | {'y': 2}, u.copy(), type(u.copy()).__name__)
l = UserList([1, 2]); print(l, l + [3], l * 2, l[0], l[:1], type(l[:1]).__name__, l == [1, 2], [0] + l)
l.append(5); l.extend(UserList([7])); l.sort(reverse=True); print(l, len(l), 5 in l, l.pop(), l.index(5), l.count(2), list(reversed(l)))
s = UserString('ab'); print(s, repr(s), s.upper(), type(s.upper()).__name__, s + 'c', s[0], type(s[0]).__name__, s.split('a'), '-'.join(['x', 'y']), s.join('xyz'), type(s.join('xyz')).__name__)
print(s == 'ab', s < 'b', 'a' in s, len(s), s * 2, s.startswith('a'), s.find('b'), s.replace('a', 'z'))
print(collections.__all__)
class D(UserDict):
    def __missing__(self, k): return 0
print(D()['x'])
class Stack(UserList):
    def push(self, x): self.append(x)
st = Stack(); st.push(1); st.push(2); print(st, st.pop(), st)
from collections import *
print(deque, Counter, UserList)
