n = 3
grid = [[(r, c) for c in range(n)] for r in range(n)]
print(grid[2])
diag = [grid[i][i] for i in range(n)]
print(diag)
names = ["x", "y"]
print({name: [name * k for k in range(3)] for name in names})
print([[y for y in range(x)] for x in range(4)])
def f(limit):
    return [i for i in range(limit) if i % limit == 0 or i == limit - 1]
print(f(5))
acc = []
print([acc.append(i) for i in range(3)], acc)
