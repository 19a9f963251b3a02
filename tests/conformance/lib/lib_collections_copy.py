import copy
from collections import deque, defaultdict, Counter, OrderedDict, namedtuple
P = namedtuple('P', 'x y')
d = deque([[1], [2]], 5)
dd = defaultdict(list, {1: [2]})
c = Counter('aab')
od = OrderedDict([('a', [1])])
p = P([1], 2)
for obj in (d, dd, c, od, p):
    s = copy.copy(obj); dp = copy.deepcopy(obj)
    print(type(s).__name__, s, dp, s == obj, dp == obj)
dp = copy.deepcopy(d); dp[0].append(9); print(d, dp, dp.maxlen)
x = copy.deepcopy(dd); x[1].append(3); x[5]; print(dd, x)
r = deque([1, 2], 4).__reduce__()
print(r[0], r[1], r[2], list(r[3]))
r = deque("ab").__reduce__()
print(r[0], r[1], r[2], list(r[3]))
r = defaultdict(int, a=1).__reduce__()
print(r[0], r[1], r[2], r[3], list(r[4]))
