c = compile("1 + 1", "<test>", "eval")
print(type(c).__name__, eval(c))
c2 = compile("x = 3\ny = x * 2", "<test>", "exec")
ns = {}
print(exec(c2, ns), ns["y"])
c3 = compile("print('single', 7)", "<test>", "single")
exec(c3)
try:
    compile("x = ", "<bad>", "exec")
except SyntaxError as e:
    print("SyntaxError", e.filename, e.lineno)
try:
    compile("1", "<x>", "bogus")
except ValueError as e:
    print(type(e).__name__, e)
try:
    eval("x = 1")
except SyntaxError as e:
    print("SyntaxError in eval of statement")
src = "def f(n):\n    return n + 1\n"
m = {}
exec(compile(src, "<mod>", "exec"), m)
print(m["f"](41))
