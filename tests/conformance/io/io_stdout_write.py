import sys
n = sys.stdout.write("hello ")
m = sys.stdout.write("world\n")
print(n, m)
sys.stdout.write("".join(str(i) for i in range(10)) + "\n")
sys.stderr.write("error line 1\n")
sys.stdout.write("é✓\n")
out = []
for i in range(5):
    out.append(f"{i}:{i * i}")
sys.stdout.write("\n".join(out) + "\n")
sys.stdout.flush()
print(sys.stdout.write(""))
try:
    sys.stdout.write(5)
except TypeError as e:
    print("TypeError:", e)
