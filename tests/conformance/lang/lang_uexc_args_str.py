class AppError(Exception):
    pass

class HttpError(AppError):
    def __init__(self, code, msg):
        super().__init__(code, msg)
        self.code = code
        self.msg = msg
    def __str__(self):
        return f"{self.code}: {self.msg}"

try:
    raise AppError("plain", 2)
except AppError as e:
    print(e.args, str(e), repr(e))

try:
    raise HttpError(404, "not found")
except AppError as e:
    print(type(e).__name__, e, e.args, e.code, repr(e))

e = AppError()
print(e.args, repr(str(e)), repr(e))
e1 = AppError("one")
print(str(e1), repr(e1))
print(issubclass(HttpError, Exception), HttpError.__mro__[1:3])
