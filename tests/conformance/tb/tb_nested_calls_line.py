def inner(x):
    return 100 // x

def outer(x):
    return inner(x) + inner(x - 1)

results = []
for i in range(3, -1, -1):
    results.append(outer(i))
    print(results)
