class Base: pass
class Left(Base): pass
class Right(Base): pass
class Child(Left, Right): pass
print(Child.__mro__)
print(Base.__mro__)
print(Child.__bases__)
print(Left.__base__)
print(object.__bases__)
