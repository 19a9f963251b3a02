import bisect as bs
import collections
import functools
import heapq as hq
import itertools
import operator
from itertools import *
from heapq import *

print(collections.Counter("aa"), functools.reduce(operator.add, [1, 2]), hq.nlargest(1, [3, 4]))
print(list(itertools.islice(count(), 3)), list(permutations("ab")))
h = []
heappush(h, 3)
heappush(h, 1)
print(heappop(h), bs.bisect([1, 2, 3], 2))
print(sorted(heapq_name for heapq_name in dir(hq) if not heapq_name.startswith("_")))
print(hasattr(operator, "itemgetter"), hasattr(functools, "lru_cache"), hasattr(itertools, "pairwise"))
import collections as c2
print(c2 is collections)
