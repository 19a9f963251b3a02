cases = [
    lambda: [][0],
    lambda: [1, 2][2],
    lambda: [1][-2],
    lambda: (1, 2, 3)[5],
    lambda: "abc"[3],
    lambda: range(3)[3],
    lambda: [].pop(),
    lambda: [1].pop(4),
    lambda: b"ab"[9],
    lambda: bytearray(2)[2],
]
for c in cases:
    try:
        c()
    except IndexError as e:
        print(type(e).__name__, e)
def setit():
    l = [1]
    l[3] = 0
def delit():
    l = [1]
    del l[5]
for c in (setit, delit):
    try:
        c()
    except IndexError as e:
        print(type(e).__name__, e)
try:
    [][0]
except LookupError as e:
    print("LookupError catches", type(e).__name__)
print([1, 2][5:], "abc"[10:])
