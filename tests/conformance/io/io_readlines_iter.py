import sys
header = next(sys.stdin)
print("header:", header.strip())
count = 0
for line in sys.stdin:
    count += 1
    if count > 2:
        break
    print(count, repr(line))
remaining = sys.stdin.readlines()
print(remaining)
print(sys.stdin.readlines())
