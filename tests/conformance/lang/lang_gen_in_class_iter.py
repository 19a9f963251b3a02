class Matrix:
    def __init__(self, rows):
        self.rows = rows
    def __iter__(self):
        for row in self.rows:
            yield from row
    def columns(self):
        for j in range(len(self.rows[0])):
            yield [r[j] for r in self.rows]
    def __reversed__(self):
        for row in reversed(self.rows):
            yield from reversed(row)

m = Matrix([[1, 2, 3], [4, 5, 6]])
print(list(m), list(m.columns()), list(reversed(m)))
print(sum(m), max(m), sorted(m, key=lambda v: -v)[:2])
it = iter(m)
print(next(it), next(it), list(it))
