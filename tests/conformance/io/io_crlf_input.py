import sys
lines = sys.stdin.read().split("\n")
print([repr(l) for l in lines])
print([l.strip() for l in lines])
