import sys
print("exit with True means 1")
sys.exit(True)
