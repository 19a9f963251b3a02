text = """it was the best of times it was the worst of times it was the age of wisdom
it was the age of foolishness it was the epoch of belief"""
freq = {}
for w in text.split():
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
for w, c in top:
    print(f"{w:>12} {c}")
letters = {}
for ch in text:
    if ch.isalpha():
        letters[ch] = letters.get(ch, 0) + 1
print(sorted(letters.items(), key=lambda kv: -kv[1])[:5], len(letters))
by_len = {}
for w in set(text.split()) and sorted(set(text.split())):
    by_len.setdefault(len(w), []).append(w)
print({k: by_len[k] for k in sorted(by_len)})
