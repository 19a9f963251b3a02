def add_item(item, target=None):
    if target is None:
        target = []
    target.append(item)
    return target
print(add_item(1), add_item(2))
def bad_default(item, target=[]):
    target.append(item)
    return target
print(bad_default(1), bad_default(2), bad_default(3))
a = [1, 2, 3]
def mutate(x):
    x[0] = "changed"
    x = [9, 9]
    return x
print(mutate(a), a)
rows = [[0] * 3 for _ in range(3)]
rows[0][0] = 5
print(rows)
copy = [r[:] for r in rows]
copy[1][1] = 7
print(rows, copy)
x = [1]
x.append(x)
print(x, len(x))
