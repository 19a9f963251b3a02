def solve(n):
    count = 0
    first = None
    cols = [0] * n
    def place(row, used_cols, d1, d2):
        nonlocal count, first
        if row == n:
            count += 1
            if first is None:
                first = cols[:]
            return
        for c in range(n):
            if c in used_cols or (row - c) in d1 or (row + c) in d2:
                continue
            cols[row] = c
            used_cols.add(c); d1.add(row - c); d2.add(row + c)
            place(row + 1, used_cols, d1, d2)
            used_cols.discard(c); d1.discard(row - c); d2.discard(row + c)
    place(0, set(), set(), set())
    return count, first
n = int(input())
count, first = solve(n)
print(count)
for c in first:
    print("".join("Q" if i == c else "." for i in range(n)))
