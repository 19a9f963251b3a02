# Instances of subclasses of str / tuple / bytes (variable-size built-ins) get a __dict__.
for base in (str, int, tuple, bytes, float, list, frozenset):
    class S(base):
        pass
    s = S()
    s.x = 1
    print(base.__name__, s.x, s.__dict__, vars(s))


class S(str): pass
class T(tuple):
    __slots__ = ()
class U(tuple): pass
class V(S): pass


keep = []
for i in range(20000):
    s = S('v%d' % i)
    s.n = i
    s.blob = [i] * 3
    if i % 100 == 0:
        keep.append(s)
    u = U((i,))
    u.tag = str(i)
junk = [[i] for i in range(100000)]
del junk
print(len(keep), all(k.n == int(k[1:]) for k in keep), keep[5].blob, keep[-1].__dict__)
print(sum(k.n for k in keep))
try:
    T((1,)).x = 1
except AttributeError as e:
    print(e)
v = V('q')
v.a = 1
v.__dict__['b'] = 2
print(v.a, v.b, vars(v), 'a' in dir(v))
v.__dict__ = {'z': 9}
print(v.z, hasattr(v, 'a'))
del v.z
try:
    del v.z
except AttributeError as e:
    print(e)
print('__dict__' in S.__dict__, '__dict__' in V.__dict__, '__dict__' in T.__dict__)
print(S('a') == 'a', hash(S('a')) == hash('a'), S('ab').upper(), type(S('ab') + 'c').__name__)
