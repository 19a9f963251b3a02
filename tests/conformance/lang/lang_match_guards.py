calls = []
def check(name, result):
    calls.append(name)
    return result

def grade(score):
    match score:
        case int(s) if check("neg", s < 0):
            return "invalid"
        case int(s) if check("A", s >= 90):
            return "A"
        case int(s) if check("B", s >= 80):
            return "B"
        case int(s):
            return "C"
        case _:
            return "not int"

for s in (95, 85, 50, -1, "x"):
    calls.clear()
    print(s, grade(s), calls)

def bounds(p):
    match p:
        case (x, y) if 0 <= x < 3 and 0 <= y < 3:
            return "inside"
        case (x, y):
            return f"outside by {max(x - 2, y - 2, -x, -y)}"
print(bounds((1, 1)), bounds((5, 0)), bounds((-2, 1)))
