graph = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": ["f"], "e": ["f"], "f": []}
def paths(node, target):
    if node == target:
        return [[node]]
    out = []
    for nxt in graph[node]:
        for p in paths(nxt, target):
            out.append([node] + p)
    return out
for p in paths("a", "f"):
    print("->".join(p))
tree = {}
for path in ["usr/bin/python", "usr/lib/x", "usr/bin/env", "etc/hosts"]:
    node = tree
    for part in path.split("/"):
        node = node.setdefault(part, {})
print(tree)
def depth(t):
    return 1 + max((depth(v) for v in t.values()), default=0)
print(depth(tree))
config = {"db": {"host": "h", "ports": [1, 2]}, "debug": False}
config["db"]["ports"].append(3)
print(config, config.get("db", {}).get("host"), config.get("x", {}).get("y", "none"))
