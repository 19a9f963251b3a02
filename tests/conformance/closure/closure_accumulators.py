def running_avg():
    total = 0
    n = 0
    def add(x):
        nonlocal total, n
        total += x
        n += 1
        return total / n
    return add
avg = running_avg()
print([avg(x) for x in [10, 20, 30, 40]])
def pipeline(*fns):
    def run(x):
        for f in fns:
            x = f(x)
        return x
    return run
p = pipeline(lambda x: x + 1, lambda x: x * 10, str, lambda s: s + "!")
print(p(4), p(-1))
def curry(f):
    def c1(a):
        def c2(b):
            def c3(c):
                return f(a, b, c)
            return c3
        return c2
    return c1
print(curry(lambda a, b, c: a * 100 + b * 10 + c)(1)(2)(3))
