def label(count, unit):
    return count + " " + unit

def describe(n):
    return label(n, "items")

print("start")
print(describe(3))
