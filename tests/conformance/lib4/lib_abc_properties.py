from abc import ABC, abstractmethod


class Animal(ABC):
    @property
    @abstractmethod
    def sound(self):
        ...

    @classmethod
    @abstractmethod
    def kind(cls):
        ...

    @staticmethod
    @abstractmethod
    def legs():
        ...

    def speak(self):
        return "%s the %s says %s on %d legs" % (self.name, self.kind(), self.sound, self.legs())


class Dog(Animal):
    def __init__(self, name):
        self.name = name

    @property
    def sound(self):
        return "woof"

    @classmethod
    def kind(cls):
        return cls.__name__.lower()

    @staticmethod
    def legs():
        return 4


class Half(Animal):
    @property
    def sound(self):
        return "?"


print(Dog("Rex").speak())
try:
    Half()
except TypeError as e:
    print(e)
print(sorted(Animal.__abstractmethods__))
