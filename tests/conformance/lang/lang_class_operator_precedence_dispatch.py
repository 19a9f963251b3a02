class T:
    def __init__(self, s):
        self.s = s
    def __repr__(self):
        return self.s
    def _bin(op):
        def f(self, o):
            return T(f"({self.s}{op}{o.s if isinstance(o, T) else o})")
        return f
    __add__ = _bin("+")
    __mul__ = _bin("*")
    __sub__ = _bin("-")
    __pow__ = _bin("**")
    __and__ = _bin("&")
    __or__ = _bin("|")
    __xor__ = _bin("^")
    __lshift__ = _bin("<<")
    __rshift__ = _bin(">>")
    del _bin

a, b, c = T("a"), T("b"), T("c")
print(a + b * c, (a + b) * c, a - b - c, a ** b ** c)
print(a | b & c, a ^ b | c, a << b + c, a >> b)
