import sys
text = sys.stdin.read().lower()
cleaned = "".join(c if c.isalpha() or c.isspace() else " " for c in text)
counts = {}
for w in cleaned.split():
    counts[w] = counts.get(w, 0) + 1
ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
for w, c in ranked[:10]:
    print(f"{c:4d} {w}")
print("distinct:", len(counts), "total:", sum(counts.values()))
longest = max(counts, key=lambda w: (len(w), w))
print("longest:", longest)
