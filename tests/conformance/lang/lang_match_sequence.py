def seq(x):
    match x:
        case []:
            return "empty"
        case [only]:
            return f"one: {only}"
        case [first, second]:
            return f"two: {first}, {second}"
        case [first, *middle, last]:
            return f"first={first} middle={middle} last={last}"

for x in ([], [1], (1, 2), [1, 2, 3], list(range(6)), "str"):
    print(repr(x), "->", seq(x))

def cmd(c):
    match c.split():
        case ["go", direction]:
            return f"going {direction}"
        case ["pick", "up", *items] if items:
            return f"picking {', '.join(items)}"
        case ["drop", *_]:
            return "dropping"
        case [*_, "please"]:
            return "polite"
        case _:
            return "?"

for c in ("go north", "pick up sword shield", "pick up", "drop it now", "sit please", "jump"):
    print(c, "->", cmd(c))

match (1, [2, 3], (4, (5,))):
    case (a, [b, c], (d, (e,))):
        print("nested", a, b, c, d, e)
