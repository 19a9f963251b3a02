from abc import ABC, abstractmethod


class Plugin(ABC):
    @abstractmethod
    def load(self):
        pass


class Broken(Plugin):
    pass


def make(cls):
    try:
        return cls()
    except TypeError as e:
        print("cannot make %s: %s" % (cls.__name__, e))


make(Plugin)
make(Broken)


class Fixed(Broken):
    def load(self):
        return "loaded"


print(make(Fixed).load())
