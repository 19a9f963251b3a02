class Grid:
    def __init__(self):
        self.cells = {}
    def __getitem__(self, pos):
        r, c = pos
        return self.cells.get((r, c), ".")
    def __setitem__(self, pos, v):
        self.cells[pos] = v
    def __delitem__(self, pos):
        del self.cells[pos]

g = Grid()
g[0, 1] = "#"
g[2, 2] = "@"
for r in range(3):
    print("".join(g[r, c] for c in range(3)))
del g[0, 1]
print(g[0, 1])
try:
    del g[5, 5]
except KeyError as e:
    print(type(e).__name__, e)

class Weird:
    def __getitem__(self, k):
        return repr(k)
w = Weird()
print(w[1], w[1, 2], w[1:2], w[..., 1], w[:, ::2], w["a"])
