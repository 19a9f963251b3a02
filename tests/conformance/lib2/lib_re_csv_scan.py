# scanning quoted CSV fields with a regex, and a word-frequency count
import re

FIELD = re.compile(r'\s*(?:"((?:[^"]|"")*)"|([^,]*))\s*(,|$)')

def parse_line(line):
    out = []
    pos = 0
    while True:
        m = FIELD.match(line, pos)
        quoted, plain, sep = m.groups()
        out.append(quoted.replace('""', '"') if quoted is not None else plain.strip())
        pos = m.end()
        if not sep:
            break
    return out

for line in ['a,b,c', '"x, y",2,"say ""hi"""', ' 1 , "two" ,', '', 'single']:
    print(parse_line(line))

text = """It was the best of times, it was the worst of times; it was the age of wisdom,
it was the age of foolishness... It was the epoch of belief!"""
freq = {}
for w in re.findall(r"[a-z']+", text.lower()):
    freq[w] = freq.get(w, 0) + 1
print(sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:6])
print(re.split(r"(?<=[.!?;])\s+", text.replace("\n", " ")))
