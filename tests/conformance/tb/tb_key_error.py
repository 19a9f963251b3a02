inventory = {"apple": 3, "pear": 0}

def take(item, n):
    stock = inventory[item]
    inventory[item] = stock - n
    return inventory[item]

print(take("apple", 1))
print(take("banana", 1))
