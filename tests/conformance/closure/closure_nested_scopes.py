def a():
    x = 1
    def b():
        y = 2
        def c():
            z = 3
            def d():
                return x + y + z
            return d
        return c
    return b
print(a()()()())
def counter_pair():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    def dec():
        nonlocal n
        n -= 1
        return n
    return inc, dec
inc, dec = counter_pair()
print(inc(), inc(), dec(), inc())
def comp_scope():
    base = 10
    return [base + k for k in range(3)], {k: base * k for k in range(2)}
print(comp_scope())
def cells():
    v = []
    fn = lambda: v
    v.append(1)
    return fn()
print(cells())
