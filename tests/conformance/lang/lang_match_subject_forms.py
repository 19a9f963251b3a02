x, y = 1, 2
match x, y:
    case 1, 2:
        print("tuple subject")
match [x, y]:
    case [a, b]:
        print("list subject", a + b)
match {"k": [1, {"deep": (x, y)}]}:
    case {"k": [_, {"deep": (1, z)}]}:
        print("deep", z)
def value_of(o):
    match o:
        case {"v": v} | [v] | (_, v, _):
            return v
    return None
print(value_of({"v": 1}), value_of([2]), value_of((0, 3, 0)), value_of("abc"), value_of(5))
