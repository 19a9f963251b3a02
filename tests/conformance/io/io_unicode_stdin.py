import sys
text = sys.stdin.read()
print(len(text), text.count("é"), text.upper().strip())
for word in text.split():
    print(word, len(word), word[::-1])
