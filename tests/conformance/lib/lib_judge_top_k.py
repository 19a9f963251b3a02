import heapq
import sys
from collections import Counter

words = sys.stdin.read().split()
k = int(words[0])
words = words[1:]
cnt = Counter(words)
print(cnt.most_common(k))
print(heapq.nsmallest(k, cnt, key=lambda w: (-cnt[w], w)))
print(heapq.nlargest(k, cnt.items(), key=lambda kv: kv[1]))
freq_buckets = {}
for w, c in cnt.items():
    freq_buckets.setdefault(c, []).append(w)
print(sorted(freq_buckets.items(), reverse=True)[:3])
print(Counter(len(w) for w in words).most_common())
