import sys
first = sys.stdin.readline()
print(repr(first))
n = int(first)
rows = []
for _ in range(n):
    rows.append(sys.stdin.readline().rstrip("\n"))
print(rows)
rest = sys.stdin.readline()
print(repr(rest))
print(repr(sys.stdin.readline()), repr(sys.stdin.readline()))
