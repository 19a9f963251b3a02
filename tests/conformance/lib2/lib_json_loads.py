# json.loads: all value kinds, whitespace, escapes, numbers, hooks
import json

src = ' { "a" : [1, -2, 3.5, -0.25e2, 1E3, 0, -0, 12345678901234567890],\n "b": {"c": null, "d": true, "e": false},\n "s": "x\\"y\\\\z\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00" } '
obj = json.loads(src)
print(obj)
print(obj["s"], len(obj["s"]))
print(json.loads("[]"), json.loads("{}"), json.loads('"plain"'), json.loads("  42 "), json.loads("3.0"), json.loads("NaN") != json.loads("NaN"))
print(json.loads("[Infinity, -Infinity]"), json.loads(b'{"bytes": 1}'), json.loads(bytearray(b"[2]")))
print(json.loads('{"a": 1, "a": 2}'), json.loads('[1.5, 2, "3"]', parse_float=str, parse_int=lambda s: int(s) * 10))
print(json.loads('{"a": {"b": 1}}', object_hook=lambda d: sorted(d.items())))
print(json.loads('{"b": 1, "a": 2}', object_pairs_hook=list), json.loads("[NaN]", parse_constant=lambda c: "const:" + c))
print(json.loads('"\\u0041\\u00df\\u6c34"'), json.loads('["a\u2028b"]'))
