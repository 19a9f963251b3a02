# Word count: builds a deterministic text, then splits, normalises and counts words
# with dicts; string methods and dict get/set dominate.
SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ra", "to", "vi", "ze", "po", "qua", "ren"]


def make_text(n_words, seed=12345):
    words = []
    x = seed
    for _ in range(n_words):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        k = 1 + (x >> 16) % 3
        w = "".join(SYLLABLES[(x >> (4 * i)) % len(SYLLABLES)] for i in range(k))
        if x % 11 == 0:
            w = w.capitalize() + ","
        elif x % 13 == 0:
            w += "."
        words.append(w)
    return " ".join(words)


def count(text):
    counts = {}
    for line in text.split("."):
        for raw in line.split():
            w = raw.strip(",.").lower()
            counts[w] = counts.get(w, 0) + 1
    return counts


text = make_text(400000)
counts = count(text)
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
print("distinct:", len(counts), "total:", sum(counts.values()))
print("checksum:", top)
