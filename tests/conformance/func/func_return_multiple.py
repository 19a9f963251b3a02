def stats(xs):
    n = len(xs)
    mean = sum(xs) / n
    var = sum((x - mean) ** 2 for x in xs) / n
    return n, mean, var, min(xs), max(xs)
n, mean, var, lo, hi = stats([2, 4, 4, 4, 5, 5, 7, 9])
print(n, mean, var, lo, hi)
print(stats([1]))
def early(x):
    if x < 0:
        return
    if x == 0:
        return None
    for i in range(x):
        if i * i > x:
            return i
    return "big"
print(early(-1), early(0), early(50), early(2))
def gen_like():
    result = []
    for i in range(3):
        result.append(i)
    return result, len(result)
(items, count) = gen_like()
print(items, count)
