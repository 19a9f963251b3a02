print(eval("1 + 2 * 3"))
x = 10
print(eval("x * 2"))
print(eval("a + b", {"a": 1, "b": 2}))
print(eval("[i * i for i in range(n)]", {"n": 4}))
ns = {}
exec("def sq(v):\n    return v * v\ny = sq(7)", ns)
print(ns["y"], ns["sq"](3))
g = {"total": 0}
exec("for i in range(5):\n    total += i", g)
print(g["total"])
loc = {}
exec("z = 5", {}, loc)
print(loc)
exec("print('printed from exec')")
print(eval("  42  "))
code = compile("a * 2", "<expr>", "eval")
print(eval(code, {"a": 21}))
code2 = compile("out = [k for k in 'ab']", "<s>", "exec")
d = {}
exec(code2, d)
print(d["out"])
try:
    eval("1 +")
except SyntaxError as e:
    print(type(e).__name__)
try:
    eval("undefined_name")
except NameError as e:
    print(type(e).__name__, e)
try:
    exec("raise ValueError('from exec')")
except ValueError as e:
    print(type(e).__name__, e)
