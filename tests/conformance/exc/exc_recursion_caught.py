def walk(n):
    return walk(n + 1) + 1
try:
    walk(0)
except RecursionError as e:
    print(type(e).__name__, "|", e)
def nested(d):
    return [nested(d + 1)]
try:
    nested(0)
except RecursionError:
    print("nested list recursion caught")
def safe_depth(n):
    try:
        return safe_depth(n + 1)
    except RecursionError:
        return n
d = safe_depth(0)
print(900 < d < 1000)
print("continues normally:", sum(range(10)))
