def handle(event):
    match event:
        case {"type": "click", "pos": (x, y)}:
            return f"click at {x},{y}"
        case {"type": "key", "key": str(k), **rest}:
            return f"key {k} extra={sorted(rest.items())}"
        case {"type": "scroll"}:
            return "scroll"
        case {}:
            return "some mapping"
        case _:
            return "not a mapping"

events = [
    {"type": "click", "pos": (3, 4), "button": 1},
    {"type": "key", "key": "q", "shift": True, "ctrl": False},
    {"type": "key", "key": 5},
    {"type": "scroll", "delta": -1},
    {"other": 1},
    [("type", "click")],
]
for e in events:
    print(handle(e))

match {"a": 1, "b": 2}:
    case {"a": 1, **rest}:
        print("rest", rest)

class Cfg(dict):
    pass
match Cfg(port=80):
    case {"port": p}:
        print("dict subclass port", p)
