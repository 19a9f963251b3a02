def total(items):
    return sum(items) + " items"

print("computing")
print(total([1, 2, 3]))
