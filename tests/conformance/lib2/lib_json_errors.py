# JSONDecodeError messages (msg, pos, lineno, colno) and encoder errors
import json

bad = ["", "   ", "[1,", '{"a" 1}', '{"a":1,}', "[1 2]", '"abc', '"a\\qb"', '"a\x01b"', '"\\u12"', "1 2",
       "{1:2}", "nul", "[1,]", '{"a":1', "[", "-", "01", "1.", '{"a":}', '"\\', "[1,2", "tru", "{\n  \"a\": 1,\n  \"b\" 2\n}",
       '\ufeff[1]', "[1]]", "{'a': 1}"]
for s in bad:
    try:
        print(repr(json.loads(s)))
    except json.JSONDecodeError as e:
        print(repr(s), "->", e, "|", e.msg, e.pos, e.lineno, e.colno, isinstance(e, ValueError))
for o in [{1, 2}, {(1, 2): 3}, b"x", object(), 1j]:
    try:
        json.dumps(o)
    except TypeError as e:
        print("TypeError:", str(e).replace(hex(id(o)), "ADDR"))
a = []
a.append(a)
d = {}
d["self"] = d
for o in [a, d, [{"k": a}]]:
    try:
        json.dumps(o)
    except ValueError as e:
        print("ValueError:", e)
try:
    json.dumps(float("nan"), allow_nan=False)
except ValueError as e:
    print("ValueError:", e)
try:
    json.loads(None)
except TypeError as e:
    print("TypeError:", e)
