name, n, pi = "Ada", 42, 3.14159
print(f"{name} has {n} items, pi~{pi:.2f}")
print(f"{name!r} {name!s} {n!r} {'nested'} {n * 2} {n:>6} {n:<6}| {n:^6}|")
print(f"{{literal braces}} {n:#x} {n:b} {-n:+d} {n=} {pi=:.1f}")
items = [1, 2, 3]
print(f"{len(items)} items: {', '.join(map(str, items))} first={items[0]} d={ {'k': 1}['k'] }")
w = 10
print(f"[{name:>{w}}] [{pi:{w}.{3}f}]")
print(f"{'multi'}" f"{'part'}" "plain" f"{n}")
x = 5
print(f"{x if x > 3 else -x} {(lambda v: v * 2)(x)} {[i * i for i in range(4)]}")
print(f"{3.0} {1e20} {0.1 + 0.2} {None} {True} {'é'!a}")
