# sys.stdin / sys.stdout replaced by io.StringIO (judge-style input redirection)
import io
import sys

sys.stdin = io.StringIO("3\n10 20 30\nhello world\n")
n = int(sys.stdin.readline())
nums = list(map(int, sys.stdin.readline().split()))
rest = sys.stdin.read()
print(n, sum(nums), repr(rest))

sys.stdin = io.StringIO("5\n1 2 3 4 5\n")
data = sys.stdin.read().split()
print(int(data[0]), sum(map(int, data[1:])))

old = sys.stdout
sys.stdout = io.StringIO()
print("captured", 42)
print("more")
captured = sys.stdout.getvalue()
sys.stdout = old
print(repr(captured))
lines = io.StringIO("x 1\ny 2\nz 3\n")
print({k: int(v) for k, v in (line.split() for line in lines)})
