handlers = {"a": print, "b": 42}
for k in ("a", "b"):
    handlers[k]("calling", k)
