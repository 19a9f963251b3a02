# json.dumps with indent (int and str), nested empties
import json

doc = {"users": [{"id": 1, "roles": ["admin", "dev"], "meta": {}}, {"id": 2, "roles": [], "meta": {"k": None}}], "count": 2}
print(json.dumps(doc, indent=2))
print(json.dumps(doc, indent=0))
print(json.dumps(doc, indent="\t", sort_keys=True))
print(json.dumps([1, [2, 3]], indent=4, separators=(",", ": ")))
print(json.dumps({"a": 1}, indent="--"))
print(json.dumps([], indent=2), json.dumps({}, indent=2), json.dumps("x", indent=2))
