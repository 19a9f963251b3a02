def countdown(n):
    if n == 0:
        return 0
    return countdown(n - 1) + 1

print(countdown(10))
countdown(10 ** 6)
