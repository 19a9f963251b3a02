import sys
def lower_bound(a, x):
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo
data = sys.stdin.read().split()
n = int(data[0])
arr = sorted(map(int, data[1:1 + n]))
q = int(data[1 + n])
queries = list(map(int, data[2 + n:2 + n + q]))
res = []
for x in queries:
    i = lower_bound(arr, x)
    found = i < n and arr[i] == x
    res.append(f"{x}: {'found' if found else 'absent'} at {i}")
print("\n".join(res))
def isqrt(v):
    lo, hi = 0, v + 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if mid * mid <= v:
            lo = mid
        else:
            hi = mid
    return lo
print(isqrt(10 ** 40 + 12345), isqrt(99), isqrt(0))
