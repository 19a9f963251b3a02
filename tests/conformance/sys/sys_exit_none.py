import sys
def main():
    print("main done")
    sys.exit()
main()
print("unreachable")
