# Nested integer loops with arithmetic, comparisons and a list accumulator.
def work(n):
    total = 0
    counts = [0] * 7
    for i in range(n):
        for j in range(50):
            x = (i * j + 7) % 1009
            if x & 1:
                total += x
            else:
                total -= x >> 1
            counts[x % 7] += 1
    return total, counts


t, c = work(120000)
print("checksum:", t, c)
