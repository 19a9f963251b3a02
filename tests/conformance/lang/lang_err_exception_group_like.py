errors = []
def attempt(n):
    if n % 3 == 0:
        raise ValueError(f"bad {n}")
    if n % 3 == 1:
        raise TypeError(f"wrong {n}")
    return n
for i in range(6):
    try:
        attempt(i)
    except (ValueError, TypeError) as e:
        errors.append((type(e).__name__, str(e)))
print(errors)
summary = {}
for name, _ in errors:
    summary[name] = summary.get(name, 0) + 1
print(sorted(summary.items()))
