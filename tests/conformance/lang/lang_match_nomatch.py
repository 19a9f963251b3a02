def f(x):
    result = "default"
    match x:
        case 1:
            result = "one"
        case [a, b]:
            result = f"two {a} {b}"
    return result

print(f(1), f([3, 4]), f(5), f([1, 2, 3]))

for x in range(4):
    match x:
        case 1:
            print("found one")
            continue
        case 3:
            print("found three")
            break
    print("after match", x)

match "abc":
    case "xyz":
        print("nope")
print("fell through")

def g(v):
    match v:
        case [x, y] if x > y:
            return "desc"
    return f"no match, bound x? {'x' in dir()}"
print(g([1, 2]), g([2, 1]))
