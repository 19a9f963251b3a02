class ParseError(ValueError):
    def __init__(self, msg, line, col):
        super().__init__(msg)
        self.line = line
        self.col = col
    def __str__(self):
        return f"{self.args[0]} at {self.line}:{self.col}"
    def __repr__(self):
        return f"ParseError({self.args[0]!r}, {self.line}, {self.col})"

class Empty(Exception):
    def __init__(self):
        super().__init__()

try:
    raise ParseError("unexpected token", 3, 14)
except ValueError as e:
    print(e, "|", repr(e), "|", e.args, isinstance(e, ParseError))
try:
    raise Empty
except Empty as e:
    print(repr(e), repr(str(e)), e.args)

class NoSuperInit(Exception):
    def __init__(self, a, b):
        self.a = a
try:
    raise NoSuperInit(1, 2)
except NoSuperInit as e:
    print(e.args, str(e), e.a)
