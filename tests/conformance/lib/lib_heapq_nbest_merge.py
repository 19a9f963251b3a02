import heapq

data = [7, 1, 8, 2, 9, 3, 3, 7, 0]
print(heapq.nlargest(3, data), heapq.nsmallest(3, data))
print(heapq.nlargest(0, data), heapq.nsmallest(-1, data), heapq.nlargest(100, data))
words = ["pear", "fig", "banana", "kiwi", "apple", "plum"]
print(heapq.nsmallest(3, words, key=len), heapq.nlargest(3, words, key=len))
print(heapq.nlargest(2, iter(range(10))))
print(list(heapq.merge([1, 3, 5, 7], [0, 2, 4, 8], [5, 6])))
print(list(heapq.merge()), list(heapq.merge([], [1]), ))
print(list(heapq.merge(["b", "dd"], ["a", "ccc"], key=len)))
print(list(heapq.merge([9, 5, 1], [8, 2], reverse=True)))
print(list(heapq.merge([(1, "x"), (3, "y")], [(1, "a"), (2, "b")])))
