import sys
data = sys.stdin.read()
print(repr(data[:20]), len(data))
tokens = data.split()
print(len(tokens), tokens[:5])
nums = [int(t) for t in tokens if t.lstrip("-").isdigit()]
print(sum(nums), max(nums), min(nums))
print(repr(sys.stdin.read()))
