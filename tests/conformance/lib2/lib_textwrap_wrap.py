# textwrap.wrap / fill with widths, indents, long words, hyphens
import textwrap

t = ("The quick brown fox jumps over the lazy dog. Well-known self-explanatory text--with em-dashes "
     "and a verylongwordthatdoesnotfitanywhere in it.  Two  spaces.")
for w in (8, 10, 20, 35, 70):
    print(w, textwrap.wrap(t, w))
print(textwrap.fill(t, 30, initial_indent="* ", subsequent_indent="  "))
print(textwrap.wrap(t, 12, break_long_words=False))
print(textwrap.wrap(t, 15, break_on_hyphens=False))
print(textwrap.wrap("a\tb\tc d", 6), textwrap.wrap("", 5), textwrap.wrap("   ", 5), textwrap.wrap("x\n\ny", 10))
print(textwrap.fill("Hello there. World is big. ok", 12, fix_sentence_endings=True))
print(textwrap.wrap("  leading and trailing  ", 10, drop_whitespace=False))
print(textwrap.wrap(t, 25, max_lines=3), textwrap.TextWrapper(width=15, max_lines=2, placeholder="~").wrap(t))
try:
    textwrap.wrap("x", 0)
except ValueError as e:
    print("ValueError:", e)
