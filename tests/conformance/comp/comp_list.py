print([x * x for x in range(10)])
print([x for x in range(30) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[x * y for y in range(1, 4)] for x in range(1, 4)])
print([c.upper() for c in "hello" if c not in "l"])
print([i if i % 2 else -i for i in range(6)])
words = ["apple", "bob", "kayak", "level", "python"]
print([w for w in words if w == w[::-1]], [len(w) for w in words])
x = "outer"
print([x for x in "ab"], x)
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print([n for n in range(2, 50) if all(n % d for d in range(2, int(n ** 0.5) + 1))])
