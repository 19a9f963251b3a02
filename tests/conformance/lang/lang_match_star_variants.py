def f(x):
    match x:
        case [*all_]:
            return ("all", all_)

def g(x):
    match x:
        case [a, *_, b, c]:
            return (a, b, c)
        case _:
            return None

print(f([]), f((1, 2)), f(range(3)))
print(g([1, 2, 3]), g([1, 2, 3, 4, 5]), g([1, 2]))

def h(x):
    match x:
        case [1, *rest] if len(rest) > 2:
            return f"long tail {rest}"
        case [*head, 9]:
            return f"ends with 9 after {head}"
        case _:
            return "no"
print(h([1, 2, 3, 4]), h([5, 9]), h((9,)), h([1, 2]))

from collections import deque
match deque([1, 2, 3]):
    case [first, *others]:
        print("deque", first, others)
match "abc":
    case [*chars]:
        print("str matched as sequence?", chars)
    case _:
        print("str is not a sequence pattern target")
match b"ab":
    case [*bs]:
        print("bytes matched")
    case _:
        print("bytes not a sequence target")
