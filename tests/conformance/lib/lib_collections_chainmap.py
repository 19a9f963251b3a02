from collections import ChainMap

defaults = {"color": "red", "user": "guest", "debug": False}
env = {"user": "admin"}
cli = {"debug": True}
cm = ChainMap(cli, env, defaults)
print(cm["color"], cm["user"], cm["debug"], len(cm), sorted(cm))
print("user" in cm, "nope" in cm, cm.get("nope", 0))
cm["color"] = "blue"
print(cli, cm["color"])
child = cm.new_child({"user": "root"})
print(child["user"], child.parents["user"], len(child.maps))
del cm["color"]
print(cm["color"])
try:
    del cm["user"]
except KeyError as e:
    print("KeyError", e)
print(ChainMap({"a": 1}, {"b": 2}))
print(dict(ChainMap({"a": 1}, {"a": 2, "b": 3})))
