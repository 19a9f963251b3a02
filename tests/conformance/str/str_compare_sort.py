words = ["banana", "Apple", "cherry", "apple", "Banana", "date", "", "a", "ab"]
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=len))
print(sorted(words, key=lambda w: (-len(w), w)))
print(max(words), min(words), max(words, key=len))
print("abc" < "abd", "abc" < "ab", "a" < "B", "Z" < "a", "10" < "9", "é" > "e")
print("abc" == "abc", "a" * 3 == "aaa", "x" != "X")
counts = {}
for w in "the quick brown fox jumps over the lazy dog the end".split():
    counts[w] = counts.get(w, 0) + 1
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
