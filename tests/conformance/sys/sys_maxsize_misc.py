import sys
print(sys.maxsize, sys.maxsize == 2 ** 63 - 1, sys.version_info[0], sys.version_info[:2] >= (3, 11))
print(sys.stdin is sys.__stdin__ or True, hasattr(sys, "stdout"), sys.byteorder)
