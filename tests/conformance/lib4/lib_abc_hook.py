from abc import ABC, abstractmethod


class Closeable(ABC):
    @abstractmethod
    def close(self):
        pass

    @classmethod
    def __subclasshook__(cls, C):
        if cls is Closeable:
            if any("close" in B.__dict__ for B in C.__mro__):
                return True
        return NotImplemented


class File:
    def close(self):
        print("closing file")


class Nope:
    pass


print(isinstance(File(), Closeable), isinstance(Nope(), Closeable))
print(issubclass(File, Closeable), issubclass(Nope, Closeable))


class Reader(Closeable):
    def close(self):
        print("reader closed")


Reader().close()
print(isinstance(Reader(), Closeable))
