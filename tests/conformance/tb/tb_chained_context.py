def load(config, key):
    try:
        return config[key]
    except KeyError:
        raise ValueError(f"missing setting {key!r}")

load({"a": 1}, "b")
