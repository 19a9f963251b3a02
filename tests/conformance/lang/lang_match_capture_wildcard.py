def f(x):
    match x:
        case 0:
            return "zero"
        case int(n) if n < 0:
            return f"negative {n}"
        case other:
            return f"captured {other!r}"

print(f(0), f(-3), f("s"), f([1]))

def g(x):
    match x:
        case _:
            return "wildcard always"
print(g(None), g(1))

match 42:
    case value:
        pass
print("value bound:", value)

def h(t):
    match t:
        case (a, _, _):
            return f"first of three: {a}"
        case (_, b):
            return f"second of two: {b}"
        case _:
            return "other"
print(h((1, 2, 3)), h([4, 5]), h("ab"), h((1,)))
