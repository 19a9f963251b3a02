class A: pass
class B(A): pass
class C: pass

b = B()
print(isinstance(b, A), isinstance(b, (C, A)), isinstance(b, (C,)), isinstance(b, ()))
print(isinstance(3, (str, (float, int))), isinstance(True, int), isinstance(3, bool))
print(issubclass(B, A), issubclass(B, (C, A)), issubclass(A, B), issubclass(bool, int))
print(issubclass(B, object), issubclass(type, object), isinstance(type, type))
print(isinstance(None, type(None)), isinstance([], (list, tuple)))
try:
    isinstance(b, 5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    issubclass(b, A)
except TypeError as e:
    print(type(e).__name__, e)
print(type(b) == B, type(b) is A)
