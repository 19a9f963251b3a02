import sys
def main():
    data = sys.stdin.read().split()
    n, cap = int(data[0]), int(data[1])
    items = [(int(data[2 + 2 * i]), int(data[3 + 2 * i])) for i in range(n)]
    best = [0] * (cap + 1)
    for weight, value in items:
        for c in range(cap, weight - 1, -1):
            cand = best[c - weight] + value
            if cand > best[c]:
                best[c] = cand
    print(best[cap])
    print(max(best), best.index(best[cap]))
main()
