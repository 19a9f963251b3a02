def classify(x):
    match x:
        case 0 | 1 | 2 as small:
            return f"small {small}"
        case [1, _] | [_, 1] as pair:
            return f"pair with a one: {pair}"
        case (int() | float()) as num:
            return f"number {num}"
        case {"k": (str() as s) | [str() as s]}:
            return f"k is string {s}"
        case [(1 | 2) as a, *rest]:
            return f"starts with {a}, rest {rest}"
        case _:
            return "other"

for x in (0, 2, [1, 9], (9, 1), 3.5, 99, {"k": "v"}, {"k": ["w"]}, [2, 3, 4], "z"):
    print(classify(x))
