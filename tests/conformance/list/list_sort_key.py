people = [("alice", 31, 5.5), ("bob", 25, 6.1), ("carol", 31, 5.2), ("dave", 25, 5.9), ("eve", 40, 5.5)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted(people, key=lambda p: p[2], reverse=True))
nums = [5, -3, 2, -8, 0, 7, -1]
print(sorted(nums), sorted(nums, key=abs), sorted(nums, reverse=True), sorted(nums, key=lambda x: x * x, reverse=True))
stable = sorted([(1, "b"), (0, "z"), (1, "a"), (0, "y")], key=lambda t: t[0])
print(stable)
words = "the Quick brown fox Jumped over The lazy dog".split()
words.sort(key=str.lower)
print(words)
big = [(i * 7919) % 1009 for i in range(1000)]
big.sort()
print(big[:10], big[-5:], all(big[i] <= big[i + 1] for i in range(len(big) - 1)))
try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError:", e)
print(sorted([[3, 1], [2, 9], [3, 0], [2]]), sorted("hello"), sorted({3: 1, 1: 2}), sorted((2.5, 1, True)))
