import sys
def longest_pal(s):
    best = ""
    for center in range(2 * len(s) - 1):
        l, r = center // 2, (center + 1) // 2
        while l >= 0 and r < len(s) and s[l] == s[r]:
            l -= 1
            r += 1
        if r - l - 1 > len(best):
            best = s[l + 1:r]
    return best
for line in sys.stdin:
    s = line.rstrip("\n")
    norm = "".join(c.lower() for c in s if c.isalnum())
    print(f"{s!r}: palindrome={norm == norm[::-1]} longest={longest_pal(s)!r}")
