import sys
print(repr(sys.stdin.read()), repr(sys.stdin.readline()), sys.stdin.readlines())
for line in sys.stdin:
    print("never")
try:
    input("prompt> ")
except EOFError:
    print("EOFError on empty stdin")
