from abc import ABC, ABCMeta, abstractmethod


class Shape(ABC):
    @abstractmethod
    def area(self):
        ...

    @abstractmethod
    def perimeter(self):
        ...

    def describe(self):
        return "%s with area %s" % (type(self).__name__, self.area())


class Square(Shape):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side ** 2


class RealSquare(Square):
    def perimeter(self):
        return 4 * self.side


for cls in (Shape, Square):
    try:
        cls(2) if cls is Square else cls()
    except TypeError as e:
        print("TypeError:", e)

s = RealSquare(3)
print(s.area(), s.perimeter(), s.describe())
print(isinstance(s, Shape), issubclass(RealSquare, Shape), issubclass(int, Shape))
print(sorted(Shape.__abstractmethods__), sorted(Square.__abstractmethods__), RealSquare.__abstractmethods__)
print(type(Shape) is ABCMeta, type(Shape).__name__, ABC.__abstractmethods__)


class Base(metaclass=ABCMeta):
    @abstractmethod
    def run(self):
        return "base run"


class Impl(Base):
    def run(self):
        return "impl + " + super().run()


print(Impl().run())
try:
    Base()
except TypeError as e:
    print(e)
