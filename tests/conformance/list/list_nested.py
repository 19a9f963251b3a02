grid = [[r * 4 + c for c in range(4)] for r in range(3)]
print(grid)
print([row[1] for row in grid], [list(col) for col in zip(*grid)])
flat = [x for row in grid for x in row]
print(flat, sum(flat))
grid[1][1] = "X"
print(grid[1])
shared = [[0] * 2] * 3
shared[0][0] = 1
print(shared)
deep = [1, [2, [3, [4, [5]]]]]
def flatten(x):
    if isinstance(x, list):
        out = []
        for y in x:
            out.extend(flatten(y))
        return out
    return [x]
print(flatten(deep), deep[1][1][1][1][0])
m = [[1, 2], [3, 4]]
n = [[5, 6], [7, 8]]
prod = [[sum(m[i][k] * n[k][j] for k in range(2)) for j in range(2)] for i in range(2)]
print(prod)
print([[1, 2], [3]] == [[1, 2], [3]], [[1]] < [[1, 0]], len([[]]))
