def avg(xs):
    return sum(xs) / len(xs)

def report(groups):
    for g in groups:
        print(g, avg(g))

report([[1, 2, 3], [4], []])
