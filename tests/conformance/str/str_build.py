parts = []
for i in range(1, 21):
    if i % 15 == 0:
        parts.append("FizzBuzz")
    elif i % 3 == 0:
        parts.append("Fizz")
    elif i % 5 == 0:
        parts.append("Buzz")
    else:
        parts.append(str(i))
print(" ".join(parts))
s = ""
for c in "abcdef":
    s = c + s + c
print(s, len(s))
acc = ""
for i in range(1000):
    acc += chr(ord("a") + i % 26)
print(acc[:30], len(acc), acc.count("z"))
rows = ["".join("#" if (r + c) % 2 == 0 else "." for c in range(8)) for r in range(4)]
print("\n".join(rows))
print(str(12) + str(3.5) + str(None) + str([1, "a"]) + str((1,)) + str({"k": "v"}))
