from abc import ABC, ABCMeta, abstractmethod


class Drawable(ABC):
    @abstractmethod
    def draw(self):
        pass


class Circle:
    def draw(self):
        return "circle"


print(isinstance(Circle(), Drawable))
Drawable.register(Circle)
print(isinstance(Circle(), Drawable), issubclass(Circle, Drawable))


@Drawable.register
class Line:
    pass


print(Line.__name__, isinstance(Line(), Drawable))


class Sub(Circle):
    pass


print(issubclass(Sub, Drawable), isinstance(Sub(), Drawable))

class Numberish(metaclass=ABCMeta):
    pass


Numberish.register(int)
print(isinstance(3, Numberish), isinstance(True, Numberish), isinstance(2.5, Numberish))
print(issubclass(bool, Numberish), issubclass(str, Numberish))
print(Drawable.register(Circle) is Circle)
try:
    Drawable.register(5)
except TypeError as e:
    print("TypeError:", e)
