import sys
print("a", "b", "c")
print("a", "b", "c", sep="")
print("a", "b", sep=", ", end=".\n")
print("no newline", end="")
print(" -- continued")
print()
print(1, 2.5, None, True, [1, "x"], sep=" | ")
print(*range(5), sep="\n")
print("to stderr", file=sys.stderr)
print("flushed", flush=True)
print("x", "y", sep=None, end=None)
print("multi\nline", "text")
try:
    print("a", sep=1)
except TypeError as e:
    print("TypeError:", e)
print("", end="")
print("last")
