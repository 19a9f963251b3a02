import operator

print(operator.call(len, [1, 2, 3]), operator.call(max, 1, 5, 2, key=lambda x: -x))
print(operator.call(dict, a=1), operator.__call__(abs, -3))
try:
    operator.call()
except TypeError as e:
    print("TypeError", e)
ops = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.floordiv}


def rpn(tokens):
    stack = []
    for t in tokens.split():
        if t in ops:
            b, a = stack.pop(), stack.pop()
            stack.append(ops[t](a, b))
        else:
            stack.append(int(t))
    return stack[0]


print(rpn("3 4 + 2 *"), rpn("5 1 2 + 4 * + 3 -"), rpn("7 2 /"))
