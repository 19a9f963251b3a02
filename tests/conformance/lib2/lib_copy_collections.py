# copy/deepcopy of collections types, dict subclasses, exceptions, namedtuples, compiled patterns
import copy, collections
d = collections.defaultdict(list); d['a'].append(1)
d2 = copy.deepcopy(d); d2['a'].append(2); d2['b']
print(d, d2, type(d2).__name__)
od = collections.OrderedDict(a=1, b=[2]); od2 = copy.deepcopy(od); od2['b'].append(3); print(od, od2)
dq = collections.deque([1, [2]], maxlen=5); dq2 = copy.deepcopy(dq); dq2[1].append(3); print(dq, dq2, copy.copy(dq))
c = collections.Counter('hello'); print(copy.copy(c), copy.deepcopy(c))
P = collections.namedtuple('P', 'x y'); p = P(1, [2]); p2 = copy.deepcopy(p); p2.y.append(3); print(p, p2, copy.copy(p) is p)
class D(dict):
    pass
x = D(a=[1]); x.attr = 5; y = copy.deepcopy(x); print(type(y).__name__, y, y.attr, y['a'] is x['a'])
class E(Exception):
    pass
e = copy.deepcopy(E('msg', [1])); print(repr(e), e.args)
import re
print(copy.deepcopy(re.compile('a')) == re.compile('a'))
f = lambda: 1
print(copy.deepcopy(f) is f, copy.copy(int) is int, copy.deepcopy([1.5, 2j, None, True, b'x', 'y', (1,)]))
class S:
    def __init__(self): self.x = 1
    def __eq__(self, o): return self.x == o.x
    __hash__ = None
print(copy.copy(S()) == S(), copy.deepcopy({'k': S()})['k'].x)
