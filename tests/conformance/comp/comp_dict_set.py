squares = {x: x * x for x in range(6)}
print(squares)
print({v: k for k, v in squares.items() if v % 2})
print({x % 5 for x in range(20)}, {c for c in "aabbcc"} == {"a", "b", "c"})
words = "one two three four five six".split()
by_first = {w[0]: [v for v in words if v[0] == w[0]] for w in words}
print(by_first)
print({i: {j: i * j for j in range(3)} for i in range(2)})
print(sorted({len(w) for w in words}), {(a, b) for a in range(2) for b in range(2)} == {(0, 0), (0, 1), (1, 0), (1, 1)})
