def memoize(f):
    cache = {}
    def wrapper(*args):
        if args in cache:
            return cache[args]
        result = cache[args] = f(*args)
        return result
    wrapper.cache = cache
    return wrapper

@memoize
def grid_paths(r, c):
    if r == 0 or c == 0:
        return 1
    return grid_paths(r - 1, c) + grid_paths(r, c - 1)

print(grid_paths(16, 16), len(grid_paths.cache))

@memoize
def edit(a, b):
    if not a: return len(b)
    if not b: return len(a)
    if a[0] == b[0]: return edit(a[1:], b[1:])
    return 1 + min(edit(a[1:], b), edit(a, b[1:]), edit(a[1:], b[1:]))
print(edit("kitten", "sitting"), edit("flaw", "lawn"))
