import sys
records = []
n = int(sys.stdin.readline())
for _ in range(n):
    name, dept, salary, age = sys.stdin.readline().split()
    records.append((name, dept, int(salary), int(age)))
records.sort(key=lambda r: (r[1], -r[2], r[0]))
for name, dept, salary, age in records:
    print(f"{dept:<8}{name:<10}{salary:>8}{age:>4}")
by_dept = {}
for r in records:
    by_dept.setdefault(r[1], []).append(r[2])
for dept in sorted(by_dept):
    s = by_dept[dept]
    print(dept, len(s), sum(s), f"{sum(s) / len(s):.2f}")
