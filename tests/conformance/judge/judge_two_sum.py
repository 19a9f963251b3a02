import sys
def main():
    data = sys.stdin.read().split()
    n, target = int(data[0]), int(data[1])
    arr = list(map(int, data[2:2 + n]))
    seen = {}
    pairs = 0
    first = None
    for i, x in enumerate(arr):
        c = seen.get(target - x, 0)
        if c and first is None:
            first = (target - x, x, i)
        pairs += c
        seen[x] = seen.get(x, 0) + 1
    print(pairs)
    print(first)
main()
