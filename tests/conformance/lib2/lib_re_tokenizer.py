# a small expression tokenizer and evaluator built on finditer with alternation + lastgroup
import re

TOKEN = re.compile(r"""
    (?P<NUM>\d+(?:\.\d*)?)
  | (?P<NAME>[A-Za-z_]\w*)
  | (?P<OP>\*\*|[-+*/()=])
  | (?P<WS>\s+)
  | (?P<ERR>.)
""", re.X)

def tokens(src):
    for m in TOKEN.finditer(src):
        kind = m.lastgroup
        if kind == "WS":
            continue
        yield kind, m.group(), m.start()

for src in ["x = 3 + 4.5 * (y - 2) ** 2", "a$b", "foo_bar=12/4"]:
    print([t for t in tokens(src)])

env = {"y": 4}
def parse(toks):
    pos = 0
    def peek():
        return toks[pos][1] if pos < len(toks) else None
    def take():
        nonlocal pos
        pos += 1
        return toks[pos - 1]
    def atom():
        k, v, _ = take()
        if v == "(":
            r = expr()
            take()
            return r
        if k == "NUM":
            return float(v) if "." in v else int(v)
        return env[v]
    def power():
        b = atom()
        if peek() == "**":
            take()
            return b ** power()
        return b
    def term():
        r = power()
        while peek() in ("*", "/"):
            op = take()[1]
            r = r * power() if op == "*" else r / power()
        return r
    def expr():
        r = term()
        while peek() in ("+", "-"):
            op = take()[1]
            r = r + term() if op == "+" else r - term()
        return r
    return expr()
print(parse(list(tokens("3 + 4.5 * (y - 2) ** 2"))), parse(list(tokens("2 ** 3 ** 2 - 10 / 4"))))
