import sys
PAIRS = {")": "(", "]": "[", "}": "{"}
def check(s):
    stack = []
    for i, ch in enumerate(s):
        if ch in "([{":
            stack.append((ch, i))
        elif ch in PAIRS:
            if not stack or stack[-1][0] != PAIRS[ch]:
                return f"mismatch at {i}"
            stack.pop()
    if stack:
        return f"unclosed at {stack[-1][1]}"
    return "ok"
for line in sys.stdin.read().splitlines():
    print(repr(line), check(line))
