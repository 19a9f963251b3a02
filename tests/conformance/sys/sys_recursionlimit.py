import sys
print(sys.getrecursionlimit())
def depth(n):
    return n if n == 0 else depth(n - 1) + 1
sys.setrecursionlimit(3000)
print(sys.getrecursionlimit(), depth(2500))
sys.setrecursionlimit(100)
try:
    depth(200)
except RecursionError:
    print("limit 100 enforced")
print(depth(50))
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print("ValueError:", e)
