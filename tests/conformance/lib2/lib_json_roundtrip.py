# JSON round-trips: dumps -> loads is identity for JSON-shaped data; dump/load via StringIO
import io
import json

samples = [
    None, True, False, 0, -1, 2**63, 3.14, -2.5e-9, "", "text with \"quotes\" and \\ and \n", "ünïcödé ☃ 😀",
    [], {}, [1, [2, [3, [4, []]]]], {"a": {"b": {"c": {}}}},
    {"matrix": [[1, 2], [3, 4]], "names": ["x", "y"], "flags": {"on": True, "off": False, "none": None}},
]
for s in samples:
    for kw in ({}, {"indent": 2}, {"sort_keys": True, "separators": (",", ":")}, {"ensure_ascii": False}):
        text = json.dumps(s, **kw)
        back = json.loads(text)
        assert back == s, (s, kw, text)
    print(json.dumps(s) == json.dumps(json.loads(json.dumps(s))), json.dumps(s)[:60])
buf = io.StringIO()
json.dump({"k": [1, 2, {"z": None}]}, buf, indent=1)
print(buf.getvalue())
buf.seek(0)
print(json.load(buf))
print(json.loads(json.dumps({"t": (1, 2)})), json.loads(json.dumps({1: 2})))
