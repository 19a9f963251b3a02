import sys
from collections import Counter, defaultdict

words = sys.stdin.read().split()
groups = defaultdict(list)
for w in words:
    groups[tuple(sorted(Counter(w).items()))].append(w)
for key in sorted(groups, key=lambda k: (-len(groups[k]), groups[k][0])):
    print(len(groups[key]), " ".join(groups[key]))


def is_anagram(a, b):
    return Counter(a) == Counter(b)


print(is_anagram("listen", "silent"), is_anagram("abc", "abd"))


def min_window(s, t):
    need = Counter(t)
    missing = len(t)
    left = start = end = 0
    for right, ch in enumerate(s, 1):
        if need[ch] > 0:
            missing -= 1
        need[ch] -= 1
        if missing == 0:
            while need[s[left]] < 0:
                need[s[left]] += 1
                left += 1
            if not end or right - left < end - start:
                start, end = left, right
            need[s[left]] += 1
            missing += 1
            left += 1
    return s[start:end]


print(min_window("ADOBECODEBANC", "ABC"), repr(min_window("a", "aa")))
letters = Counter("".join(words))
print(letters.most_common(5))
