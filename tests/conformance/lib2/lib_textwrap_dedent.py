# textwrap.dedent / indent / shorten
import textwrap

print(repr(textwrap.dedent("    a\n      b\n    c\n")))
print(repr(textwrap.dedent("  x\n\ty\n")), repr(textwrap.dedent("\n   hi\n   there\n  \n")), repr(textwrap.dedent("no indent\n  x")))
code = '''
    def f():
        return 1
    '''
print(textwrap.dedent(code))
print(repr(textwrap.indent("a\nb\n\nc", "> ")), repr(textwrap.indent("a\n\nb", "+", lambda l: True)), repr(textwrap.indent("x\r\ny", "  ")))
print(textwrap.shorten("Hello  world!", width=12), textwrap.shorten("Hello world", 11), textwrap.shorten("The quick brown fox jumps", 15))
print(textwrap.shorten("one two three four", 12, placeholder="..."))
