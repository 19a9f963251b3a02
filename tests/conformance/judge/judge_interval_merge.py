import sys
lines = sys.stdin.read().strip().split("\n")
n = int(lines[0])
intervals = [tuple(map(int, l.split())) for l in lines[1:n + 1]]
intervals.sort()
merged = []
for s, e in intervals:
    if merged and s <= merged[-1][1]:
        merged[-1][1] = max(merged[-1][1], e)
    else:
        merged.append([s, e])
print(len(merged))
for s, e in merged:
    print(s, e)
print("covered:", sum(e - s for s, e in merged))
