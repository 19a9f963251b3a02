handlers = {}
def on(event, *more):
    def deco(f):
        for ev in (event,) + more:
            handlers.setdefault(ev, []).append(f)
        return f
    return deco

@on("start")
def h1(data):
    return f"h1 {data}"

@on("start", "stop")
def h2(data):
    return f"h2 {data}"

@on("stop")
def h3(data):
    return f"h3 {data}"

def fire(ev, data):
    return [h(data) for h in handlers.get(ev, [])]

print(fire("start", 1))
print(fire("stop", 2))
print(fire("other", 3))
print(h1("direct"))
print(sorted(handlers))
