def risky(kind):
    if kind == 0:
        return 1 / 0
    if kind == 1:
        return {}["missing"]
    if kind == 2:
        return [1][3]
    if kind == 3:
        return int("x")
    if kind == 4:
        return None + 1
    if kind == 5:
        return undefined_name
    if kind == 6:
        return "abc".nope
    return "fine"
for k in range(8):
    try:
        print(k, risky(k))
    except ZeroDivisionError as e:
        print(k, "zero:", e)
    except (KeyError, IndexError) as e:
        print(k, "lookup:", type(e).__name__, e)
    except ValueError as e:
        print(k, "value:", e)
    except Exception as e:
        print(k, "other:", type(e).__name__, e)
