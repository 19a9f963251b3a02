import pprint

data = {"name": "sandpiper", "tags": ["a", "b", "c"] * 8,
        "nested": {"x": list(range(30)), "y": (1, 2, 3), "z": {"deep": [[1, 2], [3, 4]] * 6}},
        "b": None, "a": 1.5}
pprint.pprint(data)
pprint.pprint(data, width=40)
pprint.pprint(data, indent=4, width=50)
pprint.pprint(data, depth=2)
pprint.pprint([data, [data["tags"]]], depth=1)
print(pprint.pformat([(i, str(i) * i) for i in range(12)], width=30))
pprint.pprint({"short": 1})
pprint.pprint([])
pprint.pprint(())
pprint.pprint({})
pprint.pprint([[1, 2, 3], [4, 5, 6], [7, 8, 9]], width=10)
pprint.pprint((1,) * 1, width=1)
pprint.pprint([("single",)] * 4, width=20)
