import sys
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(depth(900))
try:
    depth(100000)
except RecursionError as e:
    print("RecursionError:", e)
def forever():
    return forever()
try:
    forever()
except RecursionError:
    print("caught infinite recursion")
print(depth(500))
sys.setrecursionlimit(5000)
print(depth(4000))
try:
    depth(10 ** 6)
except RecursionError as e:
    print("again:", type(e).__name__, isinstance(e, RuntimeError))
