def kind(x):
    match x:
        case bool(b):
            return f"bool {b}"
        case int(n) if n > 100:
            return f"big int {n}"
        case int(n):
            return f"int {n}"
        case float(f):
            return f"float {f}"
        case str() as s if not s:
            return "empty str"
        case str(s):
            return f"str {s!r}"
        case list([int(), *_]) as l:
            return f"int list of {len(l)}"
        case tuple((a, b)):
            return f"pair {a} {b}"
        case dict():
            return "dict"
        case None:
            return "none"
        case _:
            return type(x).__name__

for v in (True, 1000, 7, 2.5, "", "hi", [1, 2], ["a"], (1, 2), {}, None, {1}):
    print(kind(v))
