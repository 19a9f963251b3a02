results = []
for value in ["10", "x", "0", "5"]:
    try:
        n = int(value)
        r = 100 // n
    except ValueError:
        results.append(f"{value!r}: not a number")
    except ZeroDivisionError:
        results.append(f"{value!r}: zero")
    else:
        results.append(f"{value!r}: {r}")
    finally:
        results.append("checked")
print(results)
def safe_div(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        return float("inf")
    finally:
        pass
print([safe_div(1, b) for b in (1, 2, 0, 4)])
