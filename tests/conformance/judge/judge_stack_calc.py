import sys
PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "%": 2, "^": 3}
def tokenize(expr):
    out, num = [], ""
    for ch in expr:
        if ch.isdigit():
            num += ch
        else:
            if num:
                out.append(int(num))
                num = ""
            if ch in PREC or ch in "()":
                out.append(ch)
    if num:
        out.append(int(num))
    return out
def to_rpn(tokens):
    out, ops = [], []
    for t in tokens:
        if isinstance(t, int):
            out.append(t)
        elif t == "(":
            ops.append(t)
        elif t == ")":
            while ops[-1] != "(":
                out.append(ops.pop())
            ops.pop()
        else:
            while ops and ops[-1] != "(" and (PREC[ops[-1]] > PREC[t] or (PREC[ops[-1]] == PREC[t] and t != "^")):
                out.append(ops.pop())
            ops.append(t)
    while ops:
        out.append(ops.pop())
    return out
def evaluate(rpn):
    st = []
    for t in rpn:
        if isinstance(t, int):
            st.append(t)
            continue
        b, a = st.pop(), st.pop()
        if t == "+": st.append(a + b)
        elif t == "-": st.append(a - b)
        elif t == "*": st.append(a * b)
        elif t == "/": st.append(a // b)
        elif t == "%": st.append(a % b)
        else: st.append(a ** b)
    return st[0]
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    try:
        print(line, "=", evaluate(to_rpn(tokenize(line))))
    except ZeroDivisionError:
        print(line, "= division by zero")
