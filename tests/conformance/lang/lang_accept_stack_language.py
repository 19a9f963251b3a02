class StackError(Exception):
    pass

def tokenize(src):
    for raw in src.split():
        match raw:
            case "true":
                yield True
            case "false":
                yield False
            case s if s.lstrip("-").isdigit():
                yield int(s)
            case s if s.startswith('"') and s.endswith('"') and len(s) >= 2:
                yield ("str", s[1:-1])
            case s:
                yield ("word", s)

def run(src, trace=False):
    stack = []
    words = {}
    tokens = list(tokenize(src))
    out = []

    def pop():
        if not stack:
            raise StackError("stack underflow")
        return stack.pop()

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        match tok:
            case bool() | int():
                stack.append(tok)
            case ("str", s):
                stack.append(s)
            case ("word", ":"):
                name = tokens[i][1]
                end = tokens.index(("word", ";"), i)
                words[name] = tokens[i + 1:end]
                i = end + 1
            case ("word", name) if name in words:
                tokens[i:i] = words[name]
            case ("word", "+" | "-" | "*" | "/" | "%" | "<" | "=" as op):
                b, a = pop(), pop()
                match op:
                    case "+": stack.append(a + b)
                    case "-": stack.append(a - b)
                    case "*": stack.append(a * b)
                    case "/":
                        if b == 0:
                            raise StackError("division by zero")
                        stack.append(a // b)
                    case "%": stack.append(a % b)
                    case "<": stack.append(a < b)
                    case "=": stack.append(a == b)
            case ("word", "dup"):
                x = pop(); stack += [x, x]
            case ("word", "swap"):
                b, a = pop(), pop(); stack += [b, a]
            case ("word", "drop"):
                pop()
            case ("word", "over"):
                b, a = pop(), pop(); stack += [a, b, a]
            case ("word", "."):
                out.append(str(pop()))
            case ("word", "if"):
                else_ = tokens.index(("word", "else"), i)
                then = tokens.index(("word", "then"), else_)
                body = tokens[i:else_] if pop() else tokens[else_ + 1:then]
                tokens[i:then + 1] = body
            case ("word", "times"):
                n, body_word = pop(), tokens[i]
                tokens[i:i + 1] = [body_word] * n
            case ("word", other):
                raise StackError(f"unknown word {other!r}")
        if trace:
            print("  ", tok, stack)
    return " ".join(out), stack

programs = [
    "2 3 + 4 * .",
    ": sq dup * ; 7 sq . 3 sq sq .",
    '"hello" . 10 3 % . 10 3 / .',
    "5 3 < if 1 else 0 then . 2 2 = .",
    ": inc 1 + ; 0 5 times inc .",
    "1 2 over . . .",
    "1 +",
    "4 0 /",
    "1 2 frobnicate",
    "true false swap . .",
]
for p in programs:
    try:
        print(repr(p), "=>", run(p))
    except StackError as e:
        print(repr(p), "error:", e)
print(run("1 2 + dup *", trace=True))
