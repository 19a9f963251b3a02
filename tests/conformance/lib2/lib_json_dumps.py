# json.dumps: types, separators, sort_keys, ensure_ascii, float reprs
import json

data = {"name": "Widget", "price": 9.99, "tags": ["a", "b"], "stock": None, "active": True, "ratio": 1e-7,
        "big": 10**20, "neg": -0.0, "nested": {"x": [1, [2, [3, {}]]], "empty": []}, "t": (1, 2)}
print(json.dumps(data))
print(json.dumps(data, sort_keys=True))
print(json.dumps(data, separators=(",", ":")))
print(json.dumps([1.0, 0.1, 1/3, 1e16, 1e22, 123456789.125, float("inf"), float("-inf"), float("nan")]))
print(json.dumps({1: "int key", 2.5: "float", True: "bool", None: "none"}))
print(json.dumps("quote\" backslash\\ newline\n tab\t bell\x07 unicode é ☃ 😀"))
print(json.dumps("é ☃ 😀", ensure_ascii=False), json.dumps({"ü": "ö"}, ensure_ascii=False))
print(json.dumps(""), json.dumps([]), json.dumps({}), json.dumps(0), json.dumps(False), json.dumps(None))
print(json.dumps({"b": 1, "a": 2, "c": {"z": 1, "y": 2}}, sort_keys=True, separators=(", ", " = ")))
class Num(int):
    pass
print(json.dumps([Num(5), True, 2**70]))
