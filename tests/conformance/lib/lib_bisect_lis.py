import sys
from bisect import bisect_left, bisect_right


def lis_length(seq):
    tails = []
    for x in seq:
        i = bisect_left(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return len(tails)


def longest_non_decreasing(seq):
    tails = []
    for x in seq:
        i = bisect_right(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return len(tails)


def lis_sequence(seq):
    tails, tails_idx, prev = [], [], [-1] * len(seq)
    for i, x in enumerate(seq):
        j = bisect_left(tails, x)
        if j == len(tails):
            tails.append(x)
            tails_idx.append(i)
        else:
            tails[j] = x
            tails_idx[j] = i
        prev[i] = tails_idx[j - 1] if j else -1
    out, k = [], tails_idx[-1] if tails_idx else -1
    while k != -1:
        out.append(seq[k])
        k = prev[k]
    return out[::-1]


data = sys.stdin.read().split()
t = int(data[0])
pos = 1
for _ in range(t):
    n = int(data[pos])
    seq = list(map(int, data[pos + 1:pos + 1 + n]))
    pos += 1 + n
    print(lis_length(seq), longest_non_decreasing(seq), *lis_sequence(seq))
