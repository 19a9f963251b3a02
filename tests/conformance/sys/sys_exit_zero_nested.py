import sys
def deep(n):
    if n == 0:
        try:
            sys.exit(0)
        finally:
            print("finally runs during exit")
    deep(n - 1)
deep(5)
