data = {"a": [1, 2, 3], "b": []}
def get(key, idx):
    try:
        return data[key][idx]
    except KeyError as e:
        return f"no key {e}"
    except IndexError:
        return f"no index {idx} in {key}"
    except TypeError as e:
        return f"bad type: {e}"
for k, i in [("a", 1), ("a", 9), ("z", 0), ("b", 0), ("a", "x"), ("a", -1)]:
    print(k, i, "->", get(k, i))
