import heapq

# Deterministic pseudo-random operations; the list state must match element for element.
seed = 12345


def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) % (1 << 31)
    return seed % n


h = []
checksum = 0
for step in range(3000):
    op = rnd(10)
    if op < 5 or not h:
        heapq.heappush(h, rnd(1000))
    elif op < 8:
        checksum = (checksum * 31 + heapq.heappop(h)) % 1000000007
    elif op < 9:
        checksum = (checksum * 31 + heapq.heapreplace(h, rnd(1000))) % 1000000007
    else:
        checksum = (checksum * 31 + heapq.heappushpop(h, rnd(1000))) % 1000000007
    if step % 500 == 0:
        print(step, len(h), h[:8])
print(checksum, len(h), h[:20])
big = [rnd(100000) for _ in range(5000)]
heapq.heapify(big)
print(big[:30])
print(all(big[i] <= big[c] for i in range(len(big)) for c in (2 * i + 1, 2 * i + 2) if c < len(big)))
