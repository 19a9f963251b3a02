import sys
pts = [tuple(map(float, line.split())) for line in sys.stdin if line.strip()]
def cross(o, a, b):
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
pts_sorted = sorted(set(pts))
lower, upper = [], []
for p in pts_sorted:
    while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
        lower.pop()
    lower.append(p)
for p in reversed(pts_sorted):
    while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
        upper.pop()
    upper.append(p)
hull = lower[:-1] + upper[:-1]
area = 0.0
perim = 0.0
for i in range(len(hull)):
    x1, y1 = hull[i]
    x2, y2 = hull[(i + 1) % len(hull)]
    area += x1 * y2 - x2 * y1
    perim += ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
print(len(hull))
print("%.6f" % (abs(area) / 2))
print(f"{perim:.6f}")
print(hull[0], min(pts), max(pts, key=lambda p: p[1]))
cx = sum(p[0] for p in pts) / len(pts)
print(round(cx, 4), cx)
